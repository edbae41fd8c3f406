import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '../support/apps';
import { REPO_ROOT } from '../support/env';
import { eventually } from '../support/eventually';
import { startSystem, TestSystem } from '../support/system';
import { call, countRows, logIn, update } from './intake-support';

/**
 * "Never lost": with the broker stopped for 30 seconds while 100 submissions are accepted, all 100
 * are in the event store exactly once after it restarts. Uses a PRIVATE broker (own port, own
 * KAFKA_HOME_DIR under .var/) started and stopped through scripts/kafka-broker.sh, never the shared one.
 */
const run = promisify(execFile);
const OUTAGE_MS = 30_000;

describe('intake with the Kafka broker down (private broker, real PostgreSQL and Redis)', () => {
  const home = join(REPO_ROOT, '.var', `kafka-intake-outage-${randomBytes(4).toString('hex')}`);
  let port: number;
  let brokerEnv: NodeJS.ProcessEnv;
  let sys: TestSystem;
  let pg: Client;

  const broker = async (cmd: 'start' | 'stop') => {
    const { stdout } = await run('bash', [join(REPO_ROOT, 'scripts', 'kafka-broker.sh'), cmd], { env: brokerEnv, timeout: 180_000 });
    return stdout;
  };

  beforeAll(async () => {
    port = await freePort();
    let controller = await freePort();
    while (controller === port) controller = await freePort();
    mkdirSync(home, { recursive: true });
    // reuse the jars the shared broker fetched (scripts/kafka-broker.sh fetches them itself otherwise)
    const shared = join(REPO_ROOT, '.var', 'kafka');
    if (existsSync(shared))
      for (const d of readdirSync(shared).filter((d) => d.startsWith('libs-') && !d.endsWith('.tmp'))) symlinkSync(join(shared, d), join(home, d));
    brokerEnv = { ...process.env, KAFKA_HOME_DIR: home, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controller), KAFKA_HEAP: '-Xms128m -Xmx512m' };
    await broker('start');
    // startSystem makes the topics on the private broker
    sys = await startSystem('intake-outage', [], { KAFKA_BROKERS: `127.0.0.1:${port}`, RATE_LIMIT_PER_ACCOUNT: '100000', RATE_LIMIT_PER_ADDRESS: '100000' });
    await sys.start('ingest');
    await sys.start('intake');
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await sys?.stop();
    if (brokerEnv) await broker('stop').catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  });

  it('accepts 100 submissions while the broker is stopped for 30 s; after it restarts all 100 are in the event store exactly once', async () => {
    const intake = sys.url('intake');
    const secretary = await logIn(intake, 'bithu.874-30133-a01');
    const metric = async (name: string) => {
      const text = await (await fetch(`${intake}/metrics`)).text();
      return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    };
    // the pipeline works before the outage
    const first = update();
    expect((await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: first })).status).toBe(202);
    await eventually(
      () => countRows(pg, `SELECT 1 FROM event_store WHERE event_id = $1`, [first.eventId]),
      (n) => n === 1,
      { what: 'the first update in the event store' },
    );

    await broker('stop');
    const stoppedAt = Date.now();
    const failuresBefore = await metric('outbox_publish_failures_total');
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const u = update({ readings: [{ indicatorCode: '4.2', numerator: i, denominator: 100 }] });
      const res = await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: u });
      expect(res.status).toBe(202);
      ids.push(u.eventId as string);
    }
    expect(Date.now() - stoppedAt).toBeLessThan(OUTAGE_MS); // all 100 were accepted during the outage
    expect((await fetch(`${intake}/health`)).status).toBe(200); // intake stays healthy without Kafka
    // the relay really tried and failed (it is not merely idle), and nothing reached the store
    await eventually(
      () => metric('outbox_publish_failures_total'),
      (n) => n > failuresBefore,
      { what: 'the relay to fail against the stopped broker', timeoutMs: OUTAGE_MS },
    );
    expect(await countRows(pg, `SELECT 1 FROM outbox WHERE published_at IS NULL AND event_id = ANY($1::uuid[])`, [ids])).toBe(100);
    expect(await countRows(pg, `SELECT 1 FROM event_store WHERE event_id = ANY($1::uuid[])`, [ids])).toBe(0);

    // the outage lasts 30 s (the scenario of the issue), then the broker comes back
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))));
    await broker('start'); // returns once the broker is ready (scripts/kafka-broker.sh waits for it)

    await eventually(
      () => countRows(pg, `SELECT 1 FROM event_store WHERE event_id = ANY($1::uuid[])`, [ids]),
      (n) => n === 100,
      {
        what: 'all 100 submissions in the event store',
        timeoutMs: 120_000,
        intervalMs: 500,
      },
    );
    const { rows } = await pg.query(`SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM event_store WHERE event_id = ANY($1::uuid[])`, [ids]);
    expect(rows[0]).toEqual({ n: 100, d: 100 });
    expect(await countRows(pg, `SELECT 1 FROM outbox WHERE published_at IS NULL`)).toBe(0);
    expect(await countRows(pg, `SELECT 1 FROM dead_letter`)).toBe(0);
    const list = await call(`${intake}/api/v1/submissions?limit=200&status=recorded`, { token: secretary.accessToken });
    expect(list.body.items.filter((i: { eventId: string }) => ids.includes(i.eventId))).toHaveLength(100);
  });
});
