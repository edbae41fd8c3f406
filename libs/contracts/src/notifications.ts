/**
 * PostgreSQL NOTIFY channels between the apps, and their payloads (JSON, under 8 kB). A payload a reader cannot read
 * means "something changed: re-read everything".
 */

export const NotifyChannels = {
  /** The projector: its read models changed (see {@link ProgressChangedSignal}). */
  progressChanged: 'progress_changed',
  /** Whoever edits the reference data (the read API's administrators, `cli seed`): units, catalogue, pledges or settings changed. */
  referenceChanged: 'reference_changed',
} as const;

/** At most this many ids are named in one signal; a list this long may have been cut (re-read everything). */
export const MAX_IDS_IN_SIGNAL = 100;

/** After each committed batch that folded something: the units whose readings (rm_reading, rm_reading_history) changed. */
export interface ReadingsChangedSignal {
  kind: 'readings';
  /** Reporting units of the new readings (first {@link MAX_IDS_IN_SIGNAL}). */
  hamlets: string[];
  applied: number;
  partition: number;
}

/**
 * After each round of the projector's derived read models (the programme on each stored day, reports, completeness):
 * which units and days were recomputed.
 */
export interface StatusChangedSignal {
  kind: 'status';
  /** Cells among the recomputed units (first {@link MAX_IDS_IN_SIGNAL}). */
  hamlets: string[];
  /** All recomputed units (first {@link MAX_IDS_IN_SIGNAL}). */
  units: string[];
  /** The stored days whose rows changed (first {@link MAX_IDS_IN_SIGNAL}). */
  days: string[];
  applied: 0;
  /** Every derived row was recomputed (a new day, new reference data). */
  full: boolean;
}

/** Once after a rebuild swapped its tables in: re-read everything (the rows are the same as before, if nothing was lost). */
export interface RebuiltSignal {
  kind: 'rebuilt';
  hamlets: [];
  applied: 0;
  events: number;
}

export type ProgressChangedSignal = ReadingsChangedSignal | StatusChangedSignal | RebuiltSignal;

/** What an administrator's edit (or a seed) changed: `entity` names the table, `id` the row when one. */
export interface ReferenceChangedSignal {
  entity: string;
  id?: string;
  force?: boolean;
}

const strings = (x: unknown): string[] | null => (Array.isArray(x) && x.every((v) => typeof v === 'string') ? x : null);

/** Reads a `progress_changed` payload; null when it is not one of the signals above (treat it as "everything changed"). */
export function parseProgressSignal(payload: string | undefined): ProgressChangedSignal | null {
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(payload ?? '') as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!p || typeof p !== 'object') return null;
  const hamlets = strings(p.hamlets);
  if (p.kind === 'readings' && hamlets && typeof p.applied === 'number') {
    return { kind: 'readings', hamlets, applied: p.applied, partition: typeof p.partition === 'number' ? p.partition : -1 };
  }
  if (p.kind === 'status' && hamlets) {
    const units = strings(p.units) ?? [];
    const days = strings(p.days) ?? [];
    return { kind: 'status', hamlets, units, days, applied: 0, full: p.full === true };
  }
  if (p.kind === 'rebuilt') return { kind: 'rebuilt', hamlets: [], applied: 0, events: typeof p.events === 'number' ? p.events : 0 };
  return null;
}

/** True when a signal's list of `n` ids may have been cut. */
export function mayBeTruncated(n: number): boolean {
  return n >= MAX_IDS_IN_SIGNAL;
}
