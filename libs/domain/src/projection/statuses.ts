/**
 * Statuses as the projector stores them. Staleness depends on the day one looks, so a stored status is the
 * "fresh" one (as if every reading were current) together with the first day on which a reading behind it is
 * stale; {@link indicatorStatusOn} and {@link criterionStatusOn} give the status on any day from those two,
 * exactly as `assessIndicator` / `assessCriterion` would on that day (same structure and thresholds).
 */
import type { ReportingPeriod } from '../catalogue/catalogue.types';
import type { IsoDate } from '../shared/iso-date';
import { summariseStatuses, type AssessmentStatus, type IndicatorAssessment } from '../status/assess';
import type { StandardStatus } from '../standard/tier';
import { staleOn } from './staleness';

/** A status without `stale`. */
export type FreshStatus = Exclude<AssessmentStatus, 'stale'>;

/** The status an assessment would have if no reading were stale (its judgement when it was judged stale). */
export function freshStatusOf(a: Pick<IndicatorAssessment, 'status' | 'judgement'>): FreshStatus {
  if (a.status !== 'stale') return a.status;
  return a.judgement ?? 'threshold_missing';
}

/**
 * The first day on which an assessment's oldest contributing reading is stale, given the indicator's reporting
 * period (`indicator.reportingPeriod ?? catalogue.reportingPeriod`); null when no reading contributes.
 */
export function staleOnOf(a: Pick<IndicatorAssessment, 'rollup'>, period: ReportingPeriod): IsoDate | null {
  return a.rollup.oldestAsOf === null ? null : staleOn(a.rollup.oldestAsOf, period);
}

/** What is stored per indicator. */
export interface StoredIndicatorStatus {
  readonly statusFresh: FreshStatus;
  readonly staleOn: IsoDate | null;
}

/** The indicator's status on `day`: `stale` when it was judged (met / not met) and its oldest reading is stale. */
export function indicatorStatusOn(stored: StoredIndicatorStatus, day: IsoDate): AssessmentStatus {
  const judged = stored.statusFresh === 'met' || stored.statusFresh === 'not_met';
  return judged && stored.staleOn !== null && stored.staleOn <= day ? 'stale' : stored.statusFresh;
}

/** A criterion's status on `day` from its assessed indicators' stored statuses (assessCriterion's summary rule). */
export function criterionStatusOn(indicators: readonly StoredIndicatorStatus[], day: IsoDate): AssessmentStatus {
  return summariseStatuses(indicators.map((i) => indicatorStatusOn(i, day)));
}

/** The earliest day on which any of the judged indicators turns stale (null when none can). */
export function earliestStaleOn(indicators: readonly StoredIndicatorStatus[]): IsoDate | null {
  let first: IsoDate | null = null;
  for (const i of indicators) {
    if (i.statusFresh !== 'met' && i.statusFresh !== 'not_met') continue;
    if (i.staleOn !== null && (first === null || i.staleOn < first)) first = i.staleOn;
  }
  return first;
}

/**
 * A tier's status from its criteria's statuses and its required tiers' statuses (assessTier's rule): met when all
 * criteria are met and every required tier is met; not_met when a criterion or a required tier is not met;
 * undetermined otherwise.
 */
export function tierStatusFrom(criteria: readonly AssessmentStatus[], requiredTiers: readonly StandardStatus[]): StandardStatus {
  const allMet = criteria.every((s) => s === 'met') && requiredTiers.every((s) => s === 'met');
  if (allMet) return 'met';
  const anyFailed = criteria.some((s) => s === 'not_met') || requiredTiers.some((s) => s === 'not_met');
  return anyFailed ? 'not_met' : 'undetermined';
}
