/**
 * Projector benchmark: `npm run bench:projector` (bench/run.sh compiles, then runs this file).
 *
 * In one run, on a dedicated database and Kafka topic prefix (both removed afterwards):
 *   setup     migrate + seed a database, add a synthetic nation of BENCH_HAMLETS hamlets (10 per commune, 100 communes
 *             per district), append BENCH_EVENTS criterion updates spread over them to the event store, and publish
 *             them to <prefix>ntm.criterion-recorded (BENCH_PARTITIONS partitions) as ingest does;
 *   (a)       raw kafkajs consumption of the topic, eachBatch doing nothing per message: the client's limit;
 *   (b)       the projector app (compiled, its own process, consumer only) folding the topic with its real
 *             PostgreSQL writes, while a second projector process runs the status refresher; sustained events/s
 *             from its first to its last checkpoint, and how long the derived read models then took to settle;
 *   (c)       the baseline (bench/projector/baseline/baseline.ts): one Nest @EventPattern handler, one TypeORM save
 *             per event, measured over BENCH_BASELINE_SECONDS;
 *   rebuild   `node dist/apps/projector/src/cli.js rebuild` over the BENCH_EVENTS events;
 *   latency   the real intake → ingest → projector → dashboard path on a seeded database: a secretary's update, its
 *             202, then GET /api/v1/progress until `lastReportedAt` shows it; BENCH_LATENCY_SAMPLES updates, one
 *             every BENCH_LATENCY_INTERVAL_MS ("normal load").
 * Then it writes the table to the "## Projector" section of docs/benchmarks.md (BENCH_WRITE_DOCS=false: print only).
 *
 * Environment: DATABASE_URL (any database of the server; the benchmark creates its own), KAFKA_BROKERS,
 * BENCH_EVENTS (1000000), BENCH_HAMLETS (70000), BENCH_PARTITIONS (6), BENCH_BASELINE_SECONDS (30),
 * BENCH_LATENCY_SAMPLES (60), BENCH_LATENCY_INTERVAL_MS (400), BENCH_DERIVED_TIMEOUT_S (900), BENCH_KEEP (keep the
 * databases and topics, for debugging), BENCH_ONLY=rebuild (set up the event store and time the rebuild alone: no Kafka,
 * nothing written to the docs; with BENCH_KEEP=true the database stays for re-running `cli.js rebuild` on it).
 */
import { topicSpecs, Topics } from '@pledge/contracts';
import { createDataSource, loadSeeds, runMigrationsLocked } from '@pledge/persistence';
import { ensureTopics } from '@pledge/platform';
import { hash } from 'argon2';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { renderSection, writeSection, type Results } from './report';

const REPO = process.cwd();
const BUILD = process.env.BENCH_BUILD ?? join(REPO, 'dist');
const num = (name: string, def: number) => (process.env[name] ? Number(process.env[name]) : def);
const cfg = {
  events: num('BENCH_EVENTS', 1_000_000),
  hamlets: num('BENCH_HAMLETS', 70_000),
  partitions: num('BENCH_PARTITIONS', 6),
  baselineSeconds: num('BENCH_BASELINE_SECONDS', 30),
  latencySamples: num('BENCH_LATENCY_SAMPLES', 60),
  latencyIntervalMs: num('BENCH_LATENCY_INTERVAL_MS', 400),
  derivedTimeoutS: num('BENCH_DERIVED_TIMEOUT_S', 900),
  keep: process.env.BENCH_KEEP === 'true',
  writeDocs: process.env.BENCH_WRITE_DOCS !== 'false',
  /** Phases to leave out while tuning (comma-separated: fold-only, baseline, rebuild, latency); a full run skips none. */
  skip: new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean)),
  /** BENCH_ONLY=rebuild: set up the event store and time the rebuild alone (no Kafka, nothing written to the docs). */
  only: process.env.BENCH_ONLY ?? '',
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
};
const RUN = randomBytes(3).toString('hex');
const PASSWORD = `bench ${RUN} ${randomBytes(9).toString('base64url')}`;
const JWT_SECRET = randomBytes(32).toString('base64');
const ARTIFACTS = join(REPO, '.var', 'bench-projector', RUN);
mkdirSync(ARTIFACTS, { recursive: true });

