/**
 * Status of an indicator and of a criterion for one unit on one day.
 *
 * Indicator status, checked in this order:
 * 1. `no_data`: not every expected reporting unit has a usable current reading (a commune's value is judged only
 *    when all its cells reported; the partial value is still returned), or the value cannot be computed (0/0);
 *    For a yearly indicator, a figure of a year before the year assessed (the view date's year) is missing too;
 * 2. `threshold_missing`: a level that applies is null (for a yearly indicator: no level is known for the year
 *    assessed; another year's level is never used): the indicator cannot be judged until an administrator sets it;
 * 3. `stale`: for a monthly or quarterly indicator, some contributing reading describes a day before the required
 *    reporting period (see {@link requiredPeriodStart}) on the assessment day; yearly and on-change figures are
 *    never stale (see ReportingFrequency);
 * 4. `met` / `not_met`: the value compared with the level; an all-of level is met when every part is met.
 * `judgement` always carries the plain comparison of the current value (met / not_met) when a value and a level
 * exist, so a stale or partial figure can still be shown with its likely outcome.
 *
 * Criterion status from its assessed indicators (informational ones are skipped): `met` when all are met;
 * `not_met` when any is not met; otherwise the first of `no_data`, `threshold_missing`, `stale` that occurs.
 */
import type {
  Comparator,
  Criterion,
  Indicator,
  IndicatorKind,
  IndicatorRef,
  ReportingFrequency,
  ReportingPeriod,
  ThresholdValue,
} from '../catalogue/catalogue.types';
import { levelPartsOf, reportingRuleOf } from '../catalogue/level';
import { getCriterion, getIndicator, readingSourceOf, type CatalogueIndex } from '../catalogue/lookup';
import { compareWithThreshold, type ResolvedThreshold } from '../catalogue/threshold';
import { vnDateOf, yearOf, type IsoDate } from '../shared/iso-date';
import type { LocalisedText } from '../shared/localised-text';
import type { ReadingsState } from '../readings/state';
import { rollupIndicator, type RollupResult } from '../rollup/rollup';
import { formatDate } from '../text/format';
import { cellsOn, getUnit, isCell, isCommuneLevel, structureDateFor, type UnitIndex } from '../units/hierarchy';
import type { Unit } from '../units/unit.types';
import { requiredPeriodStart } from './reporting-period';
import { formatAgainstLevel, formatIndicatorValue } from './value-format';
import type { RecognitionIndex } from '../standard/recognition';

/** Everything an assessment reads. Build it with {@link createAssessmentContext}. */
export interface AssessmentContext {
  readonly catalogue: CatalogueIndex;
  readonly units: UnitIndex;
  readonly state: ReadingsState;
  /** The moment of the assessment. */
  readonly now: Date;
  /**
   * The day of the view: thresholds of that year apply, staleness is judged on that day, and the structure is read
   * on {@link structureDateFor}(unit, asOf). Defaults to today in Vietnam.
   */
  readonly asOf: IsoDate;
  /** Recognition decisions (standards recognised by the authorities), by unit and tier; none when absent. */
  readonly recognitions?: RecognitionIndex;
}

/** Builds an {@link AssessmentContext}; `asOf` defaults to the Vietnamese calendar day of `now`. */
export function createAssessmentContext(input: {
  catalogue: CatalogueIndex;
  units: UnitIndex;
  state: ReadingsState;
  now: Date;
  asOf?: IsoDate;
  recognitions?: RecognitionIndex;
}): AssessmentContext {
  return { ...input, asOf: input.asOf ?? vnDateOf(input.now) };
}

/** Status of an indicator or a criterion. */
export type AssessmentStatus = 'met' | 'not_met' | 'no_data' | 'stale' | 'threshold_missing';

/** The statuses in the order used to summarise several (after `not_met`). */
export const UNDECIDED_STATUS_ORDER: readonly AssessmentStatus[] = ['no_data', 'threshold_missing', 'stale'];

/** One comparison of an indicator's level, judged (see libs/domain catalogue/level.ts). */
export interface LevelPartAssessment {
  /** `level` for a plain comparison; the part's key for an all-of level. */
  readonly key: string;
  readonly name: LocalisedText | null;
  readonly indicatorCode: string;
  readonly comparator: Comparator | null;
  readonly threshold: ResolvedThreshold;
  /** The value compared (the unit's value of `indicatorCode`), null without one. */
  readonly value: number | boolean | null;
  readonly judgement: 'met' | 'not_met' | null;
  /** The rollup of the part's indicator (the indicator's own rollup for a plain comparison). */
  readonly rollup: RollupResult;
}

