import { comparatorSymbol, formatRequirement } from '@pledge/domain/status/value-format';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiProblem, type ApiErrorDetail } from '../api/client';
import type { CatalogueCriterion, CatalogueIndicator, Criteria, Programme, Programmes, ResignBody, ResignResult } from '../api/types';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/common';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { parseLocalNumber } from '../report/validate-form';

type Comparator = ResignBody['pledges'][number]['items'][number]['target']['comparator'];
const COMPARATORS: readonly Comparator[] = ['>=', '<=', '==', '>', '<'];

/** One item as the form holds it (text as typed; turned into the API's body on sending). */
interface ItemDraft {
  key: number;
  criterionCode: string;
  indicatorCode: string;
  comparator: string;
  value: string;
  dueDate: string;
  note: string;
}

let nextKey = 1;
const blankItem = (): ItemDraft => ({ key: nextKey++, criterionCode: '', indicatorCode: '', comparator: '>=', value: '', dueDate: '', note: '' });

/** The indicators a cell can pledge: those the cells report (the server refuses the others: not_reported_by_cells). */
const cellIndicators = (c: CatalogueCriterion): CatalogueIndicator[] => c.indicators.filter((i) => i.reportedBy === 'cell');

/**
 * The API's body for the form: a yes/no target as true/false, a number as typed (decimal comma accepted); what cannot
 * be read is sent as typed, or left out when empty, so that the server names the problem next to its field.
 */
function bodyOf(cellId: string, signedOn: string, items: ItemDraft[], indicatorOf: (it: ItemDraft) => CatalogueIndicator | undefined): ResignBody {
  return {
    pledges: [
      {
        cellId,
        signedOn,
        items: items.map((it) => {
          const kind = indicatorOf(it)?.kind;
          const n = parseLocalNumber(it.value);
          const value =
            kind === 'boolean'
              ? it.value === 'true'
                ? true
                : it.value === 'false'
                  ? false
                  : undefined
              : n === undefined
                ? undefined
                : Number.isNaN(n)
                  ? it.value
                  : n;
          return {
            criterionCode: it.criterionCode,
            indicatorCode: it.indicatorCode,
            target: { comparator: it.comparator as Comparator, value: value as number | boolean },
            dueDate: it.dueDate,
            ...(it.note.trim() ? { note: it.note.trim() } : {}),
          };
        }),
      },
    ],
  };
}

/** The problems of a refused pledge by field, without the `pledges[0].` the API puts before each (one pledge is sent). */
function problemsOf(error: unknown): ApiErrorDetail[] | null {
  if (!(error instanceof ApiProblem) || !error.body) return null;
  if (error.status === 409 && error.body.error === 'already_signed')
    return [{ field: 'cellId', problem: 'already_signed', message: error.body.message, messageEn: error.body.messageEn }];
  if (error.status !== 400) return null;
  return (error.body.details ?? []).map((d) => ({ ...d, field: d.field.replace(/^pledges\[0\]\.?/, '') || '(body)' }));
}

/** The problems of one field, next to it (the field's `aria-describedby` names this id). */
function FieldProblems({ id, field, problems }: { id: string; field: string; problems: ApiErrorDetail[] }) {
  const { locale } = useI18n();
  const mine = problems.filter((p) => p.field === field);
  if (mine.length === 0) return null;
  return (
    <div id={id}>
      {mine.map((p, i) => (
        <div key={i} className="field-error" data-testid="resign-error" data-field={field} data-problem={p.problem}>
          {locale === 'en' ? p.messageEn : p.message}
        </div>
      ))}
    </div>
  );
}

/**
 * Re-signing a cell's pledge for a new programme (issue 14), administrators only: the programme (a commune programme
 * not closed), the cell (under one of its communes today), the signing day and the items — indicators the cells report
 * in the programme's published catalogue, each with a target and a due date. Sent to POST
 * /api/v1/admin/programmes/{id}/pledges; every problem the server finds (libs/domain checkResign) is shown next to its
 * field, nothing being stored; the stored pledge is shown once signed.
 */
