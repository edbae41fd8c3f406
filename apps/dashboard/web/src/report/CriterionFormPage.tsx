import { useQuery } from '@tanstack/react-query';
import { FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, ApiProblem } from '../api/client';
import { useCriteria } from '../api/queries';
import type { IndicatorStatus, Submission } from '../api/types';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { useOnline } from '../offline/useOutbox';
import { FieldErrorText, IndicatorField } from './CriterionFields';
import { inputsFrom, newEventId, nowVnIso, targetsOf, todayVn, updatesFrom, type Outcome } from './criterion-form-mapping';
import { discardAll, sendThroughOutbox } from './criterion-form-outbox';
import { formsFor } from './reportable';
import { useReportingUnit } from './reporting-unit';
import { checkForm, formatVnDate, maskVnDate, type FieldError, type IndicatorInput } from './validate-form';

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
  const fields = useMemo(
    () => (form ? form.fields.filter((f) => !original.data || f.target.criterionCode === original.data.criterionCode) : []),
    [form, original.data],
  );
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
    unit.data?.tiers.flatMap((tier) => tier.criteria.filter((c) => c.code === criterionCode).flatMap((c) => c.indicators.map((i) => [i.code, i] as const))) ??
      [],
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
      const bodies = updatesFrom(fields, check.readings, { eventIds, unitId: cellId, asOf: check.asOf!, reportedAt: nowVnIso(), note });
      const { ids, refused, queued } = await sendThroughOutbox(bodies, corrects, `${form.code} ${pick(form.nameVi, form.nameEn)}`);
      if (refused.length > 0) {
        // the server said why: show it here, keep the figures, and give the corrected report new eventIds
        const first = refused[0];
        setServerError(first.error ? new ApiProblem(first.error.statusCode, first.error, false) : new Error(t('report.rejectedLocal')));
        await discardAll(refused);
        setEventIds((prev) => ({ ...prev, ...Object.fromEntries(refused.map((r) => [r.body.criterionCode, newEventId()])) }));
        return;
      }
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
      {corrects && original.data && <p className="notice warn">{t('form.correcting', { date: date(original.data.asOf) })}</p>}
      {original.data?.review?.comment && <p className="small">{t('report.review.comment', { comment: original.data.review.comment })}</p>}
      {outcome && (
        <div
          className={`notice ${outcome.kind === 'queued' ? 'warn' : ''}`}
          role="status"
          data-testid="submit-result"
          data-outcome={outcome.kind}
          data-event-ids={outcome.eventIds.join(',')}
        >
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
