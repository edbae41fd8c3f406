/**
 * Everything the projector stores about one unit on the view day: the status of each indicator and criterion that
 * applies to it, and each tier it can reach; for a district, the district standard. Built from the domain's own
 * assessments (assessIndicator, assessCriterion, assessTier, assessDistrictStandard) on `ctx.asOf`, plus the
 * "fresh" statuses and stale-from days of ./statuses.ts.
 */
import type { Criterion, ReportingPeriod, Tier } from '../catalogue/catalogue.types';
import { selectCriteria } from '../catalogue/lookup';
import type { IsoDate } from '../shared/iso-date';
import { assessCriterion, summariseStatuses, type AssessmentContext, type AssessmentStatus, type CriterionAssessment } from '../status/assess';
import { assessDistrictStandard, type DistrictStandardAssessment } from '../standard/district';
import type { StandardStatus } from '../standard/tier';
import { getUnit } from '../units/hierarchy';
import type { Unit, UnitKind } from '../units/unit.types';
import { earliestStaleOn, freshStatusOf, lapseOf, staleOnOf, tierStatusFrom, type FreshStatus } from './statuses';

/** One indicator of one unit, as stored (rm_indicator_status). */
export interface IndicatorStatusRow {
  readonly unitId: string;
  readonly criterionCode: string;
  readonly indicatorCode: string;
  readonly status: AssessmentStatus;
  readonly statusFresh: FreshStatus;
  readonly judgement: 'met' | 'not_met' | null;
  /** Numeric value (a fraction as a percentage); null for yes/no or without data. */
  readonly value: number | null;
  readonly boolValue: boolean | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly yesCount: number | null;
  readonly share: number | null;
  readonly unitsExpected: number;
  readonly unitsReported: number;
  readonly missingUnitIds: readonly string[];
  readonly staleUnitIds: readonly string[];
  readonly threshold: number | boolean | null;
  readonly thresholdSource: string;
  readonly thresholdConfidence: string;
  readonly newestAsOf: IsoDate | null;
  readonly oldestAsOf: IsoDate | null;
  readonly requiredFrom: IsoDate;
  readonly staleOn: IsoDate | null;
  /** What the status turns into on `staleOn` (see libs/domain projection/statuses.ts lapseOf). */
  readonly lapse: 'stale' | 'no_data';
}

/** One criterion of one unit, as stored (rm_criterion_status). */
export interface CriterionStatusRow {
  readonly unitId: string;
  readonly criterionCode: string;
  readonly status: AssessmentStatus;
  readonly statusFresh: AssessmentStatus;
  readonly indicatorsAssessed: number;
  readonly indicatorsMet: number;
  readonly staleOn: IsoDate | null;
}

/** One tier of one unit, as stored (rm_unit_standard). */
export interface TierStatusRow {
  readonly unitId: string;
  readonly tierCode: string;
  readonly status: StandardStatus;
  readonly statusFresh: StandardStatus;
  readonly metCriteria: number;
  readonly metCriteriaFresh: number;
  readonly totalCriteria: number;
  readonly staleOn: IsoDate | null;
}

/** Everything stored for one unit. */
export interface UnitStatuses {
  readonly unit: Unit;
  readonly indicators: readonly IndicatorStatusRow[];
  readonly criteria: readonly CriterionStatusRow[];
  readonly tiers: readonly TierStatusRow[];
  /** Districts only. */
  readonly districtStandard: DistrictStandardAssessment | null;
}

/** Criteria-based tiers a unit of `kind` can reach, in catalogue order. */
export function tiersFor(ctx: AssessmentContext, kind: UnitKind): Tier[] {
  return ctx.catalogue.catalogue.tiers.filter((t) => t.appliesTo === kind && t.rule.type === 'criteria');
}

/**
 * The criteria assessed for a unit of `kind`: those that apply to its kind, then those its tiers select (the
 * town is judged on the ward criteria), in catalogue order without repeats.
 */
export function criteriaFor(ctx: AssessmentContext, kind: UnitKind): Criterion[] {
  const chosen = new Set<string>();
  for (const c of ctx.catalogue.catalogue.criteria) if (c.appliesTo === kind) chosen.add(c.code);
  for (const t of tiersFor(ctx, kind)) if (t.rule.type === 'criteria') for (const c of selectCriteria(ctx.catalogue.catalogue, t.rule.select)) chosen.add(c.code);
  return ctx.catalogue.catalogue.criteria.filter((c) => chosen.has(c.code));
}

