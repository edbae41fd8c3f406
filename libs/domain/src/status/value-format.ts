/**
 * How indicator values and levels read in status texts.
 *
 * A value is never shown so that it reads as meeting a level it misses (94,96% is not "95%" beside "≥ 95%"): it
 * gets as many decimals as it needs for the shown number to compare with the shown level as the real one does
 * ({@link digitsAgainstLevel}), and a missed level states the gap ("thiếu 0,04 điểm %"). Units are shown in the
 * language of the text.
 */
import type { Comparator, Indicator, ThresholdValue } from '../catalogue/catalogue.types';
import { compareWithThreshold } from '../catalogue/threshold';
import type { LocalisedText } from '../shared/localised-text';
import { formatNumber, type DisplayLocale } from '../text/format';

/** What formatting needs to know of an indicator. */
export type ShownIndicator = Pick<Indicator, 'kind' | 'unit'> & { readonly unitEn?: string | null };

/** The indicator's unit in `locale` ("triệu đồng/người/năm" / "million VND/person/year"). */
export function unitText(indicator: ShownIndicator, locale: DisplayLocale): string {
  return locale === 'en' ? (indicator.unitEn ?? indicator.unit) : indicator.unit;
}

/** Decimals shown by default: percentages 1, amounts 2, counts 0 (more only when a level needs them). */
export function defaultDigits(kind: Indicator['kind']): number {
  return kind === 'percentage' ? 1 : kind === 'amount' ? 2 : 0;
}

/** Most decimals ever shown: beyond the comparison tolerance (1e-9) any two numbers that compare differently differ. */
export const MAX_SHOWN_DIGITS = 10;

/** `value` rounded to `digits` decimals, half away from zero, as the formatter shows it. */
export function roundForDisplay(value: number, digits: number): number {
  // toFixed rounds the exact binary value half up, as Intl.NumberFormat's default (halfExpand) does for positives
  return Math.sign(value) * Number(Math.abs(value).toFixed(digits));
}

/** Decimals a number has when written shortest (2 → 0, 2.5 → 1, 0.125 → 3). */
function decimalsOf(n: number): number {
  const text = String(n);
  if (/e-/.test(text)) return Number(text.split('e-')[1]) + (text.split('e-')[0].split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

/**
 * The fewest decimals (from `base`) with which `value`, rounded as shown, compares with `threshold` exactly as
 * `value` itself does, and a missed level is never shown equal to the level.
 */
export function digitsAgainstLevel(value: number, comparator: Comparator, threshold: number, base: number): number {
  const real = compareWithThreshold(value, comparator, threshold);
  const levelDigits = decimalsOf(threshold);
  for (let d = base; d <= MAX_SHOWN_DIGITS; d++) {
    const shown = roundForDisplay(value, d);
    if (compareWithThreshold(shown, comparator, threshold) !== real) continue;
    if (!real && roundForDisplay(shown, Math.max(d, levelDigits)) === roundForDisplay(threshold, Math.max(d, levelDigits))) continue;
    return d;
  }
  return MAX_SHOWN_DIGITS;
}

function number(value: number, locale: DisplayLocale, digits: number): string {
  return formatNumber(roundForDisplay(value, digits), locale, { maximumFractionDigits: digits });
}

/** A number of `indicator` with `digits` decimals and its unit: "98,5%", "48 triệu đồng/người/năm". */
function numberWithUnit(indicator: ShownIndicator, value: number, locale: DisplayLocale, digits: number): string {
  if (indicator.kind === 'percentage') return `${number(value, locale, digits)}%`;
  return `${number(value, locale, digits)} ${unitText(indicator, locale)}`;
}

/** A value of `indicator` for display: "98,5%", "có"/"yes", "48 triệu đồng/người/năm" / "48 million VND/person/year". */
export function formatIndicatorValue(indicator: ShownIndicator, value: ThresholdValue, locale: DisplayLocale = 'vi', digits?: number): string {
  if (typeof value === 'boolean') return locale === 'vi' ? (value ? 'có' : 'không') : value ? 'yes' : 'no';
  return numberWithUnit(indicator, value, locale, digits ?? defaultDigits(indicator.kind));
}

const COMPARATOR_TEXT: Readonly<Record<Comparator, string>> = { '>=': '≥', '<=': '≤', '==': '=', '>': '>', '<': '<' };

/** The comparator as people write it: ≥, ≤, =, >, <. */
export function comparatorSymbol(comparator: Comparator): string {
  return COMPARATOR_TEXT[comparator];
}

/** "≥ 98%" / "= có"; a level is shown with all its decimals. */
export function formatRequirement(indicator: ShownIndicator, comparator: Comparator, threshold: ThresholdValue): LocalisedText {
  const shown = (locale: DisplayLocale) =>
    typeof threshold === 'number' ? numberWithUnit(indicator, threshold, locale, decimalsOf(threshold)) : formatIndicatorValue(indicator, threshold, locale);
  return { vi: `${comparatorSymbol(comparator)} ${shown('vi')}`, en: `${comparatorSymbol(comparator)} ${shown('en')}` };
}

/** A value shown beside its level: the value with enough decimals, the level, and the gap when it is missed. */
export interface ValueAgainstLevel {
  readonly value: LocalisedText;
  readonly requirement: LocalisedText;
  /** "thiếu 0,04 điểm %" / "0.04 percentage points short"; null when met or not a number. */
  readonly gap: LocalisedText | null;
  /** Decimals used for the value. */
  readonly digits: number;
}

/** `value` against `comparator threshold` (see the module comment). */
export function formatAgainstLevel(indicator: ShownIndicator, value: ThresholdValue, comparator: Comparator, threshold: ThresholdValue): ValueAgainstLevel {
  const requirement = formatRequirement(indicator, comparator, threshold);
  if (typeof value !== 'number' || typeof threshold !== 'number') {
    return { value: { vi: formatIndicatorValue(indicator, value, 'vi'), en: formatIndicatorValue(indicator, value, 'en') }, requirement, gap: null, digits: 0 };
  }
  const digits = digitsAgainstLevel(value, comparator, threshold, defaultDigits(indicator.kind));
  const shown: LocalisedText = { vi: numberWithUnit(indicator, value, 'vi', digits), en: numberWithUnit(indicator, value, 'en', digits) };
  if (compareWithThreshold(value, comparator, threshold)) return { value: shown, requirement, gap: null, digits };
  const diff = Math.abs(threshold - value);
  if (diff <= 1e-9) {
    // exactly at a strict level (> or <)
    return { value: shown, requirement, gap: { vi: 'đúng bằng mức, cần vượt qua', en: 'exactly at the level, which must be passed' }, digits };
  }
  let gapDigits = Math.max(digits, decimalsOf(threshold));
  while (gapDigits < MAX_SHOWN_DIGITS && roundForDisplay(diff, gapDigits) === 0) gapDigits++;
  const amount = (locale: DisplayLocale): string =>
    indicator.kind === 'percentage'
      ? `${number(diff, locale, gapDigits)} ${locale === 'vi' ? 'điểm %' : 'percentage points'}`
      : `${number(diff, locale, gapDigits)} ${unitText(indicator, locale)}`;
  const gap: LocalisedText =
    comparator === '>=' || comparator === '>'
      ? { vi: `thiếu ${amount('vi')}`, en: `${amount('en')} short` }
      : comparator === '<=' || comparator === '<'
        ? { vi: `vượt ${amount('vi')}`, en: `${amount('en')} over` }
        : { vi: `chênh ${amount('vi')}`, en: `off by ${amount('en')}` };
  return { value: shown, requirement, gap, digits };
}
