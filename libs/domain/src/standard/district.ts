/**
 * The district standard ("huyện đạt chuẩn nông thôn mới"): each district condition of the catalogue with
 * met / not met and what is still missing, the overall status, and one overall progress figure.
 */
import type { ConditionBasis, DistrictCondition, Tier } from '../catalogue/catalogue.types';
import { baseTierFor, getIndicator, getTier, selectCriteria } from '../catalogue/lookup';
import { compareWithThreshold } from '../catalogue/threshold';
import type { IsoDate } from '../shared/iso-date';
import type { LocalisedText } from '../shared/localised-text';
import { formatDate, formatNumber } from '../text/format';
import { descendantsOn, getUnit, structureDateFor } from '../units/hierarchy';
import {
  assessCriterion,
  assessIndicator,
  withCriterionMemo,
  type AssessmentContext,
  type CriterionAssessment,
  type IndicatorAssessment,
} from '../status/assess';
import { comparatorSymbol } from '../status/value-format';
import { countedKind, criteriaGapText, STATUS_WORDS, UNIT_KIND_WORDS } from './labels';
import { assessTier, type TierAssessment } from './tier';

/**
 * Definition of the overall progress figure (Vietnamese). Same content as {@link OVERALL_PROGRESS_DESCRIPTION}.
 */
export const OVERALL_PROGRESS_DESCRIPTION_VI =
  'Tiến độ chung (0..1, chỉ số phụ) = số hạng mục đã đạt / tổng số hạng mục mà chuẩn huyện nông thôn mới yêu cầu. ' +
  'Điều quyết định việc đạt chuẩn là từng điều kiện (xem "những gì còn thiếu"); tiến độ chung chỉ tóm tắt và không cho biết điều kiện nào chặn. ' +
  'Mỗi điều kiện góp các hạng mục như sau: ' +
  '(a) điều kiện "tỷ lệ đơn vị đạt một mức chuẩn" (ví dụ 100% số xã đạt chuẩn NTM, ≥ 10% số xã đạt NTM nâng cao, thị trấn đạt văn minh đô thị): ' +
  'lấy số đơn vị tối thiểu R mà ngưỡng đòi hỏi (ví dụ 12/12 xã; 2/12 xã), chọn R đơn vị gần đạt nhất (đã được tính là đạt trước, rồi đến đơn vị đạt nhiều hạng mục nhất); ' +
  'mỗi đơn vị góp một hạng mục cho mỗi tiêu chí riêng của mức chuẩn và một hạng mục cho mỗi mức chuẩn phải đạt trước (NTM đối với NTM nâng cao); ' +
  'một đơn vị được tính là đạt (theo tính toán hoặc theo quyết định công nhận, tùy điều kiện) thì đạt đủ các hạng mục của mình, đơn vị chưa được tính là đạt thì luôn thiếu ít nhất một hạng mục; ' +
  '(b) điều kiện "đạt các tiêu chí huyện": mỗi tiêu chí huyện là một hạng mục; ' +
  '(c) điều kiện đo bằng một chỉ tiêu (ví dụ mức độ hài lòng của người dân): một hạng mục; ' +
  '(d) điều kiện chưa có ngưỡng: một hạng mục, chưa đạt. ' +
  'Hạng mục chỉ tính là đạt khi có trạng thái "đạt" vào ngày đánh giá; chưa có số liệu, số liệu quá hạn hoặc chưa có ngưỡng đều tính là chưa đạt. ' +
  'Mỗi điều kiện đạt khi và chỉ khi đạt đủ các hạng mục của nó; tiến độ bằng 1 khi và chỉ khi mọi điều kiện đều đạt.';

