/** A row of rm_cell_report as pg returns it (date → 'YYYY-MM-DD' text, timestamptz → Date). Written by the projector. */
export interface CellReportRow {
  unit_id: string;
  period_start: string;
  period_end: string;
  due_date: string;
  commune_code: string;
  first_reported_at: Date;
  first_event_id: string;
  last_reported_at: Date;
  events: number;
  on_time: boolean;
}

/** A cell's first report in a period. */
export interface StoredCellReport {
  unitId: string;
  firstReportedAt: Date;
  onTime: boolean;
}

export function cellReportOf(row: Pick<CellReportRow, 'unit_id' | 'first_reported_at' | 'on_time'>): StoredCellReport {
  return { unitId: row.unit_id, firstReportedAt: new Date(row.first_reported_at), onTime: row.on_time === true };
}
