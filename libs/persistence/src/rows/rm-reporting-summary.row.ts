/** A row of rm_reporting_summary as pg returns it (jsonb → parsed). Written by the projector. */
export interface ReportingSummaryRow {
  unit_id: string;
  period_start: string;
  unit_kind: string;
  period_end: string;
  due_date: string;
  cells_expected: number;
  cells_reported: number;
  cells_on_time: number;
  cells_late: number;
  missing_cell_ids: string[] | null;
  late_cell_ids: string[] | null;
}

/** Which cells of a commune (or the town) had not reported, or reported late, in a period. */
export interface StoredReportingSummary {
  unitId: string;
  missing: string[];
  late: string[];
}

export function reportingSummaryOf(row: Pick<ReportingSummaryRow, 'unit_id' | 'missing_cell_ids' | 'late_cell_ids'>): StoredReportingSummary {
  return { unitId: row.unit_id, missing: row.missing_cell_ids ?? [], late: row.late_cell_ids ?? [] };
}
