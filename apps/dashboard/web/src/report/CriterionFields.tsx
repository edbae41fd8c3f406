import type { IndicatorStatus } from '../api/types';
import { useIndicatorValue } from '../components/IndicatorTable';
import { useI18n } from '../i18n/i18n';
import type { FormField } from './reportable';
import { parseLocalNumber, type FieldError, type IndicatorInput } from './validate-form';

/**
 * The criterion form's fields (issue 16: the form split into fields, outbox and mapping): one indicator as the
 * reporter counts it, with the last stored figure and the field's own error.
 */
export function FieldErrorText({ id, error }: { id: string; error?: FieldError }) {
  const { t, pick } = useI18n();
  if (!error) return null;
  return (
    <div className="field-error" id={id}>
      {error.text ? pick(error.text.vi, error.text.en) : t(error.key, error.params)}
    </div>
  );
}

export function IndicatorField({
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
    last && last.newestAsOf && (last.value !== null || last.numerator !== null)
      ? t('report.lastValue', { value: show(last), date: date(last.newestAsOf) })
      : null,
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
      {hint && (
        <p className="hint small muted" style={{ marginTop: 0 }}>
          {hint}
        </p>
      )}
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
