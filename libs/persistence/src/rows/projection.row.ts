/** A row of projection_state as pg returns it (bigint → text, derived_today with ::text → 'YYYY-MM-DD'). Written by the projector. */
export interface ProjectionStateRow {
  projection: string;
  generation: number;
  derived_today: string | null;
  derived_reference: string | null;
  rebuilt_events: string | null;
  rebuilt_at: Date | null;
  updated_at: Date;
}

/** A row of projection_dirty_batch as pg returns it (bigint → text, arrays → string[]). Written by the projector. */
export interface ProjectionDirtyBatchRow {
  id: string;
  units: string[];
  from_days: (string | null)[] | null;
  later: boolean;
}
