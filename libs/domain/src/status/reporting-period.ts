/**
 * Reporting periods and staleness: the one statement of the reporting calendar. Cells report per period (month,
 * quarter or year, aligned to January); the report for a period is due on `dueDay` of the month after the period
 * ends, capped at that month's last day (a due day of 31 means 30 April, 28 or 29 February). On a given day, the
 * newest period whose report is already due is the "required period"; a reading describing a day before that period
 * started is stale.
 *
 * Every reader of the calendar uses {@link reportingPeriodOf}: staleness (here), the reminders' calendar, the
 * projector's reporting periods (rm_cell_report, computed from a calendar this module gives) and the read API.
 *
 * Example (monthly, due on the 5th): on 2024-03-10 February's report is due, so readings with asOf before
 * 2024-02-01 are stale; on 2024-03-03 February's report is not due yet, so only readings before 2024-01-01 are.
 */
import type { ReportingPeriod } from '../catalogue/catalogue.types';
import { addDays, utcMsToIsoDate, type IsoDate } from '../shared/iso-date';

/** One reporting period: its first and last day, and the day its report is due. */
export interface PeriodSpan {
  readonly start: IsoDate;
  readonly end: IsoDate;
  readonly due: IsoDate;
}

const MONTHS: Readonly<Record<ReportingPeriod['every'], number>> = { month: 1, quarter: 3, year: 12 };

/** year × 12 + month − 1 of a date. */
function monthIndexOf(day: IsoDate): number {
  return Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
}

/** Day `day` of the month with index `monthIndex`, capped at the month's last day (and at least the 1st). */
function dayOfMonth(monthIndex: number, day: number): IsoDate {
  const y = Math.floor(monthIndex / 12);
  const m = monthIndex - y * 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return utcMsToIsoDate(Date.UTC(y, m, Math.min(Math.max(day, 1), last)));
}

/** Periods computed by {@link reportingPeriodOf} (callers ask for the same few hundred periods millions of times). */
const memo = new Map<string, PeriodSpan>();

/** The period starting in the month with index `startMonth` (aligned). */
function periodAt(period: ReportingPeriod, startMonth: number): PeriodSpan {
  const key = `${startMonth}|${period.every}|${period.dueDay}`;
  let span = memo.get(key);
  if (span === undefined) {
    if (memo.size >= 20_000) memo.clear();
    const length = MONTHS[period.every];
    span = { start: dayOfMonth(startMonth, 1), end: dayOfMonth(startMonth + length - 1, 31), due: dayOfMonth(startMonth + length, period.dueDay) };
    memo.set(key, span);
  }
  return span;
}

/**
 * The reporting period containing `day` under `period` (the rule of the catalogue version governing that day): its
 * first and last day, and its due date (`dueDay` of the next month, capped at that month's end).
 */
export function reportingPeriodOf(day: IsoDate, period: ReportingPeriod): PeriodSpan {
  const length = MONTHS[period.every];
  return periodAt(period, Math.floor(monthIndexOf(day) / length) * length);
}

/** The period `n` periods after the one containing `day` (negative: before). */
export function reportingPeriodAfter(day: IsoDate, period: ReportingPeriod, n = 1): PeriodSpan {
  const length = MONTHS[period.every];
  return periodAt(period, (Math.floor(monthIndexOf(day) / length) + n) * length);
}

/** First day of the newest period whose report is due on `day`. */
export function requiredPeriodStart(period: ReportingPeriod, day: IsoDate): IsoDate {
  const previous = reportingPeriodAfter(day, period, -1);
  return previous.due <= day ? previous.start : reportingPeriodAfter(day, period, -2).start;
}

/** True when a reading describing `asOf` is older than the required period on `day`. */
export function isStale(asOf: IsoDate, period: ReportingPeriod, day: IsoDate): boolean {
  return asOf < requiredPeriodStart(period, day);
}

/**
 * The first day on which a reading describing `asOf` is stale ({@link isStale} is false the day before): the day the
 * report of the period after its own is due. A reading as of 2025-06-15 (monthly, due on the 5th) is stale from
 * 2025-08-05.
 */
export function staleOn(asOf: IsoDate, period: ReportingPeriod): IsoDate {
  return reportingPeriodAfter(asOf, period, 1).due;
}

/**
 * The periods from the one containing `first` to the one containing `last`, each cut by the reporting rule that
 * governs its first day (`periodFor`, e.g. the catalogue version's reportingPeriod).
 */
export function periodsBetween(first: IsoDate, last: IsoDate, periodFor: (day: IsoDate) => ReportingPeriod): PeriodSpan[] {
  const out: PeriodSpan[] = [];
  let day = first;
  for (let guard = 0; day <= last && guard < 100_000; guard++) {
    const p = reportingPeriodOf(day, periodFor(day));
    out.push(p);
    day = addDays(p.end, 1);
  }
  return out;
}

/** One row of a reporting calendar: a day and the period (under the rule governing it) it belongs to. */
export interface CalendarDay {
  readonly day: IsoDate;
  readonly periodStart: IsoDate;
  readonly periodEnd: IsoDate;
  readonly dueDate: IsoDate;
}

/**
 * Every day from `first` to `last` with its reporting period ({@link reportingPeriodOf} under the rule `periodFor`
 * gives for that day; days without a rule are left out). The projector joins readings against it in SQL, so that
 * the calendar is stated here only.
 */
export function reportingCalendar(first: IsoDate, last: IsoDate, periodFor: (day: IsoDate) => ReportingPeriod | undefined): CalendarDay[] {
  const out: CalendarDay[] = [];
  for (let day = first, guard = 0; day <= last && guard < 200_000; day = addDays(day, 1), guard++) {
    const rule = periodFor(day);
    if (!rule) continue;
    const p = reportingPeriodOf(day, rule);
    out.push({ day, periodStart: p.start, periodEnd: p.end, dueDate: p.due });
  }
  return out;
}
