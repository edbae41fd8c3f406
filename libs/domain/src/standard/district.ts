/**
 * The district standard ("huyện đạt chuẩn nông thôn mới"): each district condition of the catalogue with
 * met / not met and what is still missing, the overall status, and one overall progress figure.
 */
import type { DistrictCondition, Tier } from '../catalogue/catalogue.types';
import { baseTierFor, getTier, selectCriteria } from '../catalogue/lookup';
import { compareWithThreshold } from '../catalogue/threshold';
import type { IsoDate } from '../shared/iso-date';
import type { LocalisedText } from '../shared/localised-text';
import { formatDate, formatNumber } from '../text/format';
import { descendantsOn, getUnit, structureDateFor } from '../units/hierarchy';
import { assessCriterion, withCriterionMemo, type AssessmentContext, type CriterionAssessment } from '../status/assess';
import { comparatorSymbol } from '../status/value-format';
import { countedKind, criteriaGapText, STATUS_WORDS, UNIT_KIND_WORDS } from './labels';
import { assessTier, type TierAssessment } from './tier';

/**
 * Definition of the overall progress figure (Vietnamese). Same content as {@link OVERALL_PROGRESS_DESCRIPTION}.
 */
export const OVERALL_PROGRESS_DESCRIPTION_VI =
  'Tiến độ chung (0..1) = số hạng mục đã đạt / tổng số hạng mục mà chuẩn huyện nông thôn mới yêu cầu. ' +
  'Mỗi điều kiện của chuẩn huyện góp các hạng mục như sau: ' +
  '(a) điều kiện "tỷ lệ đơn vị đạt một mức chuẩn" (ví dụ 100% số xã đạt chuẩn NTM, ≥ 10% số xã đạt NTM nâng cao, thị trấn đạt văn minh đô thị): ' +
  'lấy số đơn vị tối thiểu R mà ngưỡng đòi hỏi (ví dụ 12/12 xã; 2/12 xã), chọn R đơn vị đạt nhiều tiêu chí riêng của mức chuẩn đó nhất, ' +
  'mỗi cặp (đơn vị, tiêu chí riêng của mức chuẩn) là một hạng mục; tiêu chí của mức chuẩn phải đạt trước (NTM đối với NTM nâng cao) không tính lại ở đây; ' +
  '(b) điều kiện "đạt các tiêu chí huyện": mỗi tiêu chí huyện là một hạng mục; ' +
  '(c) điều kiện chưa có ngưỡng: một hạng mục, chưa đạt. ' +
  'Hạng mục chỉ tính là đạt khi tiêu chí có trạng thái "đạt" vào ngày đánh giá; chưa có số liệu, số liệu quá hạn hoặc chưa có ngưỡng đều tính là chưa đạt. ' +
  'Với các điều kiện 100%, tiến độ bằng 1 khi và chỉ khi mọi điều kiện đều đạt.';

/**
 * Definition of the overall progress figure, as the API documents it.
 *
 * Overall progress (0..1) = checks met / checks required by the district standard. Each district condition
 * contributes checks:
 * (a) a "share of units at a tier" condition (100% of communes at NTM, ≥ 10% at advanced NTM, the town
 *     civilised-urban): take the minimum number R of units the threshold requires (e.g. 12 of 12; 2 of 12), pick the
 *     R units meeting most of the tier's own criteria, and count one check per (unit, own criterion of the tier);
 *     criteria of tiers it requires (NTM for advanced NTM) are not counted again here;
 * (b) a "district criteria met" condition: one check per district criterion;
 * (c) a condition whose threshold is missing: one check, never met.
 * A check is met only when its criterion's status is "met" on the assessment day; no data, stale data and a
 * missing threshold all count as not met. With 100% conditions, progress is 1 exactly when every condition is met.
 */
export const OVERALL_PROGRESS_DESCRIPTION =
  'Overall progress (0..1) = checks met / checks required by the district NTM standard. Each district condition contributes checks: ' +
  '(a) a "share of units at a tier" condition (e.g. 100% of communes at NTM, at least 10% at advanced NTM, the town civilised-urban): ' +
  'take the minimum number R of units the threshold requires (e.g. 12 of 12; 2 of 12), pick the R units meeting most of the tier\'s own criteria, ' +
  'and count one check per (unit, own criterion of the tier); criteria of tiers it requires (NTM for advanced NTM) are not counted again; ' +
  '(b) a "district criteria met" condition: one check per district criterion; ' +
  '(c) a condition whose threshold is missing: one check, never met. ' +
  'A check is met only when its criterion\'s status is "met" on the assessment day; no data, stale data and a missing threshold count as not met. ' +
  'With 100% conditions, progress is 1 exactly when every condition is met.';

/** A count of checks (see {@link OVERALL_PROGRESS_DESCRIPTION}). */
export interface Checks {
  readonly met: number;
  readonly total: number;
}

