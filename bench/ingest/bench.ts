/**
 * Ingest benchmark: `npm run bench:ingest` (bench/run.sh compiles, then runs this file).
 *
 * In one run, on databases and Kafka topic prefixes of its own (all removed afterwards):
 *   setup     BENCH_EVENTS valid criterion updates for the seeded district (bench/ingest/updates.ts) produced to
 *             <prefix>ntm.criterion-updates (BENCH_PARTITIONS partitions) before anything consumes them;
 *   (a)       raw kafkajs consumption of that topic, eachBatch doing nothing: the client's limit;
 *   (b)       the batched ingest (compiled app, its own process) from the full topic: every update validated, in the
 *             event store, republished to ntm.criterion-recorded and its offset committed (one Kafka transaction per
 *             batch); events/s from its first committed batch to the last, then checked: event_store rows, committed
 *             messages on ntm.criterion-recorded, no dead letters;
 *   (c)       end to end on a fresh database and topic holding the same number of updates: ingest, projector (consumer
 *             and status refresher in one process, as `npm start` runs it), dashboard and intake (for the log-in);
 *             from the start of ingest until every event is folded and GET /api/v1/progress shows the newest report;
 *             meanwhile the backlog the dashboard's status line shows (GET /api/v1/pipeline/backlog) is sampled;
 *   (d)       the previous one-message-at-a-time ingest (bench/ingest/baseline.ts: apps/ingest at BENCH_BASELINE_REF)
 *             on BENCH_BASELINE_EVENTS updates, over BENCH_BASELINE_SECONDS.
 * Then it writes the "## Ingest" section of docs/benchmarks.md (BENCH_WRITE_DOCS=false: print only).
 *
 * Environment: DATABASE_URL (any database of the server; the benchmark creates its own), KAFKA_BROKERS, REDIS_URL,
 * BENCH_EVENTS (1000000), BENCH_PARTITIONS (6), BENCH_BASELINE_EVENTS (60000), BENCH_BASELINE_SECONDS (30),
 * BENCH_BASELINE_REF (see baseline.ts), BENCH_SKIP (comma-separated: raw, e2e, baseline), BENCH_KEEP, BENCH_WRITE_DOCS,
 * BENCH_INGEST_NODE_ARGS (node options of the ingest process in (b), e.g. a CPU profile while tuning).
 */
import { Topics, type CriterionUpdateV1 } from '@pledge/contracts';
import { createDataSource, loadSubmissionReference } from '@pledge/persistence';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BenchApp, BenchRun, fmt, log, num, REPO, sleep, writeDocSection } from '../support/bench-run';
import { buildPreviousIngest, PREVIOUS_INGEST_REF } from './baseline';
import { makeUpdate, updateTemplates } from './updates';

const cfg = {
  events: num('BENCH_EVENTS', 1_000_000),
  partitions: num('BENCH_PARTITIONS', 6),
  baselineEvents: num('BENCH_BASELINE_EVENTS', 60_000),
  baselineSeconds: num('BENCH_BASELINE_SECONDS', 30),
  baselineRef: process.env.BENCH_BASELINE_REF ?? PREVIOUS_INGEST_REF,
  /** Extra node options of the ingest process in (b), e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" while tuning. */
  ingestNodeArgs: (process.env.BENCH_INGEST_NODE_ARGS ?? '').split(' ').filter(Boolean),
  skip: new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean)),
  writeDocs: process.env.BENCH_WRITE_DOCS !== 'false',
  keep: process.env.BENCH_KEEP === 'true',
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
};

const run = new BenchRun('ingest', { adminUrl: cfg.adminUrl, brokers: cfg.brokers, keep: cfg.keep });

interface Results {
  produceRate?: number;
  bytesPerMessage?: number;
  raw?: number;
  ingest?: { rate: number; seconds: number; wallSeconds: number; batches: number; batchMs: number; stored: number; republished: number; deadLetters: number };
  e2e?: {
    rate: number;
    seconds: number;
    wallRate: number;
    wallSeconds: number;
    ingestSeconds: number;
    foldedSeconds: number;
    visibleAfterFoldMs: number;
    backlogMax: number;
    backlogEnd: number | null;
    samples: number;
  };
  baseline?: { rate: number; events: number; seconds: number };
  notes: string[];
}

