import { Topics } from '@pledge/contracts';
import { checkCriterionUpdate } from '@pledge/domain';
import { createDataSource, loadSubmissionReference } from '@pledge/persistence';
import fc from 'fast-check';
import { Partitioners, Producer } from 'kafkajs';
import { Client } from 'pg';
import { eventually } from '../../support/eventually';
import { startSystem, TestSystem } from '../../support/system';
import { call, logIn, Session } from '../intake-support';

/**
 * Issue 11, "done when": a fast-check fuzz test over the submission body, through the intake's HTTP API and through a
 * raw kafkajs producer writing to the updates topic (as any other producer may): never a 500, and every event that
 * reaches the event store satisfies every rule of libs/domain (checkCriterionUpdate with the catalogue's bounds).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);

/** Texts that have broken systems before: control characters, lone surrogates, decomposed Vietnamese, long runs. */
const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u001b[31m', '\u0085', 'Tiến độ', 'Tie\u0302\u0301n đô\u0323', '𝔘𝔫𝔦', 'x'.repeat(2100), ''),
);
/** Numbers around every limit: negatives, fractions, the ceilings, 2^53, infinities as text, non-numbers. */
const nastyNumber = fc.oneof(
  fc.integer({ min: -5, max: 2000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e16 }),
  fc.constantFrom(0, 0.5, 11_999, 12_000, 12_001, 34_100.5, 1e9, 1e9 + 1, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, -0),
  fc.constantFrom<unknown>('12', null, true, [], {}, 'NaN'),
);
const reading = fc.record(
  {
    indicatorCode: fc.oneof(fc.constantFrom('4.2', '9.1', '9.2', '10.0', '10', '17.1', '1.1', '4.1'), nastyText),
    numerator: nastyNumber,
    denominator: nastyNumber,
    value: fc.oneof(nastyNumber, fc.boolean()),
  },
  { requiredKeys: ['indicatorCode'] },
);
/** Anything at all in every field, most fields missing. */
const wild = fc.record(
  {
    eventId: fc.oneof(fc.uuid({ version: 4 }), nastyText),
    hamletCode: fc.oneof(fc.constant('874-30133-A01'), fc.constantFrom('874-30133-A02', '30133', '874'), nastyText),
    criterionCode: fc.oneof(fc.constantFrom('XA-04', 'XA-09', 'XA-10', 'XA-17', 'AP-01', 'AP-02'), nastyText),
    readings: fc.oneof(fc.array(reading, { minLength: 1, maxLength: 4 }), fc.constant([]), nastyNumber),
    asOf: fc.oneof(fc.constantFrom('2025-06-30', '2024-01-31', '2099-01-01', '2020-02-30', '2025-6-30'), nastyText),
    reportedAt: fc.oneof(fc.constant(new Date().toISOString()), fc.constantFrom('2025-07-02T08:15:00+07:00', '2199-01-01T00:00:00Z'), nastyText),
    reportedBy: fc.oneof(fc.constant('bithu.874-30133-a01'), nastyText),
    schemaVersion: fc.constantFrom<unknown>(1, 2, '1'),
    note: nastyText,
    evidence: fc.array(fc.record({ url: fc.oneof(fc.constant('https://example.org/anh.jpg'), nastyText), title: nastyText }), { maxLength: 2 }),
    supersedes: fc.oneof(fc.uuid({ version: 4 }), nastyText),
    extra: nastyText,
  },
  { requiredKeys: [] },
);
/** A well-formed update of cell 874-30133-A01 whose figures and texts sit at and around every limit. */
const figure = fc.oneof(
  fc.integer({ min: 0, max: 13_000 }),
  fc.constantFrom(0.5, 11_999.5, 12_000, 12_001, 2 ** 53, 1e9 + 1),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 20_000 }),
);
const nearValid = fc.record(
  {
    eventId: fc.uuid({ version: 4 }),
    schemaVersion: fc.constant(1),
    hamletCode: fc.constant('874-30133-A01'),
    criterionCode: fc.constant('XA-04'),
    readings: fc.tuple(figure, figure).map(([a, b]) => [{ indicatorCode: '4.2', numerator: Math.min(a, b), denominator: Math.max(a, b) || 1 }]),
    asOf: fc.constantFrom('2025-06-30', '2024-12-31', '2023-03-31'),
    reportedAt: fc.constant(new Date().toISOString()),
    reportedBy: fc.constant('bithu.874-30133-a01'),
    note: nastyText,
  },
  { requiredKeys: ['eventId', 'schemaVersion', 'hamletCode', 'criterionCode', 'readings', 'asOf', 'reportedAt', 'reportedBy'] },
);
const body = fc.oneof({ weight: 1, arbitrary: wild }, { weight: 1, arbitrary: nearValid });

