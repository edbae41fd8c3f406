/** A row of unit_name_revision as pg returns it (bigint → text). Written by the dashboard (administrators' renames). */
export interface UnitNameRevisionRow {
  id: string;
  unit_id: string;
  old_name: string;
  old_placeholder: boolean;
  new_name: string;
  new_placeholder: boolean;
  reason: string;
  changed_by: string;
  changed_at: Date;
}

/** A row of threshold_revision as pg returns it (bigint → text, jsonb → parsed). Written by the dashboard (administrators' threshold changes). */
export interface ThresholdRevisionRow {
  id: string;
  catalogue_version: string;
  criterion_code: string;
  indicator_code: string;
  from_year: number | null;
  year: number | null;
  part: string | null;
  unit_attributes: Record<string, unknown> | null;
  old_value: Record<string, unknown> | null;
  new_value: Record<string, unknown>;
  reason: string;
  changed_by: string;
  changed_at: Date;
}
