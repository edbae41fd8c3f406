/**
 * Intake benchmark: `npm run bench:intake` (bench/run.sh compiles, then runs this file).
 *
 * On a database and Kafka topic prefix of its own (both removed afterwards), with the compiled intake and ingest as
 * their own processes against the real broker, PostgreSQL and Redis:
 *   burst    BENCH_SUBMISSIONS single updates (POST /api/v1/updates) from BENCH_SECRETARIES logged-in secretaries,
 *            BENCH_CONCURRENCY requests in flight: submissions accepted per second (202 answered), and how long until
 *            all of them were in the event store;
 *   batch    BENCH_BATCHES batches of 12 updates (POST /api/v1/updates/batch), BENCH_CONCURRENCY in flight;
 *   steady   BENCH_STEADY single updates, one every BENCH_STEADY_INTERVAL_MS ("normal load"): the delay from the
 *            submission's commit (submission.created_at) to its event_store row (recorded_at), p50 / p95 / max,
 *            measured by PostgreSQL's clock on both ends.
 * Rate limits are raised for the run (they would otherwise be what is measured).
 *
 * Environment: DATABASE_URL (any database of the server; the benchmark creates its own), KAFKA_BROKERS, REDIS_URL,
 * BENCH_SUBMISSIONS (2000), BENCH_SECRETARIES (20), BENCH_CONCURRENCY (16), BENCH_BATCHES (50), BENCH_STEADY (100),
 * BENCH_STEADY_INTERVAL_MS (100), BENCH_WRITE_DOCS (true).
 */
import { topicSpecs } from '@pledge/contracts';
import { createDataSource, loadSeeds, runMigrationsLocked } from '@pledge/persistence';
import { ensureTopics } from '@pledge/platform';
import { hash } from 'argon2';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

const REPO = process.cwd();
const BUILD = process.env.BENCH_BUILD ?? join(REPO, 'dist');
const num = (name: string, def: number) => (process.env[name] ? Number(process.env[name]) : def);
const SUBMISSIONS = num('BENCH_SUBMISSIONS', 2000);
const SECRETARIES = num('BENCH_SECRETARIES', 20);
const CONCURRENCY = num('BENCH_CONCURRENCY', 16);
const BATCHES = num('BENCH_BATCHES', 50);
const STEADY = num('BENCH_STEADY', 100);
const STEADY_INTERVAL = num('BENCH_STEADY_INTERVAL_MS', 100);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pledge';
const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const PASSWORD = `bench ${randomBytes(12).toString('base64url')}`; // generated: no password is written in the repository

