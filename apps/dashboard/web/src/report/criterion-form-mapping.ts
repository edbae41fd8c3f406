import { vnDateOf } from '@pledge/domain/shared/iso-date';
import type { Submission } from '../api/types';
import type { CriterionUpdateBody } from '../offline/outbox';
import type { ReportForm } from './reportable';
import type { IndicatorInput } from './validate-form';

/**
 * The criterion form's mapping (issue 16: the form split into fields, outbox and mapping): between a submission or
 * the checked figures and the updates sent, ids and times of a report. No React, no I/O.
 */

/** A version-4 UUID; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newEventId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Today in Vietnam, YYYY-MM-DD (libs/domain's rule). */
export function todayVn(): string {
  return vnDateOf(new Date());
}

/** The instant now, written with Vietnam's offset: 2025-07-02T08:15:00+07:00. */
export function nowVnIso(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+07:00');
}

export type Outcome = { kind: 'sent' | 'queued'; eventIds: string[] } | null;

export function targetsOf(form: ReportForm, only?: string): string[] {
  return [...new Set(form.fields.map((f) => f.target.criterionCode))].filter((c) => !only || c === only);
}

/** The figures of a submission back into the form's inputs (a correction starts from what was sent). */
export function inputsFrom(s: Submission, form: ReportForm): Record<string, IndicatorInput> {
  const out: Record<string, IndicatorInput> = {};
  for (const r of s.update.readings ?? []) {
    const f = form.fields.find((x) => x.target.criterionCode === s.criterionCode && x.target.indicatorCode === r.indicatorCode);
    if (!f) continue;
    if (typeof r.value === 'boolean') out[f.code] = { choice: r.value ? 'yes' : 'no' };
    else if (typeof r.value === 'number') out[f.code] = { value: String(r.value).replace('.', ',') };
    else if (r.numerator !== undefined && r.denominator !== undefined)
      out[f.code] = { numerator: String(r.numerator).replace('.', ','), denominator: String(r.denominator).replace('.', ',') };
  }
  return out;
}

/**
 * The checked readings as updates, one per target criterion (a form may carry readings another criterion is judged
 * on): each with the eventId kept for that criterion, the unit, the day and the note.
 */
export function updatesFrom(
  fields: readonly { code: string; target: { criterionCode: string; indicatorCode: string } }[],
  readings: readonly CriterionUpdateBody['readings'][number][],
  report: { eventIds: Record<string, string>; unitId: string; asOf: string; reportedAt: string; note: string },
): CriterionUpdateBody[] {
  const byTarget = new Map<string, CriterionUpdateBody['readings']>();
  for (const r of readings) {
    const f = fields.find((x) => x.code === r.indicatorCode)!;
    const reading = { ...r, indicatorCode: f.target.indicatorCode };
    byTarget.set(f.target.criterionCode, [...(byTarget.get(f.target.criterionCode) ?? []), reading]);
  }
  return [...byTarget.entries()].map(([criterion, rs]) => ({
    eventId: report.eventIds[criterion],
    schemaVersion: 1,
    hamletCode: report.unitId,
    criterionCode: criterion,
    readings: rs,
    asOf: report.asOf,
    reportedAt: report.reportedAt,
    ...(report.note.trim() ? { note: report.note.trim().normalize('NFC') } : {}),
  }));
}
