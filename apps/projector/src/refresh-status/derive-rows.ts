/**
 * The derived read models of some (district, day) pairs, computed with libs/domain's programme on a day (the pieces of
 * programmeOnDay: openProgrammeDay, unitDayOf, pledgeItemDaysOf, districtDayOf, programmeForecastOf) and
 * reportingSummary: pure (no database, no framework), so the status refresher, a rebuild and the rebuild's worker
 * threads all produce the rows with this one function. Rows come out as COPY data (see ../read-models/copy-rows).
 */
import {
  ancestorsOf,
  districtDayOf,
  openProgrammeDay,
  periodsBetween,
  pledgeItemDaysOf,
  programmeForecastOf,
  programmeUnitsOf,
  reportingSummary,
  unitDayOf,
  type HistoryPoint,
  type IsoDate,
  type PledgeItemDay,
  type DistrictDay,
  type ProgrammeDayContext,
  type UnitDay,
} from '@pledge/domain';
import { districtDayRow, pledgeItemDayRow, unitDayRow, type ProgrammeDayHead } from '@pledge/persistence/programme/programme-day-rows';
import { CopyRows, type ColumnSpec } from '../read-models/copy-rows';
import { isPeriodEnd, summaryUnitsOf, unitsOfDistrict, versionOn, type ReferenceModel } from '../read-models/reference-model';
import { communeSignature, type ProjectionCache } from './projection-cache';

/**
 * The district's stored day when nothing its standard reads changed: a partial recomputation, the district itself not
 * among the changed units, its criteria judged on its own readings only, and every recomputed commune-level unit with
 * the criteria statuses and tiers it had (libs/domain's district standard reads nothing else of them). Null: compute it.
 */
function keptDistrictDay(
  model: ReferenceModel,
  cache: ProjectionCache,
  work: DayWork,
  unitDays: readonly UnitDay[],
  signatures: ReadonlyMap<string, string>,
): DistrictDay | null {
  if (work.units === 'all' || work.units.has(work.districtId)) return null;
  const stored = cache.districtDays.get(`${work.day}|${work.districtId}`);
  if (!stored) return null;
  const catalogue = versionOn(model, work.day).index.catalogue;
  const local = catalogue.criteria
    .filter((c) => c.appliesTo === 'district')
    .every((c) => c.indicators.every((i) => !i.assessed || i.reportedBy === 'district'));
  if (!local) return null;
  for (const u of unitDays) {
    if (u.kind !== 'commune' && u.kind !== 'town') continue;
    if (cache.communeSignatures.get(`${work.day}|${u.unitId}`) !== signatures.get(u.unitId)) return null;
  }
  return stored;
}

/** The derived tables, by role. */
export const DERIVED_ROLES = ['districtDay', 'unitDay', 'pledgeItemDay', 'reportingSummary'] as const;
export type DerivedRole = (typeof DERIVED_ROLES)[number];

/** The columns of each derived table (from the entities' metadata; plain data, so worker threads get them too). */
export type DerivedColumns = Record<DerivedRole, ColumnSpec[]>;

/**
 * Which rows a recomputation replaces in one table: those whose `column` (and view_day, when `days` is given) match one
 * of the pairs. Rows of a pair that the recomputation did not produce are deleted.
 */
export interface ScopeKeys {
  readonly column: string;
  readonly keys: string[];
  /** Same length as `keys`; absent for tables without view_day (reporting summaries). */
  readonly days?: string[];
}

/** A day of a district to recompute: all of it, or the rows of some units (and their ancestors, and the district). */
export interface DayWork {
  readonly districtId: string;
  readonly day: IsoDate;
  readonly units: 'all' | ReadonlySet<string>;
}

/** What one recomputation produced. */
export interface DerivedRows {
  rows: Record<DerivedRole, CopyRows>;
  scope: Record<DerivedRole, ScopeKeys[]>;
  /** Units and days recomputed (for the change signal and logs). */
  units: string[];
  days: string[];
  /** The item days written (the cache remembers them once committed), and the cells whose items were replaced. */
  items: { day: IsoDate; item: PledgeItemDay }[];
  itemCells: { day: IsoDate; cellId: string }[];
  /** The district days and commune signatures written (see ProjectionCache.districtDays), for the cache. */
  districtDays: { day: IsoDate; districtId: string; district: DistrictDay }[];
  signatures: { day: IsoDate; unitId: string; signature: string }[];
  /** District days whose standard was kept as stored (nothing it reads changed). */
  kept: number;
}

/** Something went wrong for one district and day: its rows are left out and the caller logs it. */
export interface DerivationProblem {
  districtId: string;
  day: IsoDate;
  err: string;
}

function emptyRows(columns: DerivedColumns): DerivedRows {
  const rows = {} as DerivedRows['rows'];
  const scope = {} as DerivedRows['scope'];
  for (const role of DERIVED_ROLES) {
    rows[role] = new CopyRows(columns[role]);
    scope[role] = [];
  }
  return { rows, scope, units: [], days: [], items: [], itemCells: [], districtDays: [], signatures: [], kept: 0 };
}

function scoped(scope: ScopeKeys[], column: string, key: string, day?: string): void {
  let s = scope.find((x) => x.column === column);
  if (!s) scope.push((s = day === undefined ? { column, keys: [] } : { column, keys: [], days: [] }));
  s.keys.push(key);
  if (day !== undefined) s.days!.push(day);
}

