import { Topics } from '@pledge/contracts';
import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import { eventually } from '../../support/eventually';
import { startSystem, TestSystem } from '../../support/system';
import { eventStoreCounts, ingestOutcome, produceSteadily, rawUpdates } from './fault-support';

/**
 * (issue 17) Ingest dies in the middle of its work: raw updates, about 3% of them invalid in four different ways,
 * stream into ntm.criterion-updates at a steady rate (so that whatever ingest's speed, the kill lands while it has
 * work); ingest is SIGKILLed and started again (its partitions come back to it when the dead member's session ends). Every valid update ends in the event store exactly once and
 * is never dead-lettered; every invalid one is dead-lettered exactly once and never stored. Real ingest against
 * the shared Kafka (own topic prefix) and PostgreSQL (own database).
 */
describe('fault: ingest SIGKILLed in the middle of its work', () => {
  let sys: TestSystem;
  let pg: Client;
  let producer: Producer;

  beforeAll(async () => {
    sys = await startSystem('ingestkill', ['ingest']);
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    producer = sys.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }, 300_000);

  afterAll(async () => {
    await producer?.disconnect();
    await pg?.end();
    await sys?.stop();
  });

  it('stores every valid event exactly once and dead-letters every invalid one exactly once', async () => {
    const hamlets = (await pg.query(`SELECT id FROM admin_unit WHERE kind = 'hamlet' ORDER BY id LIMIT 12`)).rows.map((r) => r.id as string);
    const updates = rawUpdates(hamlets, 5000, 0.03);
    const ids = updates.map((u) => u.eventId);
    const handled = async () => (await eventStoreCounts(pg, ids)).distinct + Number((await pg.query(`SELECT count(*)::int AS n FROM dead_letter`)).rows[0].n);
    const kills: number[] = [];
    await produceSteadily(producer, sys.topic(Topics.criterionUpdates), updates, 1000, async (sent) => {
      if (kills.length > 0 || sent < updates.length * 0.4) return;
      // ingest is working through the stream (it has handled some of it, never all that was sent): kill it there
      await eventually(handled, (n) => n > 0, { what: 'ingest handling the stream', timeoutMs: 60_000, intervalMs: 50 });
      kills.push(await handled());
      await sys.apps.ingest!.kill();
      await sys.start('ingest');
    });
    expect(kills).toHaveLength(1);
    for (const k of kills) expect(k).toBeLessThan(updates.length);

    const valid = updates.filter((u) => u.valid).length;
    const invalid = updates.length - valid;
    expect(invalid).toBeGreaterThan(100);
    const outcome = await eventually(
      () => ingestOutcome(pg, updates),
      (o) => o.storedValid === valid && o.deadInvalid === invalid,
      {
        what: 'every valid update stored and every invalid one dead-lettered',
        timeoutMs: 240_000,
        intervalMs: 1000,
      },
    );
    expect(outcome).toEqual({ storedValid: valid, storedRows: valid, storedInvalid: 0, deadInvalid: invalid, deadRowsInvalid: invalid, deadValid: 0 });
    // and each stored event was republished to ntm.criterion-recorded (at least once; readers ignore a repeated eventId)
    const admin = sys.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(sys.topic(Topics.criterionRecorded));
      expect(offsets.reduce((s, p) => s + Number(p.high), 0)).toBeGreaterThanOrEqual(valid);
    } finally {
      await admin.disconnect();
    }
  }, 420_000);
});
