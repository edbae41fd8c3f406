import { ConsumerLagMonitor } from '@pledge/platform';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { register } from 'prom-client';
import { testEnv } from '../../support/env';

/**
 * The pipeline's backlog as the dashboard's status line and /metrics show it: a stage's consumer lag is what is on
 * its topic beyond what its group committed (from the start of a partition where it committed nothing), also when
 * the topic is written in Kafka transactions (their markers are not reports). Real Kafka broker.
 */
describe('consumer lag of a pipeline stage (real Kafka)', () => {
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  const topic = `${prefix}stage-input`;
  const groupId = `${prefix}stage`;
  const kafka = new Kafka({ clientId: 'lag-medium', brokers: testEnv.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const monitor = new ConsumerLagMonitor(kafka, [{ stage: 'ingest', groupId, topic }], 0);

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
  });

  afterAll(async () => {
    await monitor.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  });

  it('counts the messages beyond the committed offsets, per partition and in /metrics; transaction markers are not counted once consumed', async () => {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ partition: 0, value: `m${i}` })) });
    await producer.send({ topic, messages: Array.from({ length: 3 }, (_, i) => ({ partition: 1, value: `n${i}` })) });
    await producer.disconnect();
    // nothing committed yet: everything on the topic is waiting
    expect((await monitor.current()).total).toBe(13);

    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '4' }] });
    await admin.disconnect();
    const snap = await monitor.current();
    expect(snap.stages).toEqual([
      {
        stage: 'ingest',
        lag: 9,
        partitions: [
          { partition: 0, end: 10, committed: 4, lag: 6 },
          { partition: 1, end: 3, committed: null, lag: 3 },
        ],
      },
    ]);
    monitor.registerMetrics();
    const text = await register.metrics();
    expect(text).toMatch(/^pipeline_backlog_messages\{stage="ingest"\} 9$/m);
    expect(text).toMatch(/^kafka_consumer_lag\{stage="ingest",partition="0"\} 6$/m);

    // a transactional writer (as ingest writes ntm.criterion-recorded): a reader that resolves its last message is at the end
    const tx = kafka.producer({ transactionalId: `${prefix}tx`, idempotent: true, maxInFlightRequests: 1 });
    await tx.connect();
    const t = await tx.transaction();
    await t.send({ topic, messages: [{ partition: 1, value: 'x' }] });
    await t.commit();
    await tx.disconnect();
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    await consumer.run({ autoCommit: true, autoCommitThreshold: 1, eachMessage: async () => void seen++ });
    const deadline = Date.now() + 30_000;
    while ((await monitor.current()).total !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await consumer.disconnect();
    expect(seen).toBe(6 + 4);
    expect((await monitor.current()).total).toBe(0);
  });
});