/** The units to recompute on an opened day: all of its units, or the given ones valid that day with their ancestors. */
function unitsToRecompute(pd: ProgrammeDayContext, work: DayWork): string[] {
  const all = programmeUnitsOf(pd).map((u) => u.id);
  if (work.units === 'all') return all;
  const wanted = new Set<string>([pd.district.id]);
  for (const id of work.units) {
    if (!pd.ctx.units.byId.has(id)) continue;
    wanted.add(id);
    for (const a of ancestorsOf(pd.ctx.units, id)) wanted.add(a.id);
  }
  return all.filter((id) => wanted.has(id));
}

/**
 * Computes the rows of each (district, day) of `work`: the units' days, the pledge items of the cells among them, the
 * district's day (its standard, and its forecast over every item of the day: the recomputed ones and, for the other
 * cells, the stored ones the cache holds); and the reporting summaries of `summaries` (programme districts) for every
 * period of their programmes.
 */
export function deriveRows(input: {
  model: ReferenceModel;
  cache: ProjectionCache;
  columns: DerivedColumns;
  work: readonly DayWork[];
  summaries: readonly string[];
  problem: (p: DerivationProblem) => void;
}): DerivedRows {
  const { model, cache } = input;
  const out = emptyRows(input.columns);
  const units = new Set<string>();
  const days = new Set<string>();
  // each pledge item's series over its cell's whole history, computed once per district and cut at each day (the
  // cache's readings do not change during one derivation)
  const seriesMemo = new Map<string, Map<string, HistoryPoint[]>>();
  for (const work of input.work) {
    const version = versionOn(model, work.day);
    let pd: ProgrammeDayContext;
    let unitDays: UnitDay[];
    let itemDays: PledgeItemDay[];
    let recomputed: string[];
    let head: ProgrammeDayHead;
    let signatures: Map<string, string>;
    try {
      pd = openProgrammeDay({
        catalogue: version.index,
        units: model.units,
        pledges: model.pledges,
        waivedItems: model.waivedItems,
        recognitions: model.recognitions,
        districtId: work.districtId,
        day: work.day,
        readings: cache.readingsOf(unitsOfDistrict(model, work.districtId)),
        seriesMemo: seriesMemo.get(work.districtId) ?? seriesMemo.set(work.districtId, new Map()).get(work.districtId),
      });
      recomputed = unitsToRecompute(pd, work);
      unitDays = recomputed.map((id) => unitDayOf(pd, id));
      signatures = new Map(unitDays.filter((u) => u.kind === 'commune' || u.kind === 'town').map((u) => [u.unitId, communeSignature(u)]));
      const kept = keptDistrictDay(model, cache, work, unitDays, signatures);
      if (kept) out.kept++;
      const district = kept ?? districtDayOf(pd);
      itemDays = recomputed.flatMap((id) => (pd.pledgesOf.has(id) ? pledgeItemDaysOf(pd, id) : []));
      // the district's forecast reads every item of the day: the stored ones of the cells not recomputed
      const fresh = new Set(recomputed);
      const stored =
        work.units === 'all' ? [] : [...(cache.items.get(work.day)?.values() ?? [])].filter((i) => !fresh.has(i.cellId) && pd.pledgesOf.has(i.cellId));
      head = {
        catalogueVersion: version.id,
        day: work.day,
        districtId: work.districtId,
        structureDate: pd.structureDate,
        firstSigning: pd.firstSigning,
        district,
        forecast: programmeForecastOf(pd, [...stored, ...itemDays]),
      };
    } catch (err) {
      input.problem({ districtId: work.districtId, day: work.day, err: (err as Error).message });
      continue;
    }
    const fresh = recomputed.filter((id) => pd.pledgesOf.has(id));
    out.rows.districtDay.add(districtDayRow(head, isPeriodEnd(model, work.districtId, work.day), model.fingerprint));
    scoped(out.scope.districtDay, 'district_id', work.districtId, work.day);
    for (const u of unitDays) {
      const signature = signatures.get(u.unitId);
      out.rows.unitDay.add(unitDayRow(u, head, signature));
      if (signature !== undefined) out.signatures.push({ day: work.day, unitId: u.unitId, signature });
    }
    out.districtDays.push({ day: work.day, districtId: work.districtId, district: head.district });
    for (const i of itemDays) {
      out.rows.pledgeItemDay.add(pledgeItemDayRow(i, head));
      out.items.push({ day: work.day, item: i });
    }
    if (work.units === 'all') {
      scoped(out.scope.unitDay, 'district_id', work.districtId, work.day);
      scoped(out.scope.pledgeItemDay, 'district_id', work.districtId, work.day);
      for (const cellId of pd.pledgesOf.keys()) out.itemCells.push({ day: work.day, cellId });
    } else {
      for (const id of recomputed) scoped(out.scope.unitDay, 'unit_id', id, work.day);
      for (const id of fresh) {
        scoped(out.scope.pledgeItemDay, 'cell_id', id, work.day);
        out.itemCells.push({ day: work.day, cellId: id });
      }
    }
    for (const id of recomputed) units.add(id);
    days.add(work.day);
  }
  // reporting completeness of the programme districts' communes, town and district, every period of their programmes
  for (const districtId of input.summaries) {
    const periods = model.versions
      .filter((v) => v.districts.includes(districtId))
      .flatMap((v) => periodsBetween(v.periodFrom, v.periodEnds[v.periodEnds.length - 1] ?? v.deadline, () => v.index.catalogue.reportingPeriod));
    for (const unitId of summaryUnitsOf(model, districtId)) {
      const kind = model.units.byId.get(unitId)!.kind;
      scoped(out.scope.reportingSummary, 'unit_id', unitId);
      for (const period of periods) {
        const s = reportingSummary(model.units, unitId, period, cache.reportOf);
        out.rows.reportingSummary.add({
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
  out.units = [...units];
  out.days = [...days].sort();
  return out;
}
