import { checkReading, type ReadingFigures } from '@pledge/domain/submissions/reading-rules';
import type { MessageKey } from '../i18n/messages';

/**
 * Checks a criterion form before it is sent or queued, so that a secretary with one bar of signal learns at once,
 * in plain words, what to fix. What was typed is read here (numbers with a decimal comma, dates dd/MM/yyyy); the
 * rules themselves are the server's: libs/domain checkReading (numerator ≤ denominator, whole numbers, ranges, the
 * catalogue's ceilings), imported as it is, so the form and the API never disagree.
 */
export type IndicatorKind = 'percentage' | 'amount' | 'count' | 'boolean';

export interface FormIndicator {
  code: string;
  kind: IndicatorKind;
  range: { min: number; max: number } | null;
  /** Plausible figures of one unit (catalogue bounds: whole numbers?, ceiling). */
  bounds?: { integer: boolean; max: number | null } | null;
}

/** What the person typed, as typed. */
export interface IndicatorInput {
  value?: string;
  numerator?: string;
  denominator?: string;
  /** 'yes' | 'no' | '' */
  choice?: string;
}

export interface FormInput {
  /** As typed: dd/MM/yyyy. */
  asOf: string;
  indicators: Record<string, IndicatorInput>;
}

export interface FieldError {
  key: MessageKey;
  params?: Record<string, string | number>;
  /** The rule's own words (libs/domain), when the problem comes from the shared rules. */
  text?: { vi: string; en: string };
}

export type Reading = { indicatorCode: string; value: number | boolean } | { indicatorCode: string; numerator: number; denominator: number };

export interface FormCheck {
  /** Field id → problem. Field ids: `asOf`, `<code>.value`, `<code>.numerator`, `<code>.denominator`, `<code>.choice`, `form`. */
  errors: Record<string, FieldError>;
  readings: Reading[];
  /** The date of the figures, YYYY-MM-DD (when valid). */
  asOf: string | null;
}

/** "48,5" or "48.5" → 48.5; "1.234,5" → 1234.5; "" → undefined; anything else → NaN. */
export function parseLocalNumber(text: string | undefined): number | undefined {
  const s = (text ?? '').trim().replace(/\s/g, '');
  if (s === '') return undefined;
  let n: string;
  if (s.includes(',')) n = s.replace(/\./g, '').replace(',', '.');
  else n = s;
  return /^-?\d+(\.\d+)?$/.test(n) ? Number(n) : NaN;
}

const isBlank = (v: string | undefined) => (v ?? '').trim() === '';

/** "30/06/2025", "30-6-2025", "30.06.2025" → "2025-06-30"; not a real calendar day → null. */
export function parseVnDate(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === iso ? iso : null;
}

/** Typing help for a date on a phone keypad: digits get their slashes ("30062025" → "30/06/2025"). */
export function maskVnDate(text: string): string {
  if (!/^[\d/]*$/.test(text)) return text;
  const d = text.replace(/\//g, '').slice(0, 8);
  if (d.length > 4) return `${d.slice(0, 2)}/${d.slice(2, 4)}/${d.slice(4)}`;
  if (d.length > 2) return `${d.slice(0, 2)}/${d.slice(2)}`;
  return d;
}

/** "2025-06-30" → "30/06/2025". */
export function formatVnDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

export function checkForm(indicators: readonly FormIndicator[], input: FormInput, todayVn: string, periodFrom = '2021-01-01'): FormCheck {
  const errors: Record<string, FieldError> = {};
  const readings: Reading[] = [];
  for (const ind of indicators) {
    const v = input.indicators[ind.code] ?? {};
    const f = (name: string) => `${ind.code}.${name}`;
    switch (ind.kind) {
      case 'boolean': {
        if (v.choice === 'yes' || v.choice === 'no') readings.push({ indicatorCode: ind.code, value: v.choice === 'yes' });
        break;
      }
      case 'percentage': {
        if (isBlank(v.numerator) && isBlank(v.denominator)) break;
        const num = parseLocalNumber(v.numerator);
        const den = parseLocalNumber(v.denominator);
        const numProblem: MessageKey | null =
          num === undefined ? 'form.err.numeratorMissing' : Number.isNaN(num) ? 'form.err.notANumber' : num < 0 ? 'form.err.negative' : null;
        const denProblem: MessageKey | null =
          den === undefined ? 'form.err.denominatorMissing' : Number.isNaN(den) ? 'form.err.notANumber' : den <= 0 ? 'form.err.denominatorZero' : null;
        if (numProblem) errors[f('numerator')] = { key: numProblem };
        if (denProblem) errors[f('denominator')] = { key: denProblem };
        const ok = !numProblem && !denProblem;
        if (ok && applyRules(errors, ind, { indicatorCode: ind.code, numerator: num!, denominator: den! }))
          readings.push({ indicatorCode: ind.code, numerator: num!, denominator: den! });
        break;
      }
      case 'count':
      case 'amount': {
        if (isBlank(v.value)) break;
        const n = parseLocalNumber(v.value)!;
        if (Number.isNaN(n)) errors[f('value')] = { key: 'form.err.notANumber' };
        else if (!ind.range && n < 0) errors[f('value')] = { key: 'form.err.negative' };
        else if (applyRules(errors, ind, { indicatorCode: ind.code, value: n })) readings.push({ indicatorCode: ind.code, value: n });
        break;
      }
    }
  }
  const asOf = parseVnDate(input.asOf);
  if (isBlank(input.asOf)) errors.asOf = { key: 'form.err.dateMissing' };
  else if (!asOf) errors.asOf = { key: 'form.err.dateInvalid' };
  else if (asOf > todayVn) errors.asOf = { key: 'form.err.dateInFuture' };
  else if (asOf < periodFrom) errors.asOf = { key: 'form.err.dateTooOld', params: { from: formatVnDate(periodFrom) } };
  if (readings.length === 0 && Object.keys(errors).every((k) => k === 'asOf')) errors.form = { key: 'form.err.nothingFilled' };
  return { errors, readings, asOf };
}

/** The shared rules (libs/domain checkReading) on one parsed reading; their problems become field errors. True when none. */
function applyRules(errors: Record<string, FieldError>, ind: FormIndicator, reading: ReadingFigures): boolean {
  const problems = checkReading(reading, { kind: ind.kind, range: ind.range, bounds: ind.bounds ?? null }, ind.code);
  for (const p of problems) {
    const field = p.field === ind.code ? `${ind.code}.value` : p.field;
    errors[field] ??= { key: 'form.err.rule', text: { vi: p.message, en: p.messageEn } };
  }
  return problems.length === 0;
}