const withDb = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function startApp(name: string, env: Record<string, string>, logDir: string): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const log = createWriteStream(join(logDir, `${name}.log`));
  const proc = spawn(process.execPath, [join(BUILD, 'apps', name, 'src', 'main.js')], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.pipe(log);
  proc.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (proc.exitCode !== null) throw new Error(`${name} exited; see ${join(logDir, `${name}.log`)}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, proc };
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  throw new Error(`${name} did not become healthy`);
}

async function pool<T>(items: T[], concurrency: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function main(): Promise<void> {
  const tag = randomBytes(3).toString('hex');
  const dbName = `bench_intake_${tag}`;
  const prefix = `bench-intake-${tag}.`;
  const logDir = join(REPO, '.var', 'bench-logs', `intake-${tag}`);
  mkdirSync(logDir, { recursive: true });
  const admin = new Client({ connectionString: withDb(DATABASE_URL, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const dbUrl = withDb(DATABASE_URL, dbName);
  const kafka = new Kafka({ clientId: 'bench-intake', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const procs: ChildProcess[] = [];
  const load0 = loadavg()[0];
  try {
    process.stdout.write('… migrating and seeding\n');
    const ds = createDataSource({ url: dbUrl });
    await ds.initialize();
    await runMigrationsLocked(ds);
    await loadSeeds(ds, { dir: join(REPO, 'seeds'), hashPassword: (p) => hash(p), password: PASSWORD });
    await ds.destroy();
    const ka = kafka.admin();
    await ka.connect();
    await ensureTopics(
      ka,
      topicSpecs({ updates: 6, recorded: 6 }).map((t) => ({ topic: prefix + t.topic, numPartitions: t.numPartitions, replicationFactor: 1 })),
    );
    await ka.disconnect();
    const env = {
      DATABASE_URL: dbUrl,
      KAFKA_BROKERS,
      REDIS_URL,
      KAFKA_TOPIC_PREFIX: prefix,
      BULLMQ_PREFIX: prefix.slice(0, -1),
      JWT_SECRET: randomBytes(24).toString('hex'),
      RATE_LIMIT_PER_ACCOUNT: '1000000',
      RATE_LIMIT_PER_ADDRESS: '1000000',
    };
    const ingest = await startApp('ingest', env, logDir);
    procs.push(ingest.proc);
    const intake = await startApp('intake', env, logDir);
    procs.push(intake.proc);
    const pg = new Client({ connectionString: dbUrl });
    await pg.connect();

    const cells: string[] = (await pg.query(`SELECT id FROM admin_unit WHERE kind = 'hamlet' ORDER BY id LIMIT $1`, [SECRETARIES])).rows.map((r) => r.id);
    const tokens = new Map<string, string>();
    for (const c of cells) {
      const res = await fetch(`${intake.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `bithu.${c.toLowerCase()}`, password: PASSWORD }),
      });
      tokens.set(c, ((await res.json()) as { accessToken: string }).accessToken);
    }
    const upd = (cell: string, i: number) => ({
      eventId: randomUUID(),
      hamletCode: cell,
      criterionCode: 'XA-04',
      readings: [{ indicatorCode: '4.2', numerator: i % 400, denominator: 400 }],
      asOf: '2025-06-30',
      note: 'Số liệu tháng 6',
    });
    const post = async (path: string, cell: string, body: unknown) => {
      const res = await fetch(`${intake.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(cell)}` },
        body: JSON.stringify(body),
      });
      if (res.status !== 202) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    };
    const storedCount = async () => Number((await pg.query(`SELECT count(*) AS n FROM event_store`)).rows[0].n);

    // warm-up (JIT, connection pools, reference cache)
    await pool(
      Array.from({ length: 50 }, (_, i) => i),
      4,
      (i) => post('/api/v1/updates', cells[i % cells.length], upd(cells[i % cells.length], i)),
    );
    while ((await storedCount()) < 50) await sleep(50);

    process.stdout.write(`… burst: ${SUBMISSIONS} submissions, ${CONCURRENCY} in flight\n`);
    const latencies: number[] = [];
    const t0 = Date.now();
    await pool(
      Array.from({ length: SUBMISSIONS }, (_, i) => i),
      CONCURRENCY,
      async (i) => {
        const cell = cells[i % cells.length];
        const s = performance.now();
        await post('/api/v1/updates', cell, upd(cell, i));
        latencies.push(performance.now() - s);
      },
    );
    const acceptMs = Date.now() - t0;
    const target = 50 + SUBMISSIONS;
    while ((await storedCount()) < target) await sleep(50);
    const drainMs = Date.now() - t0;

    process.stdout.write(`… batches: ${BATCHES} × 12 updates\n`);
    const t1 = Date.now();
    await pool(
      Array.from({ length: BATCHES }, (_, i) => i),
      Math.min(CONCURRENCY, 8),
      async (i) => {
        const cell = cells[i % cells.length];
        await post('/api/v1/updates/batch', cell, { items: Array.from({ length: 12 }, (_, k) => upd(cell, i * 12 + k)) });
      },
    );
    const batchMs = Date.now() - t1;
    while ((await storedCount()) < target + BATCHES * 12) await sleep(50);

    process.stdout.write(`… steady: ${STEADY} submissions, one every ${STEADY_INTERVAL} ms\n`);
    const steadyIds: string[] = [];
    for (let i = 0; i < STEADY; i++) {
      const cell = cells[i % cells.length];
      const u = upd(cell, i);
      steadyIds.push(u.eventId);
      await post('/api/v1/updates', cell, u);
      await sleep(STEADY_INTERVAL);
    }
    while (Number((await pg.query(`SELECT count(*) AS n FROM event_store WHERE event_id = ANY($1::uuid[])`, [steadyIds])).rows[0].n) < STEADY) await sleep(50);
    const delays: number[] = (
      await pg.query(
        `SELECT EXTRACT(EPOCH FROM e.recorded_at - s.created_at) * 1000 AS ms FROM submission s JOIN event_store e USING (event_id) WHERE s.event_id = ANY($1::uuid[])`,
        [steadyIds],
      )
    ).rows.map((r) => Number(r.ms));
    await pg.end();

    const load1 = loadavg()[0];
    const f = (x: number) => x.toFixed(1);
    const rows = [
      [
        'single updates accepted (202), ' + `${SUBMISSIONS} from ${cells.length} secretaries, ${CONCURRENCY} in flight`,
        `${f(SUBMISSIONS / (acceptMs / 1000))} submissions/s`,
      ],
      ['answer time of those requests: p50 / p95 / max', `${f(quantile(latencies, 0.5))} / ${f(quantile(latencies, 0.95))} / ${f(Math.max(...latencies))} ms`],
      [
        'the same submissions all in the event store (from the first request)',
        `${f(drainMs / 1000)} s → ${f(SUBMISSIONS / (drainMs / 1000))} events/s end to end`,
      ],
      [
        `batches of 12 updates (${BATCHES}, ${Math.min(CONCURRENCY, 8)} in flight)`,
        `${f((BATCHES * 12) / (batchMs / 1000))} updates/s (${f(BATCHES / (batchMs / 1000))} batches/s)`,
      ],
      [
        `steady load (one every ${STEADY_INTERVAL} ms): delay from the submission's commit to its event_store row, p50 / p95 / max`,
        `${f(quantile(delays, 0.5))} / ${f(quantile(delays, 0.95))} / ${f(Math.max(...delays))} ms`,
      ],
    ];
    const section = [
      '## Intake',
      '',
      `Measured by \`npm run bench:intake\` (bench/intake/bench.ts) on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, load average ${f(load0)} at the start and ${f(load1)} at the end (other engineers' builds and tests were running). Compiled intake and ingest as their own processes (NODE_ENV=production, LOG_LEVEL=warn), real Kafka (6 partitions), PostgreSQL and Redis; rate limits raised for the run. Every accepted submission is one transaction (submission + outbox row); the relay publishes the outbox with the idempotent producer; ingest validates, appends to event_store and republishes to ntm.criterion-recorded one message at a time (Nest's eachMessage, 3 partitions concurrently).`,
      '',
      '| what | result |',
      '|---|---|',
      ...rows.map(([a, b]) => `| ${a} | ${b} |`),
      '',
    ].join('\n');
    process.stdout.write(`\n${section}\n`);
    if (process.env.BENCH_WRITE_DOCS !== 'false') {
      const docs = join(REPO, 'docs', 'benchmarks.md');
      const cur = existsSync(docs) ? readFileSync(docs, 'utf8') : '# Benchmarks\n';
      const start = cur.indexOf('## Intake\n');
      let next: string;
      if (start >= 0) {
        const end = cur.indexOf('\n## ', start + 5);
        next = cur.slice(0, start) + section + (end >= 0 ? cur.slice(end + 1) : '');
      } else next = `${cur.trimEnd()}\n\n${section}`;
      writeFileSync(docs, next);
      process.stdout.write(`written to ${docs}\n`);
    }
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await sleep(2000);
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    const ka = kafka.admin();
    await ka.connect().catch(() => undefined);
    const topics = (await ka.listTopics().catch(() => [] as string[])).filter((t) => t.startsWith(prefix));
    if (topics.length) await ka.deleteTopics({ topics }).catch(() => undefined);
    await ka.disconnect().catch(() => undefined);
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
