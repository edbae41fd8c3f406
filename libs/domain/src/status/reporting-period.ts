/**
 * Reporting periods and staleness. Cells report per period (month by default); the report for a period is due on
 * `dueDay` of the month after the period ends. On a given day, the newest period whose report is already due is
 * the "required period"; a reading describing a day before that period started is stale.
 *
 * Example (monthly, due on the 5th): on 2024-03-10 February's report is due, so readings with asOf before
 * 2024-02-01 are stale; on 2024-03-03 February's report is not due yet, so only readings before 2024-01-01 are.
 */
import type { ReportingPeriod } from '../catalogue/catalogue.types';
import { utcMsToIsoDate, yearOf, type IsoDate } from '../shared/iso-date';

const MONTHS: Readonly<Record<ReportingPeriod['every'], number>> = { month: 1, quarter: 3, year: 12 };

function monthStart(monthIndex: number): IsoDate {
  return utcMsToIsoDate(Date.UTC(Math.floor(monthIndex / 12), monthIndex % 12, 1));
}

/** First day of the newest period whose report is due on `day` (periods aligned to January). */
export function requiredPeriodStart(period: ReportingPeriod, day: IsoDate): IsoDate {
  const length = MONTHS[period.every];
  const monthIndex = yearOf(day) * 12 + Number(day.slice(5, 7)) - 1;
  const containing = Math.floor(monthIndex / length) * length;
  // The previous period's report is due on dueDay of the month `containing` starts with.
  const dueDayPassed = monthIndex > containing || Number(day.slice(8, 10)) >= period.dueDay;
  return monthStart(containing - (dueDayPassed ? 1 : 2) * length);
}

/** True when a reading describing `asOf` is older than the required period on `day`. */
export function isStale(asOf: IsoDate, period: ReportingPeriod, day: IsoDate): boolean {
  return asOf < requiredPeriodStart(period, day);
}
