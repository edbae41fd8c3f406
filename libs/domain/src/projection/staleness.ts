/**
 * When does a reading become stale? The inverse of {@link isStale}: a reading describing `asOf` is current until
 * the report for the period *after* its own is due, and stale from that day on.
 *
 * Example (monthly, due on the 5th): a reading as of 2025-06-15 is current until 2025-08-04 and stale from
 * 2025-08-05 (July's report is due then, so readings before July are stale).
 */
import type { ReportingPeriod } from '../catalogue/catalogue.types';
import { utcMsToIsoDate, yearOf, type IsoDate } from '../shared/iso-date';

const MONTHS: Readonly<Record<ReportingPeriod['every'], number>> = { month: 1, quarter: 3, year: 12 };

/** Days computed by {@link staleOn} (a projector stores it for millions of rows over a few hundred distinct days). */
const staleOnMemo = new Map<string, IsoDate>();

/** The first day on which a reading describing `asOf` is stale ({@link isStale} is false the day before). */
export function staleOn(asOf: IsoDate, period: ReportingPeriod): IsoDate {
  const key = `${asOf}|${period.every}|${period.dueDay}`;
  let day = staleOnMemo.get(key);
  if (day === undefined) {
    if (staleOnMemo.size >= 10_000) staleOnMemo.clear();
    staleOnMemo.set(key, (day = computeStaleOn(asOf, period)));
  }
  return day;
}

function computeStaleOn(asOf: IsoDate, period: ReportingPeriod): IsoDate {
  const length = MONTHS[period.every];
  const monthIndex = yearOf(asOf) * 12 + Number(asOf.slice(5, 7)) - 1;
  const ownStart = Math.floor(monthIndex / length) * length;
  // the next period's report is due on dueDay of the month that starts the period after it
  const dueMonth = ownStart + 2 * length;
  return utcMsToIsoDate(Date.UTC(Math.floor(dueMonth / 12), dueMonth % 12, period.dueDay));
}

/** The reporting period containing `day` (aligned to January): its first and last day, and when its report is due. */
export function reportingPeriodOf(day: IsoDate, period: ReportingPeriod): { start: IsoDate; end: IsoDate; due: IsoDate } {
  const length = MONTHS[period.every];
  const monthIndex = yearOf(day) * 12 + Number(day.slice(5, 7)) - 1;
  const start = Math.floor(monthIndex / length) * length;
  const next = start + length;
  return {
    start: utcMsToIsoDate(Date.UTC(Math.floor(start / 12), start % 12, 1)),
    end: utcMsToIsoDate(Date.UTC(Math.floor(next / 12), next % 12, 1) - 86_400_000),
    due: utcMsToIsoDate(Date.UTC(Math.floor(next / 12), next % 12, period.dueDay)),
  };
}

/** Length of a reporting period in months (1, 3 or 12). */
export function reportingPeriodMonths(period: ReportingPeriod): number {
  return MONTHS[period.every];
}