/** Produces `count` updates to `topic` (key: the cell); returns the newest reportedAt and the rate. */
async function produceUpdates(
  topic: string,
  count: number,
  seed: string,
  templates: ReturnType<typeof updateTemplates>,
): Promise<{ newest: string; rate: number; bytes: number }> {
  const producer = run.kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const t0 = Date.now();
  let newest = '';
  let bytes = 0;
  try {
    const chunk = 5000;
    const inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < count; i += chunk) {
      const messages = [];
      for (let k = i; k < Math.min(count, i + chunk); k++) {
        const u: CriterionUpdateV1 = makeUpdate(templates[k % templates.length], k, seed);
        if (u.reportedAt > newest) newest = u.reportedAt;
        const value = JSON.stringify(u);
        bytes += value.length;
        messages.push({ key: u.hamletCode, value });
      }
      inFlight.push(producer.send({ topic, acks: 1, messages }));
      if (inFlight.length >= 4) await inFlight.shift();
      if ((i / chunk) % 40 === 0 && i > 0) log(`  produced ${fmt(i)}`);
    }
    await Promise.all(inFlight);
  } finally {
    await producer.disconnect();
  }
  return { newest, rate: count / ((Date.now() - t0) / 1000), bytes: bytes / count };
}

async function measureRaw(topic: string, total: number): Promise<number> {
  const consumer = run.kafka.consumer({ groupId: `${topic}.raw-${run.tag}`, maxBytesPerPartition: 4 * 1024 * 1024, allowAutoTopicCreation: false });
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

/** Committed messages on `topic` (read-committed, as the projector reads it), counted until `expected` or a quiet minute. */
async function countCommitted(topic: string, expected: number): Promise<number> {
  const consumer = run.kafka.consumer({ groupId: `${topic}.count-${run.tag}`, maxBytesPerPartition: 4 * 1024 * 1024, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let n = 0;
  let last = Date.now();
  void consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      n += batch.messages.length;
      last = Date.now();
    },
  });
  while (n < expected && Date.now() - last < 60_000) await sleep(250);
  await consumer.disconnect();
  return n;
}

async function metricsOf(url: string): Promise<(name: string) => number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return (name: string) => {
    let sum = 0;
    for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'gm'))) sum += Number(m[1]);
    return sum;
  };
}

/** Stop the run when ingest keeps failing on its batches (a retried batch would otherwise stall the benchmark silently). */
async function failFast(app: BenchApp, label: string): Promise<void> {
  const failures = (await metricsOf(app.url))('ingest_transient_failures_total');
  if (failures > 20) throw new Error(`${label}: ${failures} failed batch attempts; see ${join(run.artifacts, `${label}.log`)}`);
}

async function countRows(url: string, sql: string): Promise<number> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    return Number((await pg.query(sql)).rows[0].n);
  } finally {
    await pg.end();
  }
}

/** (b): the batched ingest from a full topic. */
async function measureIngest(url: string, prefix: string, total: number, r: Results): Promise<void> {
  const group = `${prefix}ntm-ingest`;
  const input = prefix + Topics.criterionUpdates;
  const started = Date.now();
  const ingest = await run.startApp(
    'ingest',
    { DATABASE_URL: url, KAFKA_BROKERS: cfg.brokers.join(','), KAFKA_TOPIC_PREFIX: prefix },
    'ingest',
    cfg.ingestNodeArgs,
  );
  let first = 0;
  let atFirst = 0;
  let lastLog = 0;
  for (;;) {
    const n = await run.committed(group, input);
    const now = Date.now();
    if (n > 0 && !first) {
      first = now;
      atFirst = n;
    }
    if (n >= total) {
      const m = await metricsOf(ingest.url);
      r.ingest = {
        rate: first === now ? total / ((now - started) / 1000) : (total - atFirst) / ((now - first) / 1000),
        seconds: (now - first) / 1000,
        wallSeconds: (now - started) / 1000,
        batches: m('ingest_batch_messages_count'),
        batchMs: (m('ingest_batch_seconds_sum') / Math.max(1, m('ingest_batch_seconds_count'))) * 1000,
        stored: 0,
        republished: 0,
        deadLetters: 0,
      };
      break;
    }
    if (now - lastLog > 10_000) {
      lastLog = now;
      log(`  (b) committed ${fmt(n)} / ${fmt(total)}`);
      await failFast(ingest, 'ingest');
    }
    if (now - started > 30 * 60_000) throw new Error('ingest did not get through the topic within 30 minutes');
    await sleep(250);
  }
  await ingest.stop();
  if (!r.ingest) return;
  r.ingest.stored = await countRows(url, `SELECT count(*) AS n FROM event_store`);
  r.ingest.deadLetters = await countRows(url, `SELECT count(*) AS n FROM dead_letter`);
  r.ingest.republished = await countCommitted(prefix + Topics.criterionRecorded, total);
  log(
    `  (b) ${fmt(r.ingest.rate)} events/s; stored ${fmt(r.ingest.stored)}, republished ${fmt(r.ingest.republished)}, dead letters ${fmt(r.ingest.deadLetters)}`,
  );
}

