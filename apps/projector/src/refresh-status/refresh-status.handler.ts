import { Injectable } from '@nestjs/common';
import {
  ancestorsOf,
  assessUnitStatuses,
  createAssessmentContext,
  periodsBetween,
  pledgeItemHistory,
  pledgeItemSnapshot,
  reportingSummary,
  type IsoDate,
  type Pledge,
  type UnitKind,
} from '@pledge/domain';
import { PinoLogger } from 'nestjs-pino';
import type { DataSource, EntityManager } from 'typeorm';
import { cellReportsForUnitsSql } from '../read-models/fold-sql';
import { ASSESSED_KINDS, catalogueFor, type ReferenceModel } from '../read-models/reference-model';
import { columnsOf, ident, type ReadModelRole, type ReadModelTables } from '../read-models/tables';
import { loadHistory, type ProjectionCache } from './projection-cache';

type Q = Pick<DataSource | EntityManager, 'query'>;
type Row = Record<string, unknown>;

/** Derived roles and the column that scopes a recomputation (rows of these keys are replaced). */
const SCOPES = {
  indicatorStatus: 'unit_id',
  criterionStatus: 'unit_id',
  unitStandard: 'unit_id',
  districtStandard: 'district_id',
  pledgeItemStatus: 'cell_id',
  reportingSummary: 'unit_id',
} as const satisfies Partial<Record<ReadModelRole, string>>;

export type DerivedRole = keyof typeof SCOPES;
export const DERIVED_ROLES = Object.keys(SCOPES) as DerivedRole[];

/** What one recomputation produced: rows per derived table, and which keys they replace (all rows when `full`). */
export interface DerivedRows {
  full: boolean;
  scope: Record<DerivedRole, string[]>;
  rows: Record<DerivedRole, Row[]>;
  /** Units assessed (for the change signal and logs). */
  units: string[];
}

const SUMMARY_KINDS: readonly UnitKind[] = ['commune', 'town', 'district'];

