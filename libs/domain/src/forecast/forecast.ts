/**
 * Forecasts: is a pledge item (or the district as a whole) on course to reach its target by its due date?
 *
 * The rule, for a numeric series (readings of an indicator) with a target, a start (signing) and a due date:
 * - expected progress by `today` = (today − start) / (due − start), clamped to 0..1 (linear from signing to due);
 * - baseline = the newest point on or before the start, else the first point; latest = the newest point;
 * - actual progress = 1 when the latest value meets the target; otherwise how far the latest value has moved from
 *   the baseline toward the target, clamped to 0..1 (kept below 1; 0 when the baseline already met the target and
 *   the value fell back); for `==` targets, 1 − |latest − target| / |baseline − target|;
 * - trend = least squares over the points from the baseline on; the projected completion date is the day the
 *   trend line, continued from the latest point, reaches the target (null with fewer than two dated points, a flat
 *   trend, a trend moving away from the target, or a trend so flat that it would need more than
 *   `projectionHorizonDays` after the latest point: no completion is foreseen then; never for yes/no targets);
 * - status, first match wins:
 *   1. `met`: the latest value meets the target;
 *   2. `overdue`: today is after the due date;
 *   3. `no_data`: no points;
 *   4. yes/no targets: `on_track` until `booleanAtRiskFrom` of the time has passed, then `at_risk`;
 *   5. with a projection: `on_track` if it is on or before the due date, `at_risk` if within `atRiskGraceDays`
 *      after it, else `off_track`;
 *   6. a single point since the baseline (no trend can be measured yet): `on_track` while expected progress is at
 *      most `atRiskProgressGap`, then `at_risk`;
 *   7. several points but no projection (flat, too flat to arrive within the horizon, or moving away from the
 *      target): `at_risk` while expected − actual ≤ `atRiskProgressGap`, else `off_track`.
 * Before the due date, with data and the target not met, the status never improves as `today` advances (on_track →
 * at_risk → off_track): the projection does not depend on `today`, and expected progress only grows.
 */
import type { Comparator } from '../catalogue/catalogue.types';
import { compareWithThreshold } from '../catalogue/threshold';
import { addDays, daysBetween, type IsoDate } from '../shared/iso-date';
import type { LocalisedText } from '../shared/localised-text';
import type { HistoryPoint } from '../readings/history';
import type { CriterionAssessment } from '../status/assess';
import { comparatorSymbol } from '../status/value-format';
import type { Pledge, PledgeItem, PledgeTarget } from '../pledges/pledge.types';
import { formatDate, formatNumber, formatPercent } from '../text/format';
import { leastSquaresTrend, type LinearTrend } from './trend';

/** Forecast outcome. */
export type ForecastStatus = 'met' | 'on_track' | 'at_risk' | 'off_track' | 'overdue' | 'no_data';

/** All forecast statuses. */
export const FORECAST_STATUSES: readonly ForecastStatus[] = ['met', 'on_track', 'at_risk', 'off_track', 'overdue', 'no_data'];

/** Tuning of the classification (see the module comment). */
export interface ForecastOptions {
  /** A projection this many days after the due date is `at_risk`; later is `off_track`. Default 90. */
  readonly atRiskGraceDays: number;
  /** Without a projection, actual progress this far (0..1) below expected is still `at_risk`. Default 0.2. */
  readonly atRiskProgressGap: number;
  /** A yes/no target not yet met becomes `at_risk` once this share (0..1) of the time is gone. Default 0.75. */
  readonly booleanAtRiskFrom: number;
  /**
   * The furthest a trend is continued, in days after the latest point: a trend that would reach the target later is
   * too flat to foresee completion (no projection; rule 7 decides). Default 3650 (ten years). Optional so that
   * options written before it existed keep working.
   */
  readonly projectionHorizonDays?: number;
}

/** Default {@link ForecastOptions}. */
export const DEFAULT_FORECAST_OPTIONS: ForecastOptions = { atRiskGraceDays: 90, atRiskProgressGap: 0.2, booleanAtRiskFrom: 0.75, projectionHorizonDays: 3650 };

/** The horizon of projections when the options do not set one (see {@link ForecastOptions.projectionHorizonDays}). */
export const DEFAULT_PROJECTION_HORIZON_DAYS = 3650;

