/**
 * Reporting completeness: which cells of a unit reported for a period, on time or late, and which did not.
 */
import type { IsoDate } from '../shared/iso-date';
import type { PeriodSpan } from '../status/reporting-period';
import { cellsOn, getUnit, structureDateFor, type UnitIndex } from '../units/hierarchy';

/** A cell's report for a period: on time or late. */
export type CellReportState = 'on_time' | 'late';

/** Completeness of one unit's cells for one period. */
export interface ReportingSummary {
  readonly unitId: string;
  readonly period: PeriodSpan;
  readonly cellsExpected: number;
  readonly cellsReported: number;
  readonly cellsOnTime: number;
  readonly cellsLate: number;
  /** Expected cells without a report, in unit order. */
  readonly missingCellIds: readonly string[];
  readonly lateCellIds: readonly string[];
}

/**
 * Completeness of `unitId`'s cells (those of the unit on the period's last day, or on the unit's last valid day)
 * for `period`; `reportOf(cellId, periodStart)` says whether and how a cell reported.
 */
export function reportingSummary(
  units: UnitIndex,
  unitId: string,
  period: PeriodSpan,
  reportOf: (cellId: string, periodStart: IsoDate) => CellReportState | undefined,
): ReportingSummary {
  const unit = getUnit(units, unitId);
  const cells = cellsOn(units, unitId, structureDateFor(unit, period.end));
  const missing: string[] = [];
  const late: string[] = [];
  let onTime = 0;
  for (const cell of cells) {
    const state = reportOf(cell.id, period.start);
    if (state === undefined) missing.push(cell.id);
    else if (state === 'late') late.push(cell.id);
    else onTime++;
  }
  return {
    unitId,
    period,
    cellsExpected: cells.length,
    cellsReported: cells.length - missing.length,
    cellsOnTime: onTime,
    cellsLate: late.length,
    missingCellIds: missing,
    lateCellIds: late,
  };
}
