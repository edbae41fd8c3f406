import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useId, useState } from 'react';
import { api } from '../api/client';
import { getSession } from '../auth/session';
import { useSession } from '../auth/useSession';
import { DownloadButton } from '../components/DownloadButton';
import { ErrorBox } from '../components/ErrorBox';
import { useI18n, type MessageKey } from '../i18n/i18n';

/** A problem of an uploaded spreadsheet (intake's import job), by row and column. */
export interface ImportProblem {
  row: number | null;
  column: string | null;
  cell: string | null;
  field: string;
  problem: string;
  message: string;
  messageEn: string;
}

/** GET /api/v1/imports/{id} */
export interface ImportJob {
  id: string;
  fileName: string;
  fileSize: number;
  uploadedBy: string;
  status: 'queued' | 'processing' | 'done' | 'failed';
  phase: 'reading' | 'checking' | 'storing' | null;
  progress: number;
  rows: { total: number; checked: number; valid: number; invalid: number; stored: number; alreadyStored: number };
  problemCount: number;
  problems?: ImportProblem[];
  failure: { problem: string; message: string; messageEn: string } | null;
  sameFileAs: string[];
  createdAt: string;
  finishedAt: string | null;
}

const finished = (j: ImportJob | null) => j?.status === 'done' || j?.status === 'failed';
/** Problems listed at first (a file with thousands of wrong rows shows the rest on demand). */
const FIRST_PROBLEMS = 200;

/**
 * Follows an import job: its Server-Sent Events (progress, then done with the problems) while the stream works, else
 * its status every 2 s (the stream needs the token in the address; an expired one, a proxy or an old browser fall back).
 */
function useImportJob(id: string | null): ImportJob | null {
  const [job, setJob] = useState<ImportJob | null>(null);
  useEffect(() => {
    setJob(null);
    if (!id) return;
    let stopped = false;
    let es: EventSource | null = null;
    let timer: number | undefined;
    const poll = async () => {
      try {
        const j = await api<ImportJob>(`/api/v1/imports/${encodeURIComponent(id)}`);
        if (stopped) return;
        setJob(j);
        if (finished(j)) return;
      } catch {
        /* try again */
      }
      if (!stopped) timer = window.setTimeout(() => void poll(), 2000);
    };
    const token = getSession()?.accessToken;
    if (typeof EventSource !== 'undefined' && token) {
      es = new EventSource(`/api/v1/imports/${encodeURIComponent(id)}/events?token=${encodeURIComponent(token)}`);
      const take = (e: MessageEvent<string>) => setJob(JSON.parse(e.data) as ImportJob);
      es.addEventListener('progress', take);
      es.addEventListener('done', (e) => {
        take(e as MessageEvent<string>);
        es?.close();
      });
      es.onerror = () => {
        es?.close();
        if (!stopped) void poll();
      };
    } else void poll();
    return () => {
      stopped = true;
      es?.close();
      window.clearTimeout(timer);
    };
  }, [id]);
  return job;
}

function Progress({ job }: { job: ImportJob }) {
  const { t, num } = useI18n();
  const phase: MessageKey = job.status === 'queued' ? 'import.phase.queued' : job.phase ? (`import.phase.${job.phase}` as MessageKey) : 'import.phase.reading';
  const labelId = useId();
  return (
    <div className="import-progress" data-testid="import-progress">
      <p id={labelId}>
        {t(phase)}
        {job.phase === 'checking' && ` ${t('import.rowsOf', { n: num(job.rows.checked, 0), total: num(job.rows.total, 0) })}`}
        {job.phase === 'storing' && ` ${t('import.rowsOf', { n: num(job.rows.stored + job.rows.alreadyStored, 0), total: num(job.rows.valid, 0) })}`}
      </p>
      <progress max={1} value={job.progress} aria-labelledby={labelId} />
      <span className="small muted"> {Math.round(job.progress * 100)}%</span>
    </div>
  );
}