/** The status of one indicator for one unit. */
export interface IndicatorAssessment {
  readonly unitId: string;
  readonly criterionCode: string;
  readonly indicatorCode: string;
  /** What the indicator measures (percentage, amount, count, yes/no). */
  readonly kind: IndicatorKind;
  readonly status: AssessmentStatus;
  /** The plain comparison of the current value with the level, whatever the status; null without both. */
  readonly judgement: 'met' | 'not_met' | null;
  /** The unit's value (see {@link RollupResult.value}). */
  readonly value: number | boolean | null;
  /** The level the indicator's own value is compared with (the first part of an all-of level judged on itself). */
  readonly threshold: ResolvedThreshold;
  /** Every comparison of the level (one for a plain comparison). */
  readonly parts: readonly LevelPartAssessment[];
  /** The rollup behind the value: coverage, missing units, numerator/denominator, contributions. */
  readonly rollup: RollupResult;
  /** How often the indicator is reported (its own rule or the catalogue's). */
  readonly frequency: ReportingFrequency;
  /** Yearly indicators: the year assessed (the view date's year); null otherwise. */
  readonly year: number | null;
  /** Readings describing days before this do not count (stale, or an earlier year's figure); 0001-01-01 when none is too old. */
  readonly requiredFrom: IsoDate;
  /** Reporting units whose current reading is stale. */
  readonly staleUnitIds: readonly string[];
  /** One sentence saying why, for the dashboard. */
  readonly reason: LocalisedText;
}

/** The status of one criterion for one unit. */
export interface CriterionAssessment {
  readonly unitId: string;
  readonly criterion: Criterion;
  readonly status: AssessmentStatus;
  /** Assessed indicators only (informational ones are left out). */
  readonly indicators: readonly IndicatorAssessment[];
}

/**
 * The units whose readings make up `indicator`'s value for `unit` on `date`:
 * cell-reported indicators: the unit itself if it is a cell, else its cells on `date`;
 * commune-reported: the commune/town itself; district-reported: the district itself.
 * Throws a RangeError when the indicator is not reported at or below the unit's level.
 */
export function reportingUnitsFor(units: UnitIndex, unit: Unit, indicator: Indicator, date: IsoDate): string[] {
  switch (indicator.reportedBy) {
    case 'cell':
      return isCell(unit) ? [unit.id] : cellsOn(units, unit.id, date).map((u) => u.id);
    case 'commune':
      if (isCommuneLevel(unit)) return [unit.id];
      break;
    case 'district':
      if (unit.kind === 'district') return [unit.id];
      break;
  }
  throw new RangeError(`${indicator.code} is reported by the ${indicator.reportedBy} and has no value for ${unit.kind} ${unit.id}`);
}

/**
 * What one assessment context computes once and reuses (the context is immutable): the reporting units of each
 * unit on each structure date (a commune's cells, walked once instead of once per indicator) and the required period
 * start of each reporting rule. Kept beside the context, never in it, so contexts stay plain objects.
 */
interface ContextMemo {
  readonly cells: Map<string, string[]>;
  readonly requiredFrom: Map<string, IsoDate>;
  /** Criterion assessments, only in a scope opened by {@link withCriterionMemo} (they are large). */
  criteria: Map<string, CriterionAssessment> | null;
}

const memos = new WeakMap<AssessmentContext, ContextMemo>();

function memoOf(ctx: AssessmentContext): ContextMemo {
  let m = memos.get(ctx);
  if (!m) memos.set(ctx, (m = { cells: new Map(), requiredFrom: new Map(), criteria: null }));
  return m;
}

/**
 * A context equal to `ctx` in which each (unit, criterion) is assessed once and then reused, for computations that
 * judge the same units several times (the district standard assesses every commune for several tiers, and a tier
 * the tiers it requires). Drop it when done: it holds every assessment made through it. Inside such a scope, a
 * nested one shares its assessments.
 */
export function withCriterionMemo(ctx: AssessmentContext): AssessmentContext {
  const scoped: AssessmentContext = { ...ctx };
  const parent = memos.get(ctx);
  memos.set(scoped, {
    cells: parent?.cells ?? (new Map() as ContextMemo['cells']),
    requiredFrom: parent?.requiredFrom ?? (new Map() as ContextMemo['requiredFrom']),
    criteria: parent?.criteria ?? new Map(),
  });
  return scoped;
}