/** One district condition, judged. */
export interface ConditionAssessment {
  readonly condition: DistrictCondition;
  readonly status: 'met' | 'not_met' | 'threshold_missing';
  /** `share_at_tier`: the units considered, how many reached the tier, how many the threshold requires (null if unknown). */
  readonly unitsTotal: number | null;
  readonly unitsAtTier: number | null;
  readonly requiredUnits: number | null;
  /** `share_at_tier`: units at tier / units × 100. */
  readonly sharePercent: number | null;
  /** `share_at_tier`: each unit's tier assessment. */
  readonly units: readonly TierAssessment[];
  /** `criteria`: each district criterion's assessment. */
  readonly criteria: readonly CriterionAssessment[];
  /**
   * What is still missing, as report lines: first a summary ("Còn 3 xã chưa đạt chuẩn NTM: Xã A, Xã B, Xã C"),
   * then one line per unit or criterion with the criteria still open. Empty when met.
   */
  readonly missing: readonly LocalisedText[];
  readonly checks: Checks;
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
  readonly label: LocalisedText;
  readonly conditions: readonly ConditionAssessment[];
  /** Overall progress 0..1 (see {@link OVERALL_PROGRESS_DESCRIPTION}); null when not applicable. */
  readonly progress: number | null;
  readonly checks: Checks;
  /** Set when the district had ended on `asOf`: says which day's structure was used. */
  readonly structureNote: LocalisedText | null;
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

function assessShareCondition(
  ctx: AssessmentContext,
  districtId: string,
  structureDate: IsoDate,
  condition: DistrictCondition,
  rule: Extract<DistrictCondition['rule'], { type: 'share_at_tier' }>,
): ConditionAssessment {
  const tier = getTier(ctx.catalogue, rule.tier);
  const units = descendantsOn(ctx.units, districtId, structureDate, rule.unitKinds).map((u) => assessTier(ctx, u.id, tier.code));
  const n = units.length;
  const atTier = units.filter((u) => u.status === 'met').length;
  const required = requiredCount(n, rule);
  const sharePercent = n === 0 ? null : (atTier / n) * 100;
  const status = rule.threshold === null ? 'threshold_missing' : required !== null && atTier >= required ? 'met' : 'not_met';
  const perUnit = ownCriteriaCount(ctx, tier);
  let checks: Checks;
  if (required === null) checks = { met: 0, total: 1 };
  else {
    const best = [...units].sort((a, b) => b.metCriteria - a.metCriteria).slice(0, required);
    checks = { met: best.reduce((s, u) => s + Math.min(u.metCriteria, perUnit), 0), total: required * perUnit };
  }
  const kind = rule.unitKinds[0];
  const kindWords = UNIT_KIND_WORDS[kind];
  const open = units.filter((u) => u.status !== 'met');
  const missing: LocalisedText[] = [];
  if (status !== 'met') {
    const names = open.map((u) => u.unitName).join(', ');
    if (rule.threshold === null) {
      missing.push({ vi: `Chưa có ngưỡng cho điều kiện ${condition.code}: không thể kết luận`, en: `No threshold for condition ${condition.code}: cannot be judged` });
    } else if (required === n) {
      missing.push({
        vi: `Còn ${open.length} ${kindWords.vi} ${tier.statusLabels.notMet.vi}: ${names}`,
        en: `${open.length} of ${countedKind(n, kind)} not yet at "${tier.nameEn}": ${names}`,
      });
    } else if (required !== null) {
      const more = required - atTier;
      missing.push({
        vi: `Cần thêm ${more} ${kindWords.vi} ${tier.statusLabels.met.vi} (yêu cầu ${comparatorSymbol(rule.comparator)} ${formatNumber(rule.threshold, 'vi')}%: tối thiểu ${required}/${n} ${kindWords.vi}, hiện có ${atTier})`,
        en: `${countedKind(more, kind)} more must reach "${tier.nameEn}" (required ${comparatorSymbol(rule.comparator)} ${formatNumber(rule.threshold, 'en')}%: at least ${required} of ${n}, now ${atTier})`,
      });
    } else {
      missing.push({ vi: `Không có ${kindWords.vi} nào để xét`, en: `No ${kindWords.enPlural} to consider` });
    }
    for (const u of open) missing.push({ vi: `${u.unitName}: ${u.gaps.vi}`, en: `${u.unitName}: ${u.gaps.en}` });
  }
  return { condition, status, unitsTotal: n, unitsAtTier: atTier, requiredUnits: required, sharePercent, units, criteria: [], missing, checks };
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
  return {
    condition,
    status: open.length === 0 ? 'met' : 'not_met',
    unitsTotal: null,
    unitsAtTier: null,
    requiredUnits: null,
    sharePercent: null,
    units: [],
    criteria,
    missing,
    checks: { met, total: criteria.length },
  };
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
      : assessCriteriaCondition(ctx, districtId, condition, condition.rule),
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
    };
  }
  const met = conditions.every((c) => c.status === 'met');
  const metCount = conditions.filter((c) => c.status === 'met').length;
  const labels = tier?.statusLabels ?? {
    met: { vi: 'đạt chuẩn huyện', en: 'meets the district standard' },
    notMet: { vi: 'chưa đạt chuẩn huyện', en: 'does not yet meet the district standard' },
  };
  return {
    districtId,
    districtName: district.name,
    asOf: ctx.asOf,
    structureDate,
    status: met ? 'met' : 'not_met',
    label: met
      ? labels.met
      : {
          vi: `${labels.notMet.vi} (đạt ${metCount}/${conditions.length} điều kiện)`,
          en: `${labels.notMet.en} (${metCount}/${conditions.length} conditions met)`,
        },
    conditions,
    progress: checks.total === 0 ? 1 : checks.met / checks.total,
    checks,
    structureNote,
  };
}
