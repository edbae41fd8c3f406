/**
 * Kafka cluster benchmark: `npm run bench:cluster` (bench/run.sh compiles, then runs this file).
 *
 * One run measures the same things on two PRIVATE Kafka setups started by the benchmark from the same jars, one
 * after the other: a single broker (scripts/kafka-broker.sh; topics 1/1) and a three-node cluster
 * (scripts/kafka-cluster.sh; topics replication factor 3, min.insync.replicas 2, as `cli topics` makes them):
 *   publish   BENCH_EVENTS recorded events appended to the event store and published as ingest does (acks=all)
 *   fold      the projector app (its own process) folding them: sustained events/s from first to last checkpoint
 *   latency   intake → ingest → projector → dashboard on a fresh seeded database: a secretary's update, its 202, then
 *             GET /api/v1/progress until `lastReportedAt` shows it; BENCH_LATENCY_SAMPLES updates, one every
 *             BENCH_LATENCY_INTERVAL_MS
 *   fault     (cluster only) while secretaries submit every BENCH_FAULT_EVERY_MS, the broker leading the partition
 *             of one cell's updates is SIGKILLed, then restarted after BENCH_FAULT_DOWN_S: the longest pause between
 *             two progress signals (NOTIFY progress_changed), and POST → visible of the updates sent meanwhile
 * Then it writes the "## Kafka cluster" section of docs/benchmarks.md (BENCH_WRITE_DOCS=false: print only).
 *
 * Environment: DATABASE_URL (any database of the server; the benchmark creates its own and drops them), REDIS_URL,
 * BENCH_EVENTS (200000), BENCH_PARTITIONS (6), BENCH_LATENCY_SAMPLES (60), BENCH_LATENCY_INTERVAL_MS (400),
 * BENCH_FAULT_EVERY_MS (100), BENCH_FAULT_DOWN_S (20), BENCH_KEEP (keep databases and broker data).
 */
import { Topics } from '@pledge/contracts';
import { createDataSource, loadSeeds, runMigrationsLocked } from '@pledge/persistence';
import { ensureProjectTopics } from '@pledge/platform';
import { hash } from 'argon2';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

const REPO = process.cwd();
const BUILD = process.env.BENCH_BUILD ?? join(REPO, 'dist');
const num = (name: string, def: number) => (process.env[name] ? Number(process.env[name]) : def);
const cfg = {
  events: num('BENCH_EVENTS', 200_000),
  partitions: num('BENCH_PARTITIONS', 6),
  latencySamples: num('BENCH_LATENCY_SAMPLES', 60),
  latencyIntervalMs: num('BENCH_LATENCY_INTERVAL_MS', 400),
  faultEveryMs: num('BENCH_FAULT_EVERY_MS', 100),
  faultDownS: num('BENCH_FAULT_DOWN_S', 20),
  keep: process.env.BENCH_KEEP === 'true',
  writeDocs: process.env.BENCH_WRITE_DOCS !== 'false',
  adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
};
const RUN = randomBytes(3).toString('hex');
const PASSWORD = `bench ${RUN} ${randomBytes(9).toString('base64url')}`;
const JWT_SECRET = randomBytes(32).toString('base64');
const HOME = join(REPO, '.var', 'bench-cluster', RUN);
mkdirSync(HOME, { recursive: true });
const run = promisify(execFile);

const log = (s: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const dbUrl = (name: string) => {
  const u = new URL(cfg.adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
};
const quantiles = (values: number[]) => {
  const t = [...values].sort((a, b) => a - b);
  const q = (p: number) => t[Math.min(t.length - 1, Math.max(0, Math.ceil(p * t.length) - 1))];
  return { p50: q(0.5), p95: q(0.95), max: t[t.length - 1], samples: t.length };
};

// ---------------------------------------------------------------- processes and services

const children = new Set<ChildProcess>();
const databases: string[] = [];

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
  stop(): Promise<void>;
}

async function startApp(name: string, env: Record<string, string>, label: string): Promise<App> {
  const port = await freePort();
  const logFile = join(HOME, `${label}.log`);
  const proc = spawn(process.execPath, [join(BUILD, 'apps', name, 'src', 'main.js')], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', JWT_SECRET, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(logFile);
  proc.stdout.pipe(out);
  proc.stderr.pipe(out);
  children.add(proc);
  const exited = new Promise<void>((r) => proc.on('exit', () => r()));
  proc.on('exit', () => children.delete(proc));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${label} exited during start-up; see ${logFile}`);
    try {
      if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${label} not healthy after 90 s; see ${logFile}`);
    await sleep(250);
  }
  return {
    url,
    stop: async () => {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t);
    },
  };
}