function reportingUnitIds(ctx: AssessmentContext, unit: Unit, indicator: Indicator, date: IsoDate): readonly string[] {
  if (indicator.reportedBy !== 'cell' || isCell(unit)) return reportingUnitsFor(ctx.units, unit, indicator, date);
  const cells = memoOf(ctx).cells;
  const key = `${unit.id}|${date}`;
  let ids = cells.get(key);
  if (!ids) cells.set(key, (ids = cellsOn(ctx.units, unit.id, date).map((u) => u.id)));
  return ids;
}

function requiredFromOf(ctx: AssessmentContext, period: ReportingPeriod): IsoDate {
  const cache = memoOf(ctx).requiredFrom;
  const key = `${period.every}|${period.dueDay}`;
  let day = cache.get(key);
  if (day === undefined) cache.set(key, (day = requiredPeriodStart(period, ctx.asOf)));
  return day;
}

/** Earliest possible day: nothing is too old. */
export const NO_REQUIRED_DAY: IsoDate = '0001-01-01';

/**
 * Assesses one indicator for one unit. See the module comment for the rules, and {@link ReportingFrequency} for
 * how the frequency decides what is out of date: periodic figures turn stale, a yearly figure of an earlier year
 * counts as missing for the year assessed (and is judged against that year's level only), an on-change figure holds.
 */
export function assessIndicator(ctx: AssessmentContext, unitId: string, ref: IndicatorRef): IndicatorAssessment {
  const unit = getUnit(ctx.units, unitId);
  const { indicator, criterion } = getIndicator(ctx.catalogue, ref);
  const structureDate = structureDateFor(unit, ctx.asOf);
  const unitIds = reportingUnitIds(ctx, unit, indicator, structureDate);
  const rule = reportingRuleOf(indicator, ctx.catalogue.catalogue.reportingPeriod);
  const year = rule.every === 'year' ? yearOf(ctx.asOf) : null;
  const requiredFrom = rule.every === 'on_change' ? NO_REQUIRED_DAY : year !== null ? `${year}-01-01` : requiredFromOf(ctx, rule);
  const rollupOf = (of: Indicator, ofRef: IndicatorRef): RollupResult =>
    rollupIndicator({ indicator: of, readingsOf: readingSourceOf(ofRef, of), unitIds, state: ctx.state, minAsOf: year !== null ? requiredFrom : undefined });
  const rollup = rollupOf(indicator, ref);
  const levelYear = year ?? yearOf(rollup.newestAsOf ?? ctx.asOf);
  const parts: LevelPartAssessment[] = levelPartsOf(indicator, { year: levelYear, unitAttributes: unit.attributes }).map((part) => {
    const own = part.indicatorCode === indicator.code;
    const partIndicator = own ? indicator : criterion.indicators.find((i) => i.code === part.indicatorCode);
    const partRollup = own || !partIndicator ? rollup : rollupOf(partIndicator, { criterionCode: ref.criterionCode, indicatorCode: part.indicatorCode });
    const value = partRollup.value;
    const judgement: 'met' | 'not_met' | null =
      value === null || part.threshold.value === null || part.comparator === null
        ? null
        : compareWithThreshold(value, part.comparator, part.threshold.value)
          ? 'met'
          : 'not_met';
    return { ...part, value, judgement, rollup: partRollup };
  });
  const staleUnitIds: string[] = [];
  if (rule.every === 'month' || rule.every === 'quarter') {
    const seen = new Set<string>();
    for (const p of parts) {
      for (const c of p.rollup.contributions) {
        if (c.asOf >= requiredFrom || seen.has(c.unitId)) continue;
        seen.add(c.unitId);
        staleUnitIds.push(c.unitId);
      }
    }
  }
  const value = rollup.value;
  const judgement: IndicatorAssessment['judgement'] = parts.some((p) => p.judgement === 'not_met')
    ? 'not_met'
    : parts.every((p) => p.judgement === 'met')
      ? 'met'
      : null;
  const complete = parts.every((p) => p.rollup.coverage.missing.length === 0 && p.value !== null);
  const thresholdKnown = parts.every((p) => p.threshold.value !== null);
  const status: AssessmentStatus = !complete
    ? 'no_data'
    : !thresholdKnown
      ? 'threshold_missing'
      : staleUnitIds.length > 0
        ? 'stale'
        : (judgement ?? 'threshold_missing');
  const threshold = (parts.find((p) => p.indicatorCode === indicator.code) ?? parts[0]).threshold;
  // the reason is a sentence with formatted numbers and unit names: written when someone reads it (an enumerable
  // property like the others, computed once), not for each of the thousands of rows that are stored without it
  let reason: LocalisedText | undefined;
  const assessment: IndicatorAssessment = {
    unitId,
    criterionCode: ref.criterionCode,
    indicatorCode: ref.indicatorCode,
    kind: indicator.kind,
    status,
    judgement,
    value,
    threshold,
    parts,
    rollup,
    frequency: rule.every,
    year,
    requiredFrom,
    staleUnitIds,
    get reason(): LocalisedText {
      return (reason ??= indicatorReasonText(ctx.units, criterion, indicator, reasonFactsOf(assessment)));
    },
  };
  return assessment;
}

