import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { formatDate, formatDateTime, formatNumber, formatPercentValue, type DisplayLocale } from '@pledge/domain/text/format';
import { en, vi, type MessageKey } from './messages';

export type { DisplayLocale, MessageKey };

const STORAGE_KEY = 'pledge.locale';
const dictionaries: Record<DisplayLocale, Record<MessageKey, string>> = { vi, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface I18n {
  locale: DisplayLocale;
  setLocale: (locale: DisplayLocale) => void;
  t: Translate;
  /** Numbers with the locale's separators: vi "1.234,5", en "1,234.5". */
  num: (value: number, digits?: number) => string;
  /** A percentage number (0..100): vi "98,3%". */
  pct: (value: number, digits?: number) => string;
  /** A calendar date (YYYY-MM-DD) or an instant: vi "31/12/2025". */
  date: (value: string | Date) => string;
  /** An instant in Vietnamese time: vi "17:05 31/12/2025". */
  dateTime: (value: string | Date) => string;
  /** A Vietnamese/English pair from the API ({vi, en} or nameVi/nameEn). */
  pick: (vi: string | undefined | null, en: string | undefined | null) => string;
}

function interpolate(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

function initialLocale(): DisplayLocale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return saved === 'en' ? 'en' : 'vi'; // Vietnamese by default, whatever the browser says
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<DisplayLocale>(initialLocale);
  const setLocale = useCallback((l: DisplayLocale) => {
    localStorage.setItem(STORAGE_KEY, l);
    setLocaleState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(() => {
    const dict = dictionaries[locale];
    const toDate = (v: string | Date) => (typeof v === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(v) : v);
    return {
      locale,
      setLocale,
      t: (key, params) => interpolate(dict[key] ?? vi[key] ?? key, params),
      num: (v, digits = 1) => formatNumber(v, locale, { maximumFractionDigits: digits }),
      pct: (v, digits = 1) => formatPercentValue(v, locale, { maximumFractionDigits: digits }),
      date: (v) => formatDate(toDate(v), locale),
      dateTime: (v) => formatDateTime(typeof v === 'string' ? new Date(v) : v, locale),
      pick: (a, b) => (locale === 'en' ? b || a || '' : a || b || ''),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
