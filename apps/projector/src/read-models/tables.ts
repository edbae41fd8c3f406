import {
  CellReportEntity,
  DistrictDayEntity,
  PledgeItemDayEntity,
  ReadingEntity,
  ReadingHistoryEntity,
  ReportingSummaryEntity,
  UnitDayEntity,
} from '@pledge/persistence';
import type { DataSource, EntityTarget } from 'typeorm';
import type { ColumnSpec } from './copy-rows';
import type { ReadModelRole, ReadModelTables } from './sql-ident';

export { ident, type ReadModelRole, type ReadModelTables } from './sql-ident';
export type { ColumnSpec } from './copy-rows';

/**
 * The read models the projector owns, by role. Live names are the entities' tables; a rebuild writes the same
 * tables under `<name>__rebuild` and swaps them in.
 */
export const READ_MODEL_ENTITIES: Record<ReadModelRole, unknown> = {
  reading: ReadingEntity,
  history: ReadingHistoryEntity,
  cellReport: CellReportEntity,
  districtDay: DistrictDayEntity,
  unitDay: UnitDayEntity,
  pledgeItemDay: PledgeItemDayEntity,
  reportingSummary: ReportingSummaryEntity,
};

export const DIRTY_TABLE = 'projection_dirty_batch';
export const SHADOW_SUFFIX = '__rebuild';

export function liveTables(ds: DataSource): ReadModelTables {
  const out = { dirty: DIRTY_TABLE } as ReadModelTables;
  for (const [role, entity] of Object.entries(READ_MODEL_ENTITIES)) out[role as ReadModelRole] = ds.getMetadata(entity as EntityTarget<unknown>).tableName;
  return out;
}

export function shadowTables(ds: DataSource): ReadModelTables {
  const live = liveTables(ds);
  const out = { ...live };
  for (const role of Object.keys(READ_MODEL_ENTITIES) as ReadModelRole[]) out[role] = `${live[role]}${SHADOW_SUFFIX}`;
  out.dirty = `${DIRTY_TABLE}${SHADOW_SUFFIX}`;
  return out;
}

export function columnsOf(ds: DataSource, role: ReadModelRole): ColumnSpec[] {
  return ds.getMetadata(READ_MODEL_ENTITIES[role] as EntityTarget<unknown>).columns.map((c) => ({
    prop: c.propertyName,
    column: c.databaseName,
    type: typeof c.type === 'string' ? c.type : ds.driver.normalizeType(c),
  }));
}

/** Primary key columns (database names), for ordered comparisons. */
export function primaryKeyOf(ds: DataSource, role: ReadModelRole): string[] {
  return ds.getMetadata(READ_MODEL_ENTITIES[role] as EntityTarget<unknown>).primaryColumns.map((c) => c.databaseName);
}