function names(units: UnitIndex, ids: readonly string[]): string {
  return ids.map((id) => units.byId.get(id)?.name ?? id).join(', ');
}

const join = (list: readonly LocalisedText[], sep = '; '): LocalisedText => ({ vi: list.map((l) => l.vi).join(sep), en: list.map((l) => l.en).join(sep) });

/** One comparison of a level as the sentence needs it (an assessed part, or the same facts as stored). */
export interface LevelPartFacts {
  readonly name: LocalisedText | null;
  readonly indicatorCode: string;
  readonly comparator: Comparator | null;
  readonly threshold: ThresholdValue | null;
  /** Yearly indicators: the year whose level it is. */
  readonly thresholdYear: number | null;
  readonly value: number | boolean | null;
}

/** What the sentence about an indicator's status reads (an {@link IndicatorAssessment}, or the same facts as stored). */
export interface IndicatorReasonFacts {
  readonly status: AssessmentStatus;
  /** Yearly indicators: the year assessed. */
  readonly year: number | null;
  /** Reporting units expected, and the ids of those without a usable reading (in any part). */
  readonly expected: number;
  readonly missing: readonly string[];
  /** Yearly indicators: figures of an earlier year, shown with their day but not counted. */
  readonly outdated: readonly { readonly unitId: string; readonly asOf: IsoDate }[];
  readonly requiredFrom: IsoDate;
  readonly staleUnitIds: readonly string[];
  readonly parts: readonly LevelPartFacts[];
}

/** The facts of an assessment that its sentence reads. */
export function reasonFactsOf(a: Omit<IndicatorAssessment, 'reason'>): IndicatorReasonFacts {
  return {
    status: a.status,
    year: a.year,
    expected: a.rollup.coverage.expected,
    missing: [...new Set(a.parts.flatMap((p) => p.rollup.coverage.missing))],
    outdated: a.parts.flatMap((p) => p.rollup.outdated.map((o) => ({ unitId: o.unitId, asOf: o.asOf }))),
    requiredFrom: a.requiredFrom,
    staleUnitIds: a.staleUnitIds,
    parts: a.parts.map((p) => ({
      name: p.name,
      indicatorCode: p.indicatorCode,
      comparator: p.comparator,
      threshold: p.threshold.value,
      thresholdYear: p.threshold.year,
      value: p.value,
    })),
  };
}

/** "98,5% (yêu cầu ≥ 95%)", "94,96% (yêu cầu ≥ 95%, thiếu 0,04 điểm %)", per part for an all-of level. */
function partsText(criterion: Criterion, indicator: Indicator, parts: readonly LevelPartFacts[]): LocalisedText {
  return join(
    parts.map((p) => {
      const shownIndicator = criterion.indicators.find((i) => i.code === p.indicatorCode) ?? indicator;
      const label = p.name ? { vi: `${p.name.vi}: `, en: `${p.name.en}: ` } : { vi: '', en: '' };
      if (p.value === null) return { vi: `${label.vi}chưa có số liệu`, en: `${label.en}no figure` };
      if (p.threshold === null || p.comparator === null) {
        const year = p.thresholdYear !== null ? { vi: ` năm ${p.thresholdYear}`, en: ` for ${p.thresholdYear}` } : { vi: '', en: '' };
        return {
          vi: `${label.vi}${formatIndicatorValue(shownIndicator, p.value, 'vi')} (chưa có ngưỡng${year.vi})`,
          en: `${label.en}${formatIndicatorValue(shownIndicator, p.value, 'en')} (no threshold set${year.en})`,
        };
      }
      const shown = formatAgainstLevel(shownIndicator, p.value, p.comparator, p.threshold);
      return {
        vi: `${label.vi}${shown.value.vi} (yêu cầu ${shown.requirement.vi}${shown.gap ? `, ${shown.gap.vi}` : ''})`,
        en: `${label.en}${shown.value.en} (required ${shown.requirement.en}${shown.gap ? `, ${shown.gap.en}` : ''})`,
      };
    }),
  );
}