interface KafkaSetup {
  label: 'single broker' | 'three brokers';
  brokers: string;
  kill?(node: number): Promise<void>;
  start?(node: number): Promise<void>;
  stop(): Promise<void>;
}

async function startSingleBroker(): Promise<KafkaSetup> {
  const [port, controller] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    KAFKA_HOME_DIR: join(HOME, 'single'),
    KAFKA_LIBS_DIR: process.env.KAFKA_LIBS_DIR ?? join(REPO, '.var', 'kafka', `libs-${kafkaVersion()}`),
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controller),
    KAFKA_HEAP: '-Xms192m -Xmx512m',
  };
  const script = (cmd: string) => run('bash', [join(REPO, 'scripts', 'kafka-broker.sh'), cmd], { env, timeout: 300_000 });
  await script('start');
  return { label: 'single broker', brokers: `127.0.0.1:${port}`, stop: async () => void (await script('stop')) };
}

async function startCluster(): Promise<KafkaSetup> {
  const ports: number[] = [];
  while (ports.length < 6) {
    const p = await freePort();
    if (!ports.includes(p)) ports.push(p);
  }
  const env = {
    ...process.env,
    KAFKA_CLUSTER_HOME: join(HOME, 'cluster'),
    KAFKA_CLUSTER_PORTS: ports.slice(0, 3).join(','),
    KAFKA_CLUSTER_CONTROLLER_PORTS: ports.slice(3).join(','),
  };
  const script = (...args: string[]) => run('bash', [join(REPO, 'scripts', 'kafka-cluster.sh'), ...args], { env, timeout: 300_000 });
  await script('start');
  return {
    label: 'three brokers',
    brokers: ports
      .slice(0, 3)
      .map((p) => `127.0.0.1:${p}`)
      .join(','),
    kill: async (n) => void (await script('kill-node', String(n))),
    start: async (n) => void (await script('start-node', String(n))),
    stop: async () => void (await script('stop')),
  };
}

function kafkaVersion(): string {
  return /<kafka.version>(.*)<\/kafka.version>/.exec(readFileSync(join(REPO, 'tools', 'kafka', 'pom.xml'), 'utf8'))![1];
}

async function admin<T>(f: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: cfg.adminUrl });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