function Result({ job }: { job: ImportJob }) {
  const { t, num, locale } = useI18n();
  const [all, setAll] = useState(false);
  const problems = job.problems ?? [];
  const shown = all ? problems : problems.slice(0, FIRST_PROBLEMS);
  if (job.status === 'failed')
    return (
      <div className="error-box" role="alert" data-testid="import-failed">
        <strong>{t('import.failed')}</strong> {job.failure ? (locale === 'en' ? job.failure.messageEn : job.failure.message) : ''}
      </div>
    );
  return (
    <section aria-labelledby="import-result" data-testid="import-result">
      <h2 id="import-result">{t('import.result')}</h2>
      <ul className="import-counts">
        <li>{t('import.count.total', { n: num(job.rows.total, 0) })}</li>
        <li data-testid="import-stored">{t('import.count.stored', { n: num(job.rows.stored, 0) })}</li>
        {job.rows.alreadyStored > 0 && <li data-testid="import-already">{t('import.count.already', { n: num(job.rows.alreadyStored, 0) })}</li>}
        <li data-testid="import-invalid">{t('import.count.invalid', { n: num(job.rows.invalid, 0) })}</li>
      </ul>
      {job.sameFileAs.length > 0 && <p className="muted">{t('import.sameFile')}</p>}
      {problems.length > 0 && (
        <>
          <h3>{t('import.problems', { n: num(job.problemCount, 0) })}</h3>
          <div className="table-wrap">
            <table className="import-problems" data-testid="import-problems">
              <thead>
                <tr>
                  <th scope="col">{t('import.col.row')}</th>
                  <th scope="col">{t('import.col.column')}</th>
                  <th scope="col">{t('import.col.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((p, i) => (
                  <tr key={i} data-row={p.row ?? ''} data-column={p.column ?? ''} data-problem={p.problem}>
                    <td>{p.row ?? '–'}</td>
                    <td>
                      {p.column ? t(`import.column.${p.column}` as MessageKey) : t('import.column.whole')}
                      {p.cell && <span className="small muted"> ({p.cell})</span>}
                    </td>
                    <td>{locale === 'en' ? p.messageEn : p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {problems.length > FIRST_PROBLEMS && (
            <button type="button" className="text-button" onClick={() => setAll(!all)}>
              {all ? t('common.showLess') : t('common.showAll', { n: num(problems.length, 0) })}
            </button>
          )}
          {job.problemCount > problems.length && <p className="small muted">{t('import.moreProblems', { n: num(job.problemCount - problems.length, 0) })}</p>}
        </>
      )}
    </section>
  );
}

/**
 * Import readings from a spreadsheet (commune officers: the commune's cells and its own figures; administrators: any
 * unit): download the template, fill it in, upload it; a progress bar while the file is processed, then every problem
 * by row and column. The valid rows become ordinary reports; the same file uploaded again stores nothing new.
 */
export function ImportPage() {
  const { t, dateTime, num } = useI18n();
  const session = useSession();
  const qc = useQueryClient();
  const [asOf, setAsOf] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const job = useImportJob(jobId);
  const recent = useQuery<ImportJob[]>({ queryKey: ['imports'], queryFn: ({ signal }) => api<ImportJob[]>('/api/v1/imports', { signal }) });
  useEffect(() => {
    if (finished(job)) void qc.invalidateQueries({ queryKey: ['imports'] });
  }, [job?.status, qc]); // on a change of status only, not at every poll of the job

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const accepted = await api<ImportJob>('/api/v1/imports', { form });
      setJobId(accepted.id);
      void qc.invalidateQueries({ queryKey: ['imports'] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const scope = session?.user.role === 'administrator' ? t('import.scopeAdmin') : t('import.scopeOfficer', { unit: session?.user.unitId ?? '' });
  return (
    <div className="import-page">
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <p className="muted">{scope}</p>

      <section className="card" aria-labelledby="import-template">
        <h2 id="import-template">{t('import.step1')}</h2>
        <p>{t('import.templateHelp')}</p>
        <label htmlFor="import-as-of">{t('import.asOf')}</label> <input id="import-as-of" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />{' '}
        <DownloadButton
          path={`/api/v1/imports/template.xlsx${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`}
          label={t('import.download')}
          fallbackName="mau-nhap-so-lieu.xlsx"
          testId="import-template"
        />
      </section>

      <section className="card" aria-labelledby="import-upload">
        <h2 id="import-upload">{t('import.step2')}</h2>
        <form onSubmit={(e) => void onSubmit(e)}>
          <label htmlFor="import-file">{t('import.file')}</label>{' '}
          <input
            id="import-file"
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            data-testid="import-file"
          />{' '}
          <button type="submit" className="primary" disabled={!file || busy || (!!job && !finished(job))} data-testid="import-upload">
            {t('import.upload')}
          </button>
        </form>
        {error != null && <ErrorBox error={error} />}
        {job && !finished(job) && <Progress job={job} />}
        {job && finished(job) && <Result job={job} />}
      </section>

      <section aria-labelledby="import-recent">
        <h2 id="import-recent">{t('import.recent')}</h2>
        {recent.data && recent.data.length === 0 && <p className="muted">{t('common.none')}</p>}
        {recent.data && recent.data.length > 0 && (
          <ul className="import-recent">
            {recent.data.map((j) => (
              <li key={j.id}>
                <button type="button" className="text-button" onClick={() => setJobId(j.id)}>
                  {j.fileName}
                </button>{' '}
                <span className="small muted">
                  {dateTime(j.createdAt)} · {j.uploadedBy} · {t(`import.status.${j.status}` as MessageKey)}
                  {j.status === 'done' &&
                    ` · ${t('import.count.stored', { n: num(j.rows.stored, 0) })}, ${t('import.count.invalid', { n: num(j.rows.invalid, 0) })}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
