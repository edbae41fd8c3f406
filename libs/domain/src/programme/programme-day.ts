/**
 * The programme on a day: the one statement of what every progress figure is. From the reference data valid that day
 * (the catalogue version governing it, the units, the pledges) and the readings known to describe days up to it, this
 * gives every indicator, criterion and tier of the district, its communes and its cells, the district standard (its
 * conditions, the overall figure) and the forecasts of the pledges: the existing rules (assessIndicator,
 * assessCriterion, assessTier, assessDistrictStandard, pledgeItemHistory, forecastPledgeItem, forecastDistrict)
 * composed, their results kept as plain data (no getters, no functions: JSON in, JSON out), so that the projector can
 * store it and every reader serve the stored figures. Sentences that name units or format values are written when
 * read (`indicatorReasonText`, `tierLabel`, `tierGaps`) from the facts kept here; the district's "what is missing"
 * lines and the forecasts' reasons are kept as written.
 *
 * {@link programmeOnDay} computes a whole day; the projector recomputes parts of a day when a reading changes some of
 * its units, with the same pieces ({@link openProgrammeDay}, {@link unitDayOf}, {@link pledgeItemDaysOf},
 * {@link districtDayOf}, {@link programmeForecastOf}): each piece depends only on what it names, so the parts of a day
 * put together equal the whole day computed at once.
 */
import type { CatalogueIndex } from '../catalogue/lookup';
import { selectCriteria } from '../catalogue/lookup';
import type { Catalogue, ConditionBasis, Criterion, IndicatorKind, ReportingFrequency, ThresholdValue, Tier } from '../catalogue/catalogue.types';
import {
  DEFAULT_FORECAST_OPTIONS,
  forecastDistrict,
  forecastPledgeItem,
  type DistrictForecast,
  type Forecast,
  type ForecastOptions,
  type ForecastStatus,
} from '../forecast/forecast';
import { pledgeItemHistory } from '../forecast/pledge-forecast';
import type { LinearTrend } from '../forecast/trend';
import type { Pledge, PledgeItem } from '../pledges/pledge.types';
import type { HistoryPoint } from '../readings/history';
import type { Reading } from '../readings/reading.types';
import { applyReadings, EMPTY_READINGS_STATE, type ReadingsState } from '../readings/state';
import type { IsoDate } from '../shared/iso-date';
import type { LocalisedText } from '../shared/localised-text';
import {
  assessCriterion,
  createAssessmentContext,
  withCriterionMemo,
  type AssessmentContext,
  type AssessmentStatus,
  type CriterionAssessment,
  type IndicatorAssessment,
  type LevelPartFacts,
  reasonFactsOf,
} from '../status/assess';
import { assessDistrictStandard, type Checks } from '../standard/district';
import { blockersFacts, pledgeHintsFrom, type BlockersFacts, type PledgeHints } from '../standard/blockers';
import type { RecognitionDecision, RecognitionIndex } from '../standard/recognition';
import { assessTier, type StandardStatus, type TierAssessment } from '../standard/tier';
import { reportingPeriodOf } from '../status/reporting-period';
import { ancestorOfKind, cellsOn, childrenOn, getUnit, isCommuneLevel, isValidOn, structureDateFor, type UnitIndex } from '../units/hierarchy';
import type { UnitParent } from '../units/unit-parent';
import { carryOverReadingsByUnit, isCarried, type CarriedFrom, type IndicatorMapping } from '../catalogue/indicator-mapping';
import type { Unit, UnitKind } from '../units/unit.types';

/** One indicator of one unit on the day (assessIndicator's result as plain data). */
export interface IndicatorDay {
  readonly criterionCode: string;
  readonly indicatorCode: string;
  readonly status: AssessmentStatus;
  /** The plain comparison of the value with the threshold (met / not_met), null without both. */
  readonly judgement: 'met' | 'not_met' | null;
  /** The unit's value: a percentage for fractions, a number, yes/no; null without one. */
  readonly value: number | boolean | null;
  /** Σ numerators and Σ denominators (fractions); yes-count and share (yes/no rollups); null otherwise. */
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly yesCount: number | null;
  readonly share: number | null;
  /** Reporting units expected, with a usable reading, and the ids of those without one. */
  readonly expected: number;
  readonly reported: number;
  readonly missing: readonly string[];
  /** The level that applies, null when unknown; which of the indicator's rules gave it (null: its own threshold). */
  readonly threshold: ThresholdValue | null;
  readonly thresholdRule: number | null;
  readonly newestAsOf: IsoDate | null;
  readonly oldestAsOf: IsoDate | null;
  /** Readings describing days before this are stale on the day. */
  readonly requiredFrom: IsoDate;
  /** Reporting units whose reading in force is stale on the day. */
  readonly staleUnitIds: readonly string[];
  /** What the indicator measures (percentage, amount, count, yes/no). */
  readonly kind: IndicatorKind;
  /** How often it is reported (decides what is out of date), and for a yearly one the year assessed. */
  readonly frequency: ReportingFrequency;
  readonly year: number | null;
  /** Every comparison of its level (one for a plain comparison), with the value compared and the outcome. */
  readonly parts: readonly IndicatorPartDay[];
  /** Yearly indicators: figures of an earlier year, shown with their day but not counted for the year assessed. */
  readonly outdated: readonly { readonly unitId: string; readonly asOf: IsoDate }[];
}

