import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { DataSource, EntityManager } from 'typeorm';
import { copyRows, type CopyClient } from '../read-models/copy-rows';
import { calendarParam, cellReportsForUnitsSql, historyDaysSql } from '../read-models/fold-sql';
import { calendarOf, unitsOfDistrict, type ReferenceModel } from '../read-models/reference-model';
import { columnsOf, ident, primaryKeyOf, type ReadModelTables } from '../read-models/tables';
import { DERIVED_ROLES, deriveRows, type DerivationProblem, type DerivedColumns, type DerivedRole, type DerivedRows, type DayWork } from './derive-rows';
import type { ProjectionCache } from './projection-cache';

export { DERIVED_ROLES, type DerivedRole, type DerivedRows } from './derive-rows';

type Q = Pick<DataSource | EntityManager, 'query'>;

/** The columns of every derived table, from the entities' metadata. */
export function derivedColumns(ds: DataSource): DerivedColumns {
  const out = {} as DerivedColumns;
  for (const role of DERIVED_ROLES) out[role] = columnsOf(ds, role);
  return out;
}

/**
 * Use case "refresh the derived read models": the reporting periods of the dirty units from their history
 * (rm_cell_report: set-based SQL over libs/domain's reporting calendar); then the programme of each touched district
 * on each touched stored day (libs/domain programmeOnDay's pieces, ./derive-rows), and the reporting completeness of
 * the programme districts; and replacing the rows they cover. The status refresher calls it for dirty units; a rebuild
 * for everything, in chunks.
 */
@Injectable()
export class RefreshStatusHandler {
  constructor(private readonly logger: PinoLogger) {
    this.logger.setContext(RefreshStatusHandler.name);
  }

  /** Computes the rows of `work` (and the summaries of `summaries`), loading the histories the days need first. */
  async compute(
    db: Q,
    tables: ReadModelTables,
    model: ReferenceModel,
    cache: ProjectionCache,
    work: readonly DayWork[],
    summaries: readonly string[],
  ): Promise<DerivedRows> {
    for (const w of work) await cache.prepareDay(db, tables, unitsOfDistrict(model, w.districtId), w.day);
    return deriveRows({ model, cache, columns: derivedColumns(connectionOf(db)), work, summaries, problem: (p) => this.logProblem(p) });
  }

  logProblem(p: DerivationProblem): void {
    this.logger.error(
      { districtId: p.districtId, day: p.day, err: p.err },
      'the programme of a district could not be derived for a day; its rows are left out',
    );
  }

  /**
   * Recomputes the reporting periods (rm_cell_report) of `units` from their history (inside the caller's
   * transaction): first step of a refresh, since the completeness summaries read them.
   */
  async refreshReports(m: Q, tables: ReadModelTables, units: readonly string[], model: ReferenceModel): Promise<void> {
    if (units.length === 0) return;
    const [remove, insert] = cellReportsForUnitsSql(tables);
    await m.query(remove, [units]);
    const [range]: { first: string | null; last: string | null }[] = await m.query(historyDaysSql(tables), [units]);
    if (range?.first == null || range.last == null) return;
    await m.query(insert, [units, calendarParam(calendarOf(model, range.first, range.last))]);
  }

  /** Replaces the rows `derived` covers with the computed ones (inside the caller's transaction). */
  async write(m: EntityManager, tables: ReadModelTables, derived: DerivedRows): Promise<void> {
    const client = (await m.queryRunner!.connect()) as CopyClient;
    await writeDerived(m, client, tables, derived, derivedKeys(m.connection));
  }
}

/**
 * Replaces the rows `derived` covers with the computed ones, on one connection (`q` and `client` are the same
 * session, inside the caller's transaction). The new rows are COPYed into a temporary table and only the difference is
 * written: rows in scope that changed or are gone are deleted, rows that changed or are new inserted, identical rows
 * left alone (a district day recomputed because one hamlet reported keeps most of its rows: no dead tuples, no index
 * churn, less WAL).
 */
export async function writeDerived(
  q: Q,
  client: CopyClient,
  tables: ReadModelTables,
  derived: DerivedRows,
  keys: Record<DerivedRole, string[]>,
): Promise<void> {
  for (const role of DERIVED_ROLES) {
    const table = ident(tables[role]);
    const rows = derived.rows[role];
    const scopes = derived.scope[role];
    if (scopes.every((s) => s.keys.length === 0) && rows.count === 0) continue;
    if (role === DERIVED_ROLES[0]) await q.query(`SET LOCAL work_mem = '64MB'`); // hash the keys of a round in memory
    const tmp = `tmp_${tables[role]}`;
    const pk = keys[role];
    const samePk = pk.map((c) => `s.${ident(c)} = t.${ident(c)}`).join(' AND ');
    await q.query(`CREATE TEMP TABLE ${ident(tmp)} (LIKE ${table} INCLUDING DEFAULTS) ON COMMIT DROP`);
    await copyRows(client, tmp, rows);
    await q.query(`ANALYZE ${ident(tmp)}`);
    for (const scope of scopes) {
      if (scope.keys.length === 0) continue;
      const col = ident(scope.column);
      const match = scope.days
        ? `USING (SELECT unnest($1::text[]) AS k, unnest($2::date[]) AS d) x WHERE t.${col} = x.k AND t.view_day = x.d`
        : `USING (SELECT unnest($1::text[]) AS k) x WHERE t.${col} = x.k`;
      await q.query(
        `DELETE FROM ${table} t ${match}
           AND NOT EXISTS (SELECT 1 FROM ${ident(tmp)} s WHERE ${samePk} AND (s.*) IS NOT DISTINCT FROM (t.*))`,
        scope.days ? [scope.keys, scope.days] : [scope.keys],
      );
    }
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
 * Deletes derived rows of (district, day) pairs no longer stored (yesterday's "today", a district no programme covers
 * any more), of pledge items and units the reference data no longer has, and summaries of units no programme district
 * has; every other row is replaced by its next recomputation.
 */
export async function deleteOrphanRows(m: Q, tables: ReadModelTables, model: ReferenceModel, pairs: { districts: string[]; days: string[] }): Promise<void> {
  const keep = `SELECT unnest($1::text[]) AS district_id, unnest($2::date[]) AS view_day`;
  for (const role of ['districtDay', 'unitDay', 'pledgeItemDay'] as const) {
    await m.query(
      `DELETE FROM ${ident(tables[role])} t WHERE NOT EXISTS (SELECT 1 FROM (${keep}) k WHERE k.district_id = t.district_id AND k.view_day = t.view_day)`,
      [pairs.districts, pairs.days],
    );
  }
  const items = model.pledges.flatMap((p) => p.items.map((i) => i.id));
  await m.query(`DELETE FROM ${ident(tables.pledgeItemDay)} WHERE NOT (pledge_item_id = ANY($1::text[]))`, [items]);
  await m.query(`DELETE FROM ${ident(tables.unitDay)} WHERE NOT (unit_id = ANY($1::text[]))`, [[...model.units.byId.keys()]]);
  const summaryUnits = [
    ...new Set(model.versions.flatMap((v) => v.districts.flatMap((d) => [d, ...(model.units.childrenById.get(d) ?? []).map((u) => u.id)]))),
  ];
  await m.query(`DELETE FROM ${ident(tables.reportingSummary)} WHERE NOT (unit_id = ANY($1::text[]))`, [summaryUnits]);
}
