import type { IsoDate } from '../shared/iso-date';

/**
 * One reading of one indicator for one unit, as submitted by a secretary (or a commune officer / the district for
 * indicators reported at their level). Exactly one of the three value forms is present:
 * `value` (a number, or a boolean for yes/no), or `numerator` + `denominator` (for percentages: the percentage
 * is numerator / denominator × 100, and communes add them up instead of averaging percentages).
 */
export interface Reading {
  /** Unique id of the event that carried the reading (ASCII: letters, digits, `.`, `_`, `:`, `-`). */
  readonly eventId: string;
  /**
   * The reporting unit: a cell (hamlet/ward) id for indicators reported by cells; the commune/town id or the
   * district id for indicators reported at those levels.
   */
  readonly hamletId: string;
  readonly criterionCode: string;
  readonly indicatorCode: string;
  /** A number (percentage 0..100, amount, count) or a boolean (yes/no); null when the fraction form is used. */
  readonly value: number | boolean | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  /** The day the figures describe. */
  readonly asOf: IsoDate;
  /** When it was submitted: canonical UTC ISO instant with milliseconds (`2024-03-05T02:00:00.000Z`). */
  readonly reportedAt: string;
  /** Who submitted it (username). */
  readonly reportedBy: string;
}

/** The value of a reading in one of its three forms. */
export type ReadingMeasure =
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'fraction'; readonly numerator: number; readonly denominator: number }
  | { readonly type: 'boolean'; readonly value: boolean };

/** The value form of a reading. Throws when the reading carries none (the parser never lets that through). */
export function measureOf(reading: Reading): ReadingMeasure {
  if (typeof reading.value === 'boolean') return { type: 'boolean', value: reading.value };
  if (typeof reading.value === 'number') return { type: 'number', value: reading.value };
  if (reading.numerator !== null && reading.denominator !== null) {
    return { type: 'fraction', numerator: reading.numerator, denominator: reading.denominator };
  }
  throw new RangeError(`Reading ${reading.eventId} has no value`);
}

/**
 * A reading's value as one number: the number itself; a fraction as a percentage (null when the denominator is
 * 0, e.g. a hamlet without field roads); yes/no as 1/0. Used for trends and pledge targets.
 */
export function numericValueOf(measure: ReadingMeasure): number | null {
  switch (measure.type) {
    case 'number':
      return measure.value;
    case 'boolean':
      return measure.value ? 1 : 0;
    case 'fraction':
      return measure.denominator === 0 ? null : (measure.numerator / measure.denominator) * 100;
  }
}
