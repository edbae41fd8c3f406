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
