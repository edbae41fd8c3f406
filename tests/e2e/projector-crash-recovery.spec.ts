import { Topics, type CriterionRecordedV1 } from '@pledge/contracts';
import { applyReadings, EMPTY_READINGS_STATE, readingKey, readingsFromCriterionUpdate, unwrap, type Reading } from '@pledge/domain';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import { RunningApp, startApp, testDist } from '../support/apps';
import { REPO_ROOT } from '../support/env';
import { eventually } from '../support/eventually';
import { startSystem, TestSystem } from '../support/system';
import { DERIVED_TABLES, generateEvents, loadCellsAndIndicators, prng, snapshotReadModels, storeEvents } from '../medium/projector/support/events';

/**
 * Exactly-once under crashes: two projector instances share the partitions of ntm.criterion-recorded while a
 * stream of 10,000 events (corrections, older readings arriving late, duplicates) is produced; again and again one
 * of them is killed with SIGKILL at a random point and started again. Afterwards every read model equals, row for
 * row, what a rebuild from the event store produces — the programme's stored days (every period end and today)
 * included; the readings in force equal the domain's own fold.
 */
describe('projector under SIGKILL (real Kafka, PostgreSQL)', () => {
  let sys: TestSystem;
  let pg: Client;
  let producer: Producer;
  const instances: RunningApp[] = [];
  const SEED = Number(process.env.PROJECTOR_CRASH_SEED ?? 20251231);
  const rnd = prng(SEED);
  const projectorEnv = () => ({
    ...sys.env,
    // a killed instance holds its partitions until its session expires: keep that short for the test
    PROJECTOR_SESSION_TIMEOUT_MS: '6000',
    PROJECTOR_HEARTBEAT_INTERVAL_MS: '500',
    PROJECTOR_REBALANCE_TIMEOUT_MS: '10000',
    PROJECTOR_REFRESH_INTERVAL_MS: '250',
    // small fetches so that one instance's work is many batches, and a kill lands mid-stream
    PROJECTOR_MAX_BYTES_PER_PARTITION: '65536',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
  });
  const artifactsDir = () => join(REPO_ROOT, 'tests', '.artifacts', `projcrash-${sys.prefix.slice(0, -1)}`);

  beforeAll(async () => {
    sys = await startSystem('projcrash', []);
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    producer = sys.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await Promise.all(instances.map((a) => a.stop()));
    await pg?.end();
    await sys?.stop();
  });

  const folded = async () => Number((await pg.query(`SELECT coalesce(sum(next_offset), 0)::bigint AS n FROM projection_checkpoint`)).rows[0].n);
  const endOffsets = async () => {
    const admin = sys.kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(sys.topic(Topics.criterionRecorded))).reduce((s, p) => s + Number(p.high), 0);
    } finally {
      await admin.disconnect();
    }
  };

  it('after many SIGKILLs during 10,000 events, the read models equal a rebuild from scratch, row for row', async () => {
    const { cells, indicators } = await loadCellsAndIndicators(pg);
    const events = await storeEvents(pg, generateEvents(cells, indicators, 10_000, { seed: SEED, corrections: 0.12, lateOlder: 0.12 }));
    // what ingest publishes, plus ~5% delivered again later (a re-publish after an ingest crash) or twice in a row
    const stream: CriterionRecordedV1[] = [];
    for (const e of events) {
      stream.push(e);
      if (rnd() < 0.02) stream.push(e);
      if (rnd() < 0.03) stream.splice(Math.min(stream.length, stream.length - Math.floor(rnd() * 50)), 0, events[Math.floor(rnd() * stream.length * 0.9)] ?? e);
    }
    for (let i = 0; i < 2; i++) instances.push(await startApp('projector', { env: projectorEnv(), artifactsDir: artifactsDir() }));

    const ROUNDS = 14;
    const per = Math.ceil(stream.length / ROUNDS);
    let kills = 0; // SIGKILLs that hit a live projector while part of what was produced was still unfolded
    let produced = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const chunk = stream.slice(r * per, (r + 1) * per);
      for (let i = 0; i < chunk.length; i += 200) {
        await producer.send({
          topic: sys.topic(Topics.criterionRecorded),
          messages: chunk.slice(i, i + 200).map((e) => ({ key: e.hamletCode, value: JSON.stringify(e) })),
        });
      }
      // kill at a random point of the work on this chunk: once the projectors got some way into what is left of it
      produced += chunk.length;
      const before = await folded();
      const target = Math.min(produced, before + Math.floor(rnd() * (produced - before)));
      await eventually(folded, (n) => n >= target, { what: `the projectors to fold up to offset sum ${target}`, timeoutMs: 60_000, intervalMs: 20 });
      const victim = Math.floor(rnd() * instances.length);
      const wasAlive = instances[victim].alive;
      const unfolded = produced - (await folded());
      await instances[victim].kill();
      if (wasAlive && unfolded > 0) kills++;
      instances[victim] = await startApp('projector', { env: projectorEnv(), artifactsDir: artifactsDir() });
    }
    // most kills must land in the middle of the work (a kill of an idle or already dead projector proves nothing)
    expect(kills).toBeGreaterThanOrEqual(Math.ceil(ROUNDS / 2));

    // everything folded, and the status refresher drained its queue
    const end = await endOffsets();
    expect(end).toBe(stream.length);
    await eventually(folded, (n) => n === end, { what: 'every message folded', timeoutMs: 120_000, intervalMs: 200 });
    await eventually(
      async () => (await pg.query(`SELECT count(*)::int AS n FROM projection_dirty_batch`)).rows[0].n as number,
      (n) => n === 0,
      { what: 'the status refresher to finish', timeoutMs: 180_000, intervalMs: 100 },
    );
    const live = await snapshotReadModels(pg);

    // exactly once: each event counted once; the readings in force are the domain's fold of all events
    const readings: Reading[] = events.flatMap((e) => unwrap(readingsFromCriterionUpdate(e)));
    expect(live.rm_reading_history).toHaveLength(readings.length);
    expect((live.rm_cell_report as { events: number }[]).reduce((s, r) => s + r.events, 0)).toBe(events.length);
    const expected = applyReadings(EMPTY_READINGS_STATE, readings);
    const inForce = new Map(
      (live.rm_reading as { hamlet_code: string; criterion_code: string; indicator_code: string; event_id: string }[]).map((r) => [
        readingKey(r.hamlet_code, { criterionCode: r.criterion_code, indicatorCode: r.indicator_code }),
        r.event_id,
      ]),
    );
    expect(inForce.size).toBe(expected.size);
    for (const [key, reading] of expected) expect({ key, eventId: inForce.get(key) }).toEqual({ key, eventId: reading.eventId });

    // a rebuild from the event store (through the CLI, while the projectors keep running) gives the same rows
    const { stdout } = await promisify(execFile)(process.execPath, [join(testDist(), 'apps', 'projector', 'src', 'cli.js'), 'rebuild'], {
      env: { ...process.env, ...sys.env, LOG_LEVEL: 'warn' },
      timeout: 120_000,
    });
    expect(stdout).toMatch(/Read models rebuilt from the event store/);
    const rebuilt = await snapshotReadModels(pg);
    for (const table of Object.keys(live)) {
      expect(rebuilt[table].length).toBe(live[table].length);
      expect({ table, rows: rebuilt[table] }).toEqual({ table, rows: live[table] });
    }
    for (const table of DERIVED_TABLES) {
      expect({ table, empty: live[table].length === 0 }).toEqual({ table, empty: false });
    }
  }, 900_000);
});