async function newDatabase(suffix: string): Promise<string> {
  const name = `pledge_bench_cluster_${RUN}_${suffix}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  databases.push(name);
  const ds = createDataSource({ url: dbUrl(name), applicationName: 'bench-cluster' });
  await ds.initialize();
  try {
    await runMigrationsLocked(ds);
    await loadSeeds(ds, { dir: join(REPO, 'seeds'), hashPassword: (p) => hash(p), password: PASSWORD });
  } finally {
    await ds.destroy();
  }
  return dbUrl(name);
}

async function createTopics(kafka: Kafka, prefix: string): Promise<string> {
  const a = kafka.admin();
  await a.connect();
  try {
    const { replication } = await ensureProjectTopics(a, { prefix, partitions: { updates: cfg.partitions, recorded: cfg.partitions } });
    return `${replication.factor}/${replication.minInSyncReplicas}`;
  } finally {
    await a.disconnect();
  }
}

// ---------------------------------------------------------------- measurements

interface SetupResult {
  label: string;
  replication: string;
  publishRate: number;
  foldRate: number;
  foldSeconds: number;
  latency: ReturnType<typeof quantiles> & { timeouts: number };
  fault?: { victim: number; pauseMs: number; pauseStartsAfterKillMs: number; accepted: number; visible: ReturnType<typeof quantiles>; downS: number };
}

/** BENCH_EVENTS events for the seeded hamlets (XA-04 4.2, days over the first half of 2025) into the event store, then to the topic. */
async function publishEvents(pg: Client, kafka: Kafka, topic: string): Promise<number> {
  await pg.query(
    `INSERT INTO event_store (event_id, hamlet_code, commune_code, criterion_code, as_of, reported_at, reported_by, payload)
     SELECT e.eid, h.id, h.parent_id, 'XA-04', as_of, rep, 'bench',
            jsonb_build_object('eventId', e.eid, 'schemaVersion', 1, 'hamletCode', h.id, 'criterionCode', 'XA-04',
                               'readings', jsonb_build_array(jsonb_build_object('indicatorCode', '4.2', 'numerator', 300 + i % 120, 'denominator', 420)),
                               'asOf', as_of, 'reportedAt', to_char(rep AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'reportedBy', 'bench')
       FROM (SELECT i, gen_random_uuid() AS eid, (date '2025-01-01' + (i * 37 % 180)) AS as_of,
                    ((date '2025-01-02' + (i * 37 % 180))::timestamp AT TIME ZONE 'UTC') + make_interval(secs => i % 86400) AS rep,
                    i % (SELECT count(*) FROM admin_unit WHERE kind = 'hamlet') AS k
               FROM generate_series(1, $1::int) i) e
       JOIN (SELECT id, parent_id, row_number() OVER (ORDER BY id) - 1 AS k FROM admin_unit WHERE kind = 'hamlet') h ON h.k = e.k`,
    [cfg.events],
  );
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const t0 = Date.now();
  let last = '0';
  let sent = 0;
  try {
    for (;;) {
      const { rows } = await pg.query(
        `SELECT sequence::text AS seq, hamlet_code AS k,
                (payload || jsonb_build_object('communeCode', commune_code, 'sequence', sequence::text,
                                               'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))::text AS v
           FROM event_store WHERE sequence > $1 ORDER BY sequence LIMIT 20000`,
        [last],
      );
      if (rows.length === 0) break;
      for (let i = 0; i < rows.length; i += 5000) await producer.send({ topic, messages: rows.slice(i, i + 5000).map((r) => ({ key: r.k, value: r.v })) });
      sent += rows.length;
      last = rows[rows.length - 1].seq;
    }
  } finally {
    await producer.disconnect();
  }
  return sent / ((Date.now() - t0) / 1000);
}

async function measureFold(setup: KafkaSetup, kafka: Kafka, r: SetupResult): Promise<void> {
  const url = await newDatabase(`fold${setup.label === 'single broker' ? 1 : 3}`);
  const prefix = `bench-${RUN}-fold${setup.label === 'single broker' ? 1 : 3}.`;
  r.replication = await createTopics(kafka, prefix);
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    log(`  ${setup.label}: publishing ${fmt(cfg.events)} recorded events (replication ${r.replication}, acks=all)`);
    r.publishRate = await publishEvents(pg, kafka, prefix + Topics.criterionRecorded);
    const app = await startApp(
      'projector',
      { DATABASE_URL: url, KAFKA_BROKERS: setup.brokers, KAFKA_TOPIC_PREFIX: prefix },
      `projector-fold-${setup.label.replace(' ', '-')}`,
    );
    try {
      let first = 0;
      const t0 = Date.now();
      for (;;) {
        const n = Number((await pg.query(`SELECT coalesce(sum(next_offset), 0)::bigint AS n FROM projection_checkpoint`)).rows[0].n);
        const now = Date.now();
        if (n > 0 && !first) first = now;
        if (n >= cfg.events) {
          r.foldSeconds = (now - first) / 1000;
          r.foldRate = cfg.events / r.foldSeconds;
          break;
        }
        if (now - t0 > 20 * 60_000) throw new Error('the projector did not fold the topic within 20 minutes');
        await sleep(100);
      }
    } finally {
      await app.stop();
    }
  } finally {
    await pg.end();
  }
  log(`  ${setup.label}: fold ${fmt(r.foldRate)} events/s (${r.foldSeconds.toFixed(1)} s), publish ${fmt(r.publishRate)} events/s`);
}

/** The real path on a fresh database; with a cluster, also the broker's death under a steady stream of updates. */
async function measureLatencyAndFault(setup: KafkaSetup, kafka: Kafka, r: SetupResult): Promise<void> {
  const tag = setup.label === 'single broker' ? 1 : 3;
  const url = await newDatabase(`lat${tag}`);
  const prefix = `bench-${RUN}-lat${tag}.`;
  await createTopics(kafka, prefix);
  const env = { DATABASE_URL: url, KAFKA_BROKERS: setup.brokers, KAFKA_TOPIC_PREFIX: prefix, REDIS_URL: cfg.redisUrl, BULLMQ_PREFIX: `bench-${RUN}` };
  const apps: App[] = [];
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    for (const name of ['ingest', 'projector', 'intake', 'dashboard']) apps.push(await startApp(name, env, `${name}-latency-${tag}`));
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
    const leader = await login('lanhdao.1');
    const lastReportedAt = async (): Promise<string | null> => {
      const res = await fetch(`${dashboard.url}/api/v1/progress`, { headers: { authorization: `Bearer ${leader}` } });
      if (res.status !== 200) throw new Error(`GET /api/v1/progress: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { lastReportedAt: string | null }).lastReportedAt;
    };
    const submit = async (k: number): Promise<string> => {
      const eventId = randomUUID();
      const res = await fetch(`${intake.url}/api/v1/updates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[k % cells.length]}` },
        body: JSON.stringify({
          eventId,
          hamletCode: cells[k % cells.length],
          criterionCode: 'XA-04',
          readings: [{ indicatorCode: '4.2', numerator: 400 + (k % 20), denominator: 420 }],
          asOf: '2025-06-30',
        }),
      });
      if (res.status !== 202) throw new Error(`POST /api/v1/updates: ${res.status} ${await res.text()}`);
      return eventId;
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
    for (let k = 0; k < 3; k++) await sample(1000 + k); // warm-up
    const times: number[] = [];
    let timeouts = 0;
    for (let k = 0; k < cfg.latencySamples; k++) {
      const ms = await sample(k);
      if (ms === null) timeouts++;
      else times.push(ms);
      await sleep(cfg.latencyIntervalMs);
    }
    r.latency = { ...quantiles(times), timeouts };
    log(
      `  ${setup.label}: POST → visible p50 ${r.latency.p50.toFixed(0)} ms, p95 ${r.latency.p95.toFixed(0)} ms (${r.latency.samples} samples, ${timeouts} timeouts)`,
    );

    if (!setup.kill) return;
    // the fault: a steady stream of updates; the leader of the first cell's partition dies, comes back later
    const signals: number[] = [];
    const listener = new Client({ connectionString: url });
    await listener.connect();
    listener.on('notification', () => signals.push(Date.now()));
    await listener.query('LISTEN progress_changed');
    const sent = new Map<string, number>();
    let streaming = true;
    const stream = (async () => {
      for (let k = 0; streaming; k++) {
        const t = Date.now();
        sent.set(await submit(k), Date.now());
        await sleep(Math.max(0, cfg.faultEveryMs - (Date.now() - t)));
      }
    })();
    await sleep(5000);
    const [row] = (await pg.query(`SELECT source_partition FROM event_store WHERE hamlet_code = $1 ORDER BY sequence DESC LIMIT 1`, [cells[0]])).rows;
    const ka = kafka.admin();
    await ka.connect();
    const meta = await ka.fetchTopicMetadata({ topics: [prefix + Topics.criterionUpdates] });
    await ka.disconnect();
    const victim = meta.topics[0].partitions.find((p) => p.partitionId === row.source_partition)!.leader;
    const killedAt = Date.now();
    log(`  ${setup.label}: SIGKILL of broker ${victim} (leader of ${Topics.criterionUpdates} partition ${row.source_partition}); back in ${cfg.faultDownS} s`);
    await setup.kill(victim);
    await sleep(cfg.faultDownS * 1000);
    await setup.start!(victim);
    await sleep(15_000);
    streaming = false;
    await stream;
    const stoppedAt = Date.now();
    // every update sent is visible (projected) in the end; when did each become so?
    const ids = [...sent.keys()];
    const deadline = Date.now() + 180_000;
    let projected: { event_id: string; at: Date }[] = [];
    while (Date.now() < deadline) {
      projected = (
        await pg.query(
          `SELECT h.event_id::text AS event_id, min(s.recorded_at) AS at FROM rm_reading_history h JOIN event_store s USING (event_id) WHERE h.event_id = ANY($1::uuid[]) GROUP BY 1`,
          [ids],
        )
      ).rows;
      if (projected.length === ids.length) break;
      await sleep(500);
    }
    await listener.end();
    const marks = [killedAt, ...signals.filter((t) => t > killedAt && t < stoppedAt), stoppedAt];
    let pause = { ms: 0, at: killedAt };
    for (let i = 1; i < marks.length; i++) if (marks[i] - marks[i - 1] > pause.ms) pause = { ms: marks[i] - marks[i - 1], at: marks[i - 1] };
    // POST → recorded in the event store for the updates sent during the fault (the read models follow within a batch)
    const lag = projected.map((p) => new Date(p.at).getTime() - sent.get(p.event_id)!).filter((ms) => ms >= 0);
    r.fault = { victim, pauseMs: pause.ms, pauseStartsAfterKillMs: pause.at - killedAt, accepted: ids.length, visible: quantiles(lag), downS: cfg.faultDownS };
    log(`  ${setup.label}: longest pause in progress updates ${(pause.ms / 1000).toFixed(1)} s; ${projected.length}/${ids.length} updates projected`);
    if (projected.length !== ids.length) throw new Error(`only ${projected.length} of ${ids.length} updates sent during the fault reached the read models`);
  } finally {
    await pg.end();
    for (const a of apps.reverse()) await a.stop();
  }
}