/**
 * Definition of the overall progress figure, as the API documents it.
 *
 * Overall progress (0..1, secondary) = checks met / checks required by the district standard. What decides the
 * standard is each condition (see the blockers); the overall figure only summarises and does not say what blocks.
 * Each district condition contributes checks:
 * (a) a "share of units at a tier" condition: take the minimum number R of units the threshold requires, pick the R
 *     units closest to it (those counted at the tier first, then those with most checks met); each contributes one
 *     check per own criterion of the tier and one per tier it requires (NTM for advanced NTM); a unit counted at the
 *     tier (computed, or recognised by a decision, as the condition's basis says) has all its checks met, a unit not
 *     counted always misses at least one;
 * (b) a "district criteria met" condition: one check per district criterion;
 * (c) a condition measured by one indicator (residents' satisfaction): one check;
 * (d) a condition whose threshold is missing: one check, never met.
 * A check is met only when it has the status "met" on the assessment day; no data, stale data and a missing
 * threshold count as not met. A condition is met exactly when all its checks are; progress is 1 exactly when every
 * condition is met.
 */
export const OVERALL_PROGRESS_DESCRIPTION =
  'Overall progress (0..1, secondary) = checks met / checks required by the district NTM standard. What decides the standard is each condition ' +
  '(see the blockers); the overall figure only summarises. Each district condition contributes checks: ' +
  '(a) a "share of units at a tier" condition (e.g. 100% of communes at NTM, at least 10% at advanced NTM, the town civilised-urban): ' +
  'take the minimum number R of units the threshold requires, pick the R units closest to it (those counted at the tier first, then those with most checks met); ' +
  'each contributes one check per own criterion of the tier and one per tier it requires (NTM for advanced NTM); a unit counted at the tier ' +
  "(computed, or recognised by a decision, as the condition's basis says) has all its checks met, a unit not counted always misses at least one; " +
  '(b) a "district criteria met" condition: one check per district criterion; ' +
  "(c) a condition measured by one indicator (residents' satisfaction): one check; " +
  '(d) a condition whose threshold is missing: one check, never met. ' +
  'A check is met only when it has the status "met" on the assessment day; no data, stale data and a missing threshold count as not met. ' +
  'A condition is met exactly when all its checks are; progress is 1 exactly when every condition is met.';

/** A count of checks (see {@link OVERALL_PROGRESS_DESCRIPTION}). */
export interface Checks {
  readonly met: number;
  readonly total: number;
}

/** How one unit stands toward a share condition's tier. */
export interface ConditionUnit {
  /** The tier as computed from the readings, with its recognition decision (if any). */
  readonly tier: TierAssessment;
  /** Whether the condition counts the unit at the tier, by its basis (computed, recognised, or either). */
  readonly counted: boolean;
  /** Why it is counted: `computed`, `recognised`, `both`; null when not counted. */
  readonly countedBy: 'computed' | 'recognised' | 'both' | null;
  /** The unit's checks toward the condition (own criteria of the tier + tiers it requires). */
  readonly checks: Checks;
}

/** One district condition, judged. */
export interface ConditionAssessment {
  readonly condition: DistrictCondition;
  readonly status: 'met' | 'not_met' | 'threshold_missing';
  /** `share_at_tier`: what counts as a unit at the tier. */
  readonly basis: ConditionBasis | null;
  /** `share_at_tier`: the units considered, how many are counted at the tier, how many the threshold requires (null if unknown). */
  readonly unitsTotal: number | null;
  readonly unitsAtTier: number | null;
  readonly requiredUnits: number | null;
  /** `share_at_tier`: units at tier / units × 100. */
  readonly sharePercent: number | null;
  /** `share_at_tier`: each unit's tier assessment. */
  readonly units: readonly TierAssessment[];
  /** `share_at_tier`: each unit with whether it is counted and its checks (same order as `units`). */
  readonly standing: readonly ConditionUnit[];
  /** `criteria`: each district criterion's assessment. */
  readonly criteria: readonly CriterionAssessment[];
  /** `indicator`: the measure's assessment (e.g. residents' satisfaction). */
  readonly measure: IndicatorAssessment | null;
  /**
   * What is still missing, as report lines: first a summary ("Còn 3 xã chưa đạt chuẩn NTM: Xã A, Xã B, Xã C"),
   * then one line per unit or criterion with the criteria still open. Empty when met.
   */
  readonly missing: readonly LocalisedText[];
  /** Met exactly when the condition is (see {@link OVERALL_PROGRESS_DESCRIPTION}). */
  readonly checks: Checks;
}