/**
 * One comparison of an indicator's level on the day (one for a plain comparison): the facts its sentence reads, its
 * key and its outcome. Where the level comes from is the catalogue's ({@link levelPartProvenance}).
 */
export type IndicatorPartDay = LevelPartFacts & { readonly key: string; readonly judgement: 'met' | 'not_met' | null };

/** One criterion of one unit on the day: its status from its assessed indicators. */
export interface CriterionDay {
  readonly code: string;
  readonly status: AssessmentStatus;
  readonly indicators: readonly IndicatorDay[];
}

/** One tier (standard) of one unit on the day (assessTier's result). */
export interface TierDay {
  readonly code: string;
  readonly status: StandardStatus;
  readonly metCriteria: number;
  readonly totalCriteria: number;
  /** The tiers it requires (NTM for advanced NTM) and their status on the day. */
  readonly requiredTiers: readonly { readonly code: string; readonly status: StandardStatus }[];
  /** The decision recognising the unit at the tier in force on the day (beside the computed status), or null. */
  readonly recognition: RecognitionDecision | null;
}

/** One unit (the district, a commune or the town, a cell) on the day. */
export interface UnitDay {
  readonly unitId: string;
  readonly kind: UnitKind;
  readonly parentId: string | null;
  /** Readings in force reported by the unit itself, and when the newest of them was reported (ISO instant). */
  readonly readings: number;
  readonly lastReportedAt: string | null;
  /** Every criterion assessed for the unit (those of its kind and those its tiers select), in catalogue order. */
  readonly criteria: readonly CriterionDay[];
  /** Every criteria-based tier of its kind that can be judged for it, required tiers first. */
  readonly tiers: readonly TierDay[];
}

/** A pledge item's forecast on the day (forecastPledgeItem's result as plain data). */
export interface ItemForecastDay {
  readonly status: ForecastStatus;
  readonly expectedProgress: number;
  readonly actualProgress: number | null;
  readonly baseline: HistoryPoint | null;
  readonly latest: HistoryPoint | null;
  readonly trend: LinearTrend | null;
  readonly projectedCompletion: IsoDate | null;
  readonly firstMetOn: IsoDate | null;
  readonly metOnTime: boolean;
  readonly reason: LocalisedText;
}

/** One pledge item on the day: null forecast when it is waived. */
export interface PledgeItemDay {
  readonly itemId: string;
  readonly pledgeId: string;
  readonly cellId: string;
  readonly forecast: ItemForecastDay | null;
}

/** One district condition on the day (assessDistrictStandard's ConditionAssessment as plain data). */
export interface ConditionDay {
  readonly code: string;
  readonly status: 'met' | 'not_met' | 'threshold_missing';
  readonly unitsTotal: number | null;
  readonly unitsAtTier: number | null;
  readonly requiredUnits: number | null;
  readonly sharePercent: number | null;
  readonly checks: Checks;
  /** What is still missing, as report lines (empty when met). */
  readonly missing: readonly LocalisedText[];
  /** `share_at_tier`: what counts as a unit at the tier (computed, recognised, or either). */
  readonly basis: ConditionBasis | null;
  /** `share_at_tier`: each unit judged against the condition's tier, whether it counts, and its recognition. */
  readonly units: readonly {
    readonly unitId: string;
    readonly status: StandardStatus;
    readonly metCriteria: number;
    readonly totalCriteria: number;
    readonly counted: boolean;
    readonly countedBy: 'computed' | 'recognised' | 'both' | null;
    readonly recognition: RecognitionDecision | null;
  }[];
  /** `criteria`: each district criterion. */
  readonly criteria: readonly { readonly code: string; readonly status: AssessmentStatus }[];
  /** `indicator`: the measure (residents' satisfaction) on the day. */
  readonly measure: IndicatorDay | null;
}

