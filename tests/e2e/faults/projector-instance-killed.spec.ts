import { ConsumerGroups, Topics } from '@pledge/contracts';
import { Client } from 'pg';
import type { RunningApp } from '../../support/apps';
import { eventually } from '../../support/eventually';
import { startSystem, TestSystem } from '../../support/system';
import {
  eventStoreCounts,
  groupAssignment,
  hamletSecretaries,
  rebuildReadModels,
  settledReadModels,
  snapshotReadModels,
  startInstances,
  SubmissionStream,
  waitAllProjected,
} from './fault-support';

/**
 * One of two projector instances dies (SIGKILL) while secretaries submit: the other takes over its partitions of
 * ntm.criterion-recorded (the group's only member, holding all of them), every accepted submission reaches the read
 * models, and the read models then equal, table for table and row for row, what `projector:rebuild` makes from
 * the event store. Real intake, ingest and projectors; the shared Kafka, PostgreSQL and Redis under this test's own
 * topic prefix and database.
 */
describe('fault: one of two projector instances is killed', () => {
  let sys: TestSystem;
  let pg: Client;
  let projectors: RunningApp[] = [];
  let stream: SubmissionStream | undefined;

  beforeAll(async () => {
    sys = await startSystem('projkill', ['intake', 'ingest'], {
      RATE_LIMIT_PER_ACCOUNT: '100000',
      RATE_LIMIT_PER_ADDRESS: '100000',
      // a killed instance holds its partitions until its session expires: 6 s (the broker's minimum)
      PROJECTOR_SESSION_TIMEOUT_MS: '6000',
      PROJECTOR_HEARTBEAT_INTERVAL_MS: '500',
      PROJECTOR_REBALANCE_TIMEOUT_MS: '10000',
    });
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    projectors = await startInstances(sys, 'projector', 2);
  }, 300_000);

  afterAll(async () => {
    await stream?.stop(1000).catch(() => undefined);
    await Promise.all(projectors.map((a) => a.stop()));
    await pg?.end();
    await sys?.stop();
  });

  it('the survivor takes over every partition; the read models equal a rebuild from the event store', async () => {
    const group = sys.prefix + ConsumerGroups.projector;
    const topic = sys.topic(Topics.criterionRecorded);
    const secretaries = await hamletSecretaries(pg, 6);
    stream = await SubmissionStream.start(() => [sys.url('intake')], secretaries, 50);
    const shared = await eventually(
      () => groupAssignment(sys.kafka, group, topic),
      (m) => m.length === 2 && m.every((x) => x.partitions.length > 0),
      {
        what: 'the two projectors sharing the partitions',
        timeoutMs: 60_000,
        intervalMs: 500,
      },
    );
    await stream.acceptMore(60);

    await projectors[1].kill();
    await stream.acceptMore(80); // submissions go on while the group notices and rebalances
    const after = await eventually(
      () => groupAssignment(sys.kafka, group, topic),
      (m) => m.length === 1,
      {
        what: 'the surviving projector alone in the group',
        timeoutMs: 60_000,
        intervalMs: 500,
      },
    );
    expect(after[0].partitions).toEqual(shared.flatMap((m) => m.partitions).sort((a, b) => a - b));
    const summary = await stream.stop();
    stream = undefined;
    expect(summary.unexpected).toEqual([]);

    await waitAllProjected(pg, sys.url('intake'), secretaries, summary.accepted);
    expect(await eventStoreCounts(pg, summary.accepted)).toEqual({ rows: summary.accepted.length, distinct: summary.accepted.length });
    const live = await settledReadModels(pg);
    expect(Object.keys(live).length).toBeGreaterThan(3);
    expect(Object.values(live).some((rows) => rows.length > 0)).toBe(true);

    // the rebuild, through the operators' command while the survivor keeps running, gives the same rows
    expect(await rebuildReadModels(sys.env)).toMatch(/Read models rebuilt from the event store/);
    const rebuilt = await snapshotReadModels(pg);
    expect(Object.keys(rebuilt)).toEqual(Object.keys(live));
    for (const table of Object.keys(live)) expect({ table, rows: rebuilt[table] }).toEqual({ table, rows: live[table] });
  }, 420_000);
});
