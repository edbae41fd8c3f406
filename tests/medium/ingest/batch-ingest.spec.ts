import type { INestMicroservice } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Topics } from '@pledge/contracts';
import { createDataSource, SubmissionReferenceCache } from '@pledge/persistence';
import { KafkaBatchTransport, KafkaNaming, Clock, SystemClock } from '@pledge/platform';
import { Consumer, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RecordUpdatesHandler } from '../../../apps/ingest/src/record-updates/record-updates.handler';
import { RecordUpdatesKafkaController } from '../../../apps/ingest/src/record-updates/record-updates.kafka.controller';
import { testEnv, withDatabase } from '../../support/env';
import { eventually } from '../../support/eventually';
import { createTestDatabase, type TestDatabase } from '../../support/template-db';

const quietLogger = (): PinoLogger => {
  const noop = () => undefined;
  return { setContext: noop, info: noop, warn: noop, debug: noop, trace: noop, error: noop } as unknown as PinoLogger;
};

/**
 * The batch mechanics of ingest, in process (the NestJS microservice with the platform's batch transport and the
 * ingest's controller and handler) against the real Kafka broker and PostgreSQL: a poison message never blocks its
 * partition, a transient database error retries the batch without losing or doubling anything, duplicates by
 * eventId are ignored, and the output (republished events, dead letters) is committed once per batch together with
 * the offsets.
 */
