/**
 * Levels: what an indicator must reach. A level is a small rule: one comparison (the indicator's comparator and
 * threshold, with its year and unit rules), or all of several named parts, each a comparison judged on an indicator
 * of the same criterion ("≥ X% hộ dùng nước hợp vệ sinh, trong đó ≥ Y% nước sạch"). Every comparison carries its
 * source and confidence.
 */
import type { LocalisedText } from '../shared/localised-text';
import type { Comparator, Indicator, IndicatorReportingPeriod, ReportingPeriod, ThresholdConfidence } from './catalogue.types';
import { resolveThreshold, type ResolvedThreshold, type ThresholdContext } from './threshold';

/** One comparison of a level, resolved for a unit and a year. */
export interface ResolvedLevelPart {
  /** `level` for a plain comparison; the part's key for an all-of level. */
  readonly key: string;
  /** The part's name; null for a plain comparison. */
  readonly name: LocalisedText | null;
  /** The indicator (same criterion) whose value the part compares. */
  readonly indicatorCode: string;
  readonly comparator: Comparator | null;
  readonly threshold: ResolvedThreshold;
}

/** The key of the single part of a plain comparison. */
export const COMPARE_PART_KEY = 'level';

/** The comparisons that make up `indicator`'s level in `context` (one for a plain comparison). */
export function levelPartsOf(indicator: Indicator, context: ThresholdContext): ResolvedLevelPart[] {
  if (indicator.level.type === 'compare') {
    return [
      { key: COMPARE_PART_KEY, name: null, indicatorCode: indicator.code, comparator: indicator.comparator, threshold: resolveThreshold(indicator, context) },
    ];
  }
  return indicator.level.parts.map((p) => ({
    key: p.key,
    name: { vi: p.nameVi, en: p.nameEn },
    indicatorCode: p.indicatorCode,
    comparator: p.comparator,
    threshold: { value: p.threshold, source: p.thresholdSource, confidence: p.thresholdConfidence, ruleIndex: null, year: null },
  }));
}

/**
 * Where the level of part `key` of `indicator` comes from and how sure it is: the part's own (all-of levels), or the
 * threshold rule `ruleIndex` (null: the indicator's own threshold) that gave a plain comparison its level.
 */
export function levelPartProvenance(indicator: Indicator, key: string, ruleIndex: number | null): { source: string; confidence: ThresholdConfidence } {
  if (indicator.level.type === 'all_of') {
    const part = indicator.level.parts.find((p) => p.key === key);
    if (part) return { source: part.thresholdSource, confidence: part.thresholdConfidence };
  }
  const rule = ruleIndex === null ? undefined : indicator.thresholdRules[ruleIndex];
  return rule
    ? { source: rule.thresholdSource, confidence: rule.thresholdConfidence }
    : { source: indicator.thresholdSource, confidence: indicator.thresholdConfidence };
}

/** The reporting rule of `indicator`: its own, or the catalogue's. */
export function reportingRuleOf(indicator: Pick<Indicator, 'reportingPeriod'>, catalogueDefault: ReportingPeriod): IndicatorReportingPeriod {
  return indicator.reportingPeriod ?? catalogueDefault;
}
