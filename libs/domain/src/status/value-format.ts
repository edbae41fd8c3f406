/** How indicator values and thresholds read in status texts. */
import type { Comparator, Indicator, ThresholdValue } from '../catalogue/catalogue.types';
import type { LocalisedText } from '../shared/localised-text';
import { formatNumber, formatPercentValue, type DisplayLocale } from '../text/format';

/** A value of `indicator` for display: "98,5%", "có"/"yes", "48 million VND/person/year", "3 nhà (houses)". */
export function formatIndicatorValue(indicator: Pick<Indicator, 'kind' | 'unit'>, value: ThresholdValue, locale: DisplayLocale = 'vi'): string {
  if (typeof value === 'boolean') return locale === 'vi' ? (value ? 'có' : 'không') : value ? 'yes' : 'no';
  if (indicator.kind === 'percentage') return formatPercentValue(value, locale);
  return `${formatNumber(value, locale, { maximumFractionDigits: 2 })} ${indicator.unit}`;
}

const COMPARATOR_TEXT: Readonly<Record<Comparator, string>> = { '>=': '≥', '<=': '≤', '==': '=', '>': '>', '<': '<' };

/** The comparator as people write it: ≥, ≤, =, >, <. */
export function comparatorSymbol(comparator: Comparator): string {
  return COMPARATOR_TEXT[comparator];
}

/** "≥ 98%" / "= có". */
export function formatRequirement(indicator: Pick<Indicator, 'kind' | 'unit'>, comparator: Comparator, threshold: ThresholdValue): LocalisedText {
  return {
    vi: `${comparatorSymbol(comparator)} ${formatIndicatorValue(indicator, threshold, 'vi')}`,
    en: `${comparatorSymbol(comparator)} ${formatIndicatorValue(indicator, threshold, 'en')}`,
  };
}
