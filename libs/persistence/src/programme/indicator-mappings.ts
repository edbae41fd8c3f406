/**
 * Reading indicator_mapping (issue 14): the decisions about the old catalogue's indicators toward a new catalogue
 * version, as libs/domain IndicatorMappings with who recorded them and when. Written by indicator-mapping-store.ts.
 */
import { indicatorMappingOf, type IndicatorMappingRow, type StoredIndicatorMapping } from '../rows/indicator-mapping.row';

/** Anything that runs a statement and resolves to its rows (a TypeORM DataSource or EntityManager). */
export interface MappingQueryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** The columns of a row (recorded_at as a UTC ISO instant with milliseconds). */
export const INDICATOR_MAPPING_COLUMNS = `from_version, from_criterion, from_indicator, to_version, to_criterion, to_indicator, note, recorded_by,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

/** The decisions recorded from catalogue version `fromVersion` toward `toVersion`, in criterion and indicator order. */
export async function loadIndicatorMappings(db: MappingQueryable, versions: { fromVersion: string; toVersion: string }): Promise<StoredIndicatorMapping[]> {
  const rows = (await db.query(
    `SELECT ${INDICATOR_MAPPING_COLUMNS} FROM indicator_mapping WHERE from_version = $1 AND to_version = $2 ORDER BY from_criterion, from_indicator`,
    [versions.fromVersion, versions.toVersion],
  )) as IndicatorMappingRow[];
  return rows.map(indicatorMappingOf);
}
