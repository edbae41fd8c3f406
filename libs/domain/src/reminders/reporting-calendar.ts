/**
 * The reporting calendar of the cells: which periodic report is due when, and whether a cell has reported for a
 * period. A period (month, quarter or year, aligned to January) is reported on `dueDay` of the month after it ends
 * (see `requiredPeriodStart` in status/reporting-period.ts, which uses the same rule). A cell "has reported for
 * period P" when it has a reading whose `asOf` lies in P.
 */
import type { ReportingPeriod } from '../catalogue/catalogue.types';
import { utcMsToIsoDate, type IsoDate } from '../shared/iso-date';
import type { LocalisedText } from '../shared/localised-text';

/** One reporting period of a calendar. */
export interface ReportingPeriodInstance {
  /** First day of the period. */
  readonly start: IsoDate;
  /** Last day of the period. */
  readonly end: IsoDate;
  /** Day the report for the period is due. */
  readonly due: IsoDate;
}

const MONTHS: Readonly<Record<ReportingPeriod['every'], number>> = { month: 1, quarter: 3, year: 12 };

function monthIndexOf(date: IsoDate): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

function dayOfMonthIndex(monthIndex: number, day: number): IsoDate {
  const y = Math.floor(monthIndex / 12);
  const m = monthIndex % 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return utcMsToIsoDate(Date.UTC(y, m, Math.min(Math.max(day, 1), last)));
}

/** The period that starts in the month with index `startMonth` (year × 12 + month − 1, aligned). */
function instanceAt(period: ReportingPeriod, startMonth: number): ReportingPeriodInstance {
  const length = MONTHS[period.every];
  return {
    start: dayOfMonthIndex(startMonth, 1),
    end: dayOfMonthIndex(startMonth + length - 1, 31),
    due: dayOfMonthIndex(startMonth + length, period.dueDay),
  };
}

/** The period containing `date`. */
export function reportingPeriodContaining(period: ReportingPeriod, date: IsoDate): ReportingPeriodInstance {
  const length = MONTHS[period.every];
  return instanceAt(period, Math.floor(monthIndexOf(date) / length) * length);
}

/** The period right after `p`. */
export function nextReportingPeriod(period: ReportingPeriod, p: ReportingPeriodInstance): ReportingPeriodInstance {
  return instanceAt(period, monthIndexOf(p.start) + MONTHS[period.every]);
}

/** Periods whose report is due between `from` and `to` (both inclusive), oldest first. */
export function reportingPeriodsDueBetween(period: ReportingPeriod, from: IsoDate, to: IsoDate): ReportingPeriodInstance[] {
  const length = MONTHS[period.every];
  // a report due in month M belongs to the period starting `length` months earlier
  let startMonth = Math.floor((monthIndexOf(from) - length) / length) * length - length;
  const out: ReportingPeriodInstance[] = [];
  for (;;) {
    const p = instanceAt(period, startMonth);
    if (p.due > to) break;
    if (p.due >= from) out.push(p);
    startMonth += length;
  }
  return out;
}

/** Key of a (cell, month) pair in {@link ReportedMonths}: `cellId|YYYY-MM`. */
export function reportedMonthKey(cellId: string, asOf: IsoDate): string {
  return `${cellId}|${asOf.slice(0, 7)}`;
}

/** The months in which each cell has at least one reading (keys from {@link reportedMonthKey}). */
export type ReportedMonths = ReadonlySet<string>;

/** True when `cellId` has a reading with `asOf` in period `p`. */
export function hasReportedFor(reported: ReportedMonths, cellId: string, p: ReportingPeriodInstance): boolean {
  for (let m = monthIndexOf(p.start); m <= monthIndexOf(p.end); m++) {
    if (reported.has(`${cellId}|${dayOfMonthIndex(m, 1).slice(0, 7)}`)) return true;
  }
  return false;
}

/** "tháng 05/2025" / "May 2025"; "quý 2/2025" / "Q2 2025"; "năm 2025" / "2025". */
export function reportingPeriodLabel(period: ReportingPeriod, p: ReportingPeriodInstance): LocalisedText {
  const y = p.start.slice(0, 4);
  const m = Number(p.start.slice(5, 7));
  switch (period.every) {
    case 'month': {
      const en = new Date(Date.UTC(Number(y), m - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
      return { vi: `tháng ${String(m).padStart(2, '0')}/${y}`, en: `${en} ${y}` };
    }
    case 'quarter':
      return { vi: `quý ${Math.floor((m - 1) / 3) + 1}/${y}`, en: `Q${Math.floor((m - 1) / 3) + 1} ${y}` };
    case 'year':
      return { vi: `năm ${y}`, en: y };
  }
}
