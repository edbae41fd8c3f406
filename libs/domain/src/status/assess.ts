/**
 * Status of an indicator and of a criterion for one unit on one day.
 *
 * Indicator status, checked in this order:
 * 1. `no_data`: not every expected reporting unit has a usable current reading (a commune's value is judged only
 *    when all its cells reported; the partial value is still returned), or the value cannot be computed (0/0);
 * 2. `threshold_missing`: the threshold that applies is null: the indicator cannot be judged until an
 *    administrator sets it;
 * 3. `stale`: some contributing reading describes a day before the required reporting period (see
 *    {@link requiredPeriodStart}) on the assessment day;
 * 4. `met` / `not_met`: the value compared with the threshold.
 * `judgement` always carries the plain comparison of the current value (met / not_met) when a value and a threshold
 * exist, so a stale or partial figure can still be shown with its likely outcome.
 *
 * Criterion status from its assessed indicators (informational ones are skipped): `met` when all are met;
 * `not_met` when any is not met; otherwise the first of `no_data`, `threshold_missing`, `stale` that occurs.
 */
import type { Criterion, Indicator, IndicatorRef, ReportingPeriod } from '../catalogue/catalogue.types';
import { getCriterion, getIndicator, readingSourceOf, type CatalogueIndex } from '../catalogue/lookup';
import { compareWithThreshold, resolveThreshold, type ResolvedThreshold } from '../catalogue/threshold';
import { vnDateOf, yearOf, type IsoDate } from '../shared/iso-date';
import type { LocalisedText } from '../shared/localised-text';
import type { ReadingsState } from '../readings/state';
import { rollupIndicator, type RollupResult } from '../rollup/rollup';
import { formatDate } from '../text/format';
import { cellsOn, getUnit, isCell, isCommuneLevel, structureDateFor, type UnitIndex } from '../units/hierarchy';
import type { Unit } from '../units/unit.types';
import { requiredPeriodStart } from './reporting-period';
import { formatIndicatorValue, formatRequirement } from './value-format';

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
}

/** Builds an {@link AssessmentContext}; `asOf` defaults to the Vietnamese calendar day of `now`. */
export function createAssessmentContext(input: {
  catalogue: CatalogueIndex;
  units: UnitIndex;
  state: ReadingsState;
  now: Date;
  asOf?: IsoDate;
}): AssessmentContext {
  return { ...input, asOf: input.asOf ?? vnDateOf(input.now) };
}

/** Status of an indicator or a criterion. */
export type AssessmentStatus = 'met' | 'not_met' | 'no_data' | 'stale' | 'threshold_missing';

/** The statuses in the order used to summarise several (after `not_met`). */
export const UNDECIDED_STATUS_ORDER: readonly AssessmentStatus[] = ['no_data', 'threshold_missing', 'stale'];