const log = (s: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dbUrl = (name: string) => {
  const u = new URL(cfg.adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// ---------------------------------------------------------------- processes

const children = new Set<ChildProcess>();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface App {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

async function startApp(name: string, env: Record<string, string>, label = name): Promise<App> {
  const port = await freePort();
  const logFile = createWriteStream(join(ARTIFACTS, `${label}.log`));
  const proc = spawn(process.execPath, [join(BUILD, 'apps', name, 'src', 'main.js')], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', JWT_SECRET, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.pipe(logFile);
  proc.stderr.pipe(logFile);
  children.add(proc);
  const exited = new Promise<void>((r) => proc.on('exit', () => r()));
  proc.on('exit', () => children.delete(proc));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${label} exited during start-up; see ${join(ARTIFACTS, `${label}.log`)}`);
    try {
      if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${label} not healthy after 90 s`);
    await sleep(250);
  }
  return {
    url,
    proc,
    stop: async () => {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t);
    },
  };
}

function runNode(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(proc);
    let stdout = '';
    proc.stdout.on('data', (d) => {
      stdout += d;
      process.stdout.write(d);
    });
    proc.stderr.on('data', (d) => process.stderr.write(d));
    proc.on('exit', (code) => {
      children.delete(proc);
      resolve({ code, stdout, ms: Date.now() - t0 });
    });
  });
}

// ---------------------------------------------------------------- databases and Kafka

const databases: string[] = [];

