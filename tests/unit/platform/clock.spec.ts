import { Test } from '@nestjs/testing';
import { AppConfigModule, baseEnvSchema, Clock, clockFromEnv, FixedClock, SystemClock } from '@pledge/platform';

describe('the apps’ clock (libs/platform Clock)', () => {
  it('is the real clock unless CLOCK_FIXED_AT is set', () => {
    const clock = clockFromEnv({ NODE_ENV: 'test' });
    expect(clock).toBeInstanceOf(SystemClock);
    const before = Date.now();
    const now = clock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('stands at CLOCK_FIXED_AT under NODE_ENV=test, and today is the date in Vietnam (UTC+7)', () => {
    const clock = clockFromEnv({ NODE_ENV: 'test', CLOCK_FIXED_AT: '2025-06-20T23:30:00+07:00' });
    expect(clock.now().toISOString()).toBe('2025-06-20T16:30:00.000Z');
    expect(clock.today()).toBe('2025-06-20');
    // 17:30 UTC on the 20th is already the 21st in Vietnam
    (clock as FixedClock).set('2025-06-20T17:30:00Z');
    expect(clock.today()).toBe('2025-06-21');
  });

  it('refuses CLOCK_FIXED_AT outside tests, and an instant it cannot read, naming the variable', () => {
    expect(() => clockFromEnv({ NODE_ENV: 'production', CLOCK_FIXED_AT: '2025-06-20T10:00:00+07:00' })).toThrow(/CLOCK_FIXED_AT: is for tests only/);
    expect(() => clockFromEnv({ CLOCK_FIXED_AT: '2025-06-20T10:00:00+07:00' })).toThrow(/CLOCK_FIXED_AT: is for tests only/);
    expect(() => clockFromEnv({ NODE_ENV: 'test', CLOCK_FIXED_AT: '20/06/2025' })).toThrow(/CLOCK_FIXED_AT: "20\/06\/2025" is not an ISO instant/);
    expect(() => clockFromEnv({ NODE_ENV: 'test', CLOCK_FIXED_AT: '2025-06-20T10:00:00' })).toThrow(/not an ISO instant with its offset/);
  });

  it('is provided to every app by AppConfigModule', async () => {
    const ref = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(baseEnvSchema, { NODE_ENV: 'test', CLOCK_FIXED_AT: '2025-12-31T12:00:00+07:00' })],
    }).compile();
    expect(ref.get(Clock).today()).toBe('2025-12-31');
    await ref.close();
  });
});
