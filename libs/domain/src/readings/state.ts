/**
 * The readings state: the current (newest) reading per (unit, criterion, indicator). It is a fold of reading
 * events with {@link applyReading}, which is
 * - latest-wins by {@link isNewer} (asOf, then reportedAt, then eventId);
 * - idempotent: applying an event already in the state returns the very same state object;
 * - order-independent: any order of the same set of events gives the same state;
 * - correction-friendly: a newer report for the same day, or a reading of a later day, replaces the current one,
 *   while an older reading arriving late changes nothing.
 *
 * Two events with the same `eventId` are the same event (redelivery); if their contents differ, that is a
 * producer bug and the order-independence guarantee does not cover it.
 */
import type { IndicatorRef } from '../catalogue/catalogue.types';
import type { IsoDate } from '../shared/iso-date';
import { isNewer } from './ordering';
import type { Reading } from './reading.types';

/** Current reading by {@link readingKey}. Immutable: every change returns a new map. */
export type ReadingsState = ReadonlyMap<string, Reading>;

/** The empty state. */
export const EMPTY_READINGS_STATE: ReadingsState = new Map<string, Reading>();

/** The state key of a reading: `unitId|criterionCode|indicatorCode`. */
export function readingKey(unitId: string, ref: IndicatorRef): string {
  return `${unitId}|${ref.criterionCode}|${ref.indicatorCode}`;
}

/** The state key of `reading`. */
export function readingKeyOf(reading: Reading): string {
  return readingKey(reading.hamletId, reading);
}

/** The state after `reading`; `state` itself (same object) when the reading does not change it. */
export function applyReading(state: ReadingsState, reading: Reading): ReadingsState {
  const key = readingKeyOf(reading);
  const current = state.get(key);
  if (current && !isNewer(reading, current)) return state;
  const next = new Map(state);
  next.set(key, reading);
  return next;
}

/** Folds many readings into `state` (one copy, however many readings). Same result as repeated {@link applyReading}. */
export function applyReadings(state: ReadingsState, readings: Iterable<Reading>): ReadingsState {
  let next: Map<string, Reading> | null = null;
  for (const reading of readings) {
    const key = readingKeyOf(reading);
    const current = (next ?? state).get(key);
    if (current && !isNewer(reading, current)) continue;
    next ??= new Map(state);
    next.set(key, reading);
  }
  return next ?? state;
}

/** The state built from `readings` whose `asOf` is on or before `date`: what was known to describe that day. */
export function stateAsOf(readings: Iterable<Reading>, date: IsoDate): ReadingsState {
  const upTo: Reading[] = [];
  for (const reading of readings) if (reading.asOf <= date) upTo.push(reading);
  return applyReadings(EMPTY_READINGS_STATE, upTo);
}

/** The current reading of `ref` for `unitId`, if any. */
export function latestReading(state: ReadingsState, unitId: string, ref: IndicatorRef): Reading | undefined {
  return state.get(readingKey(unitId, ref));
}