/**
 * Use case "refresh the derived read models": the reporting periods of the dirty units from their history
 * (rm_cell_report, set-based SQL); then from the readings state (rm_reading), the reports and the history (for
 * pledges), compute through libs/domain the status of every indicator, criterion and tier of
 * the affected units, the district standard, the pledge item forecasts and the reporting summaries, and replace
 * the affected rows. The status refresher calls it for dirty units; a rebuild calls it once for everything.
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
    const assessed = assessedUnits(model);
    let units: string[];
    if (full) units = assessed;
    else {
      const set = new Set<string>();
      for (const id of dirty) {
        const unit = model.units.byId.get(id);
        if (!unit) continue; // a unit the reference data does not know (yet): its readings are kept, not assessed
        if (ASSESSED_KINDS.includes(unit.kind)) set.add(id);
        if (!exact) for (const a of ancestorsOf(model.units, id)) if (ASSESSED_KINDS.includes(a.kind)) set.add(a.id);
      }
      units = assessed.filter((id) => set.has(id));
    }
    const rows: DerivedRows['rows'] = { indicatorStatus: [], criterionStatus: [], unitStandard: [], districtStandard: [], pledgeItemStatus: [], reportingSummary: [] };
    const scope: DerivedRows['scope'] = {
      indicatorStatus: units,
      criterionStatus: units,
      unitStandard: units,
      districtStandard: units.filter((id) => model.units.byId.get(id)?.kind === 'district'),
      pledgeItemStatus: [],
      reportingSummary: [],
    };
    const V = cache.viewDay;
    if (V !== null) {
      const catalogue = catalogueFor(model, V);
      const version = catalogue.catalogue.version;
      const ctx = createAssessmentContext({ catalogue, units: model.units, state: cache.state, now: new Date(`${V}T12:00:00+07:00`), asOf: V });
      for (const id of units) {
        const unit = model.units.byId.get(id)!;
        let s;
        try {
          s = assessUnitStatuses(ctx, id);
        } catch (err) {
          this.logger.error({ unitId: id, err: (err as Error).message }, 'unit could not be assessed; its status rows are left out');
          continue;
        }
        const common = { unitKind: unit.kind, parentId: unit.parentId, catalogueVersion: version };
        for (const r of s.indicators) rows.indicatorStatus.push({ ...r, ...common });
        for (const r of s.criteria) rows.criterionStatus.push({ ...r, ...common });
        for (const r of s.tiers) rows.unitStandard.push({ ...r, ...common });
        const d = s.districtStandard;
        if (d) {
          rows.districtStandard.push({
            districtId: id,
            catalogueVersion: version,
            asOf: d.asOf,
            structureDate: d.structureDate,
            status: d.status,
            labelVi: d.label.vi,
            labelEn: d.label.en,
            progress: d.progress,
            checksMet: d.checks.met,
            checksTotal: d.checks.total,
            conditions: d.conditions.map((c) => ({
              code: c.condition.code,
              nameVi: c.condition.nameVi,
              nameEn: c.condition.nameEn,
              status: c.status,
              unitsTotal: c.unitsTotal,
              unitsAtTier: c.unitsAtTier,
              requiredUnits: c.requiredUnits,
              sharePercent: c.sharePercent,
              checksMet: c.checks.met,
              checksTotal: c.checks.total,
              missing: c.missing,
            })),
          });
        }
      }
    }
    // pledge items of the affected cells (forecasts read the cell's whole history)
    const pledgesByCell = new Map<string, Pledge[]>();
    for (const p of model.pledges) pledgesByCell.set(p.cellId, [...(pledgesByCell.get(p.cellId) ?? []), p]);
    const pledgeCells = full ? [...pledgesByCell.keys()] : units.filter((id) => pledgesByCell.has(id));
    scope.pledgeItemStatus = pledgeCells;
    const histories = await loadHistory(db, tables, pledgeCells);
    for (const cellId of pledgeCells) {
      const readings = histories.get(cellId) ?? [];
      for (const pledge of pledgesByCell.get(cellId)!) {
        const catalogue = model.catalogues.find((c) => c.id === pledge.catalogueVersion)?.index ?? catalogueFor(model, pledge.signedOn);
        for (const item of pledge.items) {
          try {
            const history = pledgeItemHistory({ readings, catalogue, units: model.units }, pledge, item);
            const s = pledgeItemSnapshot({ pledge, item, history });
            rows.pledgeItemStatus.push({
              pledgeItemId: item.id,
              pledgeId: pledge.id,
              cellId,
              criterionCode: item.criterionCode,
              indicatorCode: item.indicatorCode,
              itemStatus: model.itemStatus.get(item.id) ?? 'active',
              signedOn: s.signedOn,
              dueDate: s.dueDate,
              target: s.target,
              points: s.points,
              latestAsOf: s.latest?.asOf ?? null,
              latestValue: s.latest?.value ?? null,
              baselineAsOf: s.baseline?.asOf ?? null,
              baselineValue: s.baseline?.value ?? null,
              met: s.met,
              firstMetOn: s.firstMetOn,
              metOnTime: s.metOnTime,
              actualProgress: s.actualProgress,
              trendSlopePerDay: s.trendSlopePerDay,
              projectedCompletion: s.projectedCompletion,
              atRiskFrom: s.atRiskFrom,
              offTrackFrom: s.offTrackFrom,
            });
          } catch (err) {
            this.logger.error({ pledgeItemId: item.id, err: (err as Error).message }, 'pledge item could not be forecast; left out');
          }
        }
      }
    }
    // reporting completeness per commune-level unit and district, over the reported period range
    const summaryUnits = (full || periodsMoved ? assessed : units).filter((id) => SUMMARY_KINDS.includes(model.units.byId.get(id)!.kind));
    scope.reportingSummary = summaryUnits;
    if (cache.firstPeriod !== null && cache.lastPeriod !== null) {
      const periods = periodsBetween(cache.firstPeriod, cache.lastPeriod, (day: IsoDate) => catalogueFor(model, day).catalogue.reportingPeriod);
      for (const unitId of summaryUnits) {
        const kind = model.units.byId.get(unitId)!.kind;
        for (const period of periods) {
          const s = reportingSummary(model.units, unitId, period, cache.reportOf);
          rows.reportingSummary.push({
            unitId,
            periodStart: period.start,
            unitKind: kind,
            periodEnd: period.end,
            dueDate: period.due,
            cellsExpected: s.cellsExpected,
            cellsReported: s.cellsReported,
            cellsOnTime: s.cellsOnTime,
            cellsLate: s.cellsLate,
            missingCellIds: s.missingCellIds,
            lateCellIds: s.lateCellIds,
          });
        }
      }
    }
    return { full, scope, rows, units };
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
    for (const role of DERIVED_ROLES) {
      const table = ident(tables[role]);
      if (derived.full) await m.query(`DELETE FROM ${table}`);
      else if (derived.scope[role].length) await m.query(`DELETE FROM ${table} WHERE ${SCOPES[role]} = ANY($1::text[])`, [derived.scope[role]]);
      await insertRows(m, tables[role], columnsOf(m.connection, role), derived.rows[role]);
    }
  }
}

/** Every unit the projector assesses (below provinces), cells first, then communes, then districts (each by id). */
export function assessedUnits(model: ReferenceModel): string[] {
  const rank: Record<string, number> = { hamlet: 0, ward: 0, commune: 1, town: 1, district: 2 };
  return [...model.units.byId.values()]
    .filter((u) => ASSESSED_KINDS.includes(u.kind))
    .sort((a, b) => rank[a.kind] - rank[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((u) => u.id);
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

/** INSERT rows given as objects keyed by entity property, through jsonb_to_recordset (one statement per 2,000 rows). */
export async function insertRows(m: Q, table: string, columns: ReturnType<typeof columnsOf>, rows: Row[]): Promise<void> {
  const def = columns.map((c) => `"${c.prop}" ${c.type}`).join(', ');
  const sql = `INSERT INTO ${ident(table)} (${columns.map((c) => c.column).join(', ')})
    SELECT ${columns.map((c) => `"${c.prop}"`).join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${def})`;
  for (let i = 0; i < rows.length; i += 2000) await m.query(sql, [JSON.stringify(rows.slice(i, i + 2000))]);
}