async function admin<T>(f: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: cfg.adminUrl });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/** A database of the benchmark's own, migrated and seeded (the seeded accounts' password is PASSWORD). */
async function newDatabase(suffix: string): Promise<string> {
  const name = `pledge_bench_projector_${RUN}_${suffix}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  databases.push(name);
  const ds = createDataSource({ url: dbUrl(name), applicationName: 'bench-projector' });
  await ds.initialize();
  try {
    await runMigrationsLocked(ds);
    await loadSeeds(ds, { dir: join(REPO, 'seeds'), hashPassword: (p) => hash(p), password: PASSWORD });
  } finally {
    await ds.destroy();
  }
  return dbUrl(name);
}

const kafka = new Kafka({ clientId: `bench-projector-${RUN}`, brokers: cfg.brokers, logLevel: logLevel.NOTHING });
const prefixes: string[] = [];

async function createTopics(prefix: string, partitions: number): Promise<void> {
  prefixes.push(prefix);
  const a = kafka.admin();
  await a.connect();
  try {
    await ensureTopics(
      a,
      topicSpecs({ updates: partitions, recorded: partitions }).map((t) => ({ topic: prefix + t.topic, numPartitions: t.numPartitions, replicationFactor: 1 })),
    );
  } finally {
    await a.disconnect();
  }
}

async function cleanUp(): Promise<void> {
  for (const p of children) p.kill('SIGKILL');
  if (cfg.keep) {
    log(`BENCH_KEEP: kept databases ${databases.join(', ')} and topic prefixes ${prefixes.join(', ')}`);
    return;
  }
  const a = kafka.admin();
  await a.connect().catch(() => undefined);
  const topics = (await a.listTopics().catch(() => [] as string[])).filter((t) => prefixes.some((p) => t.startsWith(p)));
  if (topics.length) await a.deleteTopics({ topics }).catch((e: Error) => log(`could not delete topics: ${e.message}`));
  const groups = (await a.listGroups().catch(() => ({ groups: [] as { groupId: string }[] }))).groups
    .map((g) => g.groupId)
    .filter((g) => prefixes.some((p) => g.startsWith(p)));
  if (groups.length) await a.deleteGroups(groups).catch(() => undefined);
  await a.disconnect().catch(() => undefined);
  for (const name of databases)
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch((e: Error) => log(`could not drop ${name}: ${e.message}`));
  log(`cleaned up: ${databases.length} databases, ${topics.length} topics`);
}

// ---------------------------------------------------------------- setup

/** A synthetic nation: province B, districts of 100 communes of 10 hamlets each. */
async function addSyntheticUnits(pg: Client, hamlets: number): Promise<void> {
  const districts = Math.ceil(hamlets / 1000);
  const src = `'benchmark: synthetic unit'`;
  await pg.query(
    `INSERT INTO admin_unit (id, code, code_is_synthetic, kind, name, parent_id, valid_from, source) VALUES ('B', 'B', true, 'province', 'Tỉnh thử tải', NULL, '2000-01-01', ${src})`,
  );
  await pg.query(
    `INSERT INTO admin_unit (id, code, code_is_synthetic, kind, name, parent_id, valid_from, source)
     SELECT format('B-D%s', lpad(d::text, 3, '0')), format('BD%s', d), true, 'district', format('Huyện thử %s', d), 'B', '2000-01-01', ${src} FROM generate_series(1, $1::int) d`,
    [districts],
  );
  await pg.query(
    `INSERT INTO admin_unit (id, code, code_is_synthetic, kind, name, parent_id, valid_from, source)
     SELECT format('B-D%s-C%s', lpad(d::text, 3, '0'), lpad(c::text, 3, '0')), format('BD%sC%s', d, c), true, 'commune', format('Xã thử %s.%s', d, c),
            format('B-D%s', lpad(d::text, 3, '0')), '2000-01-01', ${src}
       FROM generate_series(1, $1::int) d, generate_series(1, 100) c WHERE (d - 1) * 1000 + (c - 1) * 10 < $2`,
    [districts, hamlets],
  );
  await pg.query(
    `INSERT INTO admin_unit (id, code, code_is_synthetic, kind, name, parent_id, valid_from, source)
     SELECT format('B-D%s-C%s-A%s', lpad((h / 1000 + 1)::text, 3, '0'), lpad((h / 10 % 100 + 1)::text, 3, '0'), lpad((h % 10 + 1)::text, 2, '0')),
            format('BH%s', h), true, 'hamlet', format('Ấp thử %s', h + 1),
            format('B-D%s-C%s', lpad((h / 1000 + 1)::text, 3, '0'), lpad((h / 10 % 100 + 1)::text, 3, '0')), '2000-01-01', ${src}
       FROM generate_series(0, $1::int - 1) h`,
    [hamlets],
  );
}

/**
 * Appends events `from..to` to the event store: event i reports hamlet (i × 7919) mod H, one of three criteria
 * (XA-09 houses: a count and a fraction; AP-07: yes/no and a fraction; XA-04 electricity: a fraction), a day of
 * 2025-01..06 and a report a day later — so that every hamlet gets readings, old ones arrive after new ones, and
 * about a third of the upserts replace the reading in force.
 */
async function appendEvents(pg: Client, from: number, to: number, hamlets: number): Promise<void> {
  await pg.query(
    `INSERT INTO event_store (event_id, hamlet_code, commune_code, criterion_code, as_of, reported_at, reported_by, payload)
     SELECT id, h, c, crit, as_of, rep, 'bench',
            jsonb_build_object('eventId', id, 'schemaVersion', 1, 'hamletCode', h, 'criterionCode', crit, 'readings', rd, 'asOf', as_of,
                               'reportedAt', to_char(rep AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'reportedBy', 'bench')
       FROM (
         SELECT gen_random_uuid() AS id,
                format('B-D%s-C%s-A%s', lpad((hh / 1000 + 1)::text, 3, '0'), lpad((hh / 10 % 100 + 1)::text, 3, '0'), lpad((hh % 10 + 1)::text, 2, '0')) AS h,
                format('B-D%s-C%s', lpad((hh / 1000 + 1)::text, 3, '0'), lpad((hh / 10 % 100 + 1)::text, 3, '0')) AS c,
                (ARRAY['XA-09', 'AP-07', 'XA-04'])[i % 3 + 1] AS crit,
                CASE i % 3
                  WHEN 0 THEN jsonb_build_array(jsonb_build_object('indicatorCode', '9.1', 'value', i % 5),
                                                jsonb_build_object('indicatorCode', '9.2', 'numerator', 80 + i % 21, 'denominator', 100))
                  WHEN 1 THEN jsonb_build_array(jsonb_build_object('indicatorCode', '7.1', 'value', i % 7 <> 0),
                                                jsonb_build_object('indicatorCode', '7.2', 'numerator', 70 + i % 31, 'denominator', 100))
                  ELSE jsonb_build_array(jsonb_build_object('indicatorCode', '4.2', 'numerator', 90 + i % 11, 'denominator', 100))
                END AS rd,
                (date '2025-01-01' + (i * 37 % 180)) AS as_of,
                ((date '2025-01-02' + (i * 37 % 180))::timestamp AT TIME ZONE 'UTC') + make_interval(secs => i % 86400) AS rep
           FROM generate_series($1::int, $2::int) i, LATERAL (SELECT (i::bigint * 7919) % $3 AS hh) x
       ) e`,
    [from, to, hamlets],
  );
}

/** Publishes the event store to <prefix>ntm.criterion-recorded, as ingest does (key: the hamlet). Returns messages/s. */
async function publishEventStore(pg: Client, topic: string): Promise<number> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const t0 = Date.now();
  let last = 0n;
  let sent = 0;
  try {
    for (;;) {
      const { rows } = await pg.query(
        `SELECT sequence::text AS seq, hamlet_code AS k,
                (payload || jsonb_build_object('communeCode', commune_code, 'sequence', sequence::text,
                                               'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))::text AS v
           FROM event_store WHERE sequence > $1 ORDER BY sequence LIMIT 50000`,
        [last.toString()],
      );
      if (rows.length === 0) break;
      for (let i = 0; i < rows.length; i += 10_000) {
        await producer.send({ topic, acks: 1, messages: rows.slice(i, i + 10_000).map((r) => ({ key: r.k, value: r.v })) });
      }
      sent += rows.length;
      last = BigInt(rows[rows.length - 1].seq);
      if (sent % 200_000 < 50_000) log(`  published ${fmt(sent)}`);
    }
  } finally {
    await producer.disconnect();
  }
  return sent / ((Date.now() - t0) / 1000);
}

// ---------------------------------------------------------------- measurements

async function measureRaw(topic: string, group: string, total: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: group, maxBytesPerPartition: 4 * 1024 * 1024, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let n = 0;
  let t0 = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 2,
      // eslint-disable-next-line @typescript-eslint/unbound-method -- kafkajs hands these as plain closures; its typings declare them as methods
      eachBatch: async ({ batch, resolveOffset }) => {
        if (!t0) t0 = Date.now();
        n += batch.messages.length;
        resolveOffset(batch.lastOffset());
        if (n >= total) resolve(Date.now());
      },
    });
  });
  const end = await done;
  await consumer.disconnect();
  return total / ((end - t0) / 1000);
}

async function checkpointSum(pg: Client): Promise<number> {
  return Number((await pg.query(`SELECT coalesce(sum(next_offset), 0)::bigint AS n FROM projection_checkpoint`)).rows[0].n);
}

async function foldAll(pg: Client, total: number, label: string): Promise<{ rate: number; seconds: number }> {
  const t0 = Date.now();
  let first = 0;
  let lastLog = 0;
  for (;;) {
    const n = await checkpointSum(pg);
    const now = Date.now();
    if (n > 0 && !first) first = now;
    if (n >= total) return { rate: total / ((now - first) / 1000), seconds: (now - first) / 1000 };
    if (now - lastLog > 10_000) {
      lastLog = now;
      log(`  ${label}: folded ${fmt(n)} / ${fmt(total)}`);
    }
    if (now - t0 > 30 * 60_000) throw new Error('the projector did not fold the topic within 30 minutes');
    await sleep(100);
  }
}

async function measureProjector(pg: Client, url: string, prefix: string, total: number, r: Results): Promise<App[]> {
  const common = { DATABASE_URL: url, KAFKA_BROKERS: cfg.brokers.join(','), KAFKA_TOPIC_PREFIX: prefix };
  if (!cfg.skip.has('fold-only')) {
    // (b') the fold alone: one projector process with the status refresher switched off
    const alone = await startApp('projector', { ...common, PROJECTOR_STATUS_REFRESHER: 'false' }, 'projector-fold-only');
    const foldOnly = await foldAll(pg, total, "(b') fold only");
    r.foldOnly = foldOnly.rate;
    r.foldOnlySeconds = foldOnly.seconds;
    await alone.stop();
    log(`  (b') ${fmt(r.foldOnly)} events/s; starting again from empty read models, with the status refresher`);
    await pg.query(`TRUNCATE rm_reading, rm_reading_history, rm_cell_report, projection_dirty_batch, projection_checkpoint, rm_district_day,
                             rm_unit_day, rm_pledge_item_day, rm_reporting_summary, projection_state`);
  }
  // (b) as deployed for a large programme: a consumer process and a status-refresher process side by side
  const refresher = await startApp('projector', { ...common, PROJECTOR_CONSUMER: 'false' }, 'projector-refresher');
  const consumer = await startApp('projector', { ...common, PROJECTOR_STATUS_REFRESHER: 'false' }, 'projector-consumer');
  const deployed = await foldAll(pg, total, '(b) fold with the refresher');
  r.projector = deployed.rate;
  r.projectorSeconds = deployed.seconds;
  const streamEnd = Date.now();
  log(`  (b) ${fmt(r.projector)} events/s; waiting for the status refresher to settle`);
  r.derivedSettleSeconds = null;
  for (;;) {
    const { rows } = await pg.query(
      `SELECT (SELECT count(*)::int FROM projection_dirty_batch) AS dirty, (SELECT derived_today IS NOT NULL FROM projection_state LIMIT 1) AS done`,
    );
    if (rows[0].dirty === 0 && rows[0].done) {
      r.derivedSettleSeconds = (Date.now() - streamEnd) / 1000;
      break;
    }
    if (Date.now() - streamEnd > cfg.derivedTimeoutS * 1000) {
      r.notes.push(`The status refresher had ${rows[0].dirty} units left after ${cfg.derivedTimeoutS} s; the benchmark went on.`);
      break;
    }
    await sleep(500);
  }
  r.derivedUnits = Number((await pg.query(`SELECT count(DISTINCT unit_id)::int AS n FROM rm_unit_day`)).rows[0].n);
  r.derivedDays = Number((await pg.query(`SELECT count(*)::int AS n FROM rm_district_day`)).rows[0].n);
  r.refresher = await refresherRounds(refresher.url);
  if (r.refresher) log(`  refresher: ${r.refresher.rounds} rounds, ${r.refresher.seconds.toFixed(1)} s working, ${fmt(r.refresher.units)} units recomputed`);
  return [consumer, refresher];
}

/** What the status refresher did (its /metrics): rounds, seconds spent in them, units recomputed. */
async function refresherRounds(url: string): Promise<Results['refresher']> {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? NaN);
    return {
      rounds: metric('projector_status_refresh_seconds_count'),
      seconds: metric('projector_status_refresh_seconds_sum'),
      units: metric('projector_status_refreshed_units_total'),
    };
  } catch {
    return undefined;
  }
}

async function measureBaseline(topic: string, prefix: string, url: string, r: Results): Promise<void> {
  const group = `${prefix}baseline`;
  const logFile = createWriteStream(join(ARTIFACTS, 'baseline.log'));
  const proc = spawn(process.execPath, [join(BUILD, 'bench', 'projector', 'baseline', 'baseline.js')], {
    env: { ...process.env, DATABASE_URL: url, KAFKA_BROKERS: cfg.brokers.join(','), KAFKA_TOPIC_PREFIX: prefix, BENCH_GROUP: group },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  proc.stdout.pipe(logFile);
  proc.stderr.pipe(logFile);
  const a = kafka.admin();
  await a.connect();
  const committed = async () =>
    (await a.fetchOffsets({ groupId: group, topics: [topic] }).catch(() => [] as { partitions: { offset: string }[] }[]))
      .flatMap((t) => t.partitions)
      .reduce((s, p) => s + Math.max(0, Number(p.offset)), 0);
  try {
    const deadline = Date.now() + 120_000;
    while ((await committed()) === 0) {
      if (proc.exitCode !== null) throw new Error(`the baseline exited; see ${join(ARTIFACTS, 'baseline.log')}`);
      if (Date.now() > deadline) throw new Error('the baseline consumed nothing in 2 minutes');
      await sleep(500);
    }
    await sleep(5000); // warm-up
    const n0 = await committed();
    const t0 = Date.now();
    await sleep(cfg.baselineSeconds * 1000);
    const n1 = await committed();
    r.baseline = (n1 - n0) / ((Date.now() - t0) / 1000);
  } finally {
    await a.disconnect();
    proc.kill('SIGTERM');
    await new Promise((res) => (proc.exitCode !== null ? res(null) : proc.on('exit', res)));
    children.delete(proc);
  }
}

async function measureLatency(r: Results): Promise<void> {
  const url = await newDatabase('lat');
  const prefix = `bench-${RUN}-lat.`;
  await createTopics(prefix, 6);
  const env = {
    DATABASE_URL: url,
    KAFKA_BROKERS: cfg.brokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    // the probe polls GET /api/v1/progress back to back: the read rate limits (300 a minute per account) would answer
    // 429 on a fast machine; they are not what this phase measures
    RATE_LIMIT_STORAGE: 'memory',
    READ_RATE_LIMIT_PER_ACCOUNT: '1000000',
    READ_RATE_LIMIT_PER_ADDRESS: '1000000',
  };
  const apps: App[] = [];
  try {
    for (const name of ['ingest', 'projector', 'intake', 'dashboard']) apps.push(await startApp(name, env, `${name}-latency`));
    const [, , intake, dashboard] = apps;
    const login = async (username: string) => {
      const res = await fetch(`${intake.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login of ${username}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const cells = ['874-30133-A01', '874-30136-A01', '874-30139-A01', '874-30142-A01', '874-30145-A01'];
    const tokens = await Promise.all(cells.map((c) => login(`bithu.${c.toLowerCase()}`)));
    let leader = await login('lanhdao.1');
    let leaderAt = Date.now();
    const lastReportedAt = async (): Promise<string | null> => {
      if (Date.now() - leaderAt > 600_000) {
        leader = await login('lanhdao.1');
        leaderAt = Date.now();
      }
      const res = await fetch(`${dashboard.url}/api/v1/progress`, { headers: { authorization: `Bearer ${leader}` } });
      if (res.status !== 200) throw new Error(`GET /api/v1/progress: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { lastReportedAt: string | null }).lastReportedAt;
    };
    const submit = async (k: number) => {
      const res = await fetch(`${intake.url}/api/v1/updates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[k % cells.length]}` },
        body: JSON.stringify({
          eventId: randomUUID(),
          hamletCode: cells[k % cells.length],
          criterionCode: 'XA-04',
          readings: [{ indicatorCode: '4.2', numerator: 400 + (k % 20), denominator: 420 }],
          asOf: '2025-06-30',
        }),
      });
      if (res.status !== 202) throw new Error(`POST /api/v1/updates: ${res.status} ${await res.text()}`);
    };
    const sample = async (k: number): Promise<number | null> => {
      const before = await lastReportedAt();
      await submit(k);
      const t0 = performance.now();
      while (performance.now() - t0 < 10_000) {
        if ((await lastReportedAt()) !== before) return performance.now() - t0;
        await sleep(5);
      }
      return null;
    };
    for (let k = 0; k < 3; k++) await sample(1000 + k); // warm-up: first computations, JIT
    const times: number[] = [];
    let timeouts = 0;
    for (let k = 0; k < cfg.latencySamples; k++) {
      const ms = await sample(k);
      if (ms === null) timeouts++;
      else times.push(ms);
      await sleep(cfg.latencyIntervalMs);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
    r.latency = { p50: q(0.5), p95: q(0.95), max: times[times.length - 1], samples: times.length, timeouts };
  } finally {
    for (const a of apps.reverse()) await a.stop();
  }
}

async function measureRebuild(url: string, r: Results): Promise<void> {
  log('rebuild');
  const rebuild = await runNode(join(BUILD, 'apps', 'projector', 'src', 'cli.js'), ['rebuild'], { DATABASE_URL: url, LOG_LEVEL: 'warn' });
  if (rebuild.code !== 0) throw new Error(`rebuild exited with ${rebuild.code}`);
  r.rebuildSeconds = rebuild.ms / 1000;
  r.rebuildPhases = /phases: ([^\n]*)/.exec(rebuild.stdout)?.[1]?.replace(/ \(live writers.*$/, '') ?? '—';
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const startedAt = new Date();
  const load = { before: loadavg(), after: [] as number[] };
  const r: Results = { notes: [] };
  log(`projector benchmark ${RUN}: ${fmt(cfg.events)} events over ${fmt(cfg.hamlets)} hamlets; artifacts in ${ARTIFACTS}`);
  try {
    log('setup: database (migrate, seed, synthetic units)');
    const url = await newDatabase('tp');
    const pg = new Client({ connectionString: url });
    await pg.connect();
    await addSyntheticUnits(pg, cfg.hamlets);
    log('setup: events into the event store');
    for (let i = 0; i < cfg.events; i += 100_000) {
      await appendEvents(pg, i, Math.min(cfg.events, i + 100_000) - 1, cfg.hamlets);
      log(`  stored ${fmt(Math.min(cfg.events, i + 100_000))}`);
    }
    await pg.query('ANALYZE');
    if (cfg.only === 'rebuild') {
      await measureRebuild(url, r);
      await pg.end();
      log(`rebuild ${r.rebuildSeconds?.toFixed(1)} s: ${r.rebuildPhases}`);
      return;
    }
    const prefix = `bench-${RUN}.`;
    await createTopics(prefix, cfg.partitions);
    const topic = prefix + Topics.criterionRecorded;
    log('setup: publishing to Kafka');
    r.produceRate = await publishEventStore(pg, topic);

    log('(a) raw kafkajs consumption');
    r.raw = await measureRaw(topic, `${prefix}raw`, cfg.events);
    log(`  (a) ${fmt(r.raw)} events/s`);

    log('(b) the projector');
    const projectorApps = await measureProjector(pg, url, prefix, cfg.events, r);
    for (const a of projectorApps) await a.stop();

    if (!cfg.skip.has('baseline')) {
      log('(c) the baseline (@EventPattern, one TypeORM save per event)');
      const baseUrl = await newDatabase('base');
      await measureBaseline(topic, prefix, baseUrl, r);
      log(`  (c) ${fmt(r.baseline ?? 0)} events/s`);
    }

    if (!cfg.skip.has('rebuild')) await measureRebuild(url, r);
    await pg.end();

    if (!cfg.skip.has('latency')) {
      log('latency: intake → ingest → projector → dashboard');
      await measureLatency(r);
      log(`  p95 ${r.latency?.p95.toFixed(0)} ms`);
    }
  } finally {
    load.after = loadavg();
    await cleanUp();
  }
  const section = renderSection(r, {
    date: startedAt.toISOString().slice(0, 10),
    cores: cpus().length,
    loadBefore: load.before,
    loadAfter: load.after,
    events: cfg.events,
    hamlets: cfg.hamlets,
    partitions: cfg.partitions,
    node: process.versions.node,
    command: 'npm run bench:projector',
  });
  if (cfg.writeDocs) writeSection(join(REPO, 'docs', 'benchmarks.md'), section);
  process.stdout.write(`\n${section}\n`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().catch((err: Error) => {
  process.stderr.write(`✘ benchmark failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