describe('fuzzing the submission body (issue 11)', () => {
  let sys: TestSystem;
  let pg: Client;
  let producer: Producer;
  let secretary: Session;

  beforeAll(async () => {
    sys = await startSystem('sec-fuzz', ['ingest', 'intake'], { RATE_LIMIT_PER_ACCOUNT: '1000000', RATE_LIMIT_PER_ADDRESS: '1000000' });
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    producer = sys.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    secretary = await logIn(sys.url('intake'), 'bithu.874-30133-a01');
  });

  afterAll(async () => {
    await producer?.disconnect();
    await pg?.end();
    await sys?.stop();
  });

  it('through the intake API: never a 500, every answer in the shared error body', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await call(`${sys.url('intake')}/api/v1/updates`, { token: secretary.accessToken, body: b });
        expect([202, 400, 403, 409, 413]).toContain(res.status);
        if (res.status !== 202) expect(res.body).toMatchObject({ statusCode: res.status, message: expect.any(String), messageEn: expect.any(String) });
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('through a raw Kafka producer: every message is stored or dead-lettered, the partitions never block', async () => {
    const payloads = fc.sample(
      fc.oneof(
        { weight: 8, arbitrary: body.map((b) => Buffer.from(JSON.stringify(b))) },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)) },
      ),
      { numRuns: RUNS },
    );
    // the intake's accepted updates are relayed and recorded first, so that what follows counts only this producer's
    await eventually(
      async () =>
        (
          await pg.query(
            `SELECT count(*) FILTER (WHERE o.published_at IS NULL OR (e.event_id IS NULL AND d.event_id IS NULL)) AS waiting
               FROM outbox o LEFT JOIN event_store e ON e.event_id = o.event_id LEFT JOIN dead_letter d ON d.event_id = o.event_id`,
          )
        ).rows[0].waiting,
      (n) => Number(n) === 0,
      { what: 'the intake’s updates relayed and recorded', timeoutMs: 60_000 },
    );
    const count = async () => Number((await pg.query(`SELECT (SELECT count(*) FROM dead_letter) + (SELECT count(*) FROM event_store) AS n`)).rows[0].n);
    const before = await count();
    await producer.send({ topic: sys.topic(Topics.criterionUpdates), messages: payloads.map((value, i) => ({ key: `k${i % 7}`, value })) });
    await eventually(
      async () => (await count()) - before,
      // a duplicate eventId (the same generated uuid twice) is stored once and not dead-lettered
      (n) => n >= payloads.length - 5,
      { timeoutMs: 120_000, what: 'every fuzzed message processed' },
    );
    expect(sys.apps.ingest!.alive).toBe(true);
  }, 300_000);

  it('nothing in the event store breaks a rule, whoever produced it', async () => {
    await eventually(
      async () => Number((await pg.query(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`)).rows[0].n),
      (n) => n === 0,
      { what: 'the intake outbox relayed', timeoutMs: 60_000 },
    );
    const ds = createDataSource({ url: sys.db.url, applicationName: 'fuzz-check' });
    await ds.initialize();
    try {
      const ref = await loadSubmissionReference(ds);
      const { rows } = await pg.query(`SELECT event_id, payload, recorded_at FROM event_store`);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        const check = checkCriterionUpdate(r.payload, ref, new Date(new Date(r.recorded_at).getTime()));
        expect({ eventId: r.event_id, reasons: check.ok ? [] : check.reasons }).toEqual({ eventId: r.event_id, reasons: [] });
      }
    } finally {
      await ds.destroy();
    }
  }, 180_000);
});
