/**
 * The order of readings of the same (unit, criterion, indicator): which one is current.
 *
 * A reading is newer than another when, in this order:
 * 1. its `asOf` is later (it describes a later day), else
 * 2. its `reportedAt` is later (same day, submitted later: a correction), else
 * 3. its `eventId` is greater, comparing UTF-16 code units (a deterministic tiebreak; event ids are ASCII).
 *
 * The projector implements the same rule in SQL; with columns `as_of date`, `reported_at timestamptz`,
 * `event_id text`, the current row is the first of
 * `ORDER BY as_of DESC, reported_at DESC, event_id COLLATE "C" DESC`
 * and an upsert replaces the stored row only when
 * `(new.as_of, new.reported_at, new.event_id COLLATE "C") > (old.as_of, old.reported_at, old.event_id COLLATE "C")`.
 */
import type { Reading } from './reading.types';

type Ordered = Pick<Reading, 'asOf' | 'reportedAt' | 'eventId'>;

function instantMs(value: string): number {
  return Date.parse(value);
}

/** Negative when `a` is older than `b`, positive when newer, 0 when the keys are equal (the same event). */
export function compareReadings(a: Ordered, b: Ordered): number {
  if (a.asOf !== b.asOf) return a.asOf < b.asOf ? -1 : 1;
  const at = instantMs(a.reportedAt);
  const bt = instantMs(b.reportedAt);
  if (at !== bt) return at < bt ? -1 : 1;
  if (a.eventId !== b.eventId) return a.eventId < b.eventId ? -1 : 1;
  return 0;
}

/** True when `a` should replace `b` as the current reading (see the module comment for the rule). */
export function isNewer(a: Ordered, b: Ordered): boolean {
  return compareReadings(a, b) > 0;
}
