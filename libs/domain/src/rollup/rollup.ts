/**
 * Rollup: combining the readings of several reporting units (the cells of a commune, the wards of the town) into
 * one value, as the indicator's rollup rule says. Percentages are recomputed from the summed numerators and
 * denominators, never averaged: a hamlet with 10 households and one with 500 do not weigh the same.
 */
import type { Indicator, IndicatorRef, RollupMethod } from '../catalogue/catalogue.types';
import type { IsoDate } from '../shared/iso-date';
import { measureOf, type ReadingMeasure } from '../readings/reading.types';
import { latestReading, type ReadingsState } from '../readings/state';

/** How many of the expected reporting units contributed. */
export interface Coverage {
  /** Units that should report. */
  readonly expected: number;
  /** Units with a usable reading (and, for weighted means, a weight). */
  readonly reported: number;
  /** Ids of the units without data, in input order. */
  readonly missing: readonly string[];
}

/** One unit's part in a rollup. */
export interface Contribution {
  readonly unitId: string;
  readonly asOf: IsoDate;
  readonly measure: ReadingMeasure;
  /** The weight used (weighted means only). */
  readonly weight: number | null;
}

/** The combined value of an indicator over a set of reporting units. */
export interface RollupResult {
  readonly method: RollupMethod;
  /**
   * Percentage (0..100) for `ratio`; the number for `weighted_mean`/`sum`/`min`/`max`; a boolean for `all`/`any`/`share`;
   * for `none`, the single unit's value (a fraction as a percentage). Null when nothing was reported, when a sum of
   * denominators or weights is 0, or when a `share` level is unknown.
   */
  readonly value: number | boolean | null;
  /** Σ numerators and Σ denominators (`ratio`, and `none` with a fraction); null otherwise. */
  readonly numerator: number | null;
  readonly denominator: number | null;
  /** Yes/no rollups: units answering yes, and yes / reported (0..1). Null otherwise. */
  readonly yesCount: number | null;
  readonly share: number | null;
  readonly coverage: Coverage;
  /** Newest and oldest `asOf` among the contributions (null when none). */
  readonly newestAsOf: IsoDate | null;
  readonly oldestAsOf: IsoDate | null;
  readonly contributions: readonly Contribution[];
  /**
   * Readings left out because they describe a day before {@link RollupInput.minAsOf} (a yearly figure of an earlier
   * year): their units are in `coverage.missing`; kept here so a view can show the figure with its date.
   */
  readonly outdated: readonly Contribution[];
}

/** What to roll up. */
export interface RollupInput {
  /** The indicator whose rule applies. */
  readonly indicator: Indicator;
  /** Where its readings live (the indicator itself, or its `readingOf`; see `readingSourceOf`). */
  readonly readingsOf: IndicatorRef;
  /** Reporting units expected to contribute (e.g. the commune's cells on the structure date). */
  readonly unitIds: readonly string[];
  readonly state: ReadingsState;
  /** Readings describing a day before this count as missing (listed in `outdated`); default: none. */
  readonly minAsOf?: IsoDate;
}

/**
 * Combines the current readings of `unitIds` by the indicator's rule. Units without a reading (or, for weighted
 * means, without a weight reading, or with a value form the rule cannot use) are listed as missing and left out of
 * the value. The result does not depend on the order in which readings arrived (it reads the state) nor on the
 * order of `unitIds` (apart from the order of `missing` and `contributions`).
 *
 * Method `none` is for indicators reported by the unit itself: pass that one unit.
 */