/** A programme that has ended: its final result is judged on `judgedOn`. */
export interface ProgrammeClosure {
  /** The day the final result is judged on (the programme's deadline). */
  readonly judgedOn: IsoDate;
  /** The day the view was asked for (after `judgedOn`). */
  readonly viewedOn: IsoDate;
}

/** The district standard on one day. */
export interface DistrictStandardAssessment {
  readonly districtId: string;
  readonly districtName: string;
  readonly asOf: IsoDate;
  /** The day the district's structure was read (its last valid day when `asOf` is after it ended). */
  readonly structureDate: IsoDate;
  /** `not_applicable` when the catalogue has no district conditions (e.g. 2026–2030). */
  readonly status: 'met' | 'not_met' | 'not_applicable';
  /** The headline: present tense while the programme runs, past tense with the day judged once it is closed. */
  readonly label: LocalisedText;
  readonly conditions: readonly ConditionAssessment[];
  /** Overall progress 0..1 (see {@link OVERALL_PROGRESS_DESCRIPTION}); null when not applicable. */
  readonly progress: number | null;
  readonly checks: Checks;
  /** Set when the district had ended on `asOf`: says which day's structure was used. */
  readonly structureNote: LocalisedText | null;
  /** Set when the view is of a closed programme: the result is final and was judged on `asOf`. */
  readonly closure: ProgrammeClosure | null;
}

/**
 * Whether a view shows a programme's final result: the programme's deadline has passed (`today` is after it) and
 * the view is of its last day (or later). The result is then final and reads in the past tense (see
 * {@link closeStandard}); earlier days are history and read as they stood.
 */
export function isFinalView(deadline: IsoDate, asOf: IsoDate, today: IsoDate): boolean {
  return today > deadline && asOf >= deadline;
}

/** Smallest k in 0..n such that k/n × 100 satisfies the rule; null when none does (or n = 0). */
function requiredCount(n: number, rule: Extract<DistrictCondition['rule'], { type: 'share_at_tier' }>): number | null {
  if (n === 0 || rule.threshold === null) return null;
  for (let k = 0; k <= n; k++) if (compareWithThreshold((k / n) * 100, rule.comparator, rule.threshold)) return k;
  return null;
}

function ownCriteriaCount(ctx: AssessmentContext, tier: Tier): number {
  return tier.rule.type === 'criteria' ? selectCriteria(ctx.catalogue.catalogue, tier.rule.select).length : 1;
}

/** Whether `basis` counts a unit with this computed status and recognition. */
function countedBy(basis: ConditionBasis, t: TierAssessment): ConditionUnit['countedBy'] {
  const computed = t.status === 'met' && basis !== 'recognised';
  const recognised = t.recognition !== null && basis !== 'computed';
  return computed && recognised ? 'both' : computed ? 'computed' : recognised ? 'recognised' : null;
}

/** A unit's checks toward its tier: all met when counted, else at most all but one (they must agree with the status). */
function unitChecks(ctx: AssessmentContext, tier: Tier, t: TierAssessment, counted: boolean): Checks {
  const total = ownCriteriaCount(ctx, tier) + t.requiredTiers.length;
  if (counted) return { met: total, total };
  const met = Math.min(t.metCriteria, ownCriteriaCount(ctx, tier)) + t.requiredTiers.filter((r) => r.status === 'met').length;
  return { met: Math.min(met, total - 1), total };
}

const BASIS_WORDS: Readonly<Record<ConditionBasis, LocalisedText>> = {
  computed: { vi: 'tính theo số liệu báo cáo', en: 'computed from the readings' },
  recognised: { vi: 'theo quyết định công nhận', en: 'by recognition decision' },
  recognised_or_computed: { vi: 'theo quyết định công nhận hoặc tính theo số liệu', en: 'recognised by decision or computed from the readings' },
};

