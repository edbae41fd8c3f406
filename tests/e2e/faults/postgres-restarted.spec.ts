import { Topics } from '@pledge/contracts';
import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import type { AppName } from '../../support/apps';
import { eventually } from '../../support/eventually';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-services';
import { startSystem, TestSystem } from '../../support/system';
import { call, logIn } from '../intake-support';
import { eventStoreCounts, hamletSecretaries, ingestOutcome, produceSteadily, rawUpdates, SubmissionStream, waitAllProjected } from './fault-support';

/**
 * PostgreSQL restarts under load: a PRIVATE PostgreSQL server (initdb + pg_ctl on a free port, holding a copy of
 * the seeded test database) serves all five apps; Kafka and Redis are the shared ones under this test's prefixes.
 *
 *   1. While secretaries submit, the server is stopped (fast shutdown) for a few seconds and started again: intake
 *      answers 202 or a clear 503 (never 500) and the phones send a refused update again; nothing accepted is lost
 *      or doubled; every app reconnects by itself (same processes, healthy again, still working).
 *   2. (issue 17) While raw updates, some invalid, stream into ntm.criterion-updates, the server restarts in the
 *      middle of ingest's work: every valid event is stored exactly once, every invalid one dead-lettered exactly once.
 */
describe('fault: PostgreSQL restarted (private PostgreSQL server)', () => {
  const APPS: AppName[] = ['intake', 'ingest', 'projector', 'reminders', 'dashboard'];
  let server: PrivatePostgres;
  let sys: TestSystem;
  let pg: Client;
  let producer: Producer | undefined;
  let stream: SubmissionStream | undefined;

  beforeAll(async () => {
    server = await startPrivatePostgres('pgrestart');
    sys = await startSystem(
      'pgrestart',
      [],
      { RATE_LIMIT_PER_ACCOUNT: '100000', RATE_LIMIT_PER_ADDRESS: '100000', REMINDER_KINDS: 'none' },
      { db: { name: 'pledge_test_private', url: server.url, drop: async () => undefined } },
    );
    for (const a of APPS) await sys.start(a);
    pg = new Client({ connectionString: server.url });
    pg.on('error', () => undefined); // the restart cuts this connection too; a new one is made after it
  }, 300_000);

  afterAll(async () => {
    await stream?.stop(1000).catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await pg?.end().catch(() => undefined);
    await sys?.stop();
    await server?.stop();
  });

  /** A fresh connection to the private server (the test's own one does not survive a restart either). */
  const reconnect = async () => {
    await pg.end().catch(() => undefined);
    pg = new Client({ connectionString: server.url });
    pg.on('error', () => undefined);
    await pg.connect();
  };

  it('intake answers 202 or a clear 503 while PostgreSQL restarts, loses nothing accepted, and every app reconnects without a restart', async () => {
    await reconnect();
    const secretaries = await hamletSecretaries(pg, 4);
    const pids = Object.fromEntries(APPS.map((a) => [a, sys.apps[a]!.proc.pid]));
    stream = await SubmissionStream.start(() => [sys.url('intake')], secretaries, 40);
    await stream.acceptMore(40);

    await pg.end();
    // the outage: the server stops (open connections cut) and stays down for 6 s while the phones keep sending
    await server.restart(6000);
    await stream.acceptMore(60);
    const summary = await stream.stop();
    stream = undefined;
    await reconnect();

    // never a 500 (nor a dropped connection): 202, or 503 with a clear bilingual reason and Retry-After
    expect(summary.unexpected).toEqual([]);
    expect(Object.keys(summary.answers).sort()).toEqual(['202', '503']);
    for (const u of summary.unavailable) {
      expect(u.retryAfter).toMatch(/^\d+$/);
      expect(u.body).toMatchObject({ statusCode: 503, error: 'database_unavailable', details: [{ field: '(server)', problem: 'database_unavailable' }] });
      expect((u.body as { message: string }).message).toMatch(/Chưa có gì được lưu/);
      expect((u.body as { messageEn: string }).messageEn).toMatch(/Nothing was stored/);
    }

    // every accepted submission (including the ones sent again after a 503) is stored once and reaches the read models
    await waitAllProjected(pg, sys.url('intake'), secretaries, summary.accepted);
    expect(await eventStoreCounts(pg, summary.accepted)).toEqual({ rows: summary.accepted.length, distinct: summary.accepted.length });
    expect((await pg.query(`SELECT count(*)::int AS n FROM submission`)).rows[0].n).toBe(summary.accepted.length);
    expect((await pg.query(`SELECT count(*)::int AS n FROM dead_letter`)).rows[0].n).toBe(0);

    // the same processes, healthy again, and each still does its work against the restarted server
    for (const a of APPS) {
      expect({ app: a, alive: sys.apps[a]!.alive, pid: sys.apps[a]!.proc.pid }).toEqual({ app: a, alive: true, pid: pids[a] });
      await eventually(
        async () => (await fetch(`${sys.url(a)}/health`)).status,
        (s) => s === 200,
        { what: `${a} healthy again`, timeoutMs: 60_000, intervalMs: 500 },
      );
    }
    const leader = await logIn(sys.url('intake'), 'lanhdao.1');
    const progress = await call(`${sys.url('dashboard')}/api/v1/progress`, { token: leader.accessToken });
    expect(progress.status).toBe(200);
    const reminders = await fetch(`${sys.url('reminders')}/metrics`);
    expect(reminders.status).toBe(200);
  }, 420_000);

  it('(issue 17) a restart in the middle of ingest’s work stores every event exactly once and dead-letters every bad one exactly once', async () => {
    await reconnect();
    const hamlets = (await pg.query(`SELECT id FROM admin_unit WHERE kind = 'hamlet' ORDER BY id LIMIT 12`)).rows.map((r) => r.id as string);
    const updates = rawUpdates(hamlets, 4000, 0.03);
    producer = sys.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const ids = updates.map((u) => u.eventId);
    const stored = async () => (await eventStoreCounts(pg, ids)).distinct;

    let restartedAt = -1;
    let storedAtRestart = 0;
    await produceSteadily(producer, sys.topic(Topics.criterionUpdates), updates, 1000, async (sent) => {
      // once ingest is working through the stream, the server goes down for 3 s in the middle of it
      if (restartedAt < 0 && sent >= updates.length * 0.4) {
        await eventually(stored, (n) => n > 0, { what: 'ingest storing the stream', timeoutMs: 60_000, intervalMs: 50 });
        storedAtRestart = await stored();
        await pg.end();
        restartedAt = Date.now();
        await server.restart(3000);
        await reconnect();
      }
    });
    expect(restartedAt).toBeGreaterThan(0);
    expect(storedAtRestart).toBeLessThan(updates.length); // the restart came while ingest still had work

    const valid = updates.filter((u) => u.valid).length;
    const invalid = updates.length - valid;
    expect(invalid).toBeGreaterThan(100);
    const outcome = await eventually(
      () => ingestOutcome(pg, updates),
      (o) => o.storedValid === valid && o.deadInvalid === invalid,
      {
        what: 'every valid update stored and every invalid one dead-lettered',
        timeoutMs: 240_000,
        intervalMs: 1000,
      },
    );
    expect(outcome).toEqual({ storedValid: valid, storedRows: valid, storedInvalid: 0, deadInvalid: invalid, deadRowsInvalid: invalid, deadValid: 0 });
    expect(sys.apps.ingest!.alive).toBe(true);
  }, 420_000);
});
