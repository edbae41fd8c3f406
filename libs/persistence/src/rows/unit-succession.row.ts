import type { Succession, SuccessionShare } from '@pledge/domain';

/** A row of unit_succession as the queries read it (effective_on with to_char → 'YYYY-MM-DD'). Written by `cli` (seeds). */
export interface UnitSuccessionRow {
  predecessor_id: string;
  successor_id: string;
  effective_on: string;
  share: SuccessionShare;
  note: string | null;
}

/** A succession of a units file (libs/domain Succession) from its row. */
export function successionOfRow(s: UnitSuccessionRow): Succession {
  return { predecessorId: s.predecessor_id, successorId: s.successor_id, effectiveOn: s.effective_on, share: s.share, note: s.note ?? '' };
}
