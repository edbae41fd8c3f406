/** A row of evaluation_config as pg returns it (jsonb → parsed). Written by the dashboard and `cli` (seeds). */
export interface EvaluationConfigRow {
  scope: string;
  options: Record<string, unknown>;
  reason: string;
  updated_by: string;
  updated_at: Date;
}
