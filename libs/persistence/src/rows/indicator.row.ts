/**
 * A row of indicator as pg returns it (jsonb → parsed). Written with its catalogue version; thresholds and bounds
 * changed by the dashboard (administrators' revisions). The mapper is indicatorFromRow (../reference/programme-reference).
 */
export interface IndicatorRow {
  catalogue_version: string;
  criterion_code: string;
  code: string;
  name_vi: string;
  name_en: string;
  kind: string;
  unit: string;
  comparator: string | null;
  threshold: number | boolean | null;
  threshold_source: string;
  threshold_confidence: string;
  rollup: Record<string, unknown> | null;
  range: Record<string, unknown> | null;
  bounds: Record<string, unknown> | null;
  reported_by: string;
  position: number;
  attributes: Record<string, unknown> | null;
  threshold_changed_at: Date | null;
  threshold_changed_by: string | null;
  bounds_changed_at: Date | null;
  bounds_changed_by: string | null;
}

/** The columns of indicator a catalogue document is assembled from. */
export type IndicatorDocumentRow = Pick<
  IndicatorRow,
  | 'catalogue_version'
  | 'criterion_code'
  | 'code'
  | 'name_vi'
  | 'name_en'
  | 'kind'
  | 'unit'
  | 'comparator'
  | 'threshold'
  | 'threshold_source'
  | 'threshold_confidence'
  | 'rollup'
  | 'range'
  | 'bounds'
  | 'reported_by'
  | 'attributes'
>;
