import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';

/** A reading as the projector stores it (one indicator of one criterion update). */
export interface FixtureReading {
  unitId: string;
  communeId: string;
  criterionCode: string;
  indicatorCode: string;
  value?: number | boolean;
  numerator?: number;
  denominator?: number;
  asOf: string;
  reportedAt?: Date;
  reportedBy?: string;
}

/**
 * Writes readings straight into the projector's folded read models (rm_reading_history, and rm_reading where it is
 * newer by (as_of, reported_at, event_id), exactly as the projector's upsert does), queues their units for the status
 * refresher as the fold does, and NOTIFYs progress_changed; then the projector's status refresher (in-process) derives
 * the programme days, as it would a moment later. Medium tests use it to seed a fixture; the e2e tests send readings
 * through intake → Kafka → ingest → projector.
 */
export async function writeReadings(api: { pg: Client; project(): Promise<void> }, readings: FixtureReading[]): Promise<void> {
  await foldReadings(api.pg, readings);
  await api.project();
}

/** The fold part of {@link writeReadings}, without deriving. */
export async function foldReadings(pg: Client, readings: FixtureReading[]): Promise<void> {
  await pg.query('BEGIN');
  try {
    for (const r of readings) {
      const eventId = randomUUID();
      const params = [
        eventId,
        r.indicatorCode,
        r.unitId,
        r.communeId,
        r.criterionCode,
        typeof r.value === 'number' ? r.value : null,
        typeof r.value === 'boolean' ? r.value : null,
        r.numerator ?? null,
        r.denominator ?? null,
        r.asOf,
        r.reportedAt ?? new Date(),
        r.reportedBy ?? `bithu.${r.unitId.toLowerCase()}`,
      ];
      await pg.query(
        `INSERT INTO rm_reading_history (event_id, indicator_code, hamlet_code, commune_code, criterion_code, value, bool_value, numerator, denominator, as_of, reported_at, reported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        params,
      );
      await pg.query(
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
    // the projector's queue (units and the earliest day their readings describe) and signal
    const units = [...new Set(readings.map((r) => r.unitId))].sort();
    const fromDays = units.map(
      (u) =>
        readings
          .filter((r) => r.unitId === u)
          .map((r) => r.asOf)
          .sort()[0],
    );
    await pg.query(`INSERT INTO projection_dirty_batch (units, from_days) VALUES ($1::text[], $2::date[])`, [units, fromDays]);
    await pg.query(`SELECT pg_notify('progress_changed', $1)`, [JSON.stringify({ kind: 'readings', hamlets: units, applied: readings.length })]);
    await pg.query('COMMIT');
  } catch (err) {
    await pg.query('ROLLBACK');
    throw err;
  }
}