function assessShareCondition(
  ctx: AssessmentContext,
  districtId: string,
  structureDate: IsoDate,
  condition: DistrictCondition,
  rule: Extract<DistrictCondition['rule'], { type: 'share_at_tier' }>,
): ConditionAssessment {
  const tier = getTier(ctx.catalogue, rule.tier);
  const units = descendantsOn(ctx.units, districtId, structureDate, rule.unitKinds).map((u) => assessTier(ctx, u.id, tier.code));
  const standing: ConditionUnit[] = units.map((t) => {
    const by = countedBy(rule.basis, t);
    return { tier: t, counted: by !== null, countedBy: by, checks: unitChecks(ctx, tier, t, by !== null) };
  });
  const n = units.length;
  const atTier = standing.filter((u) => u.counted).length;
  const required = requiredCount(n, rule);
  const sharePercent = n === 0 ? null : (atTier / n) * 100;
  const status = rule.threshold === null ? 'threshold_missing' : required !== null && atTier >= required ? 'met' : 'not_met';
  let checks: Checks;
  if (required === null) checks = { met: 0, total: 1 };
  else {
    const best = [...standing].sort((a, b) => Number(b.counted) - Number(a.counted) || b.checks.met - a.checks.met).slice(0, required);
    const perUnit = ownCriteriaCount(ctx, tier) + (tier.rule.type === 'criteria' ? tier.rule.requiresTiers.length : 0);
    checks = { met: best.reduce((s, u) => s + u.checks.met, 0), total: required * perUnit };
  }
  const kind = rule.unitKinds[0];
  const kindWords = UNIT_KIND_WORDS[kind];
  const open = standing.filter((u) => !u.counted).map((u) => u.tier);
  const missing: LocalisedText[] = [];
  if (status !== 'met') {
    const names = open.map((u) => u.unitName).join(', ');
    const basis = BASIS_WORDS[rule.basis];
    if (rule.threshold === null) {
      missing.push({
        vi: `Chưa có ngưỡng cho điều kiện ${condition.code}: không thể kết luận`,
        en: `No threshold for condition ${condition.code}: cannot be judged`,
      });
    } else if (required === n) {
      missing.push({
        vi: `Còn ${open.length} ${kindWords.vi} ${tier.statusLabels.notMet.vi} (${basis.vi}): ${names}`,
        en: `${open.length} of ${countedKind(n, kind)} not yet at "${tier.nameEn}" (${basis.en}): ${names}`,
      });
    } else if (required !== null) {
      const more = required - atTier;
      missing.push({
        vi: `Cần thêm ${more} ${kindWords.vi} ${tier.statusLabels.met.vi} (yêu cầu ${comparatorSymbol(rule.comparator)} ${formatNumber(rule.threshold, 'vi')}%: tối thiểu ${required}/${n} ${kindWords.vi}, hiện có ${atTier}; ${basis.vi})`,
        en: `${countedKind(more, kind)} more must reach "${tier.nameEn}" (required ${comparatorSymbol(rule.comparator)} ${formatNumber(rule.threshold, 'en')}%: at least ${required} of ${n}, now ${atTier}; ${basis.en})`,
      });
    } else {
      missing.push({ vi: `Không có ${kindWords.vi} nào để xét`, en: `No ${kindWords.enPlural} to consider` });
    }
    for (const u of open) {
      const gaps =
        u.status === 'met'
          ? { vi: 'đạt theo tính toán nhưng chưa có quyết định công nhận', en: 'met as computed, but no recognition decision recorded' }
          : u.gaps;
      missing.push({ vi: `${u.unitName}: ${gaps.vi}`, en: `${u.unitName}: ${gaps.en}` });
    }
  }
  return {
    condition,
    status,
    basis: rule.basis,
    unitsTotal: n,
    unitsAtTier: atTier,
    requiredUnits: required,
    sharePercent,
    units,
    standing,
    criteria: [],
    measure: null,
    missing,
    checks,
  };
}

