import { ConsumerGroups, Topics } from '@pledge/contracts';
import { ConfigResourceTypes } from 'kafkajs';
import { Client } from 'pg';
import type { RunningApp } from '../../support/apps';
import { eventually } from '../../support/eventually';
import { startPrivateKafkaCluster, type PrivateKafkaCluster } from '../../support/private-services';
import { startSystem, TestSystem } from '../../support/system';
import { eventStoreCounts, groupAssignment, hamletSecretaries, ProgressSignals, startInstances, SubmissionStream, waitAllProjected } from './fault-support';

/**
 * The partition leader's broker dies: a PRIVATE three-node KRaft cluster (scripts/kafka-cluster.sh, own ports and
 * data), topics created as `cli topics` creates them (replication factor 3, min.insync.replicas 2 on three brokers),
 * two instances each of intake, ingest and projector sharing the work. While secretaries keep submitting, the broker
 * leading the partition their updates go to is killed with SIGKILL, then started again. Every accepted submission
 * ends in the event store exactly once and in the read models; the longest pause in progress updates is printed.
 */
describe('fault: the partition leader’s Kafka broker is killed (private 3-broker cluster)', () => {
  let cluster: PrivateKafkaCluster;
  let sys: TestSystem;
  let pg: Client;
  let signals: ProgressSignals | undefined;
  let stream: SubmissionStream | undefined;
  const apps: RunningApp[] = [];
  let intakes: RunningApp[] = [];

  beforeAll(async () => {
    cluster = await startPrivateKafkaCluster('brokerkill');
    sys = await startSystem('brokerkill', [], {
      KAFKA_BROKERS: cluster.brokers,
      RATE_LIMIT_PER_ACCOUNT: '100000',
      RATE_LIMIT_PER_ADDRESS: '100000',
      // a consumer whose group coordinator died rejoins within seconds
      PROJECTOR_SESSION_TIMEOUT_MS: '10000',
      PROJECTOR_HEARTBEAT_INTERVAL_MS: '1000',
    });
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    intakes = await startInstances(sys, 'intake', 2);
    apps.push(...intakes, ...(await startInstances(sys, 'ingest', 2)), ...(await startInstances(sys, 'projector', 2)));
  }, 400_000);

  afterAll(async () => {
    await stream?.stop(1000).catch(() => undefined);
    await signals?.close();
    await Promise.all(apps.map((a) => a.stop()));
    await pg?.end();
    await sys?.stop();
    await cluster?.stop();
  });

  it('creates every topic with three replicas and min.insync.replicas 2', async () => {
    const admin = cluster.kafka.admin();
    await admin.connect();
    try {
      const topics = Object.values(Topics).map((t) => sys.topic(t));
      const meta = await admin.fetchTopicMetadata({ topics });
      for (const t of meta.topics) for (const p of t.partitions) expect({ topic: t.name, replicas: p.replicas.length }).toEqual({ topic: t.name, replicas: 3 });
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['min.insync.replicas'] })),
      });
      for (const r of configs.resources)
        expect({ topic: r.resourceName, minIsr: r.configEntries[0]?.configValue }).toEqual({ topic: r.resourceName, minIsr: '2' });
    } finally {
      await admin.disconnect();
    }
  });

  it('loses nothing and stores nothing twice when the leader’s broker is SIGKILLed and restarted; the pause in progress updates is measured', async () => {
    const secretaries = await hamletSecretaries(pg, 6);
    signals = await ProgressSignals.listen(sys.db.url);
    stream = await SubmissionStream.start(() => intakes.map((a) => a.url), secretaries, 60);
    await stream.acceptMore(40);

    // the work is shared: two ingest and two projector instances, each holding partitions of its topic
    for (const [group, topic] of [
      [ConsumerGroups.ingest, Topics.criterionUpdates],
      [ConsumerGroups.projector, Topics.criterionRecorded],
    ]) {
      await eventually(
        () => groupAssignment(cluster.kafka, sys.prefix + group, sys.topic(topic)),
        (m) => m.length === 2 && m.every((x) => x.partitions.length > 0),
        { what: `two members of ${group} sharing the partitions`, timeoutMs: 60_000, intervalMs: 500 },
      );
    }

    // the broker leading the partition the first secretary's updates go to (as ingest recorded it)
    const [first] = await eventually(
      async () => (await pg.query(`SELECT source_partition FROM event_store WHERE reported_by = $1 LIMIT 1`, [secretaries[0]])).rows,
      (r) => r.length === 1,
      { what: 'an update of the first cell in the event store', timeoutMs: 60_000 },
    );
    const victim = await cluster.leaderOf(sys.topic(Topics.criterionUpdates), first.source_partition);
    const killedAt = Date.now();
    await cluster.kill(victim);
    await stream.acceptMore(100); // submissions go on while the broker is dead
    await cluster.start(victim);
    await stream.acceptMore(60);
    const stoppedAt = Date.now();
    const summary = await stream.stop();
    stream = undefined;

    expect(summary.unexpected).toEqual([]);
    expect(Object.keys(summary.answers)).toEqual(['202']); // a broker's death is invisible to the phones
    await waitAllProjected(pg, intakes[0].url, secretaries, summary.accepted);
    expect(await eventStoreCounts(pg, summary.accepted)).toEqual({ rows: summary.accepted.length, distinct: summary.accepted.length });
    expect((await pg.query(`SELECT count(*)::int AS n FROM event_store`)).rows[0].n).toBe(summary.accepted.length);
    expect((await pg.query(`SELECT count(*)::int AS n FROM dead_letter`)).rows[0].n).toBe(0);
    const pause = signals.longestPause(killedAt, stoppedAt);
    process.stdout.write(
      `[faults] broker ${victim} (leader of ${Topics.criterionUpdates} partition ${first.source_partition}) SIGKILLed: ` +
        `${summary.accepted.length} submissions accepted, each stored once and projected; ` +
        `longest pause in progress updates ${(pause.ms / 1000).toFixed(1)} s, starting ${((pause.startedAt - killedAt) / 1000).toFixed(1)} s after the kill\n`,
    );
    // every replica is back in sync once the broker returned
    await cluster.waitFullyReplicated(Object.values(Topics).map((t) => sys.topic(t)));
  }, 600_000);
});
