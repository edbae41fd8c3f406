/**
 * Writing indicator_mapping (issue 14): an administrator's decisions, one row per old indicator and new catalogue
 * version (the same decision again changes nothing). Called inside the caller's transaction; only the dashboard writes.
 */
import type { IndicatorMapping } from '@pledge/domain';
import { indicatorMappingOf, type IndicatorMappingRow, type StoredIndicatorMapping } from '../rows/indicator-mapping.row';
import { INDICATOR_MAPPING_COLUMNS, type MappingQueryable } from './indicator-mappings';

/** One decision written: what was recorded before (null: undecided) and what is recorded now. */
export interface IndicatorMappingChange {
  readonly before: StoredIndicatorMapping | null;
  readonly after: StoredIndicatorMapping;
  /** False when the same decision (target and note) was recorded already: nothing was written. */
  readonly changed: boolean;
}

const sameTarget = (a: IndicatorMapping, b: IndicatorMapping): boolean =>
  (a.to === null && b.to === null) ||
  (a.to !== null && b.to !== null && a.to.criterionCode === b.to.criterionCode && a.to.indicatorCode === b.to.indicatorCode);

/**
 * Records `mappings` by `recordedBy` (now): each replaces the decision about its old indicator toward its version, the
 * others are left as they are. Locks the rows it reads (FOR UPDATE), so run it in a transaction.
 */
export async function saveIndicatorMappings(m: MappingQueryable, mappings: readonly IndicatorMapping[], recordedBy: string): Promise<IndicatorMappingChange[]> {
  const out: IndicatorMappingChange[] = [];
  for (const mapping of mappings) {
    const key = [mapping.fromVersion, mapping.from.criterionCode, mapping.from.indicatorCode, mapping.toVersion];
    const [previous] = (await m.query(
      `SELECT ${INDICATOR_MAPPING_COLUMNS} FROM indicator_mapping
        WHERE from_version = $1 AND from_criterion = $2 AND from_indicator = $3 AND to_version = $4 FOR UPDATE`,
      key,
    )) as IndicatorMappingRow[];
    const before = previous ? indicatorMappingOf(previous) : null;
    if (before && sameTarget(before, mapping) && before.note === mapping.note) {
      out.push({ before, after: before, changed: false });
      continue;
    }
    const [row] = (await m.query(
      `INSERT INTO indicator_mapping (from_version, from_criterion, from_indicator, to_version, to_criterion, to_indicator, note, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (from_version, from_criterion, from_indicator, to_version)
       DO UPDATE SET to_criterion = EXCLUDED.to_criterion, to_indicator = EXCLUDED.to_indicator, note = EXCLUDED.note,
                     recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at
       RETURNING ${INDICATOR_MAPPING_COLUMNS}`,
      [...key, mapping.to?.criterionCode ?? null, mapping.to?.indicatorCode ?? null, mapping.note, recordedBy],
    )) as IndicatorMappingRow[];
    out.push({ before, after: indicatorMappingOf(row), changed: true });
  }
  return out;
}
