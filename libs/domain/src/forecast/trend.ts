/** A straight-line trend through a history (ordinary least squares of value against days). */
import { daysBetween, type IsoDate } from '../shared/iso-date';
import type { HistoryPoint } from '../readings/history';

/** value ≈ intercept + slopePerDay × (days since `origin`). */
export interface LinearTrend {
  readonly origin: IsoDate;
  readonly intercept: number;
  readonly slopePerDay: number;
  /** How many points the fit used. */
  readonly points: number;
}

/**
 * The least-squares line through `points`; null with fewer than two distinct dates (no trend can be told).
 * Points need not be sorted; `origin` is the earliest date.
 */
export function leastSquaresTrend(points: readonly HistoryPoint[]): LinearTrend | null {
  if (points.length < 2) return null;
  const origin = points.reduce((min, p) => (p.asOf < min ? p.asOf : min), points[0].asOf);
  const xs = points.map((p) => daysBetween(origin, p.asOf));
  const n = points.length;
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  points.forEach((p, i) => {
    sxx += (xs[i] - meanX) ** 2;
    sxy += (xs[i] - meanX) * (p.value - meanY);
  });
  if (sxx === 0) return null;
  const slopePerDay = sxy / sxx;
  return { origin, intercept: meanY - slopePerDay * meanX, slopePerDay, points: n };
}