/** (c): topic → ingest → projector → GET /api/v1/progress. */
async function measureEndToEnd(total: number, templates: ReturnType<typeof updateTemplates>, r: Results): Promise<void> {
  const url = await run.newDatabase('e2e');
  const prefix = `bench-${run.tag}-e2e.`;
  await run.createTopics(prefix, cfg.partitions);
  log(`(c) setup: producing ${fmt(total)} updates`);
  const { newest } = await produceUpdates(prefix + Topics.criterionUpdates, total, `${run.tag}-e2e`, templates);
  const env = { DATABASE_URL: url, KAFKA_BROKERS: cfg.brokers.join(','), KAFKA_TOPIC_PREFIX: prefix, REDIS_URL: cfg.redisUrl };
  const apps: BenchApp[] = [];
  try {
    const projector = await run.startApp('projector', env, 'e2e-projector');
    const intake = await run.startApp('intake', { ...env, OUTBOX_POLL_MS: '5000' }, 'e2e-intake');
    const dashboard = await run.startApp('dashboard', { ...env, INTAKE_URL: intake.url }, 'e2e-dashboard');
    apps.push(projector, intake, dashboard);
    const login = await fetch(`${intake.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'lanhdao.1', password: run.password }),
    });
    if (login.status !== 200) throw new Error(`log-in: ${login.status} ${await login.text()}`);
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const auth = { authorization: `Bearer ${token}` };
    const backlog = async (): Promise<number | null> => {
      const res = await fetch(`${dashboard.url}/api/v1/pipeline/backlog`, { headers: auth }).catch(() => null);
      if (!res || res.status !== 200) return null;
      return ((await res.json()) as { total: number | null }).total;
    };
    log('(c) starting ingest on the full topic');
    const t0 = Date.now();
    const ingest = await run.startApp('ingest', env, 'e2e-ingest');
    apps.push(ingest);
    let ingested = 0;
    let consuming = 0;
    let folded = 0;
    let backlogMax = 0;
    let samples = 0;
    let lastLog = 0;
    let lastSample = 0;
    for (;;) {
      const now = Date.now();
      const committed = ingested ? total : await run.committed(`${prefix}ntm-ingest`, prefix + Topics.criterionUpdates);
      if (committed > 0 && !consuming) consuming = now;
      if (!ingested && committed >= total) ingested = now;
      const applied = (await metricsOf(projector.url))('projector_events_total');
      if (applied >= total) {
        folded = now;
        break;
      }
      if (now - lastSample > 5000) {
        lastSample = now;
        const b = await backlog();
        if (b !== null) {
          samples++;
          backlogMax = Math.max(backlogMax, b);
        }
      }
      if (now - lastLog > 10_000) {
        lastLog = now;
        log(`  (c) folded ${fmt(applied)} / ${fmt(total)}`);
        await failFast(ingest, 'e2e-ingest');
      }
      if (now - t0 > 60 * 60_000) throw new Error('the pipeline did not get through the topic within an hour');
      await sleep(500);
    }
    // the dashboard re-reads what the projector's notifications named: the first answer showing the newest report
    for (;;) {
      const res = await fetch(`${dashboard.url}/api/v1/progress`, { headers: auth });
      if (res.status !== 200) throw new Error(`GET /api/v1/progress: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { lastReportedAt: string | null };
      if (body.lastReportedAt && new Date(body.lastReportedAt).getTime() >= new Date(newest).getTime()) break;
      if (Date.now() - folded > 10 * 60_000)
        throw new Error(`/progress did not show the newest report (${newest}) within 10 minutes; last ${body.lastReportedAt}`);
      await sleep(200);
    }
    const visible = Date.now();
    await sleep(6000); // the backlog after the end: the lag is measured every few seconds
    r.e2e = {
      rate: total / ((visible - consuming) / 1000),
      seconds: (visible - consuming) / 1000,
      wallRate: total / ((visible - t0) / 1000),
      wallSeconds: (visible - t0) / 1000,
      ingestSeconds: ingested ? (ingested - t0) / 1000 : NaN,
      foldedSeconds: (folded - t0) / 1000,
      visibleAfterFoldMs: visible - folded,
      backlogMax,
      backlogEnd: await backlog(),
      samples,
    };
    log(`  (c) ${fmt(r.e2e.rate)} events/s end to end (${r.e2e.seconds.toFixed(1)} s); backlog max ${fmt(backlogMax)}, at the end ${r.e2e.backlogEnd}`);
  } finally {
    for (const a of apps.reverse()) await a.stop();
  }
}

