/** Vietnamese and English words used when standard assessments are put into sentences. */
import type { LocalisedText } from '../shared/localised-text';
import type { UnitKind } from '../units/unit.types';
import type { AssessmentStatus, CriterionAssessment } from '../status/assess';

/** How a unit kind is named in a sentence ("3 xã", "3 communes"). */
export const UNIT_KIND_WORDS: Readonly<Record<UnitKind, { readonly vi: string; readonly en: string; readonly enPlural: string }>> = {
  province: { vi: 'tỉnh', en: 'province', enPlural: 'provinces' },
  district: { vi: 'huyện', en: 'district', enPlural: 'districts' },
  town: { vi: 'thị trấn', en: 'town', enPlural: 'towns' },
  commune: { vi: 'xã', en: 'commune', enPlural: 'communes' },
  hamlet: { vi: 'ấp', en: 'hamlet', enPlural: 'hamlets' },
  ward: { vi: 'khóm', en: 'ward', enPlural: 'wards' },
};

/** "3 communes" / "1 commune". */
export function countedKind(count: number, kind: UnitKind): string {
  const words = UNIT_KIND_WORDS[kind];
  return `${count} ${count === 1 ? words.en : words.enPlural}`;
}

/** Short status words: chưa đạt / not met, chưa có số liệu / no data, ... */
export const STATUS_WORDS: Readonly<Record<AssessmentStatus, LocalisedText>> = {
  met: { vi: 'đạt', en: 'met' },
  not_met: { vi: 'chưa đạt', en: 'not met' },
  no_data: { vi: 'chưa có số liệu', en: 'no data' },
  stale: { vi: 'số liệu quá hạn', en: 'stale data' },
  threshold_missing: { vi: 'chưa có ngưỡng', en: 'no threshold' },
};

/**
 * The criteria not yet met, each with its status:
 * vi "XA-02 Giao thông (chưa đạt), XA-12 Lao động (chưa có số liệu)", en "XA-02 Transport (not met), ...".
 * Empty strings when all are met.
 */
export function criteriaGapText(criteria: readonly Pick<CriterionAssessment, 'criterion' | 'status'>[]): LocalisedText {
  const open = criteria.filter((c) => c.status !== 'met');
  return {
    vi: open.map((c) => `${c.criterion.code} ${c.criterion.nameVi} (${STATUS_WORDS[c.status].vi})`).join(', '),
    en: open.map((c) => `${c.criterion.code} ${c.criterion.nameEn} (${STATUS_WORDS[c.status].en})`).join(', '),
  };
}
