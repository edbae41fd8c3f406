/**
 * Reminders benchmark: `npm run bench:reminders` (bench/run.sh compiles, then runs this file).
 *
 * On a database of its own (migrated + seeded, dropped afterwards) and a BullMQ prefix of its own (obliterated):
 *   plan      BENCH_REMINDERS reminder messages (pledge_due, to the 55 cells' secretaries, about their real pledge
 *             items, whose due dates are moved 20 days ahead so that every message still has something to say) go
 *             through the planner's write path (PlanRemindersHandler.store: unnest bulk insert, unique dedupe keys)
 *             and get their delayed BullMQ jobs (ReminderJobs.enqueueReminders: addBulk, ids only); timed;
 *   fire      their times are spread evenly over BENCH_WINDOW_S seconds, starting BENCH_LEAD_S after the start;
 *             BENCH_WORKERS compiled reminders apps (REMINDER_ROLE=worker, their own processes) work the queue;
 *             the firing delay of each message is dispatched_at − fire_at (dispatch: content decided, in-app
 *             message written, delivery rows, status, one transaction).
 * Quiet hours and the rate limit are off for the run (they postpone on purpose). Writes the "## Reminders" section
 * of docs/benchmarks.md (BENCH_WRITE_DOCS=false: print only).
 *
 * Environment: DATABASE_URL (any database of the server), REDIS_URL, BENCH_REMINDERS (100000), BENCH_WINDOW_S (900),
 * BENCH_LEAD_S (90), BENCH_WORKERS (2), BENCH_CONCURRENCY (20 per worker), BENCH_KEEP (keep database and queue).
 */
