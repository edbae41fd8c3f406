/**
 * The order of readings of the same (unit, criterion, indicator): which one is current.
 *
 * A reading is newer than another when, in this order:
 * 1. its `asOf` is later (it describes a later day), else
 * 2. its `reportedAt` is later (same day, submitted later: a correction), else
 * 3. its `eventId` is greater, comparing UTF-16 code units (a deterministic tiebreak; event ids are ASCII).
 *
 * {@link READING_ORDER} states the keys once: {@link compareReadings} walks it, and the projector's fold builds its SQL
 * from it (`ORDER BY as_of DESC, reported_at DESC, event_id DESC` for the reading in force, and an upsert that
 * replaces the stored row only when `(new.as_of, new.reported_at, new.event_id) > (old...)`; event ids are UUIDs,
 * which PostgreSQL orders as their lower-case text does).
 */
import type { Reading } from './reading.types';

type Ordered = Pick<Reading, 'asOf' | 'reportedAt' | 'eventId'>;

/** How a key of the order compares: ISO dates and ASCII ids as text, instants by their milliseconds. */
export type ReadingOrderKind = 'date' | 'instant' | 'text';

/**
 * The keys that order readings of the same (unit, criterion, indicator), most significant first; the later reading
 * by these keys is the one in force. `field` names the Reading property.
 */
export const READING_ORDER: readonly { readonly field: keyof Ordered; readonly kind: ReadingOrderKind }[] = [
  { field: 'asOf', kind: 'date' },
  { field: 'reportedAt', kind: 'instant' },
  { field: 'eventId', kind: 'text' },
];

function instantMs(value: string): number {
  return Date.parse(value);
}

/** Negative when `a` is older than `b`, positive when newer, 0 when the keys are equal (the same event). */
export function compareReadings(a: Ordered, b: Ordered): number {
  for (const { field, kind } of READING_ORDER) {
    const x = kind === 'instant' ? instantMs(a[field]) : a[field];
    const y = kind === 'instant' ? instantMs(b[field]) : b[field];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** True when `a` should replace `b` as the current reading (see the module comment for the rule). */
export function isNewer(a: Ordered, b: Ordered): boolean {
  return compareReadings(a, b) > 0;
}
