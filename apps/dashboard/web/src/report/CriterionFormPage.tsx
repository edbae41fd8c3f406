import { useQuery } from '@tanstack/react-query';
import { FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, ApiProblem } from '../api/client';
import { useCriteria } from '../api/queries';
import type { IndicatorStatus, Submission } from '../api/types';
import { ErrorBox } from '../components/ErrorBox';
import { useIndicatorValue } from '../components/IndicatorTable';
import { Loading } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { discard, enqueue, flushOutbox, listOutbox, type CriterionUpdateBody } from '../offline/outbox';
import { useOnline } from '../offline/useOutbox';
import { formsFor, type FormField, type ReportForm } from './reportable';
import { useReportingUnit } from './reporting-unit';
import { checkForm, formatVnDate, maskVnDate, parseLocalNumber, type FieldError, type IndicatorInput } from './validate-form';

/** A version-4 UUID; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newEventId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Today in Vietnam (UTC+7, no daylight saving), YYYY-MM-DD. */
function todayVn(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The instant now, written with Vietnam's offset: 2025-07-02T08:15:00+07:00. */
function nowVnIso(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+07:00');
}

type Outcome = { kind: 'sent' | 'queued'; eventIds: string[] } | null;

function targetsOf(form: ReportForm, only?: string): string[] {
  return [...new Set(form.fields.map((f) => f.target.criterionCode))].filter((c) => !only || c === only);
}

function FieldErrorText({ id, error }: { id: string; error?: FieldError }) {
  const { t, pick } = useI18n();
  if (!error) return null;
  return (
    <div className="field-error" id={id}>
      {error.text ? pick(error.text.vi, error.text.en) : t(error.key, error.params)}
    </div>
  );
}

function IndicatorField({
  field,
  value,
  onChange,
  errors,
  last,
}: {
  field: FormField;
  value: IndicatorInput;
  onChange: (v: IndicatorInput) => void;
  errors: Record<string, FieldError>;
  last?: IndicatorStatus;
}) {
  const { t, pick, pct, date } = useI18n();
  const show = useIndicatorValue();
  const ind = field.indicator;
  const base = `ind-${field.code.replace(/\W/g, '_')}`;
  const err = (name: string) => errors[`${field.code}.${name}`];
  const hint = [
    ind.threshold.text ? t('form.threshold', { text: pick(ind.threshold.text.vi, ind.threshold.text.en) }) : null,
    last && last.newestAsOf && (last.value !== null || last.numerator !== null) ? t('report.lastValue', { value: show(last), date: date(last.newestAsOf) }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const num = parseLocalNumber(value.numerator);
  const den = parseLocalNumber(value.denominator);
  const ratio = num !== undefined && den !== undefined && !Number.isNaN(num) && !Number.isNaN(den) && den > 0 && num <= den ? pct((num / den) * 100) : null;
  return (
    <fieldset data-indicator={field.code} data-target={`${field.target.criterionCode} ${field.target.indicatorCode}`}>
      <legend>
        {field.code} · {pick(ind.nameVi, ind.nameEn)}
      </legend>
      {hint && <p className="hint small muted" style={{ marginTop: 0 }}>{hint}</p>}
      {ind.kind === 'percentage' && (
        <>
          <div className="fraction">
            <div className="field">
              <label htmlFor={`${base}-num`}>{ind.fraction ? pick(ind.fraction.numeratorVi, ind.fraction.numeratorEn) : t('form.numerator')}</label>
              <input
                id={`${base}-num`}
                name={`${field.code}.numerator`}
                inputMode="decimal"
                autoComplete="off"
                value={value.numerator ?? ''}
                onChange={(e) => onChange({ ...value, numerator: e.target.value })}
                aria-invalid={err('numerator') ? true : undefined}
                aria-describedby={err('numerator') ? `${base}-num-err` : undefined}
              />
              <FieldErrorText id={`${base}-num-err`} error={err('numerator')} />
            </div>
            <div className="field">
              <label htmlFor={`${base}-den`}>{ind.fraction ? pick(ind.fraction.denominatorVi, ind.fraction.denominatorEn) : t('form.denominator')}</label>
              <input
                id={`${base}-den`}
                name={`${field.code}.denominator`}
                inputMode="decimal"
                autoComplete="off"
                value={value.denominator ?? ''}
                onChange={(e) => onChange({ ...value, denominator: e.target.value })}
                aria-invalid={err('denominator') ? true : undefined}
                aria-describedby={err('denominator') ? `${base}-den-err` : undefined}
              />
              <FieldErrorText id={`${base}-den-err`} error={err('denominator')} />
            </div>
          </div>
          {ind.fraction?.unit && (
            <p className="small muted" style={{ margin: '0.3rem 0 0' }}>
              {t('form.unit', { unit: pick(ind.fraction.unit, ind.fraction.unitEn ?? ind.fraction.unit) }).replace(/^./, (c) => c.toUpperCase())}
            </p>
          )}
          {ratio && (
            <p className="small" aria-live="polite" style={{ margin: '0.3rem 0 0' }}>
              {t('form.ratio', { value: ratio })}
            </p>
          )}
        </>
      )}
      {ind.kind === 'boolean' && (
        <>
          <div className="choice" role="radiogroup" aria-label={pick(ind.nameVi, ind.nameEn)} aria-describedby={err('choice') ? `${base}-err` : undefined}>
            {(['yes', 'no'] as const).map((c) => (
              <label key={c}>
                <input type="radio" name={`${field.code}.choice`} value={c} checked={value.choice === c} onChange={() => onChange({ ...value, choice: c })} />
                {c === 'yes' ? t('common.yes') : t('common.no')}
              </label>
            ))}
          </div>
          <FieldErrorText id={`${base}-err`} error={err('choice')} />
        </>
      )}
      {(ind.kind === 'count' || ind.kind === 'amount') && (
        <div className="field">
          <label htmlFor={`${base}-val`}>
            {t('form.value')}
            {ind.unit ? ` – ${t('form.unit', { unit: pick(ind.unit, ind.unitEn ?? ind.unit) })}` : ''}
          </label>
          {ind.range && <span className="hint">{t('form.range', { min: ind.range.min, max: ind.range.max })}</span>}
          <input
            id={`${base}-val`}
            name={`${field.code}.value`}
            inputMode={ind.kind === 'count' ? 'numeric' : 'decimal'}
            autoComplete="off"
            value={value.value ?? ''}
            onChange={(e) => onChange({ ...value, value: e.target.value })}
            aria-invalid={err('value') ? true : undefined}
            aria-describedby={err('value') ? `${base}-val-err` : undefined}
          />
          <FieldErrorText id={`${base}-val-err`} error={err('value')} />
        </div>
      )}
    </fieldset>
  );
}

function inputsFrom(s: Submission, form: ReportForm): Record<string, IndicatorInput> {
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
 * One form per criterion, for a phone: each indicator as the reporter counts it (households with power, all
 * households), checked before sending, then kept on the phone and sent (at once, or when the connection returns).
 * The same page serves a secretary's cell, an officer's commune or town and the district roles' district: the
 * reading goes to the account's own unit (hamletCode = its unit id), with the forms of that unit's kind.
 */
export function CriterionFormPage() {
  const { criterionCode } = useParams();
  const [params] = useSearchParams();
  const corrects = params.get('corrects') ?? undefined;
  const navigate = useNavigate();
  const { t, pick, date } = useI18n();
  const online = useOnline();
  const { unitId: cellId, unit, kind } = useReportingUnit();
  const criteria = useCriteria();
  const original = useQuery<Submission>({
    queryKey: ['submission', corrects],
    queryFn: ({ signal }) => api<Submission>(`/api/v1/submissions/${encodeURIComponent(corrects!)}`, { signal }),
    enabled: !!corrects,
  });
  const form = useMemo(
    () => (criteria.data && kind ? formsFor(criteria.data.criteria, kind).find((f) => f.code === criterionCode) : undefined),
    [criteria.data, kind, criterionCode],
  );
  const fields = useMemo(() => (form ? form.fields.filter((f) => !original.data || f.target.criterionCode === original.data.criterionCode) : []), [form, original.data]);
  const period = criteria.data?.version;
  const defaultAsOf = period && todayVn() > period.periodTo ? period.periodTo : todayVn();

  const [values, setValues] = useState<Record<string, IndicatorInput>>({});
  const [asOf, setAsOf] = useState<string>('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [serverError, setServerError] = useState<unknown>(null);
  /** One eventId per submission this form will make (one per target criterion), chosen when the form is created. */
  const [eventIds, setEventIds] = useState<Record<string, string>>({});
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!form) return;
    setEventIds(Object.fromEntries(targetsOf(form).map((c) => [c, newEventId()])));
  }, [form]);
  const asOfDefaulted = useRef(false);
  useEffect(() => {
    if (asOfDefaulted.current || !period || corrects) return;
    asOfDefaulted.current = true;
    setAsOf(formatVnDate(defaultAsOf));
  }, [period, defaultAsOf, corrects]);
  useEffect(() => {
    if (original.data && form) {
      setValues(inputsFrom(original.data, form));
      setAsOf(formatVnDate(original.data.asOf));
      setNote(typeof original.data.update.note === 'string' ? original.data.update.note : '');
    }
  }, [original.data, form]);

  const lastByCode = new Map<string, IndicatorStatus>(
    unit.data?.tiers.flatMap((tier) => tier.criteria.filter((c) => c.code === criterionCode).flatMap((c) => c.indicators.map((i) => [i.code, i] as const))) ?? [],
  );
  const indicators = fields.map((f) => ({ code: f.code, kind: f.indicator.kind, range: f.indicator.range, bounds: f.indicator.bounds ?? null }));
  const revalidate = (v: Record<string, IndicatorInput>, d: string) => {
    if (tried) setErrors(checkForm(indicators, { asOf: d, indicators: v }, todayVn(), period?.periodFrom).errors);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form || !cellId) return;
    setTried(true);
    setOutcome(null);
    setServerError(null);
    const check = checkForm(indicators, { asOf, indicators: values }, todayVn(), period?.periodFrom);
    setErrors(check.errors);
    if (Object.keys(check.errors).length > 0) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const reportedAt = nowVnIso();
      const byTarget = new Map<string, CriterionUpdateBody['readings']>();
      for (const r of check.readings) {
        const f = fields.find((x) => x.code === r.indicatorCode)!;
        const reading = { ...r, indicatorCode: f.target.indicatorCode };
        byTarget.set(f.target.criterionCode, [...(byTarget.get(f.target.criterionCode) ?? []), reading]);
      }
      const bodies: CriterionUpdateBody[] = [...byTarget.entries()].map(([criterion, readings]) => ({
        eventId: eventIds[criterion],
        schemaVersion: 1,
        hamletCode: cellId,
        criterionCode: criterion,
        readings,
        asOf: check.asOf!,
        reportedAt,
        ...(note.trim() ? { note: note.trim().normalize('NFC') } : {}),
      }));
      for (const b of bodies) await enqueue(b, corrects, `${form.code} ${pick(form.nameVi, form.nameEn)}`);
      const ids = bodies.map((b) => b.eventId);
      if (navigator.onLine) await flushOutbox();
      const left = new Map((await listOutbox()).map((r) => [r.eventId, r]));
      const refused = ids.map((id) => left.get(id)).filter((r) => r?.state === 'rejected');
      if (refused.length > 0) {
        // the server said why: show it here, keep the figures, and give the corrected report new eventIds
        const first = refused[0]!;
        setServerError(first.error ? new ApiProblem(first.error.statusCode, first.error, false) : new Error(t('report.rejectedLocal')));
        for (const r of refused) await discard(r!.eventId);
        setEventIds((prev) => ({ ...prev, ...Object.fromEntries(refused.map((r) => [r!.body.criterionCode, newEventId()])) }));
        return;
      }
      const queued = ids.some((id) => left.get(id)?.state === 'waiting');
      setOutcome({ kind: queued ? 'queued' : 'sent', eventIds: ids });
      // a fresh form: new figures get new eventIds
      setValues({});
      setNote('');
      setTried(false);
      setErrors({});
      setEventIds(Object.fromEntries(targetsOf(form).map((c) => [c, newEventId()])));
      if (corrects && !queued) void navigate('/report', { replace: true });
    } finally {
      setBusy(false);
    }
  };

  if (criteria.isPending || (!kind && unit.isPending)) return <Loading />;
  if (criteria.error) return <ErrorBox error={criteria.error} onRetry={() => void criteria.refetch()} />;
  if (!kind && unit.error) return <ErrorBox error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!form) return <ErrorBox error={new Error(`${criterionCode}?`)} />;
  const errorCount = Object.keys(errors).length;
  return (
    <section className="narrow">
      <p className="breadcrumb">
        <Link to="/report">← {t('common.back')}</Link>
      </p>
      <h1>{t('form.title', { code: form.code, name: pick(form.nameVi, form.nameEn) })}</h1>
      {corrects && original.data && (
        <p className="notice warn">{t('form.correcting', { date: date(original.data.asOf) })}</p>
      )}
      {original.data?.review?.comment && <p className="small">{t('report.review.comment', { comment: original.data.review.comment })}</p>}
      {outcome && (
        <div className={`notice ${outcome.kind === 'queued' ? 'warn' : ''}`} role="status" data-testid="submit-result" data-outcome={outcome.kind} data-event-ids={outcome.eventIds.join(',')}>
          {outcome.kind === 'sent' ? t('form.sent', { eventId: outcome.eventIds.join(', ') }) : t('form.queued')}
          {outcome.kind === 'queued' && <div className="mono small">{outcome.eventIds.join(', ')}</div>}
        </div>
      )}
      {serverError != null && <ErrorBox error={serverError} />}
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="stack" data-testid="criterion-form" data-event-ids={Object.values(eventIds).join(',')}>
        {tried && errorCount > 0 && (
          <div className="error-box" role="alert" tabIndex={-1} ref={summaryRef} data-testid="form-errors">
            <strong>{t('form.fixErrors', { n: errorCount })}</strong>
            <ul>
              {Object.entries(errors).map(([k, v]) => (
                <li key={k}>
                  {k === 'asOf' ? `${t('form.asOf')}: ` : k === 'form' ? '' : `${k.slice(0, k.lastIndexOf('.'))}: `}
                  {v.text ? pick(v.text.vi, v.text.en) : t(v.key, v.params)}
                </li>
              ))}
            </ul>
          </div>
        )}
        <p className="small muted">{t('form.optionalHint')}</p>
        {fields.map((f) => (
          <IndicatorField
            key={f.code}
            field={f}
            value={values[f.code] ?? {}}
            errors={errors}
            last={lastByCode.get(f.code)}
            onChange={(v) => {
              const next = { ...values, [f.code]: v };
              setValues(next);
              revalidate(next, asOf);
            }}
          />
        ))}
        <div className="field">
          <label htmlFor="asOf">{t('form.asOf')}</label>
          <span className="hint" id="asOf-hint">
            {t('form.asOfHint')}
          </span>
          <input
            id="asOf"
            name="asOf"
            inputMode="numeric"
            autoComplete="off"
            placeholder="dd/mm/yyyy"
            value={asOf}
            onChange={(e) => {
              const v = maskVnDate(e.target.value);
              setAsOf(v);
              revalidate(values, v);
            }}
            aria-invalid={errors.asOf ? true : undefined}
            aria-describedby={errors.asOf ? 'asOf-hint asOf-err' : 'asOf-hint'}
          />
          <FieldErrorText id="asOf-err" error={errors.asOf} />
        </div>
        <div className="field">
          <label htmlFor="note">{t('form.note')}</label>
          <textarea id="note" name="note" maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        <button type="submit" className="primary big" disabled={busy || !cellId}>
          {busy ? t('common.wait') : online ? t('form.submit') : t('form.submitOffline')}
        </button>
        <p className="small muted">
          {t('form.eventId')}: <span className="mono">{Object.values(eventIds).join(', ')}</span>
        </p>
      </form>
    </section>
  );
}