import { reminderDedupeKey, type PlannedReminder, type ReminderSubject } from '@pledge/domain';
import { createDataSource, loadSeeds, runMigrationsLocked } from '@pledge/persistence';
import { loadConfig, redisOptionsFromUrl } from '@pledge/platform';
import { hash } from 'argon2';
import { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { remindersEnvSchema, REMINDERS_QUEUE } from '../../apps/reminders/src/config';
import { PlanRemindersHandler } from '../../apps/reminders/src/plan-reminders/plan-reminders.handler';
import { ReminderClock } from '../../apps/reminders/src/shared/clock';
import { ReminderJobs } from '../../apps/reminders/src/shared/reminder-jobs';
import { ReminderSnapshotLoader } from '../../apps/reminders/src/shared/reminder-snapshot.loader';

const REPO = process.cwd();
const BUILD = process.env.BENCH_BUILD ?? join(REPO, 'dist');
const num = (name: string, def: number) => (process.env[name] ? Number(process.env[name]) : def);
const cfg = {
  reminders: num('BENCH_REMINDERS', 100_000),
  windowS: num('BENCH_WINDOW_S', 900),
  leadS: num('BENCH_LEAD_S', 90),
  workers: num('BENCH_WORKERS', 2),
  concurrency: num('BENCH_CONCURRENCY', 20),
  keep: process.env.BENCH_KEEP === 'true',
  writeDocs: process.env.BENCH_WRITE_DOCS !== 'false',
  adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
};
const RUN = randomBytes(3).toString('hex');
const DB = `pledge_bench_reminders_${RUN}`;
const PREFIX = `bench-reminders-${RUN}`;
const ARTIFACTS = join(REPO, '.var', 'bench-reminders', RUN);
mkdirSync(ARTIFACTS, { recursive: true });

const log = (s: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const dbUrl = (name: string) => {
  const u = new URL(cfg.adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: dbUrl('postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function startWorker(i: number, env: Record<string, string>): Promise<ChildProcess> {
  const port = await freePort();
  const out = createWriteStream(join(ARTIFACTS, `reminders-worker-${i}.log`));
  const proc = spawn(process.execPath, [join(BUILD, 'apps', 'reminders', 'src', 'main.js')], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.pipe(out);
  proc.stderr.pipe(out);
  for (let t = 0; t < 600; t++) {
    if (proc.exitCode !== null) throw new Error(`reminders worker ${i} exited at start; see ${ARTIFACTS}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return proc;
    await sleep(200);
  }
  throw new Error(`reminders worker ${i} not healthy; see ${ARTIFACTS}`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const load0 = loadavg()[0];
  log(
    `reminders benchmark ${RUN}: ${fmt(cfg.reminders)} reminders over ${cfg.windowS} s, ${cfg.workers} worker(s) × ${cfg.concurrency}; ${cpus().length} cores, load ${load0.toFixed(1)}`,
  );
  await admin((c) => c.query(`CREATE DATABASE "${DB}"`));
  const url = dbUrl(DB);
  const ds = createDataSource({ url, applicationName: 'bench-reminders', poolSize: 10 });
  await ds.initialize();
  const workers: ChildProcess[] = [];
  const env = loadConfig(remindersEnvSchema, {
    DATABASE_URL: url,
    REDIS_URL: cfg.redisUrl,
    BULLMQ_PREFIX: PREFIX,
    REMINDER_ENQUEUE_AHEAD_MS: String(24 * 3_600_000),
  });
  const queue = new Queue(REMINDERS_QUEUE, { connection: redisOptionsFromUrl(cfg.redisUrl, 'producer'), prefix: PREFIX });
  try {
    await runMigrationsLocked(ds);
    await loadSeeds(ds, { dir: join(REPO, 'seeds'), hashPassword: (p) => hash(p), password: `bench ${RUN} ${randomBytes(9).toString('base64url')}` });
    await ds.query(`UPDATE pledge_item SET status = 'active', due_date = (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 20`);
    const targets: { account: string; cell: string; item: string }[] = await ds.query(
      `SELECT a.id AS account, a.unit_id AS cell, min(pi.id) AS item FROM account a JOIN pledge_item pi ON pi.cell_id = a.unit_id
        WHERE a.role = 'secretary' AND a.active GROUP BY a.id, a.unit_id ORDER BY a.unit_id`,
    );

    // ---- plan
    const t0 = Date.now() + cfg.leadS * 1000;
    const desired: PlannedReminder[] = [];
    for (let i = 0; i < cfg.reminders; i++) {
      const t = targets[i % targets.length];
      const subject: ReminderSubject = { kind: 'pledge_due', cellId: t.cell, occurrenceDate: `bench-${String(i).padStart(6, '0')}`, itemIds: [t.item] };
      desired.push({
        dedupeKey: reminderDedupeKey(subject, t.account),
        kind: 'pledge_due',
        recipientId: t.account,
        unitId: t.cell,
        fireAt: new Date(t0 + Math.floor((i * cfg.windowS * 1000) / cfg.reminders)),
        subject,
      });
    }
    const clock = new ReminderClock(env);
    const jobs = new ReminderJobs(queue, clock, env);
    const planner = new PlanRemindersHandler(ds, new ReminderSnapshotLoader(ds), jobs, clock, env, new PinoLogger({ pinoHttp: { level: 'silent' } }));
    const p0 = Date.now();
    const stored = await ds.transaction((m) => planner.store(m, desired, new Date()));
    const p1 = Date.now();
    const again = await ds.transaction((m) => planner.store(m, desired, new Date()));
    const p2 = Date.now();
    const rows: { id: string; fire_at: Date }[] = await ds.query(`SELECT id, fire_at FROM reminder WHERE status = 'planned'`);
    const p3 = Date.now();
    await jobs.enqueueReminders(rows.map((r) => ({ id: r.id, fireAt: new Date(r.fire_at) })));
    const p4 = Date.now();
    const delayed = await queue.getDelayedCount();
    log(
      `planned ${fmt(stored)} rows in ${((p1 - p0) / 1000).toFixed(1)} s (again: ${again} new in ${((p2 - p1) / 1000).toFixed(1)} s); ${fmt(delayed)} delayed jobs in ${((p4 - p3) / 1000).toFixed(1)} s`,
    );
    if (Date.now() > t0) log(`WARNING: planning took longer than the lead (${cfg.leadS} s): the first reminders are late by construction`);

    // ---- fire
    const workerEnv = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      JWT_SECRET: randomBytes(32).toString('base64'),
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: String(cfg.concurrency + 2),
      REDIS_URL: cfg.redisUrl,
      BULLMQ_PREFIX: PREFIX,
      REMINDER_ROLE: 'worker',
      REMINDER_QUIET_HOURS: 'off',
      REMINDER_RATE_LIMIT: 'off',
      REMINDER_WORKER_CONCURRENCY: String(cfg.concurrency),
    };
    for (let i = 0; i < cfg.workers; i++) workers.push(await startWorker(i, workerEnv));
    log(`${cfg.workers} worker(s) up; first reminder fires in ${((t0 - Date.now()) / 1000).toFixed(0)} s`);
    const deadline = t0 + cfg.windowS * 1000 + 30 * 60_000;
    let last = -1;
    for (;;) {
      const [{ open }] = await ds.query(`SELECT count(*)::int AS open FROM reminder WHERE status = 'planned'`);
      if (open !== last) log(`… ${fmt(cfg.reminders - open)} / ${fmt(cfg.reminders)} fired`);
      last = open;
      if (open === 0 || Date.now() > deadline) break;
      await sleep(5000);
    }
    const stats: { status: string; n: number }[] = await ds.query(`SELECT status, count(*)::int AS n FROM reminder GROUP BY status ORDER BY status`);
    const delays = (
      await ds.query<{ ms: string }[]>(
        `SELECT extract(epoch FROM (dispatched_at - fire_at)) * 1000 AS ms FROM reminder WHERE dispatched_at IS NOT NULL ORDER BY 1`,
      )
    ).map((d) => Number(d.ms));
    const [{ first, lastAt }] = await ds.query(`SELECT min(dispatched_at) AS first, max(dispatched_at) AS "lastAt" FROM reminder`);
    const spanS = (new Date(lastAt).getTime() - new Date(first).getTime()) / 1000;
    const load1 = loadavg()[0];
    const res = {
      stored,
      storeS: (p1 - p0) / 1000,
      againS: (p2 - p1) / 1000,
      again,
      enqueueS: (p4 - p3) / 1000,
      delayed,
      dispatched: delays.length,
      statuses: stats.map((s) => `${s.status} ${fmt(s.n)}`).join(', '),
      p50: percentile(delays, 50),
      p95: percentile(delays, 95),
      p99: percentile(delays, 99),
      max: delays[delays.length - 1],
      rate: delays.length / Math.max(spanS, 1),
      load0,
      load1,
      totalS: (Date.now() - started) / 1000,
    };
    log(JSON.stringify(res));
    if (cfg.writeDocs) writeDocs(res);
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
    if (!cfg.keep) await queue.obliterate({ force: true }).catch((e: Error) => log(`obliterate: ${e.message}`));
    await queue.close();
    await ds.destroy();
    if (!cfg.keep) await admin((c) => c.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`));
  }
}

function writeDocs(r: Record<string, number | string>): void {
  const ms = (v: number | string) => `${Number(v).toFixed(0)} ms`;
  const section = `## Reminders

Measured by \`npm run bench:reminders\` (bench/reminders/bench.ts) on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, load average ${Number(r.load0).toFixed(1)} at the start and ${Number(r.load1).toFixed(1)} at the end (other engineers' builds and tests were running). A database and a BullMQ prefix of its own (removed afterwards), real PostgreSQL and Redis; ${cfg.workers} compiled reminders apps as their own processes (REMINDER_ROLE=worker, concurrency ${cfg.concurrency} each, NODE_ENV=production, LOG_LEVEL=warn); quiet hours and the rate limit off for the run.

| what | result |
|---|---|
| plan ${fmt(cfg.reminders)} reminders: rows through the planner's write path (bulk insert, unique dedupe keys) | ${Number(r.storeS).toFixed(1)} s (${fmt(Number(r.stored) / Number(r.storeS))} rows/s) |
| plan the same ${fmt(cfg.reminders)} again (idempotence: ${r.again} new rows) | ${Number(r.againS).toFixed(1)} s |
| their delayed BullMQ jobs (ids only, deterministic job ids, addBulk) | ${Number(r.enqueueS).toFixed(1)} s (${fmt(Number(r.delayed))} delayed jobs) |
| fire times spread over | ${cfg.windowS} s (${fmt(cfg.reminders / cfg.windowS)} reminders/s on average) |
| firing delay (dispatched_at − fire_at): p50 / p95 / p99 / max | ${ms(r.p50)} / ${ms(r.p95)} / ${ms(r.p99)} / ${ms(r.max)} |
| dispatch rate while firing | ${fmt(Number(r.rate))} reminders/s |
| outcome | ${r.statuses} |

Target: p95 ≤ 2 s — ${Number(r.p95) <= 2000 ? 'met' : 'NOT met'}. A dispatch is one transaction: row lock, the content decided from the
current data (libs/domain composeReminder on the cell's items and readings), the in-app message, the delivery rows,
the status. Total run ${fmt(Number(r.totalS))} s.
`;
  const file = join(REPO, 'docs', 'benchmarks.md');
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = doc.indexOf('## Reminders');
  let next = start < 0 ? -1 : doc.indexOf('\n## ', start + 1);
  if (next >= 0) next += 1;
  const updated = start < 0 ? `${doc.trimEnd()}\n\n${section}` : `${doc.slice(0, start)}${section}${next >= 0 ? `\n${doc.slice(next)}` : ''}`;
  writeFileSync(file, updated);
  log(`wrote the "## Reminders" section of ${file}`);
}

main().catch((err) => {
  process.stderr.write(`reminders benchmark failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