/** The district standard on the day. */
export interface DistrictDay {
  readonly districtId: string;
  readonly status: 'met' | 'not_met' | 'not_applicable';
  readonly label: LocalisedText;
  /** Overall progress 0..1 (OVERALL_PROGRESS_DESCRIPTION), null when not applicable. */
  readonly progress: number | null;
  readonly checks: Checks;
  readonly structureDate: IsoDate;
  readonly structureNote: LocalisedText | null;
  readonly conditions: readonly ConditionDay[];
  /** Communes and the town of the district on the structure date, and how many meet their base standard. */
  readonly communes: number;
  readonly communesAtStandard: number;
  /** What blocks the standard, before the pledges' dates are applied (libs/domain finishBlockers does that when read). */
  readonly blockers: BlockersFacts;
}

/** The programme of one district on one day. */
export interface ProgrammeDay {
  readonly catalogueVersion: string;
  readonly day: IsoDate;
  readonly districtId: string;
  readonly structureDate: IsoDate;
  /** The first signing among the district's pledges of the version (null without pledges). */
  readonly firstSigning: IsoDate | null;
  readonly district: DistrictDay;
  /** forecastDistrict over the active items against the deadline. */
  readonly forecast: DistrictForecast;
  /** The district, then each commune (and the town) followed by its cells, on the structure date. */
  readonly units: readonly UnitDay[];
  /** The items of the pledges of those cells, in cell order. */
  readonly items: readonly PledgeItemDay[];
}

/** What {@link programmeOnDay} reads. */
export interface ProgrammeDayInput {
  /** The catalogue version governing the day (catalogueVersionOn). */
  readonly catalogue: CatalogueIndex;
  readonly units: UnitIndex;
  /** Pledges (those of the version whose cells lie in the district count). */
  readonly pledges: readonly Pledge[];
  /** Items an administrator waived (no forecast); every other item is active. */
  readonly waivedItems?: ReadonlySet<string>;
  readonly districtId: string;
  readonly day: IsoDate;
  /**
   * Readings by reporting unit (any order; duplicates, corrections and readings of later days allowed). For each
   * (unit, criterion, indicator) the newest one describing a day up to `day` must be among them; for a pledging cell,
   * every reading (its forecasts read its history).
   */
  readonly readings: ReadonlyMap<string, readonly Reading[]>;
  /** Recognition decisions (standards recognised by the authorities), counted by the conditions as their basis says. */
  readonly recognitions?: RecognitionIndex;
  readonly forecastOptions?: ForecastOptions;
  /**
   * Optional, across days with the same readings: each item's series over all of its cell's readings (keyed by item id),
   * cut at the day here (a point of a series depends only on readings describing days up to it). The caller drops an
   * entry when the cell's readings change.
   */
  readonly seriesMemo?: Map<string, HistoryPoint[]>;
}

/**
 * What every programme day shares, whatever its root (a district, or a commune programme's target communes): the
 * assessment context, the communes and their cells on the day, the programme's pledges by cell and the readings by
 * unit. The pieces {@link unitDayOf}, {@link pledgeItemDaysOf} and {@link programmeForecastOf} read only this.
 */
export interface OpenedDay {
  readonly input: Omit<ProgrammeDayInput, 'districtId'>;
  /** The assessment context of the day (readings in force on the day), each (unit, criterion) assessed once. */
  readonly ctx: AssessmentContext;
  readonly structureDate: IsoDate;
  readonly communes: readonly Unit[];
  readonly cellsOf: ReadonlyMap<string, readonly Unit[]>;
  /** The district's pledges of the version, by cell. */
  readonly pledgesOf: ReadonlyMap<string, readonly Pledge[]>;
  readonly firstSigning: IsoDate | null;
  readonly readingsOf: ReadonlyMap<string, { count: number; lastReportedAt: string | null }>;
}

/** An opened day of a district programme: the shared pieces and the district. */
export interface ProgrammeDayContext extends OpenedDay {
  readonly input: ProgrammeDayInput;
  readonly district: Unit;
}

/** Criteria-based tiers a unit of `kind` can reach, in catalogue order. */
export function tiersFor(catalogue: Catalogue, kind: UnitKind): Tier[] {
  return catalogue.tiers.filter((t) => t.appliesTo === kind && t.rule.type === 'criteria');
}

/**
 * The criteria assessed for a unit of `kind`: those that apply to its kind, then those its tiers select (the town is
 * judged on the ward criteria), in catalogue order without repeats.
 */