/** The status of one indicator for one unit. */
export interface IndicatorAssessment {
  readonly unitId: string;
  readonly criterionCode: string;
  readonly indicatorCode: string;
  readonly status: AssessmentStatus;
  /** The plain comparison of the current value with the threshold, whatever the status; null without both. */
  readonly judgement: 'met' | 'not_met' | null;
  /** The unit's value (see {@link RollupResult.value}). */
  readonly value: number | boolean | null;
  readonly threshold: ResolvedThreshold;
  /** The rollup behind the value: coverage, missing units, numerator/denominator, contributions. */
  readonly rollup: RollupResult;
  /** Readings describing days before this are stale. */
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
  memos.set(scoped, { cells: parent?.cells ?? new Map(), requiredFrom: parent?.requiredFrom ?? new Map(), criteria: parent?.criteria ?? new Map() });
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

/** Assesses one indicator for one unit. See the module comment for the rules. */
export function assessIndicator(ctx: AssessmentContext, unitId: string, ref: IndicatorRef): IndicatorAssessment {
  const unit = getUnit(ctx.units, unitId);
  const { indicator } = getIndicator(ctx.catalogue, ref);
  const structureDate = structureDateFor(unit, ctx.asOf);
  const unitIds = reportingUnitIds(ctx, unit, indicator, structureDate);
  const rollup = rollupIndicator({ indicator, readingsOf: readingSourceOf(ref, indicator), unitIds, state: ctx.state });
  const threshold = resolveThreshold(indicator, { year: yearOf(rollup.newestAsOf ?? ctx.asOf), unitAttributes: unit.attributes });
  const period = indicator.reportingPeriod ?? ctx.catalogue.catalogue.reportingPeriod;
  const requiredFrom = requiredFromOf(ctx, period);
  const staleUnitIds: string[] = [];
  for (const c of rollup.contributions) if (c.asOf < requiredFrom) staleUnitIds.push(c.unitId);
  const value = rollup.value;
  const judgement: IndicatorAssessment['judgement'] =
    value === null || threshold.value === null || indicator.comparator === null
      ? null
      : compareWithThreshold(value, indicator.comparator, threshold.value)
        ? 'met'
        : 'not_met';
  const complete = rollup.coverage.missing.length === 0 && value !== null;
  const status: AssessmentStatus = !complete
    ? 'no_data'
    : threshold.value === null
      ? 'threshold_missing'
      : staleUnitIds.length > 0
        ? 'stale'
        : (judgement ?? 'threshold_missing');
  // the reason is a sentence with formatted numbers and unit names: written when someone reads it (an enumerable
  // property like the others, computed once), not for each of the thousands of rows that are stored without it
  let reason: LocalisedText | undefined;
  const assessment: IndicatorAssessment = {
    unitId,
    criterionCode: ref.criterionCode,
    indicatorCode: ref.indicatorCode,
    status,
    judgement,
    value,
    threshold,
    rollup,
    requiredFrom,
    staleUnitIds,
    get reason(): LocalisedText {
      return (reason ??= indicatorReason(ctx, indicator, assessment));
    },
  };
  return assessment;
}

function names(ctx: AssessmentContext, ids: readonly string[]): string {
  return ids.map((id) => ctx.units.byId.get(id)?.name ?? id).join(', ');
}

function indicatorReason(ctx: AssessmentContext, indicator: Indicator, a: Omit<IndicatorAssessment, 'reason'>): LocalisedText {
  const shown = (locale: 'vi' | 'en'): string => (a.value === null ? '' : formatIndicatorValue(indicator, a.value, locale));
  const requirement =
    a.threshold.value === null || indicator.comparator === null ? null : formatRequirement(indicator, indicator.comparator, a.threshold.value);
  const { coverage } = a.rollup;
  switch (a.status) {
    case 'no_data':
      if (coverage.missing.length > 0) {
        return {
          vi: `Chưa có số liệu của ${coverage.missing.length}/${coverage.expected} đơn vị báo cáo: ${names(ctx, coverage.missing)}`,
          en: `No data from ${coverage.missing.length} of ${coverage.expected} reporting units: ${names(ctx, coverage.missing)}`,
        };
      }
      return { vi: 'Không tính được giá trị (mẫu số hoặc trọng số bằng 0)', en: 'No value can be computed (denominator or weight is 0)' };
    case 'threshold_missing':
      return {
        vi: `Chưa có ngưỡng đánh giá, không thể kết luận đạt hay chưa đạt (giá trị hiện tại: ${shown('vi')})`,
        en: `No threshold set: cannot be judged (current value: ${shown('en')})`,
      };
    case 'stale':
      return {
        vi: `Số liệu quá hạn: cần số liệu từ ngày ${formatDate(a.requiredFrom, 'vi')} của ${names(ctx, a.staleUnitIds)}`,
        en: `Stale data: figures from ${formatDate(a.requiredFrom, 'en')} onwards are needed from ${names(ctx, a.staleUnitIds)}`,
      };
    case 'met':
      return { vi: `Đạt: ${shown('vi')} (yêu cầu ${requirement?.vi})`, en: `Met: ${shown('en')} (required ${requirement?.en})` };
    case 'not_met':
      return { vi: `Chưa đạt: ${shown('vi')} (yêu cầu ${requirement?.vi})`, en: `Not met: ${shown('en')} (required ${requirement?.en})` };
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
  const indicators = criterion.indicators
    .filter((i) => i.assessed)
    .map((i) => assessIndicator(ctx, unitId, { criterionCode, indicatorCode: i.code }));
  return { unitId, criterion, status: summariseStatuses(indicators.map((i) => i.status)), indicators };
}
