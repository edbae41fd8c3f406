/** A row of criterion as pg returns it (jsonb → parsed). Written with its catalogue version. */
export interface CriterionRow {
  catalogue_version: string;
  code: string;
  applies_to: string;
  tier: string;
  group_code: string | null;
  name_vi: string;
  name_en: string;
  placeholder: boolean;
  source: string;
  position: number;
  attributes: Record<string, unknown> | null;
}

/** The columns of criterion a catalogue document is assembled from. */
export type CriterionDocumentRow = Pick<
  CriterionRow,
  'catalogue_version' | 'code' | 'applies_to' | 'tier' | 'group_code' | 'name_vi' | 'name_en' | 'placeholder' | 'source' | 'attributes'
>;
