/** The four year-end quality levels of a party organisation or member (Quy định 132 / 124 / 366-QĐ/TW). */
import type { LocalisedText } from '../shared/localised-text';

/** Level codes, best first. */
export type EvaluationLevel = 'HTXSNV' | 'HTTNV' | 'HTNV' | 'KHTNV';

/** The levels, best first. */
export const EVALUATION_LEVELS: readonly EvaluationLevel[] = ['HTXSNV', 'HTTNV', 'HTNV', 'KHTNV'];

/** Names of the levels. `phrase` is how a report sentence continues "8/40 tập thể …". */
export const EVALUATION_LEVEL_NAMES: Readonly<Record<EvaluationLevel, { readonly name: LocalisedText; readonly phrase: LocalisedText }>> = {
  HTXSNV: {
    name: { vi: 'Hoàn thành xuất sắc nhiệm vụ', en: 'Excellently completed' },
    phrase: { vi: 'hoàn thành xuất sắc nhiệm vụ', en: 'completed their tasks excellently' },
  },
  HTTNV: {
    name: { vi: 'Hoàn thành tốt nhiệm vụ', en: 'Well completed' },
    phrase: { vi: 'hoàn thành tốt nhiệm vụ', en: 'completed their tasks well' },
  },
  HTNV: {
    name: { vi: 'Hoàn thành nhiệm vụ', en: 'Completed' },
    phrase: { vi: 'hoàn thành nhiệm vụ', en: 'completed their tasks' },
  },
  KHTNV: {
    name: { vi: 'Không hoàn thành nhiệm vụ', en: 'Not completed' },
    phrase: { vi: 'không hoàn thành nhiệm vụ', en: 'did not complete their tasks' },
  },
};

/**
 * What the year-end figures of this system are: a proposal of the cells' pledge-fulfilment results for the party
 * committee to consider, not the party's quality rating (which the committee decides). Titles of the page and the
 * exports use it (docs/glossary.md: "đề xuất kết quả thực hiện giao ước thi đua").
 */
export const EVALUATION_PROPOSAL_TITLE = (year: number): LocalisedText => ({
  vi: `Đề xuất kết quả thực hiện giao ước thi đua năm ${year} (để cấp ủy xem xét khi đánh giá, xếp loại)`,
  en: `Proposed pledge-fulfilment results ${year} (for the party committee to consider when it rates the cells)`,
});
