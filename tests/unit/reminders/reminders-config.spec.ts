import { generateSecret, InvalidEnvironmentError, loadConfig } from '@pledge/platform';
import { createHmac } from 'node:crypto';
import { remindersEnvSchema } from '../../../apps/reminders/src/config';
import { signWebhook } from '../../../apps/reminders/src/deliver-reminder/webhook.channel';
import { channelsFor } from '../../../apps/reminders/src/send-reminder/send-reminder.handler';

/** Every app needs its signing secret (no default); the tests make one. */
const AUTH = { JWT_SECRET: generateSecret() };

describe('reminders configuration, channels and webhook signature', () => {
  it('has sensible defaults: 30/7/1 days before, 08:00, quiet 21:00-07:00, at most 6 messages an hour per person', () => {
    const env = loadConfig(remindersEnvSchema, { ...AUTH });
    expect(env).toMatchObject({
      REMINDER_DUE_OFFSETS_DAYS: [30, 7, 1],
      REMINDER_SEND_TIME: '08:00',
      REMINDER_QUIET_HOURS: { from: '21:00', to: '07:00' },
      REMINDER_TIMEZONE: 'Asia/Ho_Chi_Minh',
      REMINDER_RATE_LIMIT: { max: 6, windowMs: 3_600_000 },
      REMINDER_OVERDUE_EVERY_DAYS: 7,
      REMINDER_OVERDUE_HORIZON_DAYS: 60,
      REMINDER_CLOCK_OFFSET_MS: 0,
    });
    expect([...env.REMINDER_KINDS]).toEqual(['pledge_due', 'report_missing', 'escalation', 'digest']);
  });

  it('names the variable and the problem when a value is bad', () => {
    const bad = () =>
      loadConfig(remindersEnvSchema, {
        ...AUTH,
        REMINDER_DUE_OFFSETS_DAYS: '30,seven',
        REMINDER_QUIET_HOURS: '9pm-7am',
        REMINDER_RATE_LIMIT: 'lots',
        REMINDER_KINDS: 'pledge_due,sms',
        REMINDER_WEBHOOK_URL: 'https://gateway.example.vn/hook',
        REMINDER_TIMEZONE: 'Mars/Olympus',
      });
    expect(bad).toThrow(InvalidEnvironmentError);
    try {
      bad();
    } catch (err) {
      const problems = (err as InvalidEnvironmentError).problems.join('\n');
      for (const v of ['REMINDER_DUE_OFFSETS_DAYS', 'REMINDER_QUIET_HOURS', 'REMINDER_RATE_LIMIT', 'REMINDER_KINDS', 'REMINDER_TIMEZONE'])
        expect(problems).toContain(v);
    }
    expect(() => loadConfig(remindersEnvSchema, { ...AUTH, REMINDER_WEBHOOK_URL: 'https://gateway.example.vn/hook' })).toThrow(
      /REMINDER_WEBHOOK_SECRET: required/,
    );
    expect(() => loadConfig(remindersEnvSchema, { ...AUTH, NODE_ENV: 'production', REMINDER_CLOCK_OFFSET_MS: '1000' })).toThrow(
      /REMINDER_CLOCK_OFFSET_MS: is for tests only/,
    );
    expect(loadConfig(remindersEnvSchema, { ...AUTH, REMINDER_RATE_LIMIT: 'off', REMINDER_QUIET_HOURS: 'off', REMINDER_KINDS: 'none' })).toMatchObject({
      REMINDER_RATE_LIMIT: null,
      REMINDER_QUIET_HOURS: null,
    });
  });

  it('channels: inbox always; e-mail and webhook only when configured and the account has the address; a preference narrows them', () => {
    const both = { email: true, webhook: true };
    expect(channelsFor({ email: 'a@x.vn', phone: '09', pref: null }, both)).toEqual(['inbox', 'email', 'webhook']);
    expect(channelsFor({ email: null, phone: '09', pref: null }, both)).toEqual(['inbox', 'webhook']);
    expect(channelsFor({ email: 'a@x.vn', phone: '09', pref: null }, { email: false, webhook: true })).toEqual(['inbox', 'webhook']);
    expect(channelsFor({ email: 'a@x.vn', phone: '09', pref: ['email'] }, both)).toEqual(['email']);
    expect(channelsFor({ email: null, phone: null, pref: ['email'] }, both)).toEqual(['inbox']);
  });

  it('signs a webhook as Standard Webhooks does: base64 HMAC-SHA256 over "<id>.<timestamp>.<raw body>"', () => {
    const body = '{"title":"Nhắc hạn"}';
    const expected = createHmac('sha256', 'secret-0123456789').update(`abc-webhook.1750000000.${body}`).digest('base64');
    expect(signWebhook('secret-0123456789', 'abc-webhook', 1750000000, body)).toBe(`v1,${expected}`);
    expect(signWebhook('secret-0123456789', 'abc-webhook', 1750000001, body)).not.toBe(`v1,${expected}`);
  });
});
