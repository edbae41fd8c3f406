import type { IndicatorMapping } from '@pledge/domain';

/**
 * A row of indicator_mapping as pg returns it (recorded_at selected as ISO text). Written by the dashboard (an
 * administrator's decisions); to_criterion and to_indicator null: "no mapping", stated explicitly.
 */
export interface IndicatorMappingRow {
  from_version: string;
  from_criterion: string;
  from_indicator: string;
  to_version: string;
  to_criterion: string | null;
  to_indicator: string | null;
  note: string;
  recorded_by: string;
  recorded_at: string;
}

/** A decision as recorded: the mapping, who recorded it and when (ISO instant). */
export interface StoredIndicatorMapping extends IndicatorMapping {
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export function indicatorMappingOf(row: IndicatorMappingRow): StoredIndicatorMapping {
  return {
    fromVersion: row.from_version,
    from: { criterionCode: row.from_criterion, indicatorCode: row.from_indicator },
    toVersion: row.to_version,
    to: row.to_criterion !== null && row.to_indicator !== null ? { criterionCode: row.to_criterion, indicatorCode: row.to_indicator } : null,
    note: row.note,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}
