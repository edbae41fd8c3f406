/**
 * The days of a trend and its forecast lines to the deadline: arithmetic on the stored figures of the points
 * (libs/domain leastSquaresTrend), no rule of the programme.
 */
import { daysBetween, leastSquaresTrend, type DistrictForecast, type HistoryPoint, type IsoDate, type LinearTrend } from '@pledge/domain';

/** How far apart the points of a trend are. */
export type TrendStep = 'month' | 'quarter';
export const TREND_STEPS: readonly TrendStep[] = ['month', 'quarter'];

/** A straight line toward the deadline: from the last point to the value projected for the deadline. */
export interface ForecastLine {
  readonly method: 'projected_completion' | 'least_squares' | 'none';
  readonly points: readonly HistoryPoint[];
}

const lastDayOfMonth = (monthIndex: number): IsoDate => new Date(Date.UTC(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 0)).toISOString().slice(0, 10);

/**
 * The days of a trend: every month (or quarter) end on or after `from` and before `asOf`, then `asOf` itself.
 * Quarters are calendar quarters (31/03, 30/06, 30/09, 31/12).
 */
export function trendDates(from: IsoDate, asOf: IsoDate, every: TrendStep): IsoDate[] {
  const step = every === 'quarter' ? 3 : 1;
  const out: IsoDate[] = [];
  let m = Math.floor((Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1) / step) * step + step - 1;
  for (let day = lastDayOfMonth(m); day < asOf; m += step, day = lastDayOfMonth(m)) if (day >= from) out.push(day);
  out.push(asOf);
  return out;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const round1 = (x: number): number => Math.round(x * 10) / 10;
const valueAt = (trend: LinearTrend, day: IsoDate): number => clamp(trend.intercept + trend.slopePerDay * daysBetween(trend.origin, day), 0, 100);

/** The least-squares line of a series (percent) carried to the deadline; none once the series reached it. */
export function leastSquaresLine(series: readonly HistoryPoint[], deadline: IsoDate): ForecastLine {
  const last = series[series.length - 1];
  const trend = leastSquaresTrend(series);
  if (!last || !trend || last.asOf >= deadline) return { method: 'none', points: [] };
  return { method: 'least_squares', points: [last, { asOf: deadline, value: round1(valueAt(trend, deadline)) }] };
}

/**
 * The pledges' forecast line: with a projected completion from forecastDistrict (every open item has a trend
 * reaching its target), a straight line from the fulfilment on the view date to 100% on that day, cut at the
 * deadline; without one (some item has no trend yet), the least-squares trend of the fulfilment points.
 */
export function pledgeForecastLine(series: readonly HistoryPoint[], forecast: DistrictForecast, deadline: IsoDate): ForecastLine {
  const last = series[series.length - 1];
  if (!last || last.asOf >= deadline) return { method: 'none', points: [] };
  const projected = forecast.projectedCompletion;
  if (projected !== null && projected > last.asOf) {
    if (projected <= deadline) return { method: 'projected_completion', points: [last, { asOf: projected, value: 100 }, { asOf: deadline, value: 100 }] };
    const share = daysBetween(last.asOf, deadline) / daysBetween(last.asOf, projected);
    return { method: 'projected_completion', points: [last, { asOf: deadline, value: round1(last.value + (100 - last.value) * share) }] };
  }
  return leastSquaresLine(series, deadline);
}

/** One decimal. */
export { round1 };
