/** A row of pledge as the queries read it (signed_on with to_char → 'YYYY-MM-DD'). Written by `cli` (seeds) and the dashboard (re-signed pledges). */
export interface PledgeRow {
  id: string;
  cell_id: string;
  catalogue_version: string;
  programme_id: string;
  signed_on: string;
  attributes: Record<string, unknown> | null;
}

/** A row of pledge_item as the queries read it (due_date with to_char → 'YYYY-MM-DD'). Written with its pledge; the dashboard waives items. */
export interface PledgeItemRow {
  id: string;
  pledge_id: string;
  cell_id: string;
  criterion_code: string;
  indicator_code: string | null;
  target: Record<string, unknown>;
  due_date: string;
  status: string;
  waived_reason: string | null;
  attributes: Record<string, unknown> | null;
  updated_at: Date;
}
