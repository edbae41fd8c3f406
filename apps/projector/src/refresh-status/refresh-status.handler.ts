import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { DataSource, EntityManager } from 'typeorm';
import { copyRows, type CopyClient } from '../read-models/copy-rows';
import { cellReportsForUnitsSql } from '../read-models/fold-sql';
import type { ReferenceModel } from '../read-models/reference-model';
import { columnsOf, ident, primaryKeyOf, type ReadModelTables } from '../read-models/tables';
import {
  affectedUnits,
  assessedUnits,
  DERIVED_ROLES,
  deriveRows,
  pledgeCellsOf,
  SCOPES,
  type DerivationProblem,
  type DerivedColumns,
  type DerivedRole,
  type DerivedRows,
  type DistrictSkip,
} from './derive-rows';
import { loadHistory, type ProjectionCache } from './projection-cache';

export { assessedUnits, DERIVED_ROLES, type DerivedRole, type DerivedRows } from './derive-rows';

type Q = Pick<DataSource | EntityManager, 'query'>;

/** The columns of every derived table, from the entities' metadata. */
export function derivedColumns(ds: DataSource): DerivedColumns {
  const out = {} as DerivedColumns;
  for (const role of DERIVED_ROLES) out[role] = columnsOf(ds, role);
  return out;
}

/**
 * Use case "refresh the derived read models": the reporting periods of the dirty units from their history
 * (rm_cell_report, set-based SQL); then from the readings state (rm_reading), the reports and the history (for
 * pledges), compute through libs/domain (./derive-rows) the status of every indicator, criterion and tier of
 * the affected units, the district standard, the pledge item forecasts and the reporting summaries, and replace
 * the affected rows (COPY). The status refresher calls it for dirty units; a rebuild for every unit, in chunks.
 */
@Injectable()
export class RefreshStatusHandler {
  constructor(private readonly logger: PinoLogger) {
    this.logger.setContext(RefreshStatusHandler.name);
  }

  /**
   * @param dirty units whose rows changed, or 'all'. Affected: those units and their ancestors (below provinces),
   * or exactly those units with `exact` (a rebuild walks every unit in chunks); summaries of every commune-level
   * unit and district when `periodsMoved` (the reported period range changed).
   */
  async compute(
    db: Q,
    tables: ReadModelTables,
    model: ReferenceModel,
    cache: ProjectionCache,
    dirty: readonly string[] | 'all',
    periodsMoved = false,
    exact = false,
    districtSkip?: DistrictSkip,
  ): Promise<DerivedRows> {
    const full = dirty === 'all';
    const units = affectedUnits(model, { dirty, exact });
    const pledgeCells = pledgeCellsOf(model, units, full);
    const histories = await loadHistory(db, tables, pledgeCells);
    return deriveRows({
      model,
      cache,
      columns: derivedColumns(connectionOf(db)),
      units,
      full,
      periodsMoved,
      pledgeCells,
      histories,
      problem: (p) => this.logProblem(p),
      districtSkip,
    });
  }

  logProblem(p: DerivationProblem): void {
    if (p.pledgeItemId) this.logger.error({ pledgeItemId: p.pledgeItemId, err: p.err }, 'pledge item could not be forecast; left out');
    else this.logger.error({ unitId: p.unitId, err: p.err }, 'unit could not be assessed; its status rows are left out');
  }

  /**
   * Recomputes the reporting periods (rm_cell_report) of `units` from their history (inside the caller's
   * transaction): first step of a refresh, since the completeness summaries read them.
   */
  async refreshReports(m: Q, tables: ReadModelTables, units: readonly string[], model: ReferenceModel): Promise<void> {
    if (units.length === 0) return;
    const [remove, insert] = cellReportsForUnitsSql(tables);
    await m.query(remove, [units]);
    await m.query(insert, [units, JSON.stringify(model.periodRules)]);
  }

  /** Replaces the scoped rows of each derived table with the computed ones (inside the caller's transaction). */
  async write(m: EntityManager, tables: ReadModelTables, derived: DerivedRows): Promise<void> {
    const client = (await m.queryRunner!.connect()) as CopyClient;
    await writeDerived(m, client, tables, derived, derivedKeys(m.connection));
  }
}

/**
 * Replaces the rows `derived` covers with the computed ones, on one connection (`q` and `client` are the same
 * session, inside the caller's transaction). A full recomputation deletes everything and COPYs. Otherwise the new rows
 * are COPYed into a temporary table and only the difference is written: rows that changed or are gone are deleted,
 * rows that changed or are new inserted, identical rows left alone (a commune recomputed because one hamlet reported
 * keeps most of its rows: no dead tuples, no index churn, less WAL for them).
 */
export async function writeDerived(q: Q, client: CopyClient, tables: ReadModelTables, derived: DerivedRows, keys: Record<DerivedRole, string[]>): Promise<void> {
  for (const role of DERIVED_ROLES) {
    const table = ident(tables[role]);
    const rows = derived.rows[role];
    if (derived.full) {
      await q.query(`DELETE FROM ${table}`);
      await copyRows(client, tables[role], rows);
      continue;
    }
    const scope = derived.scope[role];
    if (scope.length === 0 && rows.count === 0) continue;
    if (role === DERIVED_ROLES[0]) await q.query(`SET LOCAL work_mem = '64MB'`); // hash the keys of a round in memory
    const tmp = `tmp_${tables[role]}`;
    const pk = keys[role];
    const samePk = pk.map((c) => `s.${ident(c)} = t.${ident(c)}`).join(' AND ');
    await q.query(`CREATE TEMP TABLE ${ident(tmp)} (LIKE ${table} INCLUDING DEFAULTS) ON COMMIT DROP`);
    await copyRows(client, tmp, rows);
    await q.query(`ANALYZE ${ident(tmp)}`);
    await q.query(
      `DELETE FROM ${table} t WHERE t.${SCOPES[role]} = ANY($1::text[])
         AND NOT EXISTS (SELECT 1 FROM ${ident(tmp)} s WHERE ${samePk} AND (s.*) IS NOT DISTINCT FROM (t.*))`,
      [scope],
    );
    await q.query(`INSERT INTO ${table} SELECT s.* FROM ${ident(tmp)} s WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE ${samePk})`);
    await q.query(`DROP TABLE ${ident(tmp)}`);
  }
}

/** The primary key columns of every derived table. */
export function derivedKeys(ds: DataSource): Record<DerivedRole, string[]> {
  const out = {} as Record<DerivedRole, string[]>;
  for (const role of DERIVED_ROLES) out[role] = primaryKeyOf(ds, role);
  return out;
}

function connectionOf(db: Q): DataSource {
  return 'connection' in db ? (db as EntityManager).connection : (db as DataSource);
}

/**
 * Deletes derived rows of units (and pledge items) the reference data no longer has (after an administrator's
 * edit); every other row is replaced by its unit's next recomputation.
 */
export async function deleteOrphanRows(m: Q, tables: ReadModelTables, model: ReferenceModel): Promise<void> {
  const units = assessedUnits(model);
  const items = model.pledges.flatMap((p) => p.items.map((i) => i.id));
  for (const role of DERIVED_ROLES) {
    if (role === 'pledgeItemStatus') await m.query(`DELETE FROM ${ident(tables[role])} WHERE NOT (pledge_item_id = ANY($1::text[]))`, [items]);
    else await m.query(`DELETE FROM ${ident(tables[role])} WHERE NOT (${SCOPES[role]} = ANY($1::text[]))`, [units]);
  }
}
