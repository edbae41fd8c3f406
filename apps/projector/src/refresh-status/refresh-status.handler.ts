import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { DataSource, EntityManager } from 'typeorm';
import { copyRows, type CopyClient } from '../read-models/copy-rows';
import { cellReportsForUnitsSql } from '../read-models/fold-sql';
import type { ReferenceModel } from '../read-models/reference-model';
import { columnsOf, ident, type ReadModelTables } from '../read-models/tables';
import {
  affectedUnits,
  assessedUnits,
  DERIVED_ROLES,
  deriveRows,
  pledgeCellsOf,
  SCOPES,
  type DerivationProblem,
  type DerivedColumns,
  type DerivedRows,
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
    await writeDerived(m, client, tables, derived);
  }
}

/** Deletes the rows `derived` replaces and COPYs the new ones in, on one connection (`q` and `client` are the same session). */
export async function writeDerived(q: Q, client: CopyClient, tables: ReadModelTables, derived: DerivedRows): Promise<void> {
  for (const role of DERIVED_ROLES) {
    const table = ident(tables[role]);
    if (derived.full) await q.query(`DELETE FROM ${table}`);
    else if (derived.scope[role].length) await q.query(`DELETE FROM ${table} WHERE ${SCOPES[role]} = ANY($1::text[])`, [derived.scope[role]]);
    await copyRows(client, tables[role], derived.rows[role]);
  }
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
