import {
  ancestorOfKind,
  catalogueVersionOn,
  isValidOn,
  programmeDistricts,
  programmePeriodEnds,
  programmeToday,
  reportingCalendar,
  vnDateOf,
  type CalendarDay,
  type CatalogueIndex,
  type IsoDate,
  type Pledge,
  type RecognitionIndex,
  type UnitIndex,
} from '@pledge/domain';
// the loader's own module, not the package index: the rebuild's worker threads load this without TypeORM
import { loadProgrammeReferenceData } from '@pledge/persistence/reference/programme-reference';
import { loadProgrammes } from '@pledge/persistence/programme/programmes';
import type { Queryable } from './sql-ident';

/** A catalogue version as the projector uses it. */
export interface VersionModel {
  readonly id: string;
  readonly periodFrom: IsoDate;
  readonly periodTo: IsoDate;
  readonly deadline: IsoDate;
  readonly index: CatalogueIndex;
  /** The last day of every reporting period of the programme (libs/domain programmePeriodEnds). */
  readonly periodEnds: readonly IsoDate[];
  /** The districts its pledges cover (libs/domain programmeDistricts): they keep a snapshot of every period end. */
  readonly districts: readonly string[];
}

/**
 * The reference data the derived read models depend on, read from PostgreSQL (where administrators edit it) into
 * the domain's types: units, catalogue versions (thresholds as edited), pledges.
 */
export interface ReferenceModel {
  readonly units: UnitIndex;
  /** Oldest period first. */
  readonly versions: readonly VersionModel[];
  readonly pledges: readonly Pledge[];
  /** Items an administrator waived. */
  readonly waivedItems: ReadonlySet<string>;
  /** Recognition decisions, counted by the district conditions as their basis says. */
  readonly recognitions: RecognitionIndex;
  /** Changes whenever any of the above changes. */
  readonly fingerprint: string;
}

type Q = Queryable;

/**
 * The reference data through the shared loader of libs/persistence (the read API reads it the same way, with the same
 * fingerprint), with what the projector adds: each version's period ends and programme districts.
 */
export async function loadReferenceModel(db: Q): Promise<ReferenceModel> {
  const [{ data, fingerprint }, { programmes }] = await Promise.all([loadProgrammeReferenceData(db), loadProgrammes(db)]);
  // the versions of programmes aimed at communes (2026–2030) cover no district: their pledges' cells still sit under
  // 874 in admin_unit, but their days are the communes' (not built yet, docs/programmes.md), never the district's
  const communeVersions = new Set(programmes.filter((p) => p.targetKind === 'commune').map((p) => p.catalogueVersion));
  const versions: VersionModel[] = data.catalogues.map((c) => ({
    id: c.id,
    periodFrom: c.periodFrom,
    periodTo: c.periodTo,
    deadline: c.deadline,
    index: c.index,
    periodEnds: programmePeriodEnds(c.index.catalogue),
    districts: communeVersions.has(c.id) ? [] : programmeDistricts(data.unitIndex, data.pledges, c.id),
  }));
  return {
    units: data.unitIndex,
    versions,
    pledges: [...data.pledges],
    waivedItems: new Set([...data.itemStates].filter(([, s]) => s.status === 'waived').map(([id]) => id)),
    recognitions: data.recognitionIndex,
    fingerprint,
  };
}

/** The version governing `day` (libs/domain catalogueVersionOn); throws before every version. */
export function versionOn(model: ReferenceModel, day: IsoDate): VersionModel {
  const v = catalogueVersionOn(model.versions, day);
  if (!v) throw new Error(`no catalogue version governs ${day}: load the seeds first (node dist/apps/cli/src/main.js seed)`);
  return v;
}

/**
 * "Today" of the derived rows: the day in Vietnam kept within the programme's dates (libs/domain programmeToday), among
 * the versions whose pledges cover a district (all versions while none does). A catalogue loaded for the 2026–2030
 * communes (issue 14) does not move the district's today into its period: the projector derives district programmes
 * only; the communes' days are not built yet (docs/programmes.md).
 */
export function derivedToday(model: ReferenceModel, now: Date): IsoDate | null {
  const districtVersions = model.versions.filter((v) => v.districts.length > 0);
  return programmeToday(districtVersions.length > 0 ? districtVersions : model.versions, vnDateOf(now))?.day ?? null;
}

/**
 * The districts the projector derives: those a programme covers, and every district valid on `today`, in unit order.
 */
export function derivedDistricts(model: ReferenceModel, today: IsoDate | null): string[] {
  const covered = new Set(model.versions.flatMap((v) => v.districts));
  return [...model.units.byId.values()].filter((u) => u.kind === 'district' && (covered.has(u.id) || (today !== null && isValidOn(u, today)))).map((u) => u.id);
}

/** The days a district keeps: every period end of the programmes covering it, and today; oldest first. */
export function storedDaysOf(model: ReferenceModel, districtId: string, today: IsoDate | null): IsoDate[] {
  const days = new Set<IsoDate>();
  for (const v of model.versions) if (v.districts.includes(districtId)) for (const d of v.periodEnds) days.add(d);
  if (today !== null) days.add(today);
  return [...days].sort();
}

/** True when `day` ends a reporting period of a programme covering the district. */
export function isPeriodEnd(model: ReferenceModel, districtId: string, day: IsoDate): boolean {
  return model.versions.some((v) => v.districts.includes(districtId) && v.periodEnds.includes(day));
}

/** True when a programme covers the district (it keeps every period end; its units' whole history is needed). */
export function isProgrammeDistrict(model: ReferenceModel, districtId: string): boolean {
  return model.versions.some((v) => v.districts.includes(districtId));
}

/** The district a unit belongs to (itself for a district); null above or outside districts. */
export function districtOf(model: ReferenceModel, unitId: string): string | null {
  const unit = model.units.byId.get(unitId);
  if (!unit) return null;
  if (unit.kind === 'district') return unit.id;
  return ancestorOfKind(model.units, unitId, ['district'])?.id ?? null;
}

const unitsMemo = new WeakMap<ReferenceModel, Map<string, string[]>>();

/** Every unit ever under a district (any validity), the district first. */
export function unitsOfDistrict(model: ReferenceModel, districtId: string): string[] {
  let memo = unitsMemo.get(model);
  if (!memo) unitsMemo.set(model, (memo = new Map<string, string[]>()));
  let known = memo.get(districtId);
  if (!known) memo.set(districtId, (known = walkDistrict(model, districtId)));
  return known;
}

function walkDistrict(model: ReferenceModel, districtId: string): string[] {
  const out = [districtId];
  const visit = (id: string): void => {
    for (const child of model.units.childrenById.get(id) ?? []) {
      out.push(child.id);
      visit(child.id);
    }
  };
  visit(districtId);
  return out;
}

/** The communes, towns and the district whose reporting completeness a programme district keeps. */
export function summaryUnitsOf(model: ReferenceModel, districtId: string): string[] {
  const out = [districtId];
  for (const u of model.units.childrenById.get(districtId) ?? []) if (u.kind === 'commune' || u.kind === 'town') out.push(u.id);
  return out;
}

/**
 * The reporting calendar (libs/domain reportingCalendar) of every day from `first` to `last`, each under the rule of
 * the version governing it: what the SQL of rm_cell_report joins readings against.
 */
export function calendarOf(model: ReferenceModel, first: IsoDate, last: IsoDate): CalendarDay[] {
  return reportingCalendar(first, last, (day) => catalogueVersionOn(model.versions, day)?.index.catalogue.reportingPeriod);
}