function assessCriteriaCondition(
  ctx: AssessmentContext,
  districtId: string,
  condition: DistrictCondition,
  rule: Extract<DistrictCondition['rule'], { type: 'criteria' }>,
): ConditionAssessment {
  const criteria = selectCriteria(ctx.catalogue.catalogue, rule.select).map((c) => assessCriterion(ctx, districtId, c.code));
  const met = criteria.filter((c) => c.status === 'met').length;
  const open = criteria.filter((c) => c.status !== 'met');
  const missing: LocalisedText[] = [];
  if (open.length > 0) {
    const gaps = criteriaGapText(criteria);
    missing.push({
      vi: `Còn ${open.length}/${criteria.length} tiêu chí ${UNIT_KIND_WORDS[rule.select.appliesTo].vi} chưa đạt: ${gaps.vi}`,
      en: `${open.length} of ${criteria.length} ${UNIT_KIND_WORDS[rule.select.appliesTo].en} criteria not yet met: ${gaps.en}`,
    });
    for (const c of open) {
      for (const i of c.indicators.filter((x) => x.status !== 'met')) {
        missing.push({
          vi: `${c.criterion.code} chỉ tiêu ${i.indicatorCode} (${STATUS_WORDS[i.status].vi}): ${i.reason.vi}`,
          en: `${c.criterion.code} indicator ${i.indicatorCode} (${STATUS_WORDS[i.status].en}): ${i.reason.en}`,
        });
      }
    }
  }
  return { ...NOT_A_SHARE, condition, status: open.length === 0 ? 'met' : 'not_met', criteria, missing, checks: { met, total: criteria.length } };
}

/** The fields of a condition that does not count units at a tier. */
const NOT_A_SHARE = {
  basis: null,
  unitsTotal: null,
  unitsAtTier: null,
  requiredUnits: null,
  sharePercent: null,
  units: [],
  standing: [],
  criteria: [],
  measure: null,
} as const satisfies Partial<ConditionAssessment>;

function assessMeasureCondition(
  ctx: AssessmentContext,
  districtId: string,
  condition: DistrictCondition,
  rule: Extract<DistrictCondition['rule'], { type: 'indicator' }>,
): ConditionAssessment {
  const { indicator } = getIndicator(ctx.catalogue, rule.indicator);
  const measure = assessIndicator(ctx, districtId, rule.indicator);
  const status = measure.status === 'met' ? 'met' : measure.status === 'threshold_missing' ? 'threshold_missing' : 'not_met';
  const missing: LocalisedText[] =
    status === 'met'
      ? []
      : [
          {
            vi: `${indicator.nameVi} (${STATUS_WORDS[measure.status].vi}): ${measure.reason.vi}`,
            en: `${indicator.nameEn} (${STATUS_WORDS[measure.status].en}): ${measure.reason.en}`,
          },
        ];
  return { ...NOT_A_SHARE, condition, status, measure, missing, checks: { met: status === 'met' ? 1 : 0, total: 1 } };
}

/**
 * Assesses the district standard for `districtId` (e.g. "874") on `ctx.asOf`. The structure (which communes,
 * which cells) is read on {@link structureDateFor}: Huyện Thanh Bình ended on 2025-06-30, so a view as of
 * 2025-12-31 uses its units of 2025-06-30 while counting readings up to 2025-12-31.
 */
