/**
 * Number, percentage and date formatting for Vietnamese (the product's language) with English variants.
 * Vietnamese writes a decimal comma and a dot for thousands ("1.234,5"), percentages without a space
 * ("16,7%") and dates as dd/MM/yyyy. Everything goes through `Intl`, with time zone Asia/Ho_Chi_Minh for instants.
 */
import { isIsoDate, isoDateToUtcMs, type IsoDate } from '../shared/iso-date';

/** Display language. */
export type DisplayLocale = 'vi' | 'en';

/** The IANA time zone used for every instant shown to users. */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const INTL_LOCALE: Record<DisplayLocale, string> = { vi: 'vi-VN', en: 'en-GB' };

/**
 * Intl formatters are expensive to construct and immutable once built: keep one per distinct
 * locale + options (a handful in practice), so formatting thousands of values stays cheap.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: DisplayLocale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${options.style ?? ''}|${options.maximumFractionDigits ?? ''}|${options.minimumFractionDigits ?? ''}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(INTL_LOCALE[locale], options)));
  return f;
}

function dateFormat(locale: DisplayLocale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(INTL_LOCALE[locale], options)));
  return f;
}

/** Options for {@link formatNumber} / {@link formatPercent}. */
export interface NumberFormatOptions {
  /** Most digits after the decimal separator (default 1). Rounds half away from zero. */
  readonly maximumFractionDigits?: number;
  /** Fewest digits after the separator (default 0: "20", not "20,0"). */
  readonly minimumFractionDigits?: number;
}

/** `1234.56` → vi "1.234,6", en "1,234.6" (one decimal unless whole, by default). */
export function formatNumber(value: number, locale: DisplayLocale = 'vi', options: NumberFormatOptions = {}): string {
  return numberFormat(locale, {
    maximumFractionDigits: options.maximumFractionDigits ?? 1,
    minimumFractionDigits: options.minimumFractionDigits ?? 0,
  }).format(value);
}

/**
 * A fraction as a percentage: `1/6` → vi "16,7%", en "16.7%"; `0.2` → "20%" (one decimal unless whole).
 * Takes a fraction (0.2), not a percentage number (20): see {@link formatPercentValue} for the latter.
 */
export function formatPercent(fraction: number, locale: DisplayLocale = 'vi', options: NumberFormatOptions = {}): string {
  return numberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: options.maximumFractionDigits ?? 1,
    minimumFractionDigits: options.minimumFractionDigits ?? 0,
  }).format(fraction);
}

/** A percentage number (0..100, as indicator values are stored): `98.25` → vi "98,3%". */
export function formatPercentValue(percent: number, locale: DisplayLocale = 'vi', options: NumberFormatOptions = {}): string {
  return formatPercent(percent / 100, locale, options);
}

/** What a date that cannot be shown reads as (an invalid `Date`). */
const NO_DATE = '—';

/**
 * A calendar date: vi "31/12/2025", en "31 Dec 2025". An {@link IsoDate} is shown as that calendar day; a `Date`
 * (an instant) is shown as the day it is in Vietnam. Never throws (it builds texts of reasons and reports): a
 * string that is not a real `YYYY-MM-DD` date is shown as it is, an invalid `Date` as "—".
 */
export function formatDate(date: IsoDate | Date, locale: DisplayLocale = 'vi'): string {
  if (typeof date === 'string' ? !isIsoDate(date) : !(date instanceof Date) || Number.isNaN(date.getTime())) return typeof date === 'string' ? date : NO_DATE;
  const instant = typeof date === 'string' ? new Date(isoDateToUtcMs(date)) : date;
  const timeZone = typeof date === 'string' ? 'UTC' : VN_TIME_ZONE;
  const options: Intl.DateTimeFormatOptions =
    locale === 'vi' ? { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' } : { timeZone, day: 'numeric', month: 'short', year: 'numeric' };
  return dateFormat(locale, options).format(instant);
}

/** An instant in Vietnamese time: vi "17:05 31/12/2025", en "31 Dec 2025, 17:05"; an invalid `Date` reads "—". */
export function formatDateTime(instant: Date, locale: DisplayLocale = 'vi'): string {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) return NO_DATE;
  const time = dateFormat(locale, {
    timeZone: VN_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
  const day = formatDate(instant, locale);
  return locale === 'vi' ? `${time} ${day}` : `${day}, ${time}`;
}
