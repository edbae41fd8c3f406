import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { api, ApiProblem } from '../api/client';
import { DownloadButton } from '../components/DownloadButton';
import { ErrorBox } from '../components/ErrorBox';
import { useI18n } from '../i18n/i18n';

/** GET /api/v1/admin/catalogues */
export interface CatalogueVersion {
  id: string;
  titleVi: string;
  titleEn: string;
  periodFrom: string;
  periodTo: string;
  deadline: string;
  status: 'draft' | 'published';
  publishedAt: string | null;
  publishedBy: string | null;
  criteria: number;
  indicators: number;
  updatedAt: string;
}

/** One problem of an upload or one gap of a version (the 422 body's details). */
interface CatalogueProblem {
  sheet: string | null;
  row: number | null;
  column: string | null;
  field: string;
  problem: string;
  message: string;
  messageEn: string;
}

function Problems({ error }: { error: ApiProblem }) {
  const { t, locale } = useI18n();
  const problems = (error.body?.details ?? []) as unknown as CatalogueProblem[];
  return (
    <section className="error-box" role="alert" data-testid="catalogue-problems">
      <strong>{locale === 'en' ? error.body?.messageEn : error.body?.message}</strong>
      {problems.length > 0 && (
        <div className="table-wrap">
          <table className="import-problems">
            <caption>{t('catalogues.problems', { n: problems.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('catalogues.col.sheet')}</th>
                <th scope="col">{t('catalogues.col.row')}</th>
                <th scope="col">{t('catalogues.col.column')}</th>
                <th scope="col">{t('catalogues.col.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((p, i) => (
                <tr key={i} data-sheet={p.sheet ?? ''} data-row={p.row ?? ''} data-column={p.column ?? ''} data-problem={p.problem}>
                  <td>{p.sheet ?? '–'}</td>
                  <td>{p.row ?? '–'}</td>
                  <td>
                    {p.column ?? '–'} <span className="small muted">({p.field})</span>
                  </td>
                  <td>{locale === 'en' ? p.messageEn : p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Failure({ error }: { error: unknown }) {
  return error instanceof ApiProblem && error.body && (error.status === 422 || error.status === 409) ? <Problems error={error} /> : <ErrorBox error={error} />;
}

/**
 * Criteria catalogues (bộ tiêu chí), administrators only: the versions with their status, the template, the upload of a
 * filled-in template or a JSON file (every problem by sheet, row and column; nothing stored while any remains), and
 * publishing a complete draft.
 */
export function CataloguesPage() {
  const { t, date, dateTime, locale } = useI18n();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const versions = useQuery<CatalogueVersion[]>({
    queryKey: ['catalogues'],
    queryFn: ({ signal }) => api<CatalogueVersion[]>('/api/v1/admin/catalogues', { signal }),
  });

  const run = async (action: () => Promise<CatalogueVersion>, message: (v: CatalogueVersion) => string) => {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      const v = await action();
      setDone(message(v));
      void qc.invalidateQueries({ queryKey: ['catalogues'] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const onUpload = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append('file', file, file.name);
    void run(
      () => api<CatalogueVersion>('/api/v1/admin/catalogues', { form }),
      (v) => t('catalogues.uploaded', { id: v.id, criteria: v.criteria, indicators: v.indicators }),
    );
  };
  const publish = (id: string) =>
    void run(
      () => api<CatalogueVersion>(`/api/v1/admin/catalogues/${encodeURIComponent(id)}/publish`, { method: 'POST' }),
      (v) => t('catalogues.publishedOk', { id: v.id }),
    );

  return (
    <div className="import-page">
      <h1>{t('catalogues.title')}</h1>
      <p>{t('catalogues.intro')}</p>

      <section aria-labelledby="catalogue-versions">
        <h2 id="catalogue-versions">{t('catalogues.versions')}</h2>
        {versions.error != null && <ErrorBox error={versions.error} />}
        {versions.data && (
          <div className="table-wrap">
            <table data-testid="catalogue-versions">
              <thead>
                <tr>
                  <th scope="col">{t('catalogues.col.version')}</th>
                  <th scope="col">{t('catalogues.col.period')}</th>
                  <th scope="col">{t('catalogues.col.size')}</th>
                  <th scope="col">{t('catalogues.col.status')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('catalogues.col.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {versions.data.map((v) => (
                  <tr key={v.id} data-version={v.id} data-status={v.status}>
                    <td>
                      <strong>{v.id}</strong>
                      <br />
                      <span className="small">{locale === 'en' ? v.titleEn : v.titleVi}</span>
                    </td>
                    <td>
                      {date(v.periodFrom)} – {date(v.periodTo)}
                    </td>
                    <td>{t('catalogues.size', { criteria: v.criteria, indicators: v.indicators })}</td>
                    <td>
                      {v.status === 'published' ? t('catalogues.status.published') : t('catalogues.status.draft')}
                      {v.publishedAt && (
                        <span className="small muted">
                          {' '}
                          ({dateTime(v.publishedAt)}
                          {v.publishedBy ? ` · ${v.publishedBy}` : ''})
                        </span>
                      )}
                    </td>
                    <td>
                      {v.status === 'draft' && (
                        <button type="button" className="primary" disabled={busy} onClick={() => publish(v.id)} data-testid={`catalogue-publish-${v.id}`}>
                          {t('catalogues.publish')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="catalogue-template">
        <h2 id="catalogue-template">{t('catalogues.step1')}</h2>
        <p>{t('catalogues.templateHelp')}</p>
        <DownloadButton
          path="/api/v1/admin/catalogues/template.xlsx"
          label={t('catalogues.download')}
          fallbackName="catalogue-template.xlsx"
          testId="catalogue-template"
        />
      </section>

      <section className="card" aria-labelledby="catalogue-upload">
        <h2 id="catalogue-upload">{t('catalogues.step2')}</h2>
        <p className="muted">{t('catalogues.uploadHelp')}</p>
        <form onSubmit={onUpload}>
          <label htmlFor="catalogue-file">{t('catalogues.file')}</label>{' '}
          <input
            id="catalogue-file"
            type="file"
            accept=".xlsx,.json,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            data-testid="catalogue-file"
          />{' '}
          <button type="submit" className="primary" disabled={!file || busy} data-testid="catalogue-upload">
            {t('catalogues.upload')}
          </button>
        </form>
      </section>
      {done && (
        <p role="status" className="card" data-testid="catalogue-done">
          {done}
        </p>
      )}
      {error != null && <Failure error={error} />}
    </div>
  );
}