export function criteriaFor(catalogue: Catalogue, kind: UnitKind): Criterion[] {
  const chosen = new Set<string>();
  for (const c of catalogue.criteria) if (c.appliesTo === kind) chosen.add(c.code);
  for (const t of tiersFor(catalogue, kind)) if (t.rule.type === 'criteria') for (const c of selectCriteria(catalogue, t.rule.select)) chosen.add(c.code);
  return catalogue.criteria.filter((c) => chosen.has(c.code));
}

/** The districts a version's programme covers: those of its pledged cells, in the order the pledges name them. */
export function programmeDistricts(units: UnitIndex, pledges: readonly Pledge[], version: string): string[] {
  const out: string[] = [];
  for (const p of pledges) {
    if (p.catalogueVersion !== version || !units.byId.has(p.cellId)) continue;
    const d = ancestorOfKind(units, p.cellId, ['district']);
    if (d && !out.includes(d.id)) out.push(d.id);
  }
  return out;
}

/**
 * The days a programme keeps a snapshot of: the last day of every reporting period (the version's rule) from its first
 * day to its deadline, the deadline included.
 */
export function programmePeriodEnds(catalogue: Pick<Catalogue, 'periodFrom' | 'periodTo' | 'deadline' | 'reportingPeriod'>): IsoDate[] {
  const last = catalogue.deadline < catalogue.periodTo ? catalogue.deadline : catalogue.periodTo;
  const out: IsoDate[] = [];
  for (let p = reportingPeriodOf(catalogue.periodFrom, catalogue.reportingPeriod); p.end <= last;) {
    out.push(p.end);
    const next = reportingPeriodOf(addOneDay(p.end), catalogue.reportingPeriod);
    if (next.start <= p.end) break;
    p = next;
  }
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

function addOneDay(day: IsoDate): IsoDate {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The state in force on `day` from readings by unit (those of `unitIds`, or all). */
function stateOn(readings: ReadonlyMap<string, readonly Reading[]>, day: IsoDate): ReadingsState {
  const upTo: Reading[] = [];
  for (const list of readings.values()) for (const r of list) if (r.asOf <= day) upTo.push(r);
  return applyReadings(EMPTY_READINGS_STATE, upTo);
}

/** Opens the day: the readings in force, the assessment context, the district's communes and cells on the day. */
export function openProgrammeDay(input: ProgrammeDayInput): ProgrammeDayContext {
  const { units, day } = input;
  const district = getUnit(units, input.districtId);
  const structureDate = structureDateFor(district, day);
  const communes = childrenOn(units, district.id, structureDate).filter(isCommuneLevel);
  const opened = openDay(input, structureDate, communes, (p) => ancestorOfKind(units, p.cellId, ['district'])?.id === district.id);
  return { ...opened, input, district };
}

/**
 * The shared opening of a day: the readings in force and the assessment context on `day`, the cells of `communes` on
 * `structureDate`, and the pledges of the version whose cell `belongs` to the programme (the first signing among them;
 * by cell, those of the cells of the day).
 */
function openDay(input: Omit<ProgrammeDayInput, 'districtId'>, structureDate: IsoDate, communes: readonly Unit[], belongs: (p: Pledge) => boolean): OpenedDay {
  const { catalogue, units, day } = input;
  const state = stateOn(input.readings, day);
  const ctx = withCriterionMemo(
    createAssessmentContext({ catalogue, units, state, now: new Date(`${day}T12:00:00+07:00`), asOf: day, recognitions: input.recognitions }),
  );
  const cellsOf = new Map<string, Unit[]>();
  const inProgramme = new Set<string>();
  for (const c of communes) {
    const cells = cellsOn(units, c.id, structureDate);
    cellsOf.set(c.id, cells);
    for (const cell of cells) inProgramme.add(cell.id);
  }
  const version = catalogue.catalogue.version;
  const pledgesOf = new Map<string, Pledge[]>();
  let firstSigning: IsoDate | null = null;
  for (const p of input.pledges) {
    if (p.catalogueVersion !== version || !units.byId.has(p.cellId)) continue;
    if (!belongs(p)) continue;
    if (firstSigning === null || p.signedOn < firstSigning) firstSigning = p.signedOn;
    if (!inProgramme.has(p.cellId)) continue;
    const list = pledgesOf.get(p.cellId);
    if (list) list.push(p);
    else pledgesOf.set(p.cellId, [p]);
  }
  const readingsOf = new Map<string, { count: number; lastReportedAt: string | null }>();
  for (const r of state.values()) {
    if (isCarried(r)) continue;
    const s = readingsOf.get(r.hamletId);
    if (!s) readingsOf.set(r.hamletId, { count: 1, lastReportedAt: r.reportedAt });
    else {
      s.count++;
      if (s.lastReportedAt === null || r.reportedAt > s.lastReportedAt) s.lastReportedAt = r.reportedAt;
    }
  }
  return { input, ctx, structureDate, communes, cellsOf, pledgesOf, firstSigning, readingsOf };
}

/** One indicator's assessment as plain data. */
export function indicatorDay(a: IndicatorAssessment): IndicatorDay {
  const r = a.rollup;
  const facts = reasonFactsOf(a);
  return {
    criterionCode: a.criterionCode,
    indicatorCode: a.indicatorCode,
    status: a.status,
    judgement: a.judgement,
    value: a.value,
    numerator: r.numerator,
    denominator: r.denominator,
    yesCount: r.yesCount,
    share: r.share,
    expected: r.coverage.expected,
    reported: r.coverage.reported,
    missing: [...r.coverage.missing],
    threshold: a.threshold.value,
    thresholdRule: a.threshold.ruleIndex,
    newestAsOf: r.newestAsOf,
    oldestAsOf: r.oldestAsOf,
    requiredFrom: a.requiredFrom,
    staleUnitIds: [...a.staleUnitIds],
    kind: a.kind,
    frequency: a.frequency,
    year: a.year,
    parts: a.parts.map((p, i) => ({ ...facts.parts[i], key: p.key, judgement: p.judgement })),
    outdated: [...facts.outdated],
  };
}

function criterionDay(a: CriterionAssessment): CriterionDay {
  return { code: a.criterion.code, status: a.status, indicators: a.indicators.map(indicatorDay) };
}

function tierDay(a: TierAssessment): TierDay {
  return {
    code: a.tier.code,
    status: a.status,
    metCriteria: a.metCriteria,
    totalCriteria: a.totalCriteria,
    requiredTiers: a.requiredTiers.map((t) => ({ code: t.tier.code, status: t.status })),
    recognition: a.recognition,
  };
}

function requiredFirst(tiers: readonly Tier[]): Tier[] {
  const out: Tier[] = [];
  const visit = (t: Tier): void => {
    if (out.includes(t)) return;
    if (t.rule.type === 'criteria')
      for (const code of t.rule.requiresTiers) {
        const r = tiers.find((x) => x.code === code);
        if (r) visit(r);
      }
    out.push(t);
  };
  tiers.forEach(visit);
  return out;
}

/**
 * One unit on the day: every criterion assessed for it ({@link criteriaFor}; one it cannot be judged on, e.g. with an
 * indicator reported above its level, is left out) and every tier of its kind (assessTier; a tier with such a criterion
 * is left out).
 */
export function unitDayOf(pd: OpenedDay, unitId: string): UnitDay {
  const { ctx } = pd;
  const unit = getUnit(ctx.units, unitId);
  const catalogue = ctx.catalogue.catalogue;
  const criteria: CriterionDay[] = [];
  for (const c of criteriaFor(catalogue, unit.kind)) {
    try {
      criteria.push(criterionDay(assessCriterion(ctx, unitId, c.code)));
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
    }
  }
  const tiers: TierDay[] = [];
  for (const tier of requiredFirst(tiersFor(catalogue, unit.kind))) {
    try {
      tiers.push(tierDay(assessTier(ctx, unitId, tier.code)));
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
    }
  }
  const own = pd.readingsOf.get(unitId);
  return { unitId, kind: unit.kind, parentId: unit.parentId, readings: own?.count ?? 0, lastReportedAt: own?.lastReportedAt ?? null, criteria, tiers };
}

function forecastDay(f: Forecast): ItemForecastDay {
  return {
    status: f.status,
    expectedProgress: f.expectedProgress,
    actualProgress: f.actualProgress,
    baseline: f.baseline,
    latest: f.latest,
    trend: f.trend,
    projectedCompletion: f.projectedCompletion,
    firstMetOn: f.firstMetOn,
    metOnTime: f.metOnTime,
    reason: { vi: f.reason.vi, en: f.reason.en },
  };
}

/** The series an item is forecast on, up to the day (from the memo when one is given). */
function seriesOnDay(pd: OpenedDay, pledge: Pledge, item: PledgeItem, cellReadings: readonly Reading[]): HistoryPoint[] {
  const { input } = pd;
  const memo = input.seriesMemo;
  if (!memo) {
    const upTo = cellReadings.filter((r) => r.asOf <= input.day);
    return pledgeItemHistory({ readings: upTo, catalogue: input.catalogue, units: input.units }, pledge, item);
  }
  let series = memo.get(item.id);
  if (!series) memo.set(item.id, (series = pledgeItemHistory({ readings: cellReadings, catalogue: input.catalogue, units: input.units }, pledge, item)));
  return series.length && series[series.length - 1].asOf > input.day ? series.filter((p) => p.asOf <= input.day) : series;
}

/** The items of a cell's pledges on the day: each active item forecast from its series (forecastPledgeItem). */
export function pledgeItemDaysOf(pd: OpenedDay, cellId: string): PledgeItemDay[] {
  const out: PledgeItemDay[] = [];
  const cellReadings = pd.input.readings.get(cellId) ?? [];
  for (const pledge of pd.pledgesOf.get(cellId) ?? []) {
    for (const item of pledge.items) {
      if (pd.input.waivedItems?.has(item.id)) {
        out.push({ itemId: item.id, pledgeId: pledge.id, cellId, forecast: null });
        continue;
      }
      const history = seriesOnDay(pd, pledge, item, cellReadings);
      const f = forecastPledgeItem({ pledge, item, history, today: pd.input.day }, pd.input.forecastOptions ?? DEFAULT_FORECAST_OPTIONS);
      out.push({ itemId: item.id, pledgeId: pledge.id, cellId, forecast: forecastDay(f) });
    }
  }
  return out;
}

/** The district standard on the day (assessDistrictStandard), and how many communes meet their base standard. */
export function districtDayOf(pd: ProgrammeDayContext): DistrictDay {
  const { ctx } = pd;
  const s = assessDistrictStandard(ctx, pd.district.id);
  let communesAtStandard = 0;
  for (const commune of pd.communes) {
    const base = ctx.catalogue.catalogue.tiers.find((t) => t.base && t.appliesTo === commune.kind);
    if (base?.rule.type !== 'criteria') continue;
    try {
      if (assessTier(ctx, commune.id, base.code).status === 'met') communesAtStandard++;
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
    }
  }
  return {
    districtId: s.districtId,
    status: s.status,
    label: { vi: s.label.vi, en: s.label.en },
    progress: s.progress,
    checks: { met: s.checks.met, total: s.checks.total },
    structureDate: s.structureDate,
    structureNote: s.structureNote ? { vi: s.structureNote.vi, en: s.structureNote.en } : null,
    conditions: s.conditions.map((c) => ({
      code: c.condition.code,
      status: c.status,
      unitsTotal: c.unitsTotal,
      unitsAtTier: c.unitsAtTier,
      requiredUnits: c.requiredUnits,
      sharePercent: c.sharePercent,
      checks: { met: c.checks.met, total: c.checks.total },
      missing: c.missing.map((m) => ({ vi: m.vi, en: m.en })),
      basis: c.basis,
      units: c.standing.map((u) => ({
        unitId: u.tier.unitId,
        status: u.tier.status,
        metCriteria: u.tier.metCriteria,
        totalCriteria: u.tier.totalCriteria,
        counted: u.counted,
        countedBy: u.countedBy,
        recognition: u.tier.recognition,
      })),
      criteria: c.criteria.map((k) => ({ code: k.criterion.code, status: k.status })),
      measure: c.measure ? indicatorDay(c.measure) : null,
    })),
    communes: pd.communes.length,
    communesAtStandard,
    blockers: plainBlockers(blockersFacts(s)),
  };
}

/** The facts of the blockers as JSON-ready data (the reasons are written when assessed; getters become values). */
function plainBlockers(b: BlockersFacts): BlockersFacts {
  return JSON.parse(JSON.stringify(b)) as BlockersFacts;
}

/**
 * The pledges' dates behind each open criterion of a day (libs/domain pledgeHintsFrom): for every active item not
 * yet met, its cell and the cell's commune (and the district), its criterion, due date and projected completion.
 */
export function pledgeHintsOfDay(units: UnitIndex, pledges: readonly Pledge[], day: Pick<ProgrammeDay, 'items' | 'structureDate' | 'districtId'>): PledgeHints {
  const items = new Map<string, PledgeItem>();
  for (const p of pledges) for (const it of p.items) items.set(it.id, it);
  return pledgeHintsFrom(
    day.items.flatMap((i) => {
      const item = items.get(i.itemId);
      if (!item || !i.forecast) return [];
      const commune = ancestorOfKind(units, i.cellId, ['commune', 'town']);
      return [
        {
          unitIds: commune ? [i.cellId, commune.id] : [i.cellId],
          criterionCode: item.criterionCode,
          dueOn: item.dueDate,
          projectedOn: i.forecast.projectedCompletion,
          met: i.forecast.status === 'met',
        },
      ];
    }),
  );
}

/** forecastDistrict over the active items of the day, from the first signing to the version's deadline. */
export function programmeForecastOf(pd: OpenedDay, items: readonly PledgeItemDay[]): DistrictForecast {
  const catalogue = pd.ctx.catalogue.catalogue;
  const forecasts = items.flatMap((i) => (i.forecast ? [i.forecast] : []));
  const f = forecastDistrict(
    forecasts,
    { firstSigning: pd.firstSigning ?? catalogue.periodFrom, deadline: catalogue.deadline, today: pd.input.day },
    pd.input.forecastOptions ?? DEFAULT_FORECAST_OPTIONS,
  );
  return { ...f, counts: { ...f.counts }, reason: { vi: f.reason.vi, en: f.reason.en } };
}

/** The units of the day in the order of {@link ProgrammeDay.units}: the district, then each commune and its cells. */
export function programmeUnitsOf(pd: ProgrammeDayContext): Unit[] {
  const out: Unit[] = [pd.district];
  for (const c of pd.communes) out.push(c, ...(pd.cellsOf.get(c.id) ?? []));
  return out;
}

/** The programme of one district on one day (see the module comment). */
export function programmeOnDay(input: ProgrammeDayInput): ProgrammeDay {
  const pd = openProgrammeDay(input);
  const units = programmeUnitsOf(pd).map((u) => unitDayOf(pd, u.id));
  const items = programmeUnitsOf(pd).flatMap((u) => (pd.pledgesOf.has(u.id) ? pledgeItemDaysOf(pd, u.id) : []));
  return {
    catalogueVersion: input.catalogue.catalogue.version,
    day: input.day,
    districtId: pd.district.id,
    structureDate: pd.structureDate,
    firstSigning: pd.firstSigning,
    district: districtDayOf(pd),
    forecast: programmeForecastOf(pd, items),
    units,
    items,
  };
}

/**
 * The units as they stand on `day` by their dated parents (unit_parent): a unit with a parent period covering the day
 * takes that parent and that period as its validity (a cell continuing under its new commune from 01/07/2025 is valid
 * under it, with the same id); every other unit is kept as it is. Children keep the order of `units`.
 */
export function unitsOnDay(units: UnitIndex, parents: readonly UnitParent[], day: IsoDate): UnitIndex {
  const periodOf = new Map<string, UnitParent>();
  for (const p of parents) if (p.validFrom <= day && (p.validTo === null || day <= p.validTo) && !periodOf.has(p.unitId)) periodOf.set(p.unitId, p);
  const byId = new Map<string, Unit>();
  const childrenById = new Map<string, Unit[]>();
  for (const original of units.byId.values()) {
    const p = periodOf.get(original.id);
    const unit: Unit = p ? { ...original, parentId: p.parentId, validFrom: p.validFrom, validTo: p.validTo } : original;
    byId.set(unit.id, unit);
    if (unit.parentId !== null) {
      const siblings = childrenById.get(unit.parentId) ?? [];
      siblings.push(unit);
      childrenById.set(unit.parentId, siblings);
    }
  }
  return { byId, childrenById, successions: units.successions };
}

/** What {@link communeProgrammeOnDay} reads: a district day's input without a district, with the programme's targets. */
export interface CommuneProgrammeDayInput extends Omit<ProgrammeDayInput, 'districtId'> {
  readonly programmeId: string;
  /** The communes the programme targets (programme_target), in the programme's order. */
  readonly communeIds: readonly string[];
  /** The dated parents (unit_parent): the cells of a target commune on the day are those under it that day. */
  readonly parents: readonly UnitParent[];
  /** The tier the communes aim for (the programme's standard), null when the catalogue names none yet. */
  readonly standardTier: string | null;
  /**
   * The old indicators mapped to the catalogue's (indicator_mapping) and the predecessor programme's catalogue version
   * (null: none). Readings describing days before the catalogue's period count only through these ({@link carryOverReadings}).
   */
  readonly carryOver?: { readonly fromVersion: string | null; readonly mappings: readonly IndicatorMapping[] };
}

/** A reading in force on the day that is carried over from the old catalogue (its own date and values). */
export interface CarriedReadingDay {
  readonly unitId: string;
  readonly criterionCode: string;
  readonly indicatorCode: string;
  readonly asOf: IsoDate;
  readonly value: number | boolean | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly reportedAt: string;
  readonly carriedFrom: CarriedFrom;
}

/** One target commune on the day: its cells, and its standing on the programme's standard (null: not judged). */
export interface CommuneStandingDay {
  readonly unitId: string;
  readonly cellIds: readonly string[];
  readonly standard: TierDay | null;
}

/** A commune programme (2026–2030) on one day: each target commune and its cells, no district tier. */
export interface CommuneProgrammeDay {
  readonly programmeId: string;
  readonly catalogueVersion: string;
  readonly day: IsoDate;
  readonly standardTier: string | null;
  /** The first signing among the programme's pledges of the version (null without pledges). */
  readonly firstSigning: IsoDate | null;
  readonly communes: readonly CommuneStandingDay[];
  /** forecastDistrict's rule over the active items of every target commune, against the version's deadline. */
  readonly forecast: DistrictForecast;
  /** Each target commune valid on the day followed by its cells (dated parents). */
  readonly units: readonly UnitDay[];
  /** The items of the programme's pledges of those cells, in cell order. */
  readonly items: readonly PledgeItemDay[];
  /** The readings in force carried over from the old catalogue, in unit order (then criterion and indicator). */
  readonly carried: readonly CarriedReadingDay[];
}

/**
 * Opens a commune programme's day: the units as they stand on the day ({@link unitsOnDay}), the target communes valid
 * that day and their cells, the version's pledges of cells under a target commune on the day. The readings are those of
 * the catalogue, with the readings of mapped old indicators carried over ({@link carryOverReadings}).
 */
export function openCommuneProgrammeDay(input: CommuneProgrammeDayInput): OpenedDay {
  const units = unitsOnDay(input.units, input.parents, input.day);
  const catalogue = input.catalogue.catalogue;
  const readings = carryOverReadingsByUnit(
    input.readings,
    { toVersion: catalogue.version, since: catalogue.periodFrom, fromVersion: input.carryOver?.fromVersion ?? null, mappings: input.carryOver?.mappings ?? [] },
    input.day,
  );
  const targets = new Set(input.communeIds);
  const communes = input.communeIds.flatMap((id) => {
    const u = units.byId.get(id);
    return u && isValidOn(u, input.day) ? [u] : [];
  });
  return openDay({ ...input, units, readings }, input.day, communes, (p) => {
    const parent = units.byId.get(p.cellId)?.parentId;
    return parent != null && targets.has(parent);
  });
}

/** A commune programme on one day (the pieces of {@link programmeOnDay}, rooted at the target communes). */
export function communeProgrammeOnDay(input: CommuneProgrammeDayInput): CommuneProgrammeDay {
  const pd = openCommuneProgrammeDay(input);
  const ordered = pd.communes.flatMap((c) => [c, ...(pd.cellsOf.get(c.id) ?? [])]);
  const units = ordered.map((u) => unitDayOf(pd, u.id));
  const items = ordered.flatMap((u) => (pd.pledgesOf.has(u.id) ? pledgeItemDaysOf(pd, u.id) : []));
  const dayOf = new Map(units.map((u) => [u.unitId, u]));
  const position = new Map(ordered.map((u, i) => [u.id, i]));
  const carried: CarriedReadingDay[] = [];
  for (const r of pd.ctx.state.values())
    if (isCarried(r) && position.has(r.hamletId))
      carried.push({
        unitId: r.hamletId,
        criterionCode: r.criterionCode,
        indicatorCode: r.indicatorCode,
        asOf: r.asOf,
        value: r.value,
        numerator: r.numerator,
        denominator: r.denominator,
        reportedAt: r.reportedAt,
        carriedFrom: { ...r.carriedFrom },
      });
  carried.sort(
    (a, b) =>
      position.get(a.unitId)! - position.get(b.unitId)! ||
      (a.criterionCode < b.criterionCode ? -1 : a.criterionCode > b.criterionCode ? 1 : 0) ||
      (a.indicatorCode < b.indicatorCode ? -1 : a.indicatorCode > b.indicatorCode ? 1 : 0),
  );
  return {
    programmeId: input.programmeId,
    catalogueVersion: input.catalogue.catalogue.version,
    day: input.day,
    standardTier: input.standardTier,
    firstSigning: pd.firstSigning,
    communes: pd.communes.map((c) => ({
      unitId: c.id,
      cellIds: (pd.cellsOf.get(c.id) ?? []).map((u) => u.id),
      standard: input.standardTier === null ? null : (dayOf.get(c.id)?.tiers.find((t) => t.code === input.standardTier) ?? null),
    })),
    forecast: programmeForecastOf(pd, items),
    units,
    items,
    carried,
  };
}