function indicatorRows(ctx: AssessmentContext, a: CriterionAssessment): IndicatorStatusRow[] {
  return a.indicators.map((i) => {
    const indicator = a.criterion.indicators.find((x) => x.code === i.indicatorCode)!;
    const rule = indicator.reportingPeriod ?? ctx.catalogue.catalogue.reportingPeriod;
    const period: ReportingPeriod = rule.every === 'on_change' ? ctx.catalogue.catalogue.reportingPeriod : rule;
    const r = i.rollup;
    return {
      unitId: i.unitId,
      criterionCode: i.criterionCode,
      indicatorCode: i.indicatorCode,
      status: i.status,
      statusFresh: freshStatusOf(i),
      judgement: i.judgement,
      value: typeof i.value === 'number' ? i.value : null,
      boolValue: typeof i.value === 'boolean' ? i.value : null,
      numerator: r.numerator,
      denominator: r.denominator,
      yesCount: r.yesCount,
      share: r.share,
      unitsExpected: r.coverage.expected,
      unitsReported: r.coverage.reported,
      missingUnitIds: r.coverage.missing,
      staleUnitIds: i.staleUnitIds,
      threshold: i.threshold.value,
      thresholdSource: i.threshold.source,
      thresholdConfidence: i.threshold.confidence,
      newestAsOf: r.newestAsOf,
      oldestAsOf: r.oldestAsOf,
      requiredFrom: i.requiredFrom,
      staleOn: staleOnOf(i, period),
      lapse: lapseOf(i),
    };
  });
}

/**
 * Assesses one unit for storage: every criterion of {@link criteriaFor} (criteria that cannot be judged for the unit,
 * e.g. one with an indicator reported at a level above it, are left out), every tier of {@link tiersFor} by
 * assessTier's rule on those criteria (met: all its criteria and required tiers met; not_met: one of them not met;
 * else undetermined), and the district standard for a district.
 */
export function assessUnitStatuses(ctx: AssessmentContext, unitId: string): UnitStatuses {
  const unit = getUnit(ctx.units, unitId);
  const indicators: IndicatorStatusRow[] = [];
  const criteria: CriterionStatusRow[] = [];
  const rowByCriterion = new Map<string, CriterionStatusRow>();
  for (const criterion of criteriaFor(ctx, unit.kind)) {
    let a: CriterionAssessment;
    try {
      a = assessCriterion(ctx, unitId, criterion.code);
    } catch (err) {
      if (err instanceof RangeError) continue;
      throw err;
    }
    const rows = indicatorRows(ctx, a);
    indicators.push(...rows);
    const statusFresh = summariseStatuses(rows.map((r) => r.statusFresh));
    const staleOn = earliestStaleOn(rows);
    const row: CriterionStatusRow = {
      unitId,
      criterionCode: criterion.code,
      status: a.status,
      statusFresh,
      indicatorsAssessed: rows.length,
      indicatorsMet: rows.filter((r) => r.statusFresh === 'met').length,
      staleOn,
    };
    rowByCriterion.set(criterion.code, row);
    criteria.push(row);
  }
  // tiers from the criteria just assessed (assessTier's rule, without assessing every criterion again)
  const tiers: TierStatusRow[] = [];
  const tierStatus = new Map<string, { status: StandardStatus; fresh: StandardStatus }>();
  for (const tier of orderByRequirement(tiersFor(ctx, unit.kind))) {
    if (tier.rule.type !== 'criteria') continue;
    const own = selectCriteria(ctx.catalogue.catalogue, tier.rule.select).map((c) => ({ code: c.code, row: rowByCriterion.get(c.code) }));
    const required = tier.rule.requiresTiers.map((code) => tierStatus.get(code));
    if (own.some((o) => !o.row) || required.some((r) => !r)) continue; // a criterion or required tier cannot be judged here
    const rows = own.map((o) => o.row!);
    const status = tierStatusFrom(rows.map((r) => r.status), required.map((r) => r!.status));
    const statusFresh = tierStatusFrom(rows.map((r) => r.statusFresh), required.map((r) => r!.fresh));
    tierStatus.set(tier.code, { status, fresh: statusFresh });
    const staleDays = rows.map((r) => r.staleOn).filter((d): d is IsoDate => d !== null);
    tiers.push({
      unitId,
      tierCode: tier.code,
      status,
      statusFresh,
      metCriteria: rows.filter((r) => r.status === 'met').length,
      metCriteriaFresh: rows.filter((r) => r.statusFresh === 'met').length,
      totalCriteria: rows.length,
      staleOn: staleDays.length ? staleDays.reduce((x, y) => (x < y ? x : y)) : null,
    });
  }
  const districtStandard = unit.kind === 'district' ? assessDistrictStandard(ctx, unitId) : null;
  return { unit, indicators, criteria, tiers, districtStandard };
}

function orderByRequirement(tiers: readonly Tier[]): Tier[] {
  const out: Tier[] = [];
  const seen = new Set<string>();
  const visit = (t: Tier): void => {
    if (seen.has(t.code)) return;
    seen.add(t.code);
    if (t.rule.type === 'criteria') for (const code of t.rule.requiresTiers) {
      const r = tiers.find((x) => x.code === code);
      if (r) visit(r);
    }
    out.push(t);
  };
  tiers.forEach(visit);
  return out;
}
