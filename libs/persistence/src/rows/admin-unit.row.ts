import type { UnitKind } from '@pledge/domain';

/**
 * A row of admin_unit as the queries read it (dates with to_char → 'YYYY-MM-DD' text, jsonb → parsed). Written by the
 * dashboard (administrators' edits) and `cli` (seeds).
 */
export interface AdminUnitRow {
  id: string;
  code: string;
  code_is_synthetic: boolean;
  kind: UnitKind;
  name: string;
  parent_id: string | null;
  valid_from: string | null;
  valid_to: string | null;
  placeholder: boolean;
  source: string;
  attributes: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
}

/** The columns of admin_unit the reference data reads. */
export type AdminUnitReferenceRow = Pick<
  AdminUnitRow,
  'id' | 'code' | 'code_is_synthetic' | 'kind' | 'name' | 'parent_id' | 'valid_from' | 'valid_to' | 'placeholder' | 'source' | 'attributes'
>;

/**
 * A unit of a units file (libs/domain UnitsFile, before its parser checks it) from its row; `text` is what an empty
 * text column reads as (the source is a required text of the file).
 */
export function unitOfRow(r: AdminUnitReferenceRow, text: (v: unknown) => string) {
  return {
    id: r.id,
    code: r.code,
    codeIsSynthetic: r.code_is_synthetic,
    kind: r.kind,
    name: r.name,
    parentId: r.parent_id,
    validFrom: r.valid_from ?? '0001-01-01',
    validFromAssumed: r.valid_from === null || r.attributes?.validFromAssumed === true,
    validTo: r.valid_to,
    placeholder: r.placeholder,
    source: text(r.source),
    attributes: r.attributes ?? {},
  };
}
