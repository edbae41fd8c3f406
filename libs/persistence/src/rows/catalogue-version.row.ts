/**
 * A row of catalogue_version as the queries read it (dates with to_char → 'YYYY-MM-DD', jsonb → parsed). Written by the
 * dashboard (imports, publication, revisions) and `cli` (seeds, catalogue-import). The mapper to a catalogue document
 * is catalogueFromRows (../reference/programme-reference).
 */
export interface CatalogueVersionRow {
  id: string;
  title_vi: string;
  title_en: string;
  period_from: string;
  period_to: string;
  deadline: string;
  reporting_period: Record<string, unknown>;
  legal_basis: unknown[] | null;
  tiers: unknown[] | null;
  district_conditions: unknown[] | null;
  document: Record<string, unknown> | null;
  status: string;
  published_at: Date | null;
  published_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The columns of catalogue_version a catalogue document is assembled from. */
export type CatalogueVersionDocumentRow = Pick<
  CatalogueVersionRow,
  | 'id'
  | 'title_vi'
  | 'title_en'
  | 'period_from'
  | 'period_to'
  | 'deadline'
  | 'reporting_period'
  | 'legal_basis'
  | 'tiers'
  | 'district_conditions'
  | 'document'
  | 'status'
>;