// ---------------------------------------------------------------- report

function renderSection(results: SetupResult[], info: { at: string; load: string; cores: number; kafka: string }): string {
  const s = (n: number) => fmt(n);
  const ms = (n: number) => `${Math.round(n)} ms`;
  const rows = results.map(
    (r) =>
      `| ${r.label} | ${r.replication} | ${s(r.publishRate)} ev/s | ${s(r.foldRate)} ev/s (${r.foldSeconds.toFixed(1)} s) | ${ms(r.latency.p50)} | ${ms(r.latency.p95)} | ${ms(r.latency.max)} (${r.latency.samples} samples, ${r.latency.timeouts} timeouts) |`,
  );
  const f = results.find((r) => r.fault)?.fault;
  return [
    '## Kafka cluster',
    '',
    `\`npm run bench:cluster\` (bench/cluster/bench.ts), one run on ${info.at}: Apache Kafka ${info.kafka}, private brokers started by the`,
    `benchmark from the same jars, one setup after the other; ${fmt(cfg.events)} events, ${cfg.partitions} partitions; ${info.cores} cores shared`,
    `with other work (load average at the start: ${info.load}).`,
    '',
    '| setup | replication factor / min.insync.replicas | publish (acks=all, idempotent) | projector fold | POST → visible p50 | p95 | max |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    f
      ? [
          `**A broker dies.** With updates submitted every ${cfg.faultEveryMs} ms, the broker leading the partition of one cell's updates`,
          `(broker ${f.victim}) was killed with SIGKILL and started again ${f.downS} s later. The longest pause between two progress`,
          `updates (NOTIFY progress_changed) was **${(f.pauseMs / 1000).toFixed(1)} s**, starting ${(f.pauseStartsAfterKillMs / 1000).toFixed(1)} s after the kill;`,
          `all ${f.accepted} updates sent meanwhile reached the read models, each once (POST → in the event store: p50 ${ms(f.visible.p50)},`,
          `p95 ${ms(f.visible.p95)}, max ${ms(f.visible.max)}).`,
        ].join('\n')
      : '',
  ].join('\n');
}