export function rollupIndicator(input: RollupInput): RollupResult {
  const { indicator, readingsOf, unitIds, state, minAsOf } = input;
  const rule = indicator.rollup;
  const weightRef = rule.method === 'weighted_mean' ? rule.weightBy : null;
  const contributions: Contribution[] = [];
  const outdated: Contribution[] = [];
  const missing: string[] = [];
  // the state key of each unit is `unitId|criterion|indicator` (readingKey): the suffix is built once per rollup
  const suffix = `|${readingsOf.criterionCode}|${readingsOf.indicatorCode}`;
  for (const unitId of unitIds) {
    const reading = state.get(unitId + suffix);
    const measure = reading ? measureOf(reading) : null;
    if (!reading || !measure || !usable(rule.method, measure)) {
      missing.push(unitId);
      continue;
    }
    let weight: number | null = null;
    if (weightRef) {
      const weightReading = latestReading(state, unitId, weightRef);
      const weightMeasure = weightReading ? measureOf(weightReading) : null;
      if (!weightMeasure || weightMeasure.type !== 'number') {
        missing.push(unitId);
        continue;
      }
      weight = weightMeasure.value;
    }
    if (minAsOf !== undefined && reading.asOf < minAsOf) {
      missing.push(unitId);
      outdated.push({ unitId, asOf: reading.asOf, measure, weight });
      continue;
    }
    contributions.push({ unitId, asOf: reading.asOf, measure, weight });
  }
  let newestAsOf: IsoDate | null = null;
  let oldestAsOf: IsoDate | null = null;
  for (const c of contributions) {
    if (newestAsOf === null || c.asOf > newestAsOf) newestAsOf = c.asOf;
    if (oldestAsOf === null || c.asOf < oldestAsOf) oldestAsOf = c.asOf;
  }
  return {
    method: rule.method,
    ...combine(indicator, contributions),
    coverage: { expected: unitIds.length, reported: contributions.length, missing },
    newestAsOf,
    oldestAsOf,
    contributions,
    outdated,
  };
}

/** Whether a rule can use a value of this form. */
function usable(method: RollupMethod, measure: ReadingMeasure): boolean {
  switch (method) {
    case 'ratio':
      return measure.type === 'fraction';
    case 'all':
    case 'any':
    case 'share':
      return measure.type === 'boolean';
    case 'none':
      return true;
    default:
      return measure.type === 'number';
  }
}

type Combined = Pick<RollupResult, 'value' | 'numerator' | 'denominator' | 'yesCount' | 'share'>;

const EMPTY: Combined = { value: null, numerator: null, denominator: null, yesCount: null, share: null };

function combine(indicator: Indicator, contributions: readonly Contribution[]): Combined {
  if (contributions.length === 0) return EMPTY;
  const rule = indicator.rollup;
  const numbers = contributions.map((c) => (c.measure.type === 'number' ? c.measure.value : 0));
  switch (rule.method) {
    case 'ratio':
      return ratio(contributions);
    case 'weighted_mean': {
      const totalWeight = contributions.reduce((s, c) => s + (c.weight ?? 0), 0);
      const weighted = contributions.reduce((s, c, i) => s + numbers[i] * (c.weight ?? 0), 0);
      return { ...EMPTY, value: totalWeight === 0 ? null : weighted / totalWeight };
    }
    case 'sum':
      return { ...EMPTY, value: numbers.reduce((s, n) => s + n, 0) };
    case 'min':
      return { ...EMPTY, value: Math.min(...numbers) };
    case 'max':
      return { ...EMPTY, value: Math.max(...numbers) };
    case 'all':
    case 'any':
    case 'share': {
      const yesCount = contributions.filter((c) => c.measure.type === 'boolean' && c.measure.value).length;
      const share = yesCount / contributions.length;
      const value =
        rule.method === 'all'
          ? yesCount === contributions.length
          : rule.method === 'any'
            ? yesCount > 0
            : rule.atLeast === null
              ? null
              : share >= rule.atLeast - 1e-9;
      return { ...EMPTY, value, yesCount, share };
    }
    case 'none': {
      const measure = contributions[0].measure;
      if (measure.type === 'fraction') return ratio(contributions.slice(0, 1));
      return { ...EMPTY, value: measure.value };
    }
  }
}

function ratio(contributions: readonly Contribution[]): Combined {
  let numerator = 0;
  let denominator = 0;
  for (const c of contributions) {
    if (c.measure.type !== 'fraction') continue;
    numerator += c.measure.numerator;
    denominator += c.measure.denominator;
  }
  return { ...EMPTY, value: denominator === 0 ? null : (numerator / denominator) * 100, numerator, denominator };
}
