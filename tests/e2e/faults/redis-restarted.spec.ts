import IORedis from 'ioredis';
import { Client } from 'pg';
import type { RunningApp } from '../../support/apps';
import { newTestSecret } from '../../support/env';
import { eventually } from '../../support/eventually';
import { startPrivateRedis, type PrivateRedis } from '../../support/private-services';
import { startSystem, TestSystem } from '../../support/system';
import { TestWebhookReceiver } from '../../support/webhook';
import { clockOffsetTo, onlyItems, realTimeOf, reminders } from '../reminders-support';
import { startInstances } from './fault-support';

/**
 * Redis restarts while reminders wait in it: a PRIVATE redis-server (own port, own append-only file) under two
 * reminders instances (both plan and both work the queue), real PostgreSQL (a clone of the test template) and a
 * webhook gateway. Six reminders are due at 08:00 (the reminders' clock is set a little before); Redis is restarted
 * before they fire, once cleanly (its data kept), once losing its data. Each reminder is delivered exactly once.
 */
const SECRET = newTestSecret();

describe.each([
  ['restarted with its data', false],
  ['restarted with its data lost', true],
])('fault: Redis %s while reminders are pending (private redis-server)', (_label, loseData) => {
  let redis: PrivateRedis;
  let sys: TestSystem;
  let pg: Client;
  let hook: TestWebhookReceiver;
  let instances: RunningApp[] = [];
  let offset = 0;

  beforeAll(async () => {
    redis = await startPrivateRedis(loseData ? 'lost' : 'kept');
    hook = await new TestWebhookReceiver(SECRET).start();
    sys = await startSystem(loseData ? 'redislost' : 'rediskept', [], { REDIS_URL: redis.url });
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    // six cells, one pledge item each due 21/06/2025: their "1 day before" reminders fire at 08:00 on 20/06 (those of
    // the due day itself, 21/06, are planned too, far ahead)
    const { rows } = await pg.query(`SELECT DISTINCT ON (cell_id) id, cell_id FROM pledge_item ORDER BY cell_id, id LIMIT 6`);
    await onlyItems(pg, Object.fromEntries(rows.map((r) => [r.id, '2025-06-21'])));
    await pg.query(`UPDATE account SET phone = '0901234567' WHERE role = 'secretary' AND unit_id = ANY($1::text[])`, [rows.map((r) => r.cell_id)]);
    offset = clockOffsetTo('2025-06-20T07:59:35+07:00');
    instances = await startInstances(sys, 'reminders', 2, {
      REMINDER_CLOCK_OFFSET_MS: String(offset),
      REMINDER_KINDS: 'pledge_due',
      REMINDER_QUIET_HOURS: 'off',
      REMINDER_RATE_LIMIT: 'off',
      REMINDER_SWEEP_EVERY_MS: '1000',
      REMINDER_WEBHOOK_URL: hook.url,
      REMINDER_WEBHOOK_SECRET: SECRET,
      REMINDER_DELIVERY_BACKOFF_MS: '200',
      REMINDER_SEND_TIMEOUT_MS: '2000',
      REMINDER_DELIVERY_LEASE_MS: '3000',
      REMINDER_JOB_LOCK_MS: '3000',
    });
  }, 300_000);

  afterAll(async () => {
    await Promise.all(instances.map((a) => a.stop()));
    await pg?.end();
    await sys?.stop();
    await hook?.stop();
    await redis?.stop();
  });

  it('delivers each pending reminder exactly once', async () => {
    const planned = await eventually(
      () => reminders(pg, `r.kind = 'pledge_due' AND r.subject->>'occurrenceDate' = '2025-06-20'`),
      (r) => r.length === 6,
      {
        what: 'six reminders planned',
        timeoutMs: 30_000,
      },
    );
    // their delayed jobs wait in Redis
    const probe = new IORedis(redis.url, { maxRetriesPerRequest: null });
    probe.on('error', () => undefined);
    const jobKeys = planned.map((r) => `${sys.env.BULLMQ_PREFIX}:reminders:rem-${r.id}`);
    try {
      await eventually(
        () => probe.exists(...jobKeys),
        (n) => n === 6,
        { what: 'the six delayed jobs in Redis', timeoutMs: 30_000 },
      );
    } finally {
      probe.disconnect();
    }
    expect(Date.now()).toBeLessThan(realTimeOf('2025-06-20T08:00:00+07:00', offset)); // still pending

    await redis.restart({ loseData, downMs: 2000 });
    expect(Date.now()).toBeLessThan(realTimeOf('2025-06-20T08:00:00+07:00', offset)); // restarted before they fire

    const sent = await eventually(
      () => reminders(pg, `r.id = ANY($1::uuid[])`, [planned.map((r) => r.id)]),
      (r) => r.every((x) => x.status === 'sent'),
      {
        what: 'the six reminders sent',
        timeoutMs: 90_000,
        intervalMs: 250,
      },
    );
    for (const r of sent) {
      expect(r.deliveries.map((d) => [d.channel, d.status])).toEqual([
        ['inbox', 'delivered'],
        ['webhook', 'delivered'],
      ]);
      expect(new Date(r.dispatched_at!).getTime()).toBeGreaterThanOrEqual(new Date('2025-06-20T08:00:00+07:00').getTime());
    }
    const inbox = await pg.query(`SELECT reminder_id, count(*)::int AS n FROM inbox_message WHERE reminder_id = ANY($1::uuid[]) GROUP BY 1`, [
      planned.map((r) => r.id),
    ]);
    expect(inbox.rows.map((r) => r.n)).toEqual([1, 1, 1, 1, 1, 1]);
    // the gateway processed one message per reminder (a repeat of an idempotency key would not count twice, and there is none)
    const keys = planned.map((r) => `${r.id}-webhook`).sort();
    expect(
      hook
        .processed()
        .map((h) => h.idempotencyKey)
        .sort(),
    ).toEqual(keys);
    expect(hook.received.filter((h) => h.duplicate)).toEqual([]);
    // both instances are still running, connected again
    for (const a of instances) {
      expect(a.alive).toBe(true);
      await eventually(
        async () => (await fetch(`${a.url}/health`)).status,
        (s) => s === 200,
        { what: 'reminders healthy', timeoutMs: 30_000 },
      );
    }
  }, 300_000);
});