describe('batched ingest (in-process transport and handler; real Kafka and PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let pg: Client;
  let kafka: Kafka;
  let producer: Producer;
  let watcher: Consumer;
  let app: INestMicroservice | undefined;
  let handler: RecordUpdatesHandler;
  let failures = 0;
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  const naming = new KafkaNaming(prefix);
  const groupId = naming.group('ntm-ingest');
  const recorded: { key: string; eventId: string; sequence: string }[] = [];
  const letters: { key: string | null; value: Record<string, any> }[] = [];

  const event = (overrides: Record<string, unknown> = {}) => ({
    eventId: randomUUID() as string,
    schemaVersion: 1,
    hamletCode: '874-30136-A02',
    criterionCode: 'XA-09',
    readings: [{ indicatorCode: '9.1', value: 7 }],
    asOf: '2025-05-31',
    reportedAt: '2025-06-02T09:00:00+07:00',
    reportedBy: 'tinh.platform',
    ...overrides,
  });
  /** Produces to one partition of ntm.criterion-updates; returns the offset of the first message. */
  const produce = async (values: (string | Buffer | null)[], partition = 0): Promise<number> => {
    const [meta] = await producer.send({
      topic: naming.topic(Topics.criterionUpdates),
      messages: values.map((value) => ({ partition, key: '874-30136-A02', value })),
    });
    return Number(meta.baseOffset);
  };
  const count = async (sql: string, params: unknown[] = []) => (await pg.query(sql, params)).rowCount ?? 0;
  const committedOffset = async (partition: number) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [t] = await admin.fetchOffsets({ groupId, topics: [naming.topic(Topics.criterionUpdates)] });
      return Number(t.partitions.find((p) => p.partition === partition)?.offset ?? -1);
    } finally {
      await admin.disconnect();
    }
  };

  const startIngest = async (): Promise<INestMicroservice> => {
    const moduleRef = await Test.createTestingModule({
      controllers: [RecordUpdatesKafkaController],
      providers: [
        RecordUpdatesHandler,
        { provide: DataSource, useValue: ds },
        { provide: SubmissionReferenceCache, useValue: new SubmissionReferenceCache(ds, 60_000) },
        { provide: KafkaNaming, useValue: naming },
        { provide: PinoLogger, useValue: quietLogger() },
        { provide: Clock, useValue: new SystemClock() },
      ],
    }).compile();
    handler = moduleRef.get(RecordUpdatesHandler);
    const transport = new KafkaBatchTransport({
      kafka,
      groupId,
      topicPrefix: prefix,
      transactionalIdPrefix: `${groupId}-`,
      partitionsConsumedConcurrently: 2,
      retry: { initialMs: 100, maxMs: 1000 },
      consumer: { sessionTimeout: 10_000, heartbeatInterval: 1000 },
      onFailure: () => failures++,
    });
    const ms = moduleRef.createNestMicroservice({ strategy: transport, logger: false });
    await ms.listen();
    return ms;
  };

  beforeAll(async () => {
    db = await createTestDatabase('ingestbatch');
    ds = createDataSource({ url: db.url, applicationName: 'ingest-medium' });
    await ds.initialize();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    kafka = new Kafka({ clientId: 'ingest-medium', brokers: testEnv.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: naming.topic(Topics.criterionUpdates), numPartitions: 2 },
        { topic: naming.topic(Topics.criterionRecorded), numPartitions: 2 },
        { topic: naming.topic(Topics.criterionUpdatesDlq), numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    // reads committed messages only (kafkajs' default), as the projector does
    watcher = kafka.consumer({ groupId: `${prefix}watch` });
    await watcher.connect();
    await watcher.subscribe({ topics: [naming.topic(Topics.criterionRecorded), naming.topic(Topics.criterionUpdatesDlq)], fromBeginning: true });
    await watcher.run({
      eachMessage: async ({ topic, message }) => {
        const value = JSON.parse(message.value!.toString());
        if (topic === naming.topic(Topics.criterionRecorded)) recorded.push({ key: message.key!.toString(), eventId: value.eventId, sequence: value.sequence });
        else letters.push({ key: message.key?.toString() ?? null, value });
      },
    });
    app = await startIngest();
  });

  afterAll(async () => {
    await app?.close();
    await watcher?.disconnect();
    await producer?.disconnect();
    const admin = kafka.admin();
    await admin.connect().catch(() => undefined);
    const topics = (await admin.listTopics().catch(() => [] as string[])).filter((t) => t.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await pg?.end();
    await ds?.destroy();
    await db?.drop();
  });

  it('sets poison messages aside without blocking the partition: each dead-lettered once with its reason, the valid ones around them stored and republished', async () => {
    const before = event();
    const after = event({ readings: [{ indicatorCode: '9.1', value: 9 }] });
    const loneSurrogate = event({ note: 'Ghi chú \ud800 lỗi' }); // valid JSON, refused by the rules: invalid Unicode in a text
    const huge = 'x'.repeat(300 * 1024);
    // identifiers the rules let through (the contract's uuid format allows "urn:uuid:") but PostgreSQL's uuid type does not read
    const urnId = event({ eventId: `urn:uuid:${randomUUID()}` });
    const urnCorrection = event({ supersedes: `urn:uuid:${randomUUID()}` });
    const first = await produce([
      JSON.stringify(before),
      '{"eventId": "broken',
      Buffer.from('{"note":"\u0000"', 'utf8'),
      huge,
      JSON.stringify(loneSurrogate),
      JSON.stringify(urnCorrection),
      JSON.stringify(urnId),
      JSON.stringify(after),
    ]);

    await eventually(
      () => committedOffset(0),
      (o) => o >= first + 8,
      { what: 'the batch committed past every message', timeoutMs: 60_000 },
    );
    expect(
      (
        await pg.query(`SELECT event_id::text FROM event_store WHERE event_id = ANY($1::uuid[]) ORDER BY sequence`, [
          [before.eventId, after.eventId, loneSurrogate.eventId, urnCorrection.eventId],
        ])
      ).rows.map((r) => r.event_id),
    ).toEqual([before.eventId, urnCorrection.eventId, after.eventId]);
    const rows = (
      await pg.query(
        `SELECT source_offset::int - $1 AS i, reasons->0->>'problem' AS problem, payload_encoding, length(payload) AS len FROM dead_letter ORDER BY source_offset`,
        [first],
      )
    ).rows;
    expect(rows).toEqual([
      { i: 1, problem: 'malformed_json', payload_encoding: 'utf8', len: 19 },
      { i: 2, problem: 'malformed_json', payload_encoding: 'base64', len: expect.any(Number) },
      { i: 3, problem: 'malformed_json', payload_encoding: 'utf8', len: huge.length },
      { i: 4, problem: 'invalid_unicode', payload_encoding: 'utf8', len: expect.any(Number) },
      { i: 6, problem: 'unstorable', payload_encoding: 'utf8', len: expect.any(Number) },
    ]);
    const dlq = await eventually(
      async () => letters.filter((l) => Number(l.value.offset) >= first),
      (l) => l.length >= 5,
      { what: 'the letters on the DLQ topic' },
    );
    expect(dlq.map((l) => [Number(l.value.offset) - first, l.value.reasons[0].problem, l.value.payloadTruncated ?? false])).toEqual([
      [1, 'malformed_json', false],
      [2, 'malformed_json', false],
      [3, 'malformed_json', true],
      [4, 'invalid_unicode', false],
      [6, 'unstorable', false],
    ]);
    expect(dlq[2].value.payload.length).toBe(256 * 1024);
    expect(dlq[3].value).toMatchObject({
      eventId: loneSurrogate.eventId,
      reasons: [{ field: 'note', problem: 'invalid_unicode', message: expect.any(String), messageEn: expect.any(String) }],
    });
    const out = await eventually(
      async () => recorded.filter((r) => [before.eventId, urnCorrection.eventId, after.eventId].includes(r.eventId)),
      (r) => r.length >= 3,
      {
        what: 'the valid events republished',
      },
    );
    expect(out.map((r) => r.eventId)).toEqual([before.eventId, urnCorrection.eventId, after.eventId]);
    expect(out.every((r) => r.key === '874-30136-A02')).toBe(true);
  });

  it('ignores duplicates by eventId: the same event again in the batch or a later one is stored once; the same eventId with other content is dead-lettered', async () => {
    const e = event({ readings: [{ indicatorCode: '9.1', value: 12 }] });
    const sameContentOtherOrder = JSON.stringify(Object.fromEntries(Object.entries(e).reverse()));
    const first = await produce([JSON.stringify(e), sameContentOtherOrder, JSON.stringify({ ...e, readings: [{ indicatorCode: '9.1', value: 13 }] })], 1);
    await eventually(
      () => committedOffset(1),
      (o) => o >= first + 3,
      { what: 'the first batch', timeoutMs: 60_000 },
    );
    const again = await produce([JSON.stringify(e)], 1);
    await eventually(
      () => committedOffset(1),
      (o) => o >= again + 1,
      { what: 'the redelivery', timeoutMs: 60_000 },
    );

    expect(await count(`SELECT 1 FROM event_store WHERE event_id = $1`, [e.eventId])).toBe(1);
    expect((await pg.query(`SELECT payload->'readings'->0->>'value' AS v FROM event_store WHERE event_id = $1`, [e.eventId])).rows[0].v).toBe('12');
    const conflict = (
      await pg.query(`SELECT source_offset::int - $2 AS i, reasons->0->>'problem' AS problem FROM dead_letter WHERE event_id = $1`, [e.eventId, first])
    ).rows;
    expect(conflict).toEqual([{ i: 2, problem: 'reused_with_different_content' }]);
    // republished: once for the first batch, the stored copy once more for the redelivery (readers ignore an eventId they have seen)
    const copies = await eventually(
      async () => recorded.filter((r) => r.eventId === e.eventId),
      (r) => r.length >= 2,
      { what: 'the republished copies' },
    );
    expect(new Set(copies.map((c) => c.sequence)).size).toBe(1);
  });

  it('retries a batch while the database is unreachable, without losing or doubling anything, also when the batch was stored before a crash', async () => {
    await app!.close();
    app = undefined;
    const valid = Array.from({ length: 20 }, (_, i) => event({ readings: [{ indicatorCode: '9.1', value: 20 + i }] }));
    const invalid = [event({ hamletCode: '874-30136-Z99' }), event({ asOf: '2999-01-01' })];
    const values = [...valid.slice(0, 10), invalid[0], ...valid.slice(10), invalid[1]].map((e) => JSON.stringify(e));
    const first = await produce(values, 0);
    // a crash after the database transaction, before the Kafka one: stored and dead-lettered, nothing published or committed
    await handler.execute({
      topic: Topics.criterionUpdates,
      partition: 0,
      messages: values.map((v, i) => ({ offset: String(first + i), key: null, value: Buffer.from(v) })),
    });
    expect(await count(`SELECT 1 FROM event_store WHERE event_id = ANY($1::uuid[])`, [valid.map((e) => e.eventId)])).toBe(20);

    const admin = new Client({ connectionString: withDatabase(testEnv.databaseUrl, 'postgres') });
    await admin.connect();
    const failed = failures;
    try {
      // PostgreSQL restarting, as ingest sees it: its connections dropped, new ones refused
      await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'ingest-medium'`, [db.name]);
      app = await startIngest();
      await eventually(
        async () => failures,
        (n) => n >= failed + 2,
        { what: 'the batch failing on the database and being retried', timeoutMs: 60_000 },
      );
      expect(await committedOffset(0)).toBeLessThan(first + values.length);
    } finally {
      await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await eventually(
      () => committedOffset(0),
      (o) => o >= first + values.length,
      { what: 'the batch committed once the database is back', timeoutMs: 90_000 },
    );

    const ids = valid.map((e) => e.eventId);
    expect(await count(`SELECT 1 FROM event_store WHERE event_id = ANY($1::uuid[])`, [ids])).toBe(20);
    const letterRows = (
      await pg.query(
        `SELECT source_offset::int - $1 AS i, reasons->0->>'problem' AS problem FROM dead_letter WHERE source_offset >= $1 AND source_partition = 0 ORDER BY 1`,
        [first],
      )
    ).rows;
    expect(letterRows).toEqual([
      { i: 10, problem: 'unknown_code' },
      { i: 21, problem: 'in_future' },
    ]);
    // on the topics (read committed): every event once, every letter once
    const out = await eventually(
      async () => recorded.filter((r) => ids.includes(r.eventId)),
      (r) => r.length >= 20,
      { what: 'the 20 events republished' },
    );
    const dlq = await eventually(
      async () => letters.filter((l) => l.value.partition === 0 && Number(l.value.offset) >= first),
      (l) => l.length >= 2,
      { what: 'the two letters' },
    );
    await producer.send({ topic: naming.topic(Topics.criterionUpdates), messages: [{ partition: 0, key: 'marker', value: JSON.stringify(event()) }] });
    await eventually(
      () => committedOffset(0),
      (o) => o >= first + values.length + 1,
      { what: 'a later batch (so that anything doubled would have arrived)' },
    );
    expect(out.map((r) => r.eventId).sort()).toEqual([...ids].sort());
    expect(recorded.filter((r) => ids.includes(r.eventId))).toHaveLength(20);
    expect(dlq.map((l) => Number(l.value.offset) - first)).toEqual([10, 21]);
    expect(letters.filter((l) => l.value.partition === 0 && Number(l.value.offset) >= first && Number(l.value.offset) < first + values.length)).toHaveLength(2);
  });
});
