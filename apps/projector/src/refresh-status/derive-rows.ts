/**
 * The derived read models of a set of units, computed through libs/domain from the readings state, the reports and
 * the reference data: pure (no database, no framework), so the status refresher, a rebuild and the rebuild's worker
 * threads all produce the rows with this one function. Rows come out as COPY data (see ../read-models/copy-rows).
 */
import {
  criteriaFor,
  ancestorOfKind,
  ancestorsOf,
  assessUnitStatuses,
  createAssessmentContext,
  periodsBetween,
  pledgeItemHistory,
  pledgeItemSnapshot,
  reportingSummary,
  type AssessmentContext,
  type IsoDate,
  type Pledge,
  type Reading,
  type UnitKind,
  withCriterionMemo,
} from '@pledge/domain';
import { CopyRows, type ColumnSpec } from '../read-models/copy-rows';
import { ASSESSED_KINDS, catalogueFor, type ReferenceModel } from '../read-models/reference-model';
import type { ReportState } from './projection-cache';

/** Derived roles and the column that scopes a recomputation (rows of these keys are replaced). */
export const SCOPES = {
  indicatorStatus: 'unit_id',
  criterionStatus: 'unit_id',
  unitStandard: 'unit_id',
  districtStandard: 'district_id',
  pledgeItemStatus: 'cell_id',
  reportingSummary: 'unit_id',
} as const;

export type DerivedRole = keyof typeof SCOPES;
export const DERIVED_ROLES = Object.keys(SCOPES) as DerivedRole[];

/** The columns of each derived table (from the entities' metadata; plain data, so worker threads get them too). */
export type DerivedColumns = Record<DerivedRole, ColumnSpec[]>;

/** What one recomputation produced: rows per derived table, and which keys they replace (all rows when `full`). */
export interface DerivedRows {
  full: boolean;
  scope: Record<DerivedRole, string[]>;
  rows: Record<DerivedRole, CopyRows>;
  /** Units assessed (for the change signal and logs). */
  units: string[];
}

/** What the derivation reads besides the reference data: the readings in force and the reports (ProjectionCache). */
export interface DerivationState {
  readonly state: ReadonlyMap<string, Reading>;
  readonly viewDay: IsoDate | null;
  readonly firstPeriod: IsoDate | null;
  readonly lastPeriod: IsoDate | null;
  reportOf(unitId: string, periodStart: IsoDate): ReportState | undefined;
}

/** Which units a recomputation covers. */
export interface DerivationScope {
  /** Units whose rows changed, or 'all'. */
  dirty: readonly string[] | 'all';
  /** Summaries of every commune-level unit and district (the reported period range changed). */
  periodsMoved?: boolean;
  /** Exactly the dirty units, without their ancestors (a rebuild walks every unit in chunks). */
  exact?: boolean;
}

/** Something went wrong for one unit or item: its rows are left out and the caller logs it. */
export interface DerivationProblem {
  unitId?: string;
  pledgeItemId?: string;
  err: string;
}

const SUMMARY_KINDS: readonly UnitKind[] = ['commune', 'town', 'district'];
const RANK: Record<string, number> = { hamlet: 0, ward: 0, commune: 1, town: 1, district: 2 };
const assessedCache = new WeakMap<ReferenceModel, string[]>();
const pledgesCache = new WeakMap<ReferenceModel, Map<string, Pledge[]>>();

