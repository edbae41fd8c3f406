import {
  formatPercent,
  OVERALL_PROGRESS_DESCRIPTION,
  OVERALL_PROGRESS_DESCRIPTION_VI,
  type ConditionAssessment,
  type DistrictStandardAssessment,
} from '@pledge/domain';
import { percent1, t } from './programme/present';
import type { ConditionDto, DistrictStandardDto, OverallProgressDto } from './progress.dto';

/** The district standard and the overall progress figure in the API's shape. */

export function condition(c: ConditionAssessment): ConditionDto {
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
          }
        : { type: rule.type, tier: rule.select.tier },
    unitsTotal: c.unitsTotal,
    unitsAtTier: c.unitsAtTier,
    requiredUnits: c.requiredUnits,
    sharePercent: c.sharePercent === null ? null : Math.round(c.sharePercent * 10) / 10,
    checks: { ...c.checks },
    missing: c.missing.map(t),
    units: c.units.map((u) => ({ id: u.unitId, name: u.unitName, status: u.status, metCriteria: u.metCriteria, totalCriteria: u.totalCriteria, label: t(u.label) })),
    criteria: c.criteria.map((k) => ({ code: k.criterion.code, name: { vi: k.criterion.nameVi, en: k.criterion.nameEn }, status: k.status })),
  };
}

export function districtStandardDto(s: DistrictStandardAssessment): DistrictStandardDto {
  return {
    status: s.status,
    label: t(s.label),
    structureDate: s.structureDate,
    structureNote: s.structureNote ? t(s.structureNote) : null,
    conditions: s.conditions.map(condition),
  };
}

export function overallDto(s: DistrictStandardAssessment): OverallProgressDto {
  return {
    progress: s.progress,
    percent: percent1(s.progress),
    text: s.progress === null ? { vi: 'không áp dụng', en: 'not applicable' } : { vi: formatPercent(s.progress, 'vi'), en: formatPercent(s.progress, 'en') },
    checks: { ...s.checks },
    definition: { vi: OVERALL_PROGRESS_DESCRIPTION_VI, en: OVERALL_PROGRESS_DESCRIPTION },
  };
}