export function assessDistrictStandard(outer: AssessmentContext, districtId: string): DistrictStandardAssessment {
  // the conditions judge the same communes for several tiers (and a tier the tiers it requires): each (unit,
  // criterion) is assessed once for this district
  const ctx = withCriterionMemo(outer);
  const district = getUnit(ctx.units, districtId);
  const structureDate = structureDateFor(district, ctx.asOf);
  const structureNote =
    structureDate === ctx.asOf
      ? null
      : {
          vi: `${district.name} đã kết thúc hoạt động sau ngày ${formatDate(structureDate, 'vi')}; đánh giá theo các đơn vị hành chính tại ngày đó, số liệu tính đến ngày ${formatDate(ctx.asOf, 'vi')}.`,
          en: `${district.name} ended after ${formatDate(structureDate, 'en')}; assessed on its units as of that day, with figures up to ${formatDate(ctx.asOf, 'en')}.`,
        };
  const tier = baseTierFor(ctx.catalogue, 'district');
  const conditions = ctx.catalogue.catalogue.districtConditions.map((condition) =>
    condition.rule.type === 'share_at_tier'
      ? assessShareCondition(ctx, districtId, structureDate, condition, condition.rule)
      : condition.rule.type === 'criteria'
        ? assessCriteriaCondition(ctx, districtId, condition, condition.rule)
        : assessMeasureCondition(ctx, districtId, condition, condition.rule),
  );
  const checks = conditions.reduce<Checks>((s, c) => ({ met: s.met + c.checks.met, total: s.total + c.checks.total }), { met: 0, total: 0 });
  if (conditions.length === 0) {
    return {
      districtId,
      districtName: district.name,
      asOf: ctx.asOf,
      structureDate,
      status: 'not_applicable',
      label: { vi: 'Không áp dụng chuẩn huyện trong giai đoạn này', en: 'No district standard in this period' },
      conditions,
      progress: null,
      checks,
      structureNote,
      closure: null,
    };
  }
  const met = conditions.every((c) => c.status === 'met');
  const metCount = conditions.filter((c) => c.status === 'met').length;
  const labels = tier?.statusLabels ?? {
    met: { vi: 'đạt chuẩn huyện', en: 'meets the district standard' },
    notMet: { vi: 'chưa đạt chuẩn huyện', en: 'does not yet meet the district standard' },
  };
  const label: LocalisedText = met
    ? labels.met
    : {
        vi: `${labels.notMet.vi} (đạt ${metCount}/${conditions.length} điều kiện)`,
        en: `${labels.notMet.en} (${metCount}/${conditions.length} conditions met)`,
      };
  return {
    districtId,
    districtName: district.name,
    asOf: ctx.asOf,
    structureDate,
    status: met ? 'met' : 'not_met',
    label,
    conditions,
    progress: checks.total === 0 ? 1 : checks.met / checks.total,
    checks,
    structureNote,
    closure: null,
  };
}

/**
 * The district standard as the final result of a closed programme: `standard` was assessed on the programme's last
 * day (see {@link isFinalView}) and is shown on `viewedOn`, a later day; its headline reads in the past tense with
 * that day. Unchanged when `viewedOn` is not after the assessment day.
 */
export function closeStandard(standard: DistrictStandardAssessment, viewedOn: IsoDate): DistrictStandardAssessment {
  if (viewedOn <= standard.asOf || standard.status === 'not_applicable') return standard;
  return {
    ...standard,
    closure: { judgedOn: standard.asOf, viewedOn },
    label: finalResultLabel({
      status: standard.status,
      districtName: standard.districtName,
      judgedOn: standard.asOf,
      conditionsMet: standard.conditions.filter((c) => c.status === 'met').length,
      conditions: standard.conditions.length,
    }),
  };
}

/** What the headline of a closed programme's final result reads (see {@link closeStandard}). */
export interface FinalResultFacts {
  readonly status: 'met' | 'not_met';
  readonly districtName: string;
  /** The programme's last day, on which the result was judged. */
  readonly judgedOn: IsoDate;
  readonly conditionsMet: number;
  readonly conditions: number;
}

/** The headline of a closed programme's final result, in the past tense with the day it was judged on. */
export function finalResultLabel(f: FinalResultFacts): LocalisedText {
  const day = { vi: formatDate(f.judgedOn, 'vi'), en: formatDate(f.judgedOn, 'en') };
  return f.status === 'met'
    ? {
        vi: `Kết quả cuối cùng: ${f.districtName} đã đạt chuẩn (đánh giá tại ngày ${day.vi})`,
        en: `Final result: ${f.districtName} met the standard (judged on ${day.en})`,
      }
    : {
        vi: `Kết quả cuối cùng: ${f.districtName} đã không đạt chuẩn, đạt ${f.conditionsMet}/${f.conditions} điều kiện (đánh giá tại ngày ${day.vi})`,
        en: `Final result: ${f.districtName} did not meet the standard, ${f.conditionsMet} of ${f.conditions} conditions met (judged on ${day.en})`,
      };
}