/** One sentence saying why an indicator has its status (vi + en), from the facts of its assessment. */
export function indicatorReasonText(units: UnitIndex, criterion: Criterion, indicator: Indicator, a: IndicatorReasonFacts): LocalisedText {
  const shown = partsText(criterion, indicator, a.parts);
  const missingUnits = a.missing;
  const outdated = a.outdated;
  switch (a.status) {
    case 'no_data':
      if (a.year !== null && outdated.length > 0) {
        const latest = outdated.reduce((m, c) => (c.asOf > m ? c.asOf : m), outdated[0].asOf);
        const without = missingUnits.filter((u) => !outdated.some((c) => c.unitId === u));
        return {
          vi:
            `Chưa có số liệu năm ${a.year} của ${missingUnits.length}/${a.expected} đơn vị báo cáo: ${names(units, missingUnits)}` +
            ` (số liệu gần nhất là của năm ${yearOf(latest)}, không dùng để đánh giá năm ${a.year})` +
            (without.length > 0 ? `; chưa báo cáo: ${names(units, without)}` : ''),
          en:
            `No ${a.year} figure from ${missingUnits.length} of ${a.expected} reporting units: ${names(units, missingUnits)}` +
            ` (the latest figure is for ${yearOf(latest)} and does not count for ${a.year})` +
            (without.length > 0 ? `; never reported: ${names(units, without)}` : ''),
        };
      }
      if (missingUnits.length > 0) {
        return {
          vi: `Chưa có số liệu của ${missingUnits.length}/${a.expected} đơn vị báo cáo: ${names(units, missingUnits)}`,
          en: `No data from ${missingUnits.length} of ${a.expected} reporting units: ${names(units, missingUnits)}`,
        };
      }
      return { vi: 'Không tính được giá trị (mẫu số hoặc trọng số bằng 0)', en: 'No value can be computed (denominator or weight is 0)' };
    case 'threshold_missing':
      return {
        vi: `Chưa có ngưỡng${a.year !== null ? ` của năm ${a.year}` : ''}, không thể kết luận đạt hay chưa đạt: ${shown.vi}`,
        en: `No threshold set${a.year !== null ? ` for ${a.year}` : ''}: cannot be judged: ${shown.en}`,
      };
    case 'stale':
      return {
        vi: `Số liệu quá hạn: cần số liệu từ ngày ${formatDate(a.requiredFrom, 'vi')} của ${names(units, a.staleUnitIds)}`,
        en: `Stale data: figures from ${formatDate(a.requiredFrom, 'en')} onwards are needed from ${names(units, a.staleUnitIds)}`,
      };
    case 'met':
      return { vi: `Đạt: ${shown.vi}`, en: `Met: ${shown.en}` };
    case 'not_met':
      return { vi: `Chưa đạt: ${shown.vi}`, en: `Not met: ${shown.en}` };
  }
}

/** Summarises statuses: all met → met; any not_met → not_met; else the first of no_data, threshold_missing, stale. */
export function summariseStatuses(statuses: readonly AssessmentStatus[]): AssessmentStatus {
  if (statuses.includes('not_met')) return 'not_met';
  return UNDECIDED_STATUS_ORDER.find((s) => statuses.includes(s)) ?? 'met';
}

/** Assesses one criterion for one unit from its assessed indicators. */
export function assessCriterion(ctx: AssessmentContext, unitId: string, criterionCode: string): CriterionAssessment {
  const memo = memos.get(ctx)?.criteria;
  if (!memo) return assessCriterionNow(ctx, unitId, criterionCode);
  const key = `${unitId}|${criterionCode}`;
  let a = memo.get(key);
  if (!a) memo.set(key, (a = assessCriterionNow(ctx, unitId, criterionCode)));
  return a;
}

function assessCriterionNow(ctx: AssessmentContext, unitId: string, criterionCode: string): CriterionAssessment {
  const criterion = getCriterion(ctx.catalogue, criterionCode);
  const indicators = criterion.indicators.filter((i) => i.assessed).map((i) => assessIndicator(ctx, unitId, { criterionCode, indicatorCode: i.code }));
  return { unitId, criterion, status: summariseStatuses(indicators.map((i) => i.status)), indicators };
}
