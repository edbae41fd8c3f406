/** A unit's history of one indicator, for trends and forecasts. */
import type { IndicatorRef } from '../catalogue/catalogue.types';
import type { IsoDate } from '../shared/iso-date';
import { isNewer } from './ordering';
import { measureOf, numericValueOf, type Reading } from './reading.types';

/** One point of a history: the value describing day `asOf`. */
export interface HistoryPoint {
  readonly asOf: IsoDate;
  readonly value: number;
}

/**
 * The history of `ref` for `unitId` from a set of readings (any order, duplicates allowed): one point per `asOf`,
 * taken from the newest report for that day (corrections win, by {@link isNewer}), sorted by date. Values are
 * numbers as {@link numericValueOf} gives them; points without a number (0/0 fractions) are left out.
 */
export function historyOf(readings: Iterable<Reading>, unitId: string, ref: IndicatorRef): HistoryPoint[] {
  const newestPerDay = new Map<IsoDate, Reading>();
  for (const r of readings) {
    if (r.hamletId !== unitId || r.criterionCode !== ref.criterionCode || r.indicatorCode !== ref.indicatorCode) continue;
    const current = newestPerDay.get(r.asOf);
    if (!current || isNewer(r, current)) newestPerDay.set(r.asOf, r);
  }
  const points: HistoryPoint[] = [];
  for (const [asOf, reading] of newestPerDay) {
    const value = numericValueOf(measureOf(reading));
    if (value !== null) points.push({ asOf, value });
  }
  return points.sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
}
