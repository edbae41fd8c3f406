import type { PendingParentDecision, UnitParent } from '@pledge/domain';

/** A row of unit_parent as the queries read it (dates with to_char → 'YYYY-MM-DD'). Written by the dashboard (administrators' decisions) and `cli` (seeds). */
export interface UnitParentRow {
  unit_id: string;
  valid_from: string;
  valid_to: string | null;
  parent_id: string;
  source: string;
  recorded_by: string;
  recorded_at: Date;
}

export function unitParentOfRow(p: Pick<UnitParentRow, 'unit_id' | 'parent_id' | 'valid_from' | 'valid_to' | 'source'>): UnitParent {
  return { unitId: p.unit_id, parentId: p.parent_id, validFrom: p.valid_from, validTo: p.valid_to, source: p.source };
}

/** A row of unit_parent_pending as the queries read it (effective_on with to_char → 'YYYY-MM-DD', jsonb → parsed). */
export interface UnitParentPendingRow {
  unit_id: string;
  effective_on: string;
  former_parent_id: string;
  candidates: PendingParentDecision['candidates'];
  note: string;
  decided_at: Date | null;
  decided_by: string | null;
}

export function pendingParentOfRow(
  p: Pick<UnitParentPendingRow, 'unit_id' | 'former_parent_id' | 'effective_on' | 'candidates' | 'note'>,
): PendingParentDecision {
  return { unitId: p.unit_id, formerParentId: p.former_parent_id, effectiveOn: p.effective_on, candidates: p.candidates, note: p.note };
}
