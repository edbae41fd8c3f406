import { Topics } from '@pledge/contracts';
import { Partitioners, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { withDatabase, testEnv } from '../support/env';
import { eventually } from '../support/eventually';
import { startSystem, TestSystem } from '../support/system';
import { countRows } from './intake-support';

/**
 * Ingest validates whatever reaches ntm.criterion-updates, whoever produced it: a plain Kafka client
 * here. Poison messages go to the DLQ with their reason and never block their partition; a transient
 * database outage is retried, not dead-lettered. Real ingest, real broker, real PostgreSQL.
 */
describe('ingest: dead letters, poison messages and transient failures (real Kafka, PostgreSQL)', () => {
  let sys: TestSystem;
  let pg: Client;
  let producer: Producer;
  const dlq: { key: string | null; value: any }[] = [];
  const recorded: { key: string; value: any }[] = [];
  let consumer: ReturnType<TestSystem['kafka']['consumer']>;

  beforeAll(async () => {
    sys = await startSystem('ingest-dlq', ['ingest']);
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    producer = sys.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    consumer = sys.kafka.consumer({ groupId: `${sys.prefix}test-watch` });
    await consumer.connect();
    await consumer.subscribe({ topics: [sys.topic(Topics.criterionUpdatesDlq), sys.topic(Topics.criterionRecorded)], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const entry = { key: message.key?.toString() ?? null, value: JSON.parse(message.value!.toString()) };
        if (topic === sys.topic(Topics.criterionUpdatesDlq)) dlq.push(entry);
        else recorded.push(entry as { key: string; value: unknown });
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await pg?.end();
    await sys?.stop();
  });

  const event = (overrides: Record<string, unknown> = {}) => ({
    eventId: randomUUID(),
    schemaVersion: 1,
    hamletCode: '874-30136-A02',
    criterionCode: 'XA-09',
    readings: [{ indicatorCode: '9.1', value: 7 }],
    asOf: '2025-05-31',
    reportedAt: '2025-06-02T09:00:00+07:00',
    reportedBy: 'tinh.platform',
    ...overrides,
  });
  const send = (value: Buffer | string | null, key = '874-30136-A02') =>
    producer.send({ topic: sys.topic(Topics.criterionUpdates), messages: [{ partition: 0, key, value }] });

  it('dead-letters malformed and invalid messages with the original payload and the reason; the next valid event on the same partition is processed', async () => {
    const poison: { what: string; value: Buffer | string | null; problem: string }[] = [
      { what: 'broken JSON', value: '{"eventId": "x", "readings": [', problem: 'malformed_json' },
      { what: 'not UTF-8', value: Buffer.from([0xc3, 0x28, 0xff, 0xfe]), problem: 'invalid_utf8' },
      { what: 'empty', value: null, problem: 'empty' },
      { what: 'schema violation', value: JSON.stringify(event({ readings: [{ indicatorCode: '9.1', value: 'seven' }] })), problem: 'wrong_type' },
      { what: 'unknown hamlet', value: JSON.stringify(event({ hamletCode: '874-30136-Z99' })), problem: 'unknown_code' },
      { what: 'decomposed identifier', value: JSON.stringify(event({ reportedBy: 'bí.thư'.normalize('NFD') })), problem: 'not_nfc' },
      {
        what: 'numerator above denominator',
        value: JSON.stringify(event({ criterionCode: 'XA-04', readings: [{ indicatorCode: '4.2', numerator: 9, denominator: 4 }] })),
        problem: 'exceeds_denominator',
      },
    ];
    for (const p of poison) await send(p.value);
    const valid = event({ note: 'Ấp đã hoàn thành'.normalize('NFD') }); // free text in NFD: accepted, stored in NFC
    await send(JSON.stringify(valid));

    await eventually(
      () => countRows(pg, `SELECT 1 FROM event_store WHERE event_id = $1`, [valid.eventId]),
      (n) => n === 1,
      { what: 'the valid event after the poison ones' },
    );
    const letters = await eventually(
      async () => dlq,
      (d) => d.length >= poison.length,
      { what: 'the dead letters on the DLQ topic' },
    );
    expect(letters.map((l) => l.value.reasons.map((r: { problem: string }) => r.problem)).map((p) => p.join())).toEqual(
      poison.map((p) => expect.stringContaining(p.problem)),
    );
    const broken = letters[0].value;
    expect(broken).toMatchObject({
      originalTopic: Topics.criterionUpdates,
      partition: 0,
      payload: '{"eventId": "x", "readings": [',
      payloadEncoding: 'utf8',
      key: '874-30136-A02',
    });
    expect(broken.reasons[0]).toMatchObject({
      field: '(body)',
      problem: 'malformed_json',
      message: expect.stringMatching(/JSON/),
      messageEn: expect.stringMatching(/JSON/),
    });
    expect(letters[1].value).toMatchObject({ payloadEncoding: 'base64', payload: Buffer.from([0xc3, 0x28, 0xff, 0xfe]).toString('base64') });
    expect(await countRows(pg, `SELECT 1 FROM dead_letter`)).toBe(poison.length);

    // stored and republished normalised (NFC), keyed by the hamlet
    const { rows } = await pg.query(`SELECT payload->>'note' AS note, commune_code FROM event_store WHERE event_id = $1`, [valid.eventId]);
    expect(rows[0]).toEqual({ note: 'Ấp đã hoàn thành'.normalize('NFC'), commune_code: '30136' });
    const out = await eventually(
      async () => recorded.find((r) => r.value.eventId === valid.eventId),
      (r) => !!r,
      { what: 'the event on ntm.criterion-recorded' },
    );
    expect(out!.key).toBe('874-30136-A02');
    expect(out!.value.note).toBe('Ấp đã hoàn thành'.normalize('NFC'));

    // the same eventId again (another producer's retry): stored once, not dead-lettered;
    // the same eventId with other content: dead-lettered, the stored event unchanged
    await send(JSON.stringify(valid));
    await send(JSON.stringify({ ...valid, readings: [{ indicatorCode: '9.1', value: 8 }] }));
    const marker = event();
    await send(JSON.stringify(marker));
    await eventually(
      () => countRows(pg, `SELECT 1 FROM event_store WHERE event_id = $1`, [marker.eventId]),
      (n) => n === 1,
      { what: 'the marker event' },
    );
    expect(await countRows(pg, `SELECT 1 FROM event_store WHERE event_id = $1`, [valid.eventId])).toBe(1);
    expect((await pg.query(`SELECT payload->'readings'->0->>'value' AS v FROM event_store WHERE event_id = $1`, [valid.eventId])).rows[0].v).toBe('7');
    const conflict = await eventually(
      async () => dlq.find((d) => d.value.eventId === valid.eventId),
      (d) => !!d,
      { what: 'the conflicting event in the DLQ' },
    );
    expect(conflict!.value.reasons[0]).toMatchObject({ field: 'eventId', problem: 'reused_with_different_content' });
    expect(await countRows(pg, `SELECT 1 FROM dead_letter`)).toBe(poison.length + 1);
  });

  it('retries a message while the database refuses connections, and records it (not dead-letters it) when the database is back', async () => {
    const admin = new Client({ connectionString: withDatabase(testEnv.databaseUrl, 'postgres') });
    await admin.connect();
    const ingestMetrics = async () => {
      const text = await (await fetch(`${sys.url('ingest')}/metrics`)).text();
      return Number(/^ingest_transient_failures_total (\S+)$/m.exec(text)?.[1] ?? 0);
    };
    const before = await ingestMetrics();
    const e = event({ readings: [{ indicatorCode: '9.1', value: 11 }] });
    try {
      // the database refuses new connections and drops ingest's current ones (a restart or failover, as ingest sees it)
      await admin.query(`ALTER DATABASE "${sys.db.name}" ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'ingest'`, [sys.db.name]);
      await send(JSON.stringify(e));
      await eventually(ingestMetrics, (n) => n >= before + 2, { what: 'ingest to fail on the database and retry (twice)', timeoutMs: 60_000 });
    } finally {
      await admin.query(`ALTER DATABASE "${sys.db.name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await eventually(
      () => countRows(pg, `SELECT 1 FROM event_store WHERE event_id = $1`, [e.eventId]),
      (n) => n === 1,
      { what: 'the event once the database is back', timeoutMs: 90_000 },
    );
    expect(await countRows(pg, `SELECT 1 FROM dead_letter WHERE event_id = $1`, [e.eventId])).toBe(0);
    expect(dlq.some((d) => d.value.eventId === e.eventId)).toBe(false);
  });
});