/** Every unit the projector assesses (below provinces), cells first, then communes, then districts (each by id). */
export function assessedUnits(model: ReferenceModel): string[] {
  let out = assessedCache.get(model);
  if (!out) {
    out = [...model.units.byId.values()]
      .filter((u) => ASSESSED_KINDS.includes(u.kind))
      .sort((a, b) => RANK[a.kind] - RANK[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((u) => u.id);
    assessedCache.set(model, out);
  }
  return out;
}

/** Pledges by cell, in model order. */
export function pledgesByCell(model: ReferenceModel): Map<string, Pledge[]> {
  let out = pledgesCache.get(model);
  if (!out) {
    out = new Map();
    for (const p of model.pledges) out.set(p.cellId, [...(out.get(p.cellId) ?? []), p]);
    pledgesCache.set(model, out);
  }
  return out;
}

/** The units a recomputation covers: the dirty ones and (unless exact) their ancestors, in {@link assessedUnits} order. */
export function affectedUnits(model: ReferenceModel, scope: DerivationScope): string[] {
  const assessed = assessedUnits(model);
  if (scope.dirty === 'all') return assessed;
  const set = new Set<string>();
  for (const id of scope.dirty) {
    const unit = model.units.byId.get(id);
    if (!unit) continue; // a unit the reference data does not know (yet): its readings are kept, not assessed
    if (ASSESSED_KINDS.includes(unit.kind)) set.add(id);
    if (!scope.exact) for (const a of ancestorsOf(model.units, id)) if (ASSESSED_KINDS.includes(a.kind)) set.add(a.id);
  }
  if (set.size * 8 < assessed.length) return [...set].sort((a, b) => compareAssessed(model, a, b));
  return assessed.filter((id) => set.has(id));
}

function compareAssessed(model: ReferenceModel, a: string, b: string): number {
  const ka = RANK[model.units.byId.get(a)!.kind];
  const kb = RANK[model.units.byId.get(b)!.kind];
  return ka - kb || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * What lets the status refresher leave a district's status rows alone in a round: a district's standard is a function
 * of the view day, the reference data, the criterion statuses of its communes and towns, and its own criteria. When
 * the district is not dirty itself (its own readings unchanged), its own criteria read only district-reported
 * figures, and every commune recomputed in the round kept the criterion statuses it had when they were last
 * committed (`signatures`, kept by the refresher from round to round, cleared whenever every row is recomputed), its
 * rows would come out the same. Its reporting summaries are recomputed all the same.
 */
export interface DistrictSkip {
  /** Units whose readings changed in this round. */
  readonly dirty: ReadonlySet<string>;
  /** Per commune-level unit: its criterion statuses when last computed (rows committed). */
  readonly signatures: ReadonlyMap<string, string>;
  /** Filled by the round: the new signatures (null: forget), to be merged into `signatures` once its rows are committed. */
  readonly updated: Map<string, string | null>;
}

/** True when a district's own rows read only district-reported figures (as the seeded catalogue's 9 criteria do). */
function districtRowsAreLocal(ctx: AssessmentContext): boolean {
  return criteriaFor(ctx, 'district').every((c) => c.indicators.every((i) => !i.assessed || i.reportedBy === 'district'));
}

/**
 * `units` in groups to assess: each district among them together with its communes and towns among them (in one
 * criterion memo scope, `shared`), everything else on its own. Every unit appears once; the order of the rows does not
 * matter to the tables.
 */
function assessmentGroups(model: ReferenceModel, units: readonly string[]): { ids: string[]; shared: boolean }[] {
  const districts = new Map<string, string[]>();
  for (const id of units) if (model.units.byId.get(id)?.kind === 'district') districts.set(id, []);
  const alone: string[] = [];
  for (const id of units) {
    const unit = model.units.byId.get(id);
    if (!unit || unit.kind === 'district') continue;
    const district = districts.size > 0 && COMMUNE_LEVEL.includes(unit.kind) ? ancestorOfKind(model.units, id, ['district']) : null;
    const group = district ? districts.get(district.id) : undefined;
    if (group) group.push(id);
    else alone.push(id);
  }
  return [{ ids: alone, shared: false }, ...[...districts].map(([d, communes]) => ({ ids: [...communes, d], shared: true }))];
}

const COMMUNE_LEVEL: readonly UnitKind[] = ['commune', 'town'];

/** The cells with pledges among `units` (every pledging cell for a full recomputation). */
export function pledgeCellsOf(model: ReferenceModel, units: readonly string[], full: boolean): string[] {
  const byCell = pledgesByCell(model);
  return full ? [...byCell.keys()] : units.filter((id) => byCell.has(id));
}

/**
 * Computes the derived rows of `units` (see {@link affectedUnits}): statuses of every indicator, criterion and tier,
 * the district standard, the forecasts of the pledge items of `pledgeCells` (from their whole `histories`) and the
 * reporting summaries. Problems with one unit or item leave its rows out and are reported through `problem`.
 */
export function deriveRows(input: {
  model: ReferenceModel;
  cache: DerivationState;
  columns: DerivedColumns;
  units: readonly string[];
  full: boolean;
  periodsMoved: boolean;
  pledgeCells: readonly string[];
  histories: ReadonlyMap<string, Reading[]>;
  problem: (p: DerivationProblem) => void;
  /** The status refresher's memory of unchanged districts (see {@link DistrictSkip}); a rebuild passes none. */
  districtSkip?: DistrictSkip;
}): DerivedRows {
  const { model, cache, columns, units, full, problem } = input;
  const skipped = new Set<string>();
  const rows = {} as DerivedRows['rows'];
  for (const role of DERIVED_ROLES) rows[role] = new CopyRows(columns[role]);
  const scope: DerivedRows['scope'] = {
    indicatorStatus: [...units],
    criterionStatus: [...units],
    unitStandard: [...units],
    districtStandard: units.filter((id) => model.units.byId.get(id)?.kind === 'district'),
    pledgeItemStatus: [...input.pledgeCells],
    reportingSummary: [],
  };
  const V = cache.viewDay;
  if (V !== null) {
    const catalogue = catalogueFor(model, V);
    const version = catalogue.catalogue.version;
    const ctx = createAssessmentContext({ catalogue, units: model.units, state: cache.state, now: new Date(`${V}T12:00:00+07:00`), asOf: V });
    const skip = input.districtSkip && !full && districtRowsAreLocal(ctx) ? input.districtSkip : null;
    for (const { ids, shared } of assessmentGroups(model, units)) {
      // a district's standard judges each of its communes again: assessed in one scope with them, it reuses theirs
      const scope = shared ? withCriterionMemo(ctx) : ctx;
      let communesChanged = false;
      for (const id of ids) {
        const unit = model.units.byId.get(id)!;
        if (unit.kind === 'district' && skip && !skip.dirty.has(id) && !communesChanged) {
          skipped.add(id); // its standard reads nothing that changed: its rows stay as they are
          continue;
        }
        let s;
        try {
          s = assessUnitStatuses(scope, id);
        } catch (err) {
          problem({ unitId: id, err: (err as Error).message });
          communesChanged = true;
          skip?.updated.set(id, null);
          continue;
        }
        if (skip && shared && unit.kind !== 'district') {
          const signature = s.criteria.map((c) => `${c.criterionCode}:${c.status}`).join(',');
          if (skip.signatures.get(id) !== signature) communesChanged = true;
          skip.updated.set(id, signature);
        }
        const common = { unitKind: unit.kind, parentId: unit.parentId, catalogueVersion: version };
        for (const r of s.indicators) rows.indicatorStatus.add(r, common);
        for (const r of s.criteria) rows.criterionStatus.add(r, common);
        for (const r of s.tiers) rows.unitStandard.add(r, common);
        const d = s.districtStandard;
        if (d) {
          rows.districtStandard.add({
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
  }
  if (skipped.size > 0) for (const role of ['indicatorStatus', 'criterionStatus', 'unitStandard', 'districtStandard'] as const) scope[role] = scope[role].filter((id) => !skipped.has(id));
  // pledge items of the affected cells (forecasts read the cell's whole history)
  const byCell = pledgesByCell(model);
  for (const cellId of input.pledgeCells) {
    const readings = input.histories.get(cellId) ?? [];
    for (const pledge of byCell.get(cellId) ?? []) {
      const catalogue = model.catalogues.find((c) => c.id === pledge.catalogueVersion)?.index ?? catalogueFor(model, pledge.signedOn);
      for (const item of pledge.items) {
        try {
          const history = pledgeItemHistory({ readings, catalogue, units: model.units }, pledge, item);
          const s = pledgeItemSnapshot({ pledge, item, history });
          rows.pledgeItemStatus.add({
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
          problem({ pledgeItemId: item.id, err: (err as Error).message });
        }
      }
    }
  }
  // reporting completeness per commune-level unit and district, over the reported period range
  const summaryUnits = (full || input.periodsMoved ? assessedUnits(model) : units).filter((id) => SUMMARY_KINDS.includes(model.units.byId.get(id)!.kind));
  scope.reportingSummary = summaryUnits;
  if (cache.firstPeriod !== null && cache.lastPeriod !== null && summaryUnits.length > 0) {
    const periods = periodsBetween(cache.firstPeriod, cache.lastPeriod, (day: IsoDate) => catalogueFor(model, day).catalogue.reportingPeriod);
    const reportOf = (cell: string, start: IsoDate) => cache.reportOf(cell, start);
    for (const unitId of summaryUnits) {
      const kind = model.units.byId.get(unitId)!.kind;
      for (const period of periods) {
        const s = reportingSummary(model.units, unitId, period, reportOf);
        rows.reportingSummary.add({
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
  return { full, scope, rows, units: [...units] };
}
