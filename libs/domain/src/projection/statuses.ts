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
 * The first day on which an assessment stops holding as judged: for a monthly or quarterly indicator, the day its
 * oldest contributing reading turns stale (`period` is the indicator's own or the catalogue's reporting period); for
 * a yearly indicator, the first day of the next year (its figures then count as missing for the new year); null
 * for an on-change indicator, or when no reading contributes.
 */
export function staleOnOf(a: Pick<IndicatorAssessment, 'rollup' | 'frequency' | 'year'>, period: ReportingPeriod): IsoDate | null {
  if (a.frequency === 'on_change') return null;
  if (a.frequency === 'year') return a.year === null ? null : `${a.year + 1}-01-01`;
  return a.rollup.oldestAsOf === null ? null : staleOn(a.rollup.oldestAsOf, period);
}

/** What an assessment turns into on its {@link staleOnOf} day: `stale` (periodic figures) or `no_data` (yearly). */
export function lapseOf(a: Pick<IndicatorAssessment, 'frequency'>): 'stale' | 'no_data' {
  return a.frequency === 'year' ? 'no_data' : 'stale';
}

/** What is stored per indicator. */
export interface StoredIndicatorStatus {
  readonly statusFresh: FreshStatus;
  readonly staleOn: IsoDate | null;
  /** Default `stale`; `no_data` for yearly indicators (a new year needs its own figure). */
  readonly lapse?: 'stale' | 'no_data';
}

/**
 * The indicator's status on `day`: from its {@link StoredIndicatorStatus.staleOn} day, a periodic indicator that was
 * judged (met / not met) is `stale`, and a yearly one is `no_data` whatever it was.
 */
export function indicatorStatusOn(stored: StoredIndicatorStatus, day: IsoDate): AssessmentStatus {
  const lapsed = stored.staleOn !== null && stored.staleOn <= day;
  if (lapsed && stored.lapse === 'no_data') return 'no_data';
  const judged = stored.statusFresh === 'met' || stored.statusFresh === 'not_met';
  return judged && lapsed ? 'stale' : stored.statusFresh;
}

/** A criterion's status on `day` from its assessed indicators' stored statuses (assessCriterion's summary rule). */
export function criterionStatusOn(indicators: readonly StoredIndicatorStatus[], day: IsoDate): AssessmentStatus {
  return summariseStatuses(indicators.map((i) => indicatorStatusOn(i, day)));
}

/** The earliest day on which any of the judged indicators turns stale (null when none can). */
export function earliestStaleOn(indicators: readonly StoredIndicatorStatus[]): IsoDate | null {
  let first: IsoDate | null = null;
  for (const i of indicators) {
    if (i.lapse !== 'no_data' && i.statusFresh !== 'met' && i.statusFresh !== 'not_met') continue;
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
