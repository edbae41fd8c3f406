/**
 * The reporting calendar of the cells as reminders walk it: which periodic report is due when, and whether a cell
 * has reported for a period. The periods themselves are status/reporting-period.ts's (`reportingPeriodOf`, the one
 * statement of the calendar). A cell "has reported for period P" when the projector's rm_cell_report has a row for
 * it and P (a reading whose `asOf` lies in P was recorded).
 */
import type { ReportingPeriod } from '../catalogue/catalogue.types';
import type { IsoDate } from '../shared/iso-date';
import type { LocalisedText } from '../shared/localised-text';
import { reportingPeriodAfter, reportingPeriodOf, type PeriodSpan } from '../status/reporting-period';

/** One reporting period of a calendar (see status/reporting-period.ts, the one statement of the calendar). */
export type ReportingPeriodInstance = PeriodSpan;

function monthIndexOf(date: IsoDate): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

/** The period containing `date`. */
export function reportingPeriodContaining(period: ReportingPeriod, date: IsoDate): ReportingPeriodInstance {
  return reportingPeriodOf(date, period);
}

/** The period right after `p`. */
export function nextReportingPeriod(period: ReportingPeriod, p: ReportingPeriodInstance): ReportingPeriodInstance {
  return reportingPeriodAfter(p.start, period, 1);
}

/** Periods whose report is due between `from` and `to` (both inclusive), oldest first. */
export function reportingPeriodsDueBetween(period: ReportingPeriod, from: IsoDate, to: IsoDate): ReportingPeriodInstance[] {
  // a report due in a month belongs to a period that ended before that month: start two periods before `from`
  let p = reportingPeriodAfter(from, period, -2);
  const out: ReportingPeriodInstance[] = [];
  for (let guard = 0; p.due <= to && guard < 100_000; guard++) {
    if (p.due >= from) out.push(p);
    p = reportingPeriodAfter(p.start, period, 1);
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
    const y = Math.floor(m / 12);
    if (reported.has(`${cellId}|${y}-${String(m - y * 12 + 1).padStart(2, '0')}`)) return true;
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