/** (d): the previous one-message-at-a-time ingest, from a git revision. */
async function measureBaseline(templates: ReturnType<typeof updateTemplates>, r: Results): Promise<void> {
  const main = buildPreviousIngest(cfg.baselineRef);
  const url = await run.newDatabase('base');
  const prefix = `bench-${run.tag}-base.`;
  await run.createTopics(prefix, cfg.partitions);
  await produceUpdates(prefix + Topics.criterionUpdates, cfg.baselineEvents, `${run.tag}-base`, templates);
  const app = await run.startScript(main, { DATABASE_URL: url, KAFKA_BROKERS: cfg.brokers.join(','), KAFKA_TOPIC_PREFIX: prefix }, 'previous-ingest');
  try {
    const count = () => countRows(url, `SELECT count(*) AS n FROM event_store`);
    const deadline = Date.now() + 120_000;
    while ((await count()) === 0) {
      if (Date.now() > deadline) throw new Error('the previous ingest stored nothing in 2 minutes');
      await sleep(500);
    }
    await sleep(5000); // warm-up
    const n0 = await count();
    const t0 = Date.now();
    await sleep(cfg.baselineSeconds * 1000);
    const n1 = await count();
    const seconds = (Date.now() - t0) / 1000;
    r.baseline = { rate: (n1 - n0) / seconds, events: n1 - n0, seconds };
    if (n1 >= cfg.baselineEvents)
      r.notes.push(`The previous ingest ran out of updates (${fmt(cfg.baselineEvents)}) during its window: raise BENCH_BASELINE_EVENTS.`);
    log(`  (d) previous ingest: ${fmt(r.baseline.rate)} events/s`);
  } finally {
    await app.stop();
  }
}