export function ResignPage() {
  const { t, date, pick, locale, num } = useI18n();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [cellId, setCellId] = useState('');
  const [signedOn, setSignedOn] = useState('');
  const [items, setItems] = useState<ItemDraft[]>(() => [blankItem()]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ result: ResignResult; cellName: string } | null>(null);

  const programmes = useQuery<Programmes>({ queryKey: ['programmes', 'resign'], queryFn: ({ signal }) => api<Programmes>('/api/v1/programmes', { signal }) });
  const choices: Programme[] = (programmes.data?.programmes ?? []).filter((p) => p.targetKind === 'commune' && p.status !== 'closed');
  const programme = choices.find((p) => p.id === params.get('programme')) ?? choices.find((p) => p.inForce) ?? choices[0];
  const version = programme?.catalogueVersion;
  const catalogue = useQuery<Criteria>({
    queryKey: ['criteria', version],
    queryFn: ({ signal }) => api<Criteria>(`/api/v1/criteria?version=${encodeURIComponent(version ?? '')}`, { signal }),
    enabled: !!programme?.cataloguePublished,
  });

  if (programmes.isError) return <ErrorBox error={programmes.error} />;
  if (!programmes.data) return <Loading />;

  const criteria = (catalogue.data?.criteria ?? []).filter((c) => cellIndicators(c).length > 0);
  const criterionOf = (code: string) => criteria.find((c) => c.code === code);
  const indicatorOf = (it: ItemDraft) => criterionOf(it.criterionCode)?.indicators.find((i) => i.code === it.indicatorCode);
  const problems = problemsOf(error) ?? [];
  const has = (field: string) => problems.some((p) => p.field === field);
  const describedBy = (id: string, field: string) => (has(field) ? `${id}-err` : undefined);
  const cellName = (id: string) => programme?.targets.flatMap((x) => x.cells).find((c) => c.id === id)?.name ?? id;
  const deadline = programme ? (programme.deadlines[programme.deadlines.length - 1]?.on ?? programme.periodTo) : '';

  const update = (key: number, change: Partial<ItemDraft>) => setItems((list) => list.map((it) => (it.key === key ? { ...it, ...change } : it)));
  const pickCriterion = (key: number, code: string) => {
    const first = criterionOf(code) ? cellIndicators(criterionOf(code)!)[0] : undefined;
    update(key, { criterionCode: code, indicatorCode: first?.code ?? '', comparator: first?.threshold.comparator ?? '>=', value: '' });
  };
  const pickIndicator = (key: number, criterionCode: string, code: string) => {
    const ind = criterionOf(criterionCode)?.indicators.find((i) => i.code === code);
    update(key, { indicatorCode: code, comparator: ind?.threshold.comparator ?? '>=', value: '' });
  };
  const choose = (id: string) => {
    setParams(id ? { programme: id } : {}, { replace: true });
    setError(null);
    setDone(null);
    setCellId('');
    setItems([blankItem()]);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!programme) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const result = await api<ResignResult>(`/api/v1/admin/programmes/${encodeURIComponent(programme.id)}/pledges`, {
        body: bodyOf(cellId, signedOn, items, indicatorOf),
      });
      setDone({ result, cellName: cellName(cellId) });
      setCellId('');
      setItems([blankItem()]);
      void qc.invalidateQueries({ queryKey: ['programme-figures'] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const general = problems.filter((p) => p.field !== 'cellId' && p.field !== 'signedOn' && p.field !== 'items' && !p.field.startsWith('items['));
  /** "≥ 2 điểm", "= có": the target as the catalogue's levels read (libs/domain formatRequirement). */
  const targetText = (target: { comparator: Comparator; value: number | boolean }, ind: CatalogueIndicator | undefined) => {
    if (!ind)
      return `${comparatorSymbol(target.comparator)} ${typeof target.value === 'boolean' ? (target.value ? t('common.yes') : t('common.no')) : num(target.value, 2)}`;
    const text = formatRequirement(ind, target.comparator, target.value);
    return pick(text.vi, text.en);
  };

  return (
    <div className="resign-page">
      <h1>{t('resign.title')}</h1>
      <p>{t('resign.intro')}</p>
      {choices.length === 0 ? (
        <p role="note">{t('resign.noProgramme')}</p>
      ) : (
        <div className="field">
          <label htmlFor="resign-programme">{t('resign.programme')}</label>
          <select id="resign-programme" data-testid="resign-programme" value={programme?.id ?? ''} onChange={(e) => choose(e.target.value)}>
            {choices.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id} · {pick(p.title.vi, p.title.en)}
              </option>
            ))}
          </select>
        </div>
      )}
      {programme && !programme.cataloguePublished && <p role="note">{t('resign.waitCatalogue', { version: programme.catalogueVersion })}</p>}
      {catalogue.isError && <ErrorBox error={catalogue.error} />}
      {programme?.cataloguePublished && catalogue.data && criteria.length === 0 && (
        <p role="note">{t('resign.noIndicators', { version: programme.catalogueVersion })}</p>
      )}

      {done && (
        <section className="card" role="status" data-testid="resign-done">
          <p>
            <strong>
              {t('resign.done', {
                id: done.result.pledges[0]?.id ?? '',
                cell: done.cellName,
                programme: done.result.programme,
                n: done.result.pledges[0]?.items.length ?? 0,
              })}
            </strong>
          </p>
          <ul>
            {(done.result.pledges[0]?.items ?? []).map((it) => {
              const ind = criteria.find((c) => c.code === it.criterionCode)?.indicators.find((i) => i.code === it.indicatorCode);
              return (
                <li key={it.id} data-item={it.id}>
                  {t('resign.doneItem', {
                    criterion: it.criterionCode,
                    indicator: ind ? `${it.indicatorCode} ${pick(ind.nameVi, ind.nameEn)}` : it.indicatorCode,
                    target: targetText(it.target, ind),
                    due: date(it.dueDate),
                  })}
                </li>
              );
            })}
          </ul>
          <p>
            <Link to="/programmes">{t('resign.back')}</Link>
          </p>
        </section>
      )}

      {problems.length > 0 && (
        <section className="error-box" role="alert" data-testid="resign-problems">
          <strong>{t('resign.problems', { n: problems.length })}</strong>
          {general.length > 0 && (
            <ul>
              {general.map((p, i) => (
                <li key={i} data-testid="resign-error" data-field={p.field} data-problem={p.problem}>
                  {locale === 'en' ? p.messageEn : p.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {error != null && problems.length === 0 && <ErrorBox error={error} />}

      {programme?.cataloguePublished && criteria.length > 0 && (
        <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="resign-form">
          <div className="card">
            <div className="field">
              <label htmlFor="resign-cell">{t('resign.cell')}</label>
              <select
                id="resign-cell"
                data-testid="resign-cell"
                value={cellId}
                onChange={(e) => setCellId(e.target.value)}
                aria-invalid={has('cellId') || undefined}
                aria-describedby={describedBy('resign-cell', 'cellId')}
              >
                <option value="">{t('resign.chooseCell')}</option>
                {programme.targets.map((x) => (
                  <optgroup key={x.unitId} label={x.name}>
                    {x.cells.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name} ({c.id})
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              <FieldProblems id="resign-cell-err" field="cellId" problems={problems} />
            </div>
            <div className="field">
              <label htmlFor="resign-signed-on">{t('resign.signedOn')}</label>
              <span className="hint" id="resign-signed-on-hint">
                {t('resign.period', { from: date(programme.periodFrom), to: date(deadline) })}
              </span>
              <input
                id="resign-signed-on"
                type="date"
                data-testid="resign-signed-on"
                value={signedOn}
                onChange={(e) => setSignedOn(e.target.value)}
                aria-invalid={has('signedOn') || undefined}
                aria-describedby={['resign-signed-on-hint', describedBy('resign-signed-on', 'signedOn')].filter(Boolean).join(' ')}
              />
              <FieldProblems id="resign-signed-on-err" field="signedOn" problems={problems} />
            </div>
          </div>

          <h2>{t('resign.items')}</h2>
          <FieldProblems id="resign-items-err" field="items" problems={problems} />
          {items.map((it, i) => {
            const base = `resign-item-${i}`;
            const at = `items[${i}]`;
            const criterion = criterionOf(it.criterionCode);
            const ind = indicatorOf(it);
            return (
              <fieldset key={it.key} className="card" data-testid={`resign-item-${i}`} aria-describedby={describedBy(base, at)}>
                <legend>{t('resign.item', { n: i + 1 })}</legend>
                <FieldProblems id={`${base}-err`} field={at} problems={problems} />
                <div className="field">
                  <label htmlFor={`${base}-criterion`}>{t('resign.criterion')}</label>
                  <select
                    id={`${base}-criterion`}
                    data-testid={`${base}-criterion`}
                    value={it.criterionCode}
                    onChange={(e) => pickCriterion(it.key, e.target.value)}
                    aria-invalid={has(`${at}.criterionCode`) || undefined}
                    aria-describedby={describedBy(`${base}-criterion`, `${at}.criterionCode`)}
                  >
                    <option value="">{t('resign.chooseCriterion')}</option>
                    {criteria.map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.code} · {pick(c.nameVi, c.nameEn)}
                      </option>
                    ))}
                  </select>
                  <FieldProblems id={`${base}-criterion-err`} field={`${at}.criterionCode`} problems={problems} />
                </div>
                <div className="field">
                  <label htmlFor={`${base}-indicator`}>{t('resign.indicator')}</label>
                  <select
                    id={`${base}-indicator`}
                    data-testid={`${base}-indicator`}
                    value={it.indicatorCode}
                    onChange={(e) => pickIndicator(it.key, it.criterionCode, e.target.value)}
                    aria-invalid={has(`${at}.indicatorCode`) || undefined}
                    aria-describedby={describedBy(`${base}-indicator`, `${at}.indicatorCode`)}
                  >
                    <option value="">{t('resign.chooseIndicator')}</option>
                    {(criterion ? cellIndicators(criterion) : []).map((x) => (
                      <option key={x.code} value={x.code}>
                        {x.code} · {pick(x.nameVi, x.nameEn)}
                      </option>
                    ))}
                  </select>
                  <FieldProblems id={`${base}-indicator-err`} field={`${at}.indicatorCode`} problems={problems} />
                </div>
                <div className="row">
                  <div className="field">
                    <label htmlFor={`${base}-comparator`}>{t('resign.comparator')}</label>
                    <select
                      id={`${base}-comparator`}
                      data-testid={`${base}-comparator`}
                      value={it.comparator}
                      onChange={(e) => update(it.key, { comparator: e.target.value })}
                      aria-invalid={has(`${at}.target.comparator`) || undefined}
                      aria-describedby={describedBy(`${base}-comparator`, `${at}.target.comparator`)}
                    >
                      {COMPARATORS.map((c) => (
                        <option key={c} value={c}>
                          {t(`resign.cmp.${c}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                    <FieldProblems id={`${base}-comparator-err`} field={`${at}.target.comparator`} problems={problems} />
                  </div>
                  <div className="field">
                    <label htmlFor={`${base}-value`}>{t('resign.value')}</label>
                    {ind && ind.kind !== 'boolean' && (
                      <span className="hint" id={`${base}-value-hint`}>
                        {t('resign.valueHint', { unit: pick(ind.unit, ind.unitEn ?? ind.unit) })}
                      </span>
                    )}
                    {ind?.kind === 'boolean' ? (
                      <select
                        id={`${base}-value`}
                        data-testid={`${base}-value`}
                        value={it.value}
                        onChange={(e) => update(it.key, { value: e.target.value })}
                        aria-invalid={has(`${at}.target.value`) || undefined}
                        aria-describedby={describedBy(`${base}-value`, `${at}.target.value`)}
                      >
                        <option value="" />
                        <option value="true">{t('common.yes')}</option>
                        <option value="false">{t('common.no')}</option>
                      </select>
                    ) : (
                      <input
                        id={`${base}-value`}
                        data-testid={`${base}-value`}
                        inputMode="decimal"
                        value={it.value}
                        onChange={(e) => update(it.key, { value: e.target.value })}
                        aria-invalid={has(`${at}.target.value`) || undefined}
                        aria-describedby={
                          [ind ? `${base}-value-hint` : undefined, describedBy(`${base}-value`, `${at}.target.value`)].filter(Boolean).join(' ') || undefined
                        }
                      />
                    )}
                    <FieldProblems id={`${base}-value-err`} field={`${at}.target.value`} problems={problems} />
                  </div>
                  <div className="field">
                    <label htmlFor={`${base}-due`}>{t('resign.dueDate')}</label>
                    <input
                      id={`${base}-due`}
                      type="date"
                      data-testid={`${base}-due`}
                      value={it.dueDate}
                      onChange={(e) => update(it.key, { dueDate: e.target.value })}
                      aria-invalid={has(`${at}.dueDate`) || undefined}
                      aria-describedby={describedBy(`${base}-due`, `${at}.dueDate`)}
                    />
                    <FieldProblems id={`${base}-due-err`} field={`${at}.dueDate`} problems={problems} />
                  </div>
                </div>
                <div className="field">
                  <label htmlFor={`${base}-note`}>{t('resign.note')}</label>
                  <input
                    id={`${base}-note`}
                    value={it.note}
                    onChange={(e) => update(it.key, { note: e.target.value })}
                    aria-invalid={has(`${at}.note`) || undefined}
                    aria-describedby={describedBy(`${base}-note`, `${at}.note`)}
                  />
                  <FieldProblems id={`${base}-note-err`} field={`${at}.note`} problems={problems} />
                </div>
                {items.length > 1 && (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      setError(null); // the problems name items by position
                      setItems((list) => list.filter((x) => x.key !== it.key));
                    }}
                  >
                    {t('resign.removeItem', { n: i + 1 })}
                  </button>
                )}
              </fieldset>
            );
          })}
          <p className="row">
            <button type="button" className="secondary" onClick={() => setItems((list) => [...list, blankItem()])} data-testid="resign-add-item">
              {t('resign.addItem')}
            </button>
            <button type="submit" className="primary" disabled={busy} data-testid="resign-submit">
              {t('resign.submit')}
            </button>
          </p>
        </form>
      )}
    </div>
  );
}