function writeSection(file: string, section: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf('\n## Kafka cluster\n');
  let next: string;
  if (start < 0) next = `${current.trimEnd()}\n\n${section}`;
  else {
    const after = current.indexOf('\n## ', start + 1);
    next = `${current.slice(0, start + 1)}${section}\n${after < 0 ? '' : current.slice(after)}`;
  }
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const info = {
    at: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    load: loadavg()
      .map((l) => l.toFixed(1))
      .join(' / '),
    cores: cpus().length,
    kafka: kafkaVersion(),
  };
  const results: SetupResult[] = [];
  for (const start of [startSingleBroker, startCluster]) {
    log(`starting ${start === startCluster ? 'a three-node cluster' : 'a single broker'}`);
    const setup = await start();
    const kafka = new Kafka({ clientId: `bench-cluster-${RUN}`, brokers: setup.brokers.split(','), logLevel: logLevel.NOTHING });
    const r = { label: setup.label } as SetupResult;
    try {
      await measureFold(setup, kafka, r);
      await measureLatencyAndFault(setup, kafka, r);
      results.push(r);
    } finally {
      await setup.stop().catch(() => undefined);
    }
  }
  const section = renderSection(results, info);
  process.stdout.write(`\n${section}\n`);
  if (cfg.writeDocs) writeSection(join(REPO, 'docs', 'benchmarks.md'), section);
}

main()
  .catch((err) => {
    process.stderr.write(`bench:cluster failed: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const p of children) p.kill('SIGKILL');
    if (!cfg.keep) {
      for (const d of databases) await admin((c) => c.query(`DROP DATABASE IF EXISTS "${d}" WITH (FORCE)`)).catch(() => undefined);
      rmSync(HOME, { recursive: true, force: true });
    }
  });