/** A forecast of one series. */
export interface Forecast {
  readonly status: ForecastStatus;
  /** Expected progress by today, 0..1. */
  readonly expectedProgress: number;
  /** Actual progress toward the target, 0..1; null without data. */
  readonly actualProgress: number | null;
  readonly baseline: HistoryPoint | null;
  readonly latest: HistoryPoint | null;
  readonly trend: LinearTrend | null;
  readonly projectedCompletion: IsoDate | null;
  /** The first day whose value met the target (null if never). */
  readonly firstMetOn: IsoDate | null;
  /** True when some value dated on or before the due date met the target. */
  readonly metOnTime: boolean;
  readonly reason: LocalisedText;
}

/** Input of {@link forecastSeries}. */
export interface SeriesForecastInput {
  readonly target: PledgeTarget;
  readonly start: IsoDate;
  readonly due: IsoDate;
  readonly today: IsoDate;
  readonly history: readonly HistoryPoint[];
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Share of the time from `start` to `due` gone by `today`, 0..1. */
export function expectedProgressOn(start: IsoDate, due: IsoDate, today: IsoDate): number {
  const span = daysBetween(start, due);
  return span <= 0 ? 1 : clamp01(daysBetween(start, today) / span);
}

function numericTarget(target: PledgeTarget): { comparator: Comparator; value: number; boolean: boolean } {
  return typeof target.value === 'boolean'
    ? { comparator: target.comparator, value: target.value ? 1 : 0, boolean: true }
    : { comparator: target.comparator, value: target.value, boolean: false };
}

function progressBetween(baseline: number, latest: number, comparator: Comparator, target: number): number {
  if (comparator === '==') {
    const distance = Math.abs(baseline - target);
    return distance === 0 ? 0 : clamp01(1 - Math.abs(latest - target) / distance);
  }
  if (compareWithThreshold(baseline, comparator, target)) return 0;
  const gap = target - baseline;
  return gap === 0 ? 0 : clamp01((latest - baseline) / gap);
}

/** The last day an ISO date `YYYY-MM-DD` can name. */
const LAST_WRITABLE_DAY = '9999-12-31';

/**
 * The day the trend, continued from `latest`, reaches `target`; null when it does not move toward it, or only so
 * slowly that it would arrive more than `horizonDays` after the latest point (no completion foreseen). Never a day
 * outside the ISO calendar: a near-flat slope would otherwise project into year +10000 and beyond.
 */
function project(trend: LinearTrend | null, latest: HistoryPoint, target: number, horizonDays: number): IsoDate | null {
  if (!trend || !Number.isFinite(trend.slopePerDay) || trend.slopePerDay === 0) return null;
  const days = (target - latest.value) / trend.slopePerDay;
  if (!(days > 0) || !Number.isFinite(days)) return null;
  const whole = Math.ceil(days - 1e-9);
  if (whole > horizonDays || whole > daysBetween(latest.asOf, LAST_WRITABLE_DAY)) return null;
  return addDays(latest.asOf, whole);
}

/** Compares a projected completion date with the due date (+ grace). */
function classifyProjection(projected: IsoDate, due: IsoDate, options: ForecastOptions): Extract<ForecastStatus, 'on_track' | 'at_risk' | 'off_track'> {
  if (projected <= due) return 'on_track';
  return projected <= addDays(due, options.atRiskGraceDays) ? 'at_risk' : 'off_track';
}

/** Forecasts one series toward its target (see the module comment for the rule). */
export function forecastSeries(input: SeriesForecastInput, options: ForecastOptions = DEFAULT_FORECAST_OPTIONS): Forecast {
  const { fields, reason } = forecastFields(input, options);
  return withLazyReason(fields, reason);
}

/** A forecast without its reason, and how to write the reason (texts are written only when someone reads them). */
function forecastFields(input: SeriesForecastInput, options: ForecastOptions): { fields: Omit<Forecast, 'reason'>; reason: () => LocalisedText } {
  const { start, due, today } = input;
  const target = numericTarget(input.target);
  const history = [...input.history].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  const meets = (v: number): boolean => compareWithThreshold(v, target.comparator, target.value);
  const expected = expectedProgressOn(start, due, today);
  const latest = history.length ? history[history.length - 1] : null;
  const baseline = history.filter((p) => p.asOf <= start).pop() ?? history[0] ?? null;
  const firstMet = history.find((p) => meets(p.value)) ?? null;
  const metOnTime = history.some((p) => p.asOf <= due && meets(p.value));
  const base = { expectedProgress: expected, baseline, latest, firstMetOn: firstMet?.asOf ?? null, metOnTime };
  if (!latest || !baseline) {
    const status: ForecastStatus = today > due ? 'overdue' : 'no_data';
    return {
      fields: { ...base, status, actualProgress: null, trend: null, projectedCompletion: null },
      reason: () =>
        status === 'overdue'
          ? { vi: `Quá hạn ${formatDate(due, 'vi')}, chưa có số liệu`, en: `Overdue since ${formatDate(due, 'en')}, no data` }
          : { vi: 'Chưa có số liệu', en: 'No data yet' },
    };
  }
  if (meets(latest.value)) {
    return {
      fields: { ...base, status: 'met', actualProgress: 1, trend: null, projectedCompletion: null },
      reason: () => {
        const targetText = `${comparatorSymbol(target.comparator)} ${typeof input.target.value === 'boolean' ? String(input.target.value) : formatNumber(target.value)}`;
        return {
          vi: `Đã đạt mục tiêu (${targetText}) theo số liệu ngày ${formatDate(latest.asOf, 'vi')}`,
          en: `Target (${targetText}) met according to figures of ${formatDate(latest.asOf, 'en')}`,
        };
      },
    };
  }
  const actual = Math.min(progressBetween(baseline.value, latest.value, target.comparator, target.value), 0.999);
  const since = history.filter((p) => p.asOf >= baseline.asOf);
  const trend = target.boolean ? null : leastSquaresTrend(since);
  const horizon = options.projectionHorizonDays ?? DEFAULT_PROJECTION_HORIZON_DAYS;
  const projected = target.boolean || !trend ? null : project(trend, latest, target.value, horizon);
  let status: ForecastStatus;
  if (today > due) status = 'overdue';
  else if (target.boolean) status = expected >= options.booleanAtRiskFrom ? 'at_risk' : 'on_track';
  else if (projected !== null) status = classifyProjection(projected, due, options);
  else if (since.length < 2) status = expected <= options.atRiskProgressGap ? 'on_track' : 'at_risk';
  else status = expected - actual <= options.atRiskProgressGap ? 'at_risk' : 'off_track';
  // the sentence is written when read: a stored snapshot forecasts each item on a dozen days and reads no reason
  const reason = (): LocalisedText => {
    const targetText = `${comparatorSymbol(target.comparator)} ${typeof input.target.value === 'boolean' ? String(input.target.value) : formatNumber(target.value)}`;
    const progressText: LocalisedText = {
      vi: `tiến độ thực tế ${formatPercent(actual, 'vi')}, kỳ vọng ${formatPercent(expected, 'vi')}`,
      en: `actual progress ${formatPercent(actual, 'en')}, expected ${formatPercent(expected, 'en')}`,
    };
    const projectionText: LocalisedText = projected
      ? { vi: `; theo xu hướng dự kiến đạt ngày ${formatDate(projected, 'vi')}`, en: `; the trend reaches it on ${formatDate(projected, 'en')}` }
      : { vi: '; chưa có xu hướng tiến tới mục tiêu', en: '; no trend toward the target' };
    const head: LocalisedText =
      status === 'overdue'
        ? {
            vi: `Quá hạn ${formatDate(due, 'vi')}, chưa đạt mục tiêu ${targetText}`,
            en: `Overdue since ${formatDate(due, 'en')}, target ${targetText} not met`,
          }
        : { vi: `Chưa đạt mục tiêu ${targetText} (hạn ${formatDate(due, 'vi')})`, en: `Target ${targetText} not met yet (due ${formatDate(due, 'en')})` };
    return { vi: `${head.vi}: ${progressText.vi}${projectionText.vi}`, en: `${head.en}: ${progressText.en}${projectionText.en}` };
  };
  return { fields: { ...base, status, actualProgress: actual, trend, projectedCompletion: projected }, reason };
}

/** `fields` with an enumerable `reason` computed on first read (then kept). */
function withLazyReason<T extends object>(fields: T, write: () => LocalisedText): T & { readonly reason: LocalisedText } {
  let reason: LocalisedText | undefined;
  return Object.defineProperty(fields, 'reason', {
    enumerable: true,
    configurable: false,
    get: () => (reason ??= write()),
  }) as T & { readonly reason: LocalisedText };
}

/** A forecast of one pledge item. */
export interface PledgeItemForecast extends Forecast {
  readonly pledgeId: string;
  readonly itemId: string;
  readonly cellId: string;
  readonly dueDate: IsoDate;
}

/**
 * Forecasts a pledge item from signing to its due date. `history` holds the item's series:
 * for an indicator item, the cell's values of the indicator (see `historyOf` with `readingSourceOf`); for a whole
 * criterion item, the share (0..100) of the criterion's assessed indicators met on each day (see
 * {@link criterionProgressPoint}), judged against ≥ 100.
 */
export function forecastPledgeItem(
  input: { pledge: Pledge; item: PledgeItem; history: readonly HistoryPoint[]; today: IsoDate },
  options: ForecastOptions = DEFAULT_FORECAST_OPTIONS,
): PledgeItemForecast {
  const { pledge, item } = input;
  const target: PledgeTarget = item.indicatorCode === null ? { comparator: '>=', value: 100 } : item.target;
  const { fields, reason } = forecastFields({ target, start: pledge.signedOn, due: item.dueDate, today: input.today, history: input.history }, options);
  return withLazyReason({ ...fields, pledgeId: pledge.id, itemId: item.id, cellId: pledge.cellId, dueDate: item.dueDate }, reason);
}

/**
 * A history point for a whole-criterion pledge item: the share (0..100) of the criterion's assessed indicators
 * whose value meets its threshold (stale values count by their value; no data or no threshold count as not met).
 */
export function criterionProgressPoint(assessment: CriterionAssessment, asOf: IsoDate): HistoryPoint {
  const total = assessment.indicators.length;
  const met = assessment.indicators.filter((i) => i.status !== 'no_data' && i.judgement === 'met').length;
  return { asOf, value: total === 0 ? 0 : (met / total) * 100 };
}

/** The district-wide forecast over all pledge items. */
export interface DistrictForecast {
  readonly status: ForecastStatus;
  readonly items: number;
  readonly counts: Readonly<Record<ForecastStatus, number>>;
  /** (today − first signing) / (deadline − first signing), 0..1. */
  readonly expectedProgress: number;
  /** Mean of the items' actual progress (met = 1, no data = 0), 0..1. */
  readonly actualProgress: number;
  /** The latest projected completion among items not yet met; null when any of them has no projection. */
  readonly projectedCompletion: IsoDate | null;
  readonly reason: LocalisedText;
}

/**
 * Combines item forecasts into the district forecast against `deadline`, first match wins:
 * `met` when every item is met; `overdue` after the deadline; `no_data` when no item has data; with a projection
 * (every open item has one; the latest counts) as for an item; otherwise by progress: `on_track` when actual ≥
 * expected (expected measured from the first signing to the deadline), `at_risk` when expected − actual ≤
 * `atRiskProgressGap`, else `off_track`.
 */
export function forecastDistrict(
  items: readonly Forecast[],
  dates: { firstSigning: IsoDate; deadline: IsoDate; today: IsoDate },
  options: ForecastOptions = DEFAULT_FORECAST_OPTIONS,
): DistrictForecast {
  const counts = Object.fromEntries(FORECAST_STATUSES.map((s) => [s, 0])) as Record<ForecastStatus, number>;
  for (const f of items) counts[f.status] += 1;
  const expected = expectedProgressOn(dates.firstSigning, dates.deadline, dates.today);
  const actual = items.length ? items.reduce((s, f) => s + (f.status === 'met' ? 1 : (f.actualProgress ?? 0)), 0) / items.length : 0;
  const open = items.filter((f) => f.status !== 'met');
  const known = open.map((f) => f.projectedCompletion).filter((p): p is IsoDate => p !== null);
  const projected = open.length === 0 || known.length < open.length ? null : known.reduce((a, b) => (a > b ? a : b));
  let status: ForecastStatus;
  if (items.length > 0 && open.length === 0) status = 'met';
  else if (dates.today > dates.deadline) status = 'overdue';
  else if (items.every((f) => f.latest === null)) status = 'no_data';
  else if (projected !== null) status = classifyProjection(projected, dates.deadline, options);
  else status = actual >= expected ? 'on_track' : expected - actual <= options.atRiskProgressGap ? 'at_risk' : 'off_track';
  return {
    status,
    items: items.length,
    counts,
    expectedProgress: expected,
    actualProgress: actual,
    projectedCompletion: projected,
    reason: {
      vi: `${counts.met}/${items.length} hạng mục đã đạt; tiến độ thực tế ${formatPercent(actual, 'vi')}, kỳ vọng ${formatPercent(expected, 'vi')} (hạn ${formatDate(dates.deadline, 'vi')})`,
      en: `${counts.met}/${items.length} items met; actual progress ${formatPercent(actual, 'en')}, expected ${formatPercent(expected, 'en')} (deadline ${formatDate(dates.deadline, 'en')})`,
    },
  };
}
