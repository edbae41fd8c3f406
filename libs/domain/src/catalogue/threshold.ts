/** Thresholds: which one applies, and how a value compares with it. */
import type { Comparator, Indicator, ThresholdConfidence, ThresholdValue } from './catalogue.types';

/** The threshold that applies in a given situation, with its provenance. */
export interface ResolvedThreshold {
  /** Null when unknown: the indicator cannot be judged ("threshold missing"). */
  readonly value: ThresholdValue | null;
  readonly source: string;
  readonly confidence: ThresholdConfidence;
  /** Index into `thresholdRules` of the rule used, or null for the indicator's own `threshold`. */
  readonly ruleIndex: number | null;
  /** For a yearly indicator, the year whose level this is (the year assessed); null otherwise. */
  readonly year: number | null;
}

/** What the threshold depends on. */
export interface ThresholdContext {
  /**
   * Year the value describes: for a yearly indicator the year assessed (only a rule of exactly that year, or the
   * indicator's year-independent threshold, applies); for others the year of the newest reading (`fromYear` rules).
   */
  readonly year: number;
  /** Attributes of the unit being judged (e.g. `{ communeGroup: "2" }` in 2026–2030). */
  readonly unitAttributes?: Readonly<Record<string, unknown>>;
}

/**
 * Picks the threshold for `context`: among the indicator's `thresholdRules` whose `year` is `context.year` (when set)
 * or whose `fromYear` is not after `context.year`, and whose `unitAttributes` all equal the unit's, the one with the
 * latest year wins
 * (a rule without `fromYear` counts as earliest); on a tie, the one with more attribute conditions; then the later
 * one in the list. With no matching rule, the indicator's own `threshold` applies.
 *
 * For a `share` rollup the level lives in `rollup.atLeast`; a null `atLeast` also makes the threshold unknown.
 */
export function resolveThreshold(indicator: Indicator, context: ThresholdContext): ResolvedThreshold {
  const forYear = indicator.reportingPeriod?.every === 'year' ? context.year : null;
  let best: { index: number; year: number; specificity: number } | null = null;
  for (const [index, rule] of indicator.thresholdRules.entries()) {
    // a level of one year applies to that year only: never to the years before or after it
    if (rule.year !== null && rule.year !== context.year) continue;
    if (rule.fromYear !== null && rule.fromYear > context.year) continue;
    const conditions = Object.entries(rule.unitAttributes ?? {});
    if (!conditions.every(([key, expected]) => context.unitAttributes?.[key] === expected)) continue;
    const candidate = { index, year: rule.year ?? rule.fromYear ?? Number.NEGATIVE_INFINITY, specificity: conditions.length };
    if (!best || candidate.year > best.year || (candidate.year === best.year && candidate.specificity >= best.specificity)) best = candidate;
  }
  const rule = best ? indicator.thresholdRules[best.index] : undefined;
  const resolved: ResolvedThreshold =
    best && rule
      ? { value: rule.threshold, source: rule.thresholdSource, confidence: rule.thresholdConfidence, ruleIndex: best.index, year: forYear }
      : { value: indicator.threshold, source: indicator.thresholdSource, confidence: indicator.thresholdConfidence, ruleIndex: null, year: forYear };
  if (indicator.rollup.method === 'share' && indicator.rollup.atLeast === null) return { ...resolved, value: null };
  return resolved;
}

/** Tolerance for comparing computed numbers (percentages from fractions carry floating-point noise). */
export const COMPARISON_EPSILON = 1e-9;

/**
 * `value comparator threshold`. Numbers compare with a tolerance of {@link COMPARISON_EPSILON} (so 98.00000000000001
 * counts as 98); booleans support `==` only (any other comparator is false). Mixed types are false.
 */
export function compareWithThreshold(value: ThresholdValue, comparator: Comparator, threshold: ThresholdValue): boolean {
  if (typeof value === 'boolean' || typeof threshold === 'boolean') {
    return comparator === '==' && value === threshold;
  }
  const diff = value - threshold;
  switch (comparator) {
    case '>=':
      return diff >= -COMPARISON_EPSILON;
    case '<=':
      return diff <= COMPARISON_EPSILON;
    case '==':
      return Math.abs(diff) <= COMPARISON_EPSILON;
    case '>':
      return diff > COMPARISON_EPSILON;
    case '<':
      return diff < -COMPARISON_EPSILON;
  }
}