function render(r: Results, info: { date: string; loadBefore: number[]; loadAfter: number[]; command: string; templates: number }): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' / ');
  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  const b = r.ingest;
  const c = r.e2e;
  const d = r.baseline;
  return [
    '## Ingest',
    '',
    `Measured by \`${info.command}\` (bench/ingest/bench.ts) on ${info.date}, one run, ${cpus().length} cores shared with other engineers' work ` +
      `(load average 1 / 5 / 15 min: ${load(info.loadBefore)} before, ${load(info.loadAfter)} after). Databases and Kafka topic prefixes of its own, ` +
      `removed afterwards. ${fmt(cfg.events)} valid criterion updates (one reading each, ${fmt(r.bytesPerMessage ?? 0)} bytes on average; the ${info.templates} ` +
      `(cell, criterion, indicator) combinations the submission rules accept for the 55 seeded cells, monthly days of 2023–2025) produced to ` +
      `ntm.criterion-updates (${cfg.partitions} partitions) before ingest starts, as a province loading years of history or a backlog after an ` +
      `outage would leave them. Compiled apps as their own processes (NODE_ENV=production, LOG_LEVEL=warn), real Kafka 4.4 (one broker), PostgreSQL 15 ` +
      `(shared server, default settings), Node ${process.versions.node}. Ingest: the platform's batch transport (kafkajs eachBatch behind Nest's ` +
      "@EventPattern), per partition batch one validation pass with libs/domain's rules, one INSERT … ON CONFLICT DO NOTHING into event_store, " +
      "one dead-letter INSERT, and one Kafka transaction holding the republished events, the dead letters and the batch's offsets.",
    '',
    '| measure | result | target |',
    '|---|---|---|',
    `| (a) raw kafkajs consumption of the topic, eachBatch doing nothing (the client's limit) | ${r.raw ? `${fmt(r.raw)} events/s` : '—'} | — |`,
    `| (b) batched ingest: ${fmt(cfg.events)} updates already in the topic → validated, in event_store, republished to ntm.criterion-recorded, offsets committed; sustained from the first committed batch to the last (${b ? b.seconds.toFixed(1) : '—'} s) | ${b ? `${fmt(b.rate)} events/s` : '—'} | ≥ 10,000: ${met(!!b && b.rate >= 10_000)} |`,
    `| (b) checked afterwards: event_store rows / committed messages on ntm.criterion-recorded / dead letters | ${b ? `${fmt(b.stored)} / ${fmt(b.republished)} / ${fmt(b.deadLetters)}` : '—'} | ${fmt(cfg.events)} / ${fmt(cfg.events)} / 0: ${met(!!b && b.stored === cfg.events && b.republished === cfg.events && b.deadLetters === 0)} |`,
    `| (b) wall time from starting the process (boot, group join included); batches, mean time to validate and store one (database part) | ${b ? `${b.wallSeconds.toFixed(1)} s; ${fmt(b.batches)} batches of ${fmt(cfg.events / Math.max(1, b.batches))} on average, ${b.batchMs.toFixed(0)} ms` : '—'} | — |`,
    `| (c) end to end: the same number of updates in the topic → ingest → projector → visible in GET /api/v1/progress (the newest report shown), sustained from ingest's first committed batch (${c ? c.seconds.toFixed(1) : '—'} s) | ${c ? `${fmt(c.rate)} events/s` : '—'} | ≥ 5,000: ${met(!!c && c.rate >= 5_000)} |`,
    `| (c) the same from starting the ingest process (${c ? c.wallSeconds.toFixed(1) : '—'} s: ingest done after ${c ? c.ingestSeconds.toFixed(1) : '—'} s, everything folded after ${c ? c.foldedSeconds.toFixed(1) : '—'} s, shown in /progress ${c ? (c.visibleAfterFoldMs / 1000).toFixed(1) : '—'} s later) | ${c ? `${fmt(c.wallRate)} events/s` : '—'} | — |`,
    `| (c) backlog on the dashboard's status line (GET /api/v1/pipeline/backlog: ingest + projector consumer lag), largest of ${c?.samples ?? 0} samples / after the end | ${c ? `${fmt(c.backlogMax)} / ${c.backlogEnd ?? 'unknown'}` : '—'} | — / 0 |`,
    `| (d) the previous ingest (apps/ingest at ${cfg.baselineRef.slice(0, 7)}: Nest's Kafka transport, one message at a time, one round trip and one produce each), same run, over ${d ? d.seconds.toFixed(0) : '—'} s | ${d ? `${fmt(d.rate)} events/s` : '—'} | — |`,
    `| b / d | ${b && d ? (b.rate / d.rate).toFixed(1) : '—'} | — |`,
    '',
    `Producing the updates (setup, not measured) ran at ${fmt(r.produceRate ?? 0)} messages/s.`,
    ...(r.notes.length ? ['', ...r.notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const started = new Date();
  const r: Results = { notes: [] };
  log(`ingest benchmark ${run.tag}: ${fmt(cfg.events)} updates, ${cfg.partitions} partitions; artifacts in ${run.artifacts}`);
  let templateCount: number;
  try {
    const url = await run.newDatabase('tp');
    const ds = createDataSource({ url, applicationName: 'bench-ingest' });
    await ds.initialize();
    const templates = updateTemplates(await loadSubmissionReference(ds));
    await ds.destroy();
    templateCount = templates.length;
    const prefix = `bench-${run.tag}-tp.`;
    await run.createTopics(prefix, cfg.partitions);
    log(`setup: producing ${fmt(cfg.events)} updates (${templates.length} valid cell × criterion × indicator combinations)`);
    const produced = await produceUpdates(prefix + Topics.criterionUpdates, cfg.events, `${run.tag}-tp`, templates);
    r.produceRate = produced.rate;
    r.bytesPerMessage = produced.bytes;
    if (!cfg.skip.has('raw')) {
      r.raw = await measureRaw(prefix + Topics.criterionUpdates, cfg.events);
      log(`(a) raw consumption: ${fmt(r.raw)} events/s`);
    }
    log('(b) batched ingest');
    await measureIngest(url, prefix, cfg.events, r);
    if (!cfg.skip.has('e2e')) await measureEndToEnd(cfg.events, templates, r);
    if (!cfg.skip.has('baseline')) {
      log('(d) previous ingest');
      await measureBaseline(templates, r);
    }
  } finally {
    await run.cleanUp();
  }
  const full = cfg.skip.size === 0 && cfg.events === 1_000_000;
  const section = render(r, {
    date: started.toISOString().slice(0, 10),
    loadBefore,
    loadAfter: loadavg(),
    command: full ? 'npm run bench:ingest' : `BENCH_EVENTS=${cfg.events}${cfg.skip.size ? ` BENCH_SKIP=${[...cfg.skip].join(',')}` : ''} npm run bench:ingest`,
    templates: templateCount,
  });
  process.stdout.write(`\n${section}\n`);
  if (cfg.writeDocs) {
    writeDocSection(join(REPO, 'docs', 'benchmarks.md'), '## Ingest', section);
    log('wrote the "## Ingest" section of docs/benchmarks.md');
  }
}

void main().catch((err: Error) => {
  process.stderr.write(`ingest benchmark failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
