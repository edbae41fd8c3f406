import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { FailOpenRedisThrottlerStorage } from '@pledge/platform';
import { freePort } from '../../support/apps';
import { testEnv } from '../../support/env';

/**
 * Intake's rate-limit counters: shared by every intake instance through Redis (real Redis), and still
 * counted (in memory) when Redis cannot be reached, so a Redis outage never stops submissions.
 */
describe('intake rate-limit storage (real Redis)', () => {
  const prefix = `test-${randomBytes(4).toString('hex')}:intake-rate:`;
  const stores: FailOpenRedisThrottlerStorage[] = [];
  const store = (url: string) => {
    const s = new FailOpenRedisThrottlerStorage(url, prefix);
    stores.push(s);
    return s;
  };

  afterAll(async () => {
    for (const s of stores) s.onModuleDestroy();
    const redis = new IORedis(testEnv.redisUrl);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('counts the hits of two instances together, per key, and blocks beyond the limit', async () => {
    const a = store(testEnv.redisUrl);
    const b = store(testEnv.redisUrl);
    const hits = [];
    for (let i = 0; i < 3; i++)
      hits.push(await a.increment('account:x', 60_000, 4, 60_000, 'account'), await b.increment('account:x', 60_000, 4, 60_000, 'account'));
    expect(hits.map((h) => h.totalHits)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(hits.map((h) => h.isBlocked)).toEqual([false, false, false, false, true, true]);
    expect((await a.increment('account:y', 60_000, 4, 60_000, 'account')).totalHits).toBe(1);
    const redis = new IORedis(testEnv.redisUrl);
    expect((await redis.keys(`${prefix}*`)).length).toBeGreaterThan(0); // really in Redis, under the prefix
    redis.disconnect();
  });

  it('keeps counting in memory when Redis is unreachable', async () => {
    const down = store(`redis://127.0.0.1:${await freePort()}/0`);
    const first = await down.increment('address:1.2.3.4', 60_000, 2, 60_000, 'address');
    const second = await down.increment('address:1.2.3.4', 60_000, 2, 60_000, 'address');
    const third = await down.increment('address:1.2.3.4', 60_000, 2, 60_000, 'address');
    expect([first.totalHits, second.totalHits, third.totalHits]).toEqual([1, 2, 3]);
    expect(third.isBlocked).toBe(true);
  });
});
