import type { CriterionRecordedV1 } from '@pledge/contracts';
import type { EntityManager } from 'typeorm';

export interface PartitionBatch {
  projection: string;
  topic: string;
  partition: number;
  /** Offsets are strings (Kafka int64). */
  messages: { offset: string; value: Buffer | null }[];
}

export interface AppliedBatch {
  /** Offsets below the stored checkpoint were skipped (already applied before a crash). */
  skipped: number;
  applied: number;
  duplicates: number;
  nextOffset: string | null;
  hamlets: string[];
}

/**
 * Fold one partition's batch into the read models inside the caller's transaction, together with
 * the partition checkpoint. Idempotent: an eventId seen before is ignored; the reading in force is
 * the newest by (as_of, reported_at, event_id), so an older reading arriving late stays history.
 */
export async function applyBatch(m: EntityManager, batch: PartitionBatch): Promise<AppliedBatch> {
  const [cp] = await m.query(
    `SELECT next_offset FROM projection_checkpoint WHERE projection = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
    [batch.projection, batch.topic, batch.partition],
  );
  const from = cp ? BigInt(cp.next_offset) : -1n;
  const result: AppliedBatch = { skipped: 0, applied: 0, duplicates: 0, nextOffset: null, hamlets: [] };
  const hamlets = new Set<string>();
  for (const msg of batch.messages) {
    if (BigInt(msg.offset) < from) {
      result.skipped++;
      continue;
    }
    result.nextOffset = (BigInt(msg.offset) + 1n).toString();
    if (!msg.value) continue;
    const e = JSON.parse(msg.value.toString('utf8')) as CriterionRecordedV1;
    const fresh = await m.query(
      `INSERT INTO rm_processed_event (event_id, sequence) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      [e.eventId, e.sequence],
    );
    if (fresh.length === 0) {
      result.duplicates++;
      continue;
    }
    result.applied++;
    hamlets.add(e.hamletCode);
    for (const r of e.readings) {
      const isBool = typeof r.value === 'boolean';
      const params = [
        e.eventId, r.indicatorCode, e.hamletCode, e.communeCode, e.criterionCode,
        typeof r.value === 'number' ? r.value : null, isBool ? r.value : null, r.numerator ?? null, r.denominator ?? null,
        e.asOf, e.reportedAt, e.reportedBy,
      ];
      await m.query(
        `INSERT INTO rm_reading_history (event_id, indicator_code, hamlet_code, commune_code, criterion_code, value, bool_value, numerator, denominator, as_of, reported_at, reported_by, supersedes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING`,
        [...params, e.supersedes ?? null],
      );
      await m.query(
        `INSERT INTO rm_reading AS cur (event_id, indicator_code, hamlet_code, commune_code, criterion_code, value, bool_value, numerator, denominator, as_of, reported_at, reported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (hamlet_code, criterion_code, indicator_code) DO UPDATE SET
           event_id = EXCLUDED.event_id, commune_code = EXCLUDED.commune_code, value = EXCLUDED.value, bool_value = EXCLUDED.bool_value,
           numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator, as_of = EXCLUDED.as_of,
           reported_at = EXCLUDED.reported_at, reported_by = EXCLUDED.reported_by
         WHERE (EXCLUDED.as_of, EXCLUDED.reported_at, EXCLUDED.event_id) > (cur.as_of, cur.reported_at, cur.event_id)`,
        params,
      );
    }
  }
  if (result.nextOffset !== null) {
    await m.query(
      `INSERT INTO projection_checkpoint (projection, topic, partition, next_offset, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (projection, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()`,
      [batch.projection, batch.topic, batch.partition, result.nextOffset],
    );
  }
  result.hamlets = [...hamlets];
  return result;
}
