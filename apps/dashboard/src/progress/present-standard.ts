import {
  formatDate,
  formatPercent,
  OVERALL_PROGRESS_DESCRIPTION,
  OVERALL_PROGRESS_DESCRIPTION_VI,
  shownStandard,
  STATUS_WORDS,
  type PledgeHints,
  type RecognitionDecision,
  type StandardBlockers,
} from '@pledge/domain';
import { percent1, t } from './programme/present';
import type { ConditionView, DistrictStandardView } from './programme/programme-view';
import type { ConditionDto, DistrictStandardDto, OverallProgressDto, RecognitionDto, StandardBlockersDto } from './progress.dto';

/** The definition of the overall figure (libs/domain), for the OpenAPI text of the controllers. */
export { OVERALL_PROGRESS_DESCRIPTION };

/** A recognition decision in the API's shape, with one sentence saying what is known of it. */
export function recognitionDto(r: RecognitionDecision | null): RecognitionDto | null {
  if (!r) return null;
  const number = r.decisionNumber ?? null;
  const year = r.recognitionYear === null ? { vi: '', en: '' } : { vi: ` năm ${r.recognitionYear}`, en: ` for ${r.recognitionYear}` };
  const when = r.decidedOn
    ? { vi: `ngày ${formatDate(r.decidedOn, 'vi')}`, en: `on ${formatDate(r.decidedOn, 'en')}` }
    : { vi: `ngày quyết định chưa rõ, biết từ ${formatDate(r.effectiveFrom, 'vi')}`, en: `date unknown, known from ${formatDate(r.effectiveFrom, 'en')}` };
  return {
    id: r.id,
    tierCode: r.tierCode,
    decisionNumber: number,
    decidedOn: r.decidedOn,
    effectiveFrom: r.effectiveFrom,
    recognitionYear: r.recognitionYear,
    issuer: r.issuer,
    source: r.source,
    text: {
      vi: `Đã được công nhận${year.vi} (${r.issuer}, ${number ?? 'số quyết định chưa rõ'}, ${when.vi})`,
      en: `Recognised${year.en} (${r.issuer}, ${number ?? 'decision number unknown'}, ${when.en})`,
    },
  };
}

/** What blocks the standard, in the API's shape. */
export function blockersDto(b: StandardBlockers): StandardBlockersDto {
  return {
    headline: t(b.headline),
    conditions: b.conditions.map((c) => ({
      code: c.code,
      name: t(c.name),
      status: c.status,
      needed: c.needed,
      summary: t(c.summary),
      blockers: c.blockers.map((x) => ({
        id: x.unitId,
        name: x.unitName,
        kind: x.unitKind,
        computedStatus: x.computedStatus,
        recognised: x.recognised,
        openCriteria: x.openCriteria,
        gap: Math.round(x.gap * 10_000) / 10_000,
        dueOn: x.dueOn,
        projectedOn: x.projectedOn,
        soonest: c.soonest.includes(x.unitId),
        summary: t(x.summary),
        criteria: x.criteria.map((k) => ({
          code: k.code,
          name: t(k.name),
          status: k.status,
          gap: Math.round(k.gap * 10_000) / 10_000,
          indicators: k.indicators.map(t),
          dueOn: k.dueOn,
          projectedOn: k.projectedOn,
        })),
      })),
    })),
  };
}

/** A district condition in the API's shape. */
export function condition(c: ConditionView): ConditionDto {
  const rule = c.condition.rule;
  return {
    code: c.condition.code,
    name: { vi: c.condition.nameVi, en: c.condition.nameEn },
    status: c.status,
    rule:
      rule.type === 'share_at_tier'
        ? {
            type: rule.type,
            unitKinds: [...rule.unitKinds],
            tier: rule.tier,
            comparator: rule.comparator,
            threshold: rule.threshold,
            thresholdSource: rule.thresholdSource,
            thresholdConfidence: rule.thresholdConfidence,
            basis: rule.basis,
          }
        : rule.type === 'criteria'
          ? { type: rule.type, tier: rule.select.tier }
          : { type: rule.type, indicator: `${rule.indicator.criterionCode}|${rule.indicator.indicatorCode}` },
    unitsTotal: c.unitsTotal,
    unitsAtTier: c.unitsAtTier,
    requiredUnits: c.requiredUnits,
    sharePercent: c.sharePercent === null ? null : Math.round(c.sharePercent * 10) / 10,
    checks: { ...c.checks },
    missing: c.missing.map(t),
    units: c.units.map((u) => ({
      id: u.unitId,
      name: u.unitName,
      status: u.status,
      metCriteria: u.metCriteria,
      totalCriteria: u.totalCriteria,
      label: t(u.label),
      recognition: recognitionDto(u.recognition),
      counted: u.counted,
      countedBy: u.countedBy,
    })),
    criteria: c.criteria.map((k) => ({ code: k.criterion.code, name: { vi: k.criterion.nameVi, en: k.criterion.nameEn }, status: k.status })),
    source: c.condition.source,
    confidence: c.condition.confidence,
    measure: c.measure
      ? t({ vi: `${STATUS_WORDS[c.measure.status].vi}: ${c.measure.reason.vi}`, en: `${STATUS_WORDS[c.measure.status].en}: ${c.measure.reason.en}` })
      : null,
  };
}

/**
 * The district standard in the API's shape, with what blocks it ordered by the pledges' dates. `final`: the view is
 * a closed programme's final result (its headline reads in the past tense).
 */
export function districtStandardDto(s: DistrictStandardView, hints: PledgeHints, final: boolean): DistrictStandardDto {
  const shown = shownStandard(s.blockers, hints, final);
  return {
    status: s.status,
    label: t(shown.label),
    structureDate: s.structureDate,
    structureNote: s.structureNote ? t(s.structureNote) : null,
    assessedOn: s.assessedOn,
    final: final && s.status !== 'not_applicable',
    conditions: s.conditions.map(condition),
    blockers: blockersDto(shown.blockers),
  };
}

/** The overall progress figure in the API's shape (secondary to what blocks the standard). */
export function overallDto(s: Pick<DistrictStandardView, 'progress' | 'checks'>): OverallProgressDto {
  return {
    progress: s.progress,
    percent: percent1(s.progress),
    text: s.progress === null ? { vi: 'không áp dụng', en: 'not applicable' } : { vi: formatPercent(s.progress, 'vi'), en: formatPercent(s.progress, 'en') },
    checks: { ...s.checks },
    definition: { vi: OVERALL_PROGRESS_DESCRIPTION_VI, en: OVERALL_PROGRESS_DESCRIPTION },
  };
}
