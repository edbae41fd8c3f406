import IORedis from 'ioredis';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { freePort, startApp } from '../support/apps';
import { testEnv } from '../support/env';
import { eventually } from '../support/eventually';
import { TEST_PASSWORD } from '../support/global-setup';
import { startSystem, TestSystem } from '../support/system';
import { clockOffsetTo, onlyItems, reminders, tokenFor } from './reminders-support';

/**
 * Operating the reminders: Redis losing its data, a Redis that may evict keys, the queue board behind the
 * administrator login, metrics, clean shutdown. Real reminders app, real PostgreSQL and Redis (keys of this test's
 * own BullMQ prefix only; a private redis-server for the eviction check).
 */
describe('reminders: operations (Redis data loss, eviction policy, bull-board, metrics, shutdown)', () => {
  let sys: TestSystem;
  let pg: Client;
  let redis: IORedis;

  beforeAll(async () => {
    sys = await startSystem('rem-ops', []);
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    redis = new IORedis(testEnv.redisUrl);
    // one item due 21/06/2025: its "1 day before" reminder fires at 08:00 on 20/06; the clock reads 07:59:45
    await onlyItems(pg, { 'PL-874-30133-A01-04': '2025-06-21' });
    await sys.start('reminders', {
      REMINDER_CLOCK_OFFSET_MS: String(clockOffsetTo('2025-06-20T07:59:45+07:00')),
      REMINDER_KINDS: 'pledge_due',
      REMINDER_SWEEP_EVERY_MS: '1000',
    });
  });

  afterAll(async () => {
    redis?.disconnect();
    await pg?.end();
    await sys?.stop();
  });

  /** The queue board's login form, as a browser posts it. */
  const form = (username: string, password: string) =>
    fetch(`${sys.url('reminders')}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: sys.url('reminders') },
      body: new URLSearchParams({ username, password, next: '/admin/queues' }).toString(),
      redirect: 'manual',
    });

  const queueKeys = async (): Promise<string[]> => {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${sys.env.BULLMQ_PREFIX}:reminders:*`, 'COUNT', 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return keys;
  };

  it('re-plans what Redis lost: after the queue’s keys are deleted, the reminder still goes out, once', async () => {
    const [row] = await eventually(
      () => reminders(pg, `r.subject->>'occurrenceDate' = '2025-06-20'`),
      (r) => r.length === 1,
      { what: 'the 08:00 reminder planned' },
    );
    const jobKey = `${sys.env.BULLMQ_PREFIX}:reminders:rem-${row.id}`;
    await eventually(
      () => redis.exists(jobKey),
      (n) => n === 1,
      { what: 'its delayed job in Redis' },
    );
    // Redis loses everything of this queue (jobs, the sweeper's job scheduler, ids): only this test's prefix
    const keys = await queueKeys();
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    expect(await redis.exists(jobKey)).toBe(0);

    // the watchdog notices the sweeper's scheduler is gone, re-registers it and re-plans from PostgreSQL
    await eventually(
      () => redis.exists(jobKey),
      (n) => n === 1,
      { what: 'the job re-created from the reminder row', timeoutMs: 15000 },
    );
    const [sent] = await eventually(
      () => reminders(pg, `r.id = $1`, [row.id]),
      (r) => r[0].status === 'sent',
      { what: 'the reminder sent', timeoutMs: 30000 },
    );
    expect(new Date(sent.dispatched_at!).getTime()).toBeGreaterThanOrEqual(new Date('2025-06-20T08:00:00+07:00').getTime());
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM inbox_message WHERE reminder_id = $1`, [row.id]);
    expect(rows[0].n).toBe(1);
    const log = readFileSync(sys.apps.reminders!.logFile, 'utf8');
    expect(log).toContain('the sweeper job scheduler is missing from Redis');
  });

  it('shows the queues (bull-board) to an administrator only, after logging in', async () => {
    const url = sys.url('reminders');
    const anonymous = await fetch(`${url}/admin/queues`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fqueues');
    expect((await fetch(`${url}/admin/queues/api/queues`)).status).toBe(401);
    const secretary = await tokenFor(pg, 'bithu.874-30133-a01', sys.env.JWT_SECRET);
    const refused = await fetch(`${url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${secretary}` } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'forbidden', details: [{ field: 'role', problem: 'role_not_allowed' }] });
    const admin = await tokenFor(pg, 'quantri', sys.env.JWT_SECRET);
    const api = await fetch(`${url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${admin}` } });
    expect(api.status).toBe(200);
    expect(((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name)).toEqual(['reminders']);

    // the login form: a wrong password, a non-administrator, then the administrator (cookie, redirect to the board)
    expect((await form('quantri', 'wrong-password')).status).toBe(401);
    expect((await form('lanhdao.1', TEST_PASSWORD)).status).toBe(403);
    const ok = await form('quantri', TEST_PASSWORD);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin/queues');
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const board = await fetch(`${url}/admin/queues`, { headers: { accept: 'text/html', cookie: cookie.split(';')[0] } });
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('<div id="root">');
  });

  it('exposes queue depth and failures as Prometheus metrics', async () => {
    const text = await (await fetch(`${sys.url('reminders')}/metrics`)).text();
    expect(text).toMatch(/^reminders_queue_jobs\{state="delayed"(,app="reminders")?\} \d+/m);
    expect(text).toMatch(/^reminders_queue_jobs\{state="failed"(,app="reminders")?\} \d+/m);
    expect(text).toContain('# TYPE reminders_job_failures_total counter');
    expect(text).toMatch(/^reminders_dispatched_total\{kind="pledge_due",outcome="dispatched"(,app="reminders")?\} 1$/m);
    expect(text).toContain('reminders_fire_delay_seconds_bucket');
  });

  it('shuts down cleanly on SIGTERM: the worker is closed (active jobs finished) before the process exits', async () => {
    const app = sys.apps.reminders!;
    const t0 = Date.now();
    await app.stop(20000); // SIGTERM; SIGKILL only if still alive after 20 s
    expect(Date.now() - t0).toBeLessThan(15000);
    const log = readFileSync(app.logFile, 'utf8');
    expect(log).toContain('reminders worker closed');
    expect(log).not.toMatch(/"level":50/);
  });

  it('refuses to start on a Redis whose maxmemory-policy may evict keys, and says why', async () => {
    const port = await freePort();
    const server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru'],
      {
        stdio: 'ignore',
      },
    );
    try {
      const ping = async () => {
        const probe = new IORedis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
        try {
          await probe.connect();
          return await probe.ping();
        } finally {
          probe.disconnect();
        }
      };
      await eventually(ping, (p) => p === 'PONG', { what: 'the private redis-server' });
      const app = await startApp('reminders', { env: { ...sys.env, REDIS_URL: `redis://127.0.0.1:${port}/0` }, waitHealthy: false });
      expect(await app.exited).toBe(1);
      const log = readFileSync(app.logFile, 'utf8');
      expect(log).toContain('reminders failed to start: Redis maxmemory-policy is "allkeys-lru"; BullMQ needs "noeviction"');
      expect(log).toContain('Refusing to start so that no reminder is lost');
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  });
});
