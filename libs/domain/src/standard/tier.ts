/**
 * Whether a unit reaches a tier (a standard): a commune "đạt chuẩn NTM", a hamlet "đạt chuẩn ấp NTM", a ward or
 * the town "đạt chuẩn văn minh đô thị", a commune "NTM nâng cao" (which also requires NTM).
 *
 * A `criteria` tier is:
 * - `met` when every selected criterion is met for the unit and every required tier is met;
 * - `not_met` when some criterion is not met or some required tier is not met;
 * - `undetermined` otherwise (some criterion has no data, no threshold or stale data).
 * Criteria are judged on the unit's own values: a cell's readings; for a commune or the town, the rollup of its
 * cells plus its own readings. The town's civilised-urban tier selects the ward (KHOM) criteria, so the town is
 * judged on its wards' figures combined.
 */
import type { Tier } from '../catalogue/catalogue.types';
import { baseTierFor, getTier, selectCriteria } from '../catalogue/lookup';
import type { LocalisedText } from '../shared/localised-text';
import { getUnit } from '../units/hierarchy';
import { assessCriterion, type AssessmentContext, type CriterionAssessment } from '../status/assess';
import { criteriaGapText } from './labels';
import { recognitionOn, type RecognitionDecision } from './recognition';

/** Outcome of a standard. */
export type StandardStatus = 'met' | 'not_met' | 'undetermined';

/** Whether one unit reaches one tier, and why not. */
export interface TierAssessment {
  readonly unitId: string;
  readonly unitName: string;
  readonly tier: Tier;
  readonly status: StandardStatus;
  /** The tier's own criteria for this unit, in catalogue order. */
  readonly criteria: readonly CriterionAssessment[];
  readonly metCriteria: number;
  readonly totalCriteria: number;
  /** Assessments of the tiers this one requires (e.g. NTM for NTM nâng cao). */
  readonly requiredTiers: readonly TierAssessment[];
  /** vi "đạt chuẩn NTM" or "chưa đạt chuẩn NTM (đạt 15/19 tiêu chí)"; en likewise. */
  readonly label: LocalisedText;
  /** What is still missing, one line (empty strings when met); see {@link criteriaGapText}. */
  readonly gaps: LocalisedText;
  /** The decision recognising the unit at this tier in force on the assessment day, or null (beside `status`, computed). */
  readonly recognition: RecognitionDecision | null;
}

/** vi "đạt chuẩn NTM" when met, else "chưa đạt chuẩn NTM (đạt 15/19 tiêu chí)"; en likewise. */
export function tierLabel(tier: Tier, status: StandardStatus, metCriteria: number, totalCriteria: number): LocalisedText {
  return status === 'met'
    ? tier.statusLabels.met
    : {
        vi: `${tier.statusLabels.notMet.vi} (đạt ${metCriteria}/${totalCriteria} tiêu chí)`,
        en: `${tier.statusLabels.notMet.en} (${metCriteria}/${totalCriteria} criteria met)`,
      };
}

/**
 * What keeps a unit from a tier, one line: the required tiers not reached, then the tier's criteria not met with their
 * status (see {@link criteriaGapText}); empty strings when nothing is missing.
 */
export function tierGaps(
  requiredTiers: readonly Pick<TierAssessment, 'tier' | 'status'>[],
  criteria: readonly Pick<CriterionAssessment, 'criterion' | 'status'>[],
): LocalisedText {
  const criteriaGaps = criteriaGapText(criteria);
  const missingTiers = requiredTiers.filter((t) => t.status !== 'met');
  return {
    vi: [...missingTiers.map((t) => t.tier.statusLabels.notMet.vi), criteriaGaps.vi].filter(Boolean).join('; '),
    en: [...missingTiers.map((t) => t.tier.statusLabels.notMet.en), criteriaGaps.en].filter(Boolean).join('; '),
  };
}

/**
 * Assesses `unitId` against the tier `tierCode`. Throws a RangeError for a `district_conditions` tier
 * (use `assessDistrictStandard`) and for unknown codes.
 */
export function assessTier(ctx: AssessmentContext, unitId: string, tierCode: string): TierAssessment {
  const unit = getUnit(ctx.units, unitId);
  const tier = getTier(ctx.catalogue, tierCode);
  if (tier.rule.type !== 'criteria') throw new RangeError(`Tier ${tier.code} is judged by the district conditions: use assessDistrictStandard`);
  const criteria = selectCriteria(ctx.catalogue.catalogue, tier.rule.select).map((c) => assessCriterion(ctx, unitId, c.code));
  const requiredTiers = tier.rule.requiresTiers.map((code) => assessTier(ctx, unitId, code));
  const metCriteria = criteria.filter((c) => c.status === 'met').length;
  const totalCriteria = criteria.length;
  const allMet = metCriteria === totalCriteria && requiredTiers.every((t) => t.status === 'met');
  const anyFailed = criteria.some((c) => c.status === 'not_met') || requiredTiers.some((t) => t.status === 'not_met');
  const status: StandardStatus = allMet ? 'met' : anyFailed ? 'not_met' : 'undetermined';
  const label = tierLabel(tier, status, metCriteria, totalCriteria);
  // what is missing is written when read (the district standard reads it only for units not at the tier)
  let gaps: LocalisedText | undefined;
  return {
    unitId,
    unitName: unit.name,
    tier,
    status,
    criteria,
    metCriteria,
    totalCriteria,
    requiredTiers,
    label,
    recognition: recognitionOn(ctx.recognitions, unitId, tier.code, ctx.asOf),
    get gaps(): LocalisedText {
      return (gaps ??= tierGaps(requiredTiers, criteria));
    },
  };
}

/**
 * Assesses a unit against the base tier of its kind: a commune → TIER-XA-NTM ("đạt chuẩn NTM"), the town →
 * the civilised-urban tier, a hamlet → the NTM hamlet tier, a ward → the civilised-urban ward tier.
 * Throws a RangeError when the catalogue has no criteria-based base tier for the kind (e.g. the district:
 * use `assessDistrictStandard`).
 */
export function assessUnitStandard(ctx: AssessmentContext, unitId: string): TierAssessment {
  const unit = getUnit(ctx.units, unitId);
  const tier = baseTierFor(ctx.catalogue, unit.kind);
  if (!tier) throw new RangeError(`Catalogue ${ctx.catalogue.catalogue.version} has no base tier for a ${unit.kind}`);
  return assessTier(ctx, unitId, tier.code);
}
