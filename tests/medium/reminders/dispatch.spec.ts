import { remindersInProcess, RemindersInProcess } from './reminders-in-process';
import { newTestSecret } from '../../support/env';

/**
 * The dispatcher's decisions against a real PostgreSQL clone, with a clock the test sets: quiet hours hold a
 * message until 07:00, the per-recipient rate limit postpones (never drops) what exceeds it, the channels follow
 * the account's preference and addresses, and the content is decided when the message goes out.
 */
describe('reminder dispatch (real PostgreSQL, in-process)', () => {
  let r: RemindersInProcess;
  const ITEMS = ['PL-874-30133-A01-04', 'PL-874-30133-A01-05'];
  const insert = async (day: string, itemId: string, fireAt: string): Promise<string> => {
    const [{ id: recipient }] = await r.ds.query(`SELECT id FROM account WHERE username = 'bithu.874-30133-a01'`);
    const [{ id }] = await r.ds.query(
      `INSERT INTO reminder (id, dedupe_key, kind, recipient_account_id, unit_id, subject, fire_at, status)
       VALUES (gen_random_uuid(), $1, 'pledge_due', $2, '874-30133-A01', $3, $4, 'planned') RETURNING id`,
      [`test|${day}|${itemId}`, recipient, JSON.stringify({ kind: 'pledge_due', cellId: '874-30133-A01', occurrenceDate: day, itemIds: [itemId] }), fireAt],
    );
    return id;
  };
  const row = async (id: string) => (await r.ds.query(`SELECT status, fire_at, channels, cancel_reason, content FROM reminder WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    r = await remindersInProcess('rem-dispatch', {
      REMINDER_RATE_LIMIT: '1/1h',
      REMINDER_SMTP_URL: 'smtp://127.0.0.1:1',
      REMINDER_WEBHOOK_URL: 'http://127.0.0.1:1/hook',
      REMINDER_WEBHOOK_SECRET: newTestSecret(),
    });
    await r.ds.query(`UPDATE pledge_item SET status = 'waived' WHERE NOT (id = ANY($1::text[]))`, [ITEMS]);
    await r.ds.query(`UPDATE pledge_item SET due_date = '2025-06-30' WHERE id = ANY($1::text[])`, [ITEMS]);
  });

  afterAll(async () => {
    await r?.close();
  });

  it('holds a message due in quiet hours until 07:00 the next morning', async () => {
    r.clock.set('2025-06-20T22:15:00+07:00');
    const id = await insert('2025-06-20', ITEMS[0], '2025-06-20T22:15:00+07:00');
    const out = await r.send.execute(id);
    expect(out).toMatchObject({ result: 'postponed', why: 'quiet_hours', until: new Date('2025-06-21T07:00:00+07:00') });
    expect(new Date((await row(id)).fire_at)).toEqual(new Date('2025-06-21T07:00:00+07:00'));
    expect((await row(id)).status).toBe('planned');
  });

  it('over the per-recipient rate limit, a message waits until the window allows it', async () => {
    r.clock.set('2025-06-21T07:00:00+07:00');
    const first = (await r.ds.query(`SELECT id FROM reminder WHERE dedupe_key LIKE 'test|2025-06-20|%'`))[0].id;
    expect(await r.send.execute(first)).toMatchObject({ result: 'dispatched' });
    const second = await insert('2025-06-21', ITEMS[1], '2025-06-21T07:00:00+07:00');
    r.clock.set('2025-06-21T07:20:00+07:00');
    const postponed = await r.send.execute(second);
    expect(postponed).toMatchObject({ result: 'postponed', why: 'rate_limit' });
    // an hour after the first one went out (07:00 and a few ms)
    const until = (postponed as { until: Date }).until.getTime();
    expect(until - new Date('2025-06-21T08:00:00+07:00').getTime()).toBeGreaterThanOrEqual(0);
    expect(until - new Date('2025-06-21T08:00:00+07:00').getTime()).toBeLessThan(1000);
    r.clock.set('2025-06-21T08:00:01+07:00');
    expect(await r.send.execute(second)).toMatchObject({ result: 'dispatched' });
  });

  it('channels: the defaults follow the account’s addresses; a preference narrows them', async () => {
    // no e-mail or phone on the account: in-app only, although SMTP and the webhook are configured
    expect((await row((await r.ds.query(`SELECT id FROM reminder WHERE dedupe_key LIKE 'test|2025-06-20|%'`))[0].id)).channels).toEqual(['inbox']);
    await r.ds.query(`UPDATE account SET email = 'a01@example.vn', phone = '0901' WHERE username = 'bithu.874-30133-a01'`);
    r.clock.set('2025-06-22T09:00:00+07:00');
    const all = await insert('2025-06-22', ITEMS[0], '2025-06-22T09:00:00+07:00');
    expect(await r.send.execute(all)).toMatchObject({ result: 'dispatched', channels: ['inbox', 'email', 'webhook'], external: ['email', 'webhook'] });
    expect((await row(all)).status).toBe('sending');
    const deliveries = await r.ds.query(`SELECT channel, status, address, idempotency_key FROM reminder_delivery WHERE reminder_id = $1 ORDER BY channel`, [
      all,
    ]);
    expect(deliveries).toEqual([
      { channel: 'email', status: 'pending', address: 'a01@example.vn', idempotency_key: `${all}-email` },
      { channel: 'inbox', status: 'delivered', address: 'bithu.874-30133-a01', idempotency_key: `${all}-inbox` },
      { channel: 'webhook', status: 'pending', address: '0901', idempotency_key: `${all}-webhook` },
    ]);
    const [{ id: account }] = await r.ds.query(`SELECT id FROM account WHERE username = 'bithu.874-30133-a01'`);
    await r.ds.query(`INSERT INTO notification_preference (account_id, channels) VALUES ($1, '{email}')`, [account]);
    r.clock.set('2025-06-23T09:00:00+07:00');
    const mailOnly = await insert('2025-06-23', ITEMS[0], '2025-06-23T09:00:00+07:00');
    expect(await r.send.execute(mailOnly)).toMatchObject({ result: 'dispatched', channels: ['email'] });
  });

  it('the content is decided when the message goes out: an item met since is left out; nothing left, the message is cancelled', async () => {
    r.clock.set('2025-06-24T09:00:00+07:00');
    const id = await insert('2025-06-24', ITEMS[0], '2025-06-24T09:00:00+07:00');
    await r.ds.query(`UPDATE reminder SET subject = jsonb_set(subject, '{itemIds}', $2::jsonb) WHERE id = $1`, [id, JSON.stringify(ITEMS)]);
    await r.setDerivedMet(ITEMS[0], true);
    await r.setDerivedMet(ITEMS[1], false);
    expect(await r.send.execute(id)).toMatchObject({ result: 'dispatched' });
    const content = (await row(id)).content as { body: string };
    expect(content.body).toContain('AP-05');
    expect(content.body).not.toContain('AP-01');
    await r.setDerivedMet(ITEMS[1], true);
    r.clock.set('2025-06-25T09:00:00+07:00');
    const none = await insert('2025-06-25', ITEMS[1], '2025-06-25T09:00:00+07:00');
    expect(await r.send.execute(none)).toEqual({ result: 'cancelled', reason: 'item_met', kind: 'pledge_due' });
  });
});
