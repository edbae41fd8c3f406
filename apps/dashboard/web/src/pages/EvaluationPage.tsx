import { Link, useNavigate, useParams } from 'react-router';
import { useCriteria, useLiveQuery } from '../api/queries';
import type { Evaluation } from '../api/types';
import { DownloadButton } from '../components/DownloadButton';
import { ErrorBox } from '../components/ErrorBox';
import { Loading, Txt, UnitName } from '../components/common';
import { useI18n } from '../i18n/i18n';

/** The year-end evaluation of the cells from their pledge fulfilment, as the district's report writes it. */
export function EvaluationPage() {
  const { year: yearParam } = useParams();
  const navigate = useNavigate();
  const { t, num, pick } = useI18n();
  const criteria = useCriteria();
  const period = criteria.data?.version;
  // the pledges run from the programme's start to its deadline; without a year: the last one that has ended or runs now
  const lastYear = period ? Math.min(new Date().getFullYear(), Number(period.periodTo.slice(0, 4))) : null;
  const year = Number(yearParam) || lastYear;
  const from = period ? Number(period.periodFrom.slice(0, 4)) : 0;
  const years = period ? Array.from({ length: Number(period.periodTo.slice(0, 4)) - from + 1 }, (_, i) => from + i) : [];
  const q = useLiveQuery<Evaluation>(['evaluation', year], year ? `/api/v1/evaluations/${year}` : null);
  const e = q.data;
  return (
    <>
      <h1>{e ? <Txt text={e.title} /> : t('eval.title', { year: year ?? '' })}</h1>
      <p className="small muted" data-testid="evaluation-nature">
        {t('eval.nature')}
      </p>
      <div className="row">
        <label htmlFor="year">{t('eval.year')}</label>
        <select id="year" value={year ?? ''} onChange={(ev) => navigate(`/evaluation/${ev.target.value}`)} style={{ width: 'auto' }}>
          {[...new Set([...years, ...(year ? [year] : [])])].sort().map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
        {year && (
          <DownloadButton
            path={`/api/v1/exports/evaluation-${year}.xlsx`}
            label={t('eval.export')}
            fallbackName={`danh-gia-chi-bo-${year}.xlsx`}
            testId="export-evaluation"
          />
        )}
      </div>
      {(q.isPending || criteria.isPending) && <Loading />}
      {q.error && <ErrorBox error={q.error} onRetry={() => void q.refetch()} />}
      {e && (
        <>
          <section className="card" aria-labelledby="eval-report" style={{ marginTop: '0.8rem' }}>
            <h2 id="eval-report">{t('eval.report')}</h2>
            <ul data-testid="evaluation-lines">
              {e.reportLines.map((l, i) => (
                <li key={i}>{pick(l.vi, l.en)}</li>
              ))}
            </ul>
            <p>
              <Txt text={e.reportText} />
            </p>
            <p className="small muted">
              {t('eval.capNote')}: <Txt text={e.cap.text} />
            </p>
            {e.undecided > 0 && (
              <p className="small" data-testid="evaluation-ties">
                <strong>{t('eval.ties', { n: e.undecided })}</strong>
              </p>
            )}
            {e.scopes.length > 1 && (
              <details className="small">
                <summary>{t('eval.byCommittee', { n: e.scopes.length })}</summary>
                <ul>
                  {e.scopes.map((sc) => (
                    <li key={sc.id}>
                      <strong>{sc.name ?? sc.id}</strong>: {sc.reportLines.map((l) => pick(l.vi, l.en)).join('; ')} · <Txt text={sc.cap.text} />
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </section>
          <section className="card">
            <div className="table-wrap">
              <table data-testid="evaluation">
                <thead>
                  <tr>
                    <th scope="col">{t('dash.cell')}</th>
                    <th scope="col" className="num">
                      {t('eval.score')}
                    </th>
                    <th scope="col">{t('eval.level')}</th>
                  </tr>
                </thead>
                <tbody>
                  {e.collectives.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        <Link to={`/cells/${c.id}`}>
                          <UnitName name={c.name} placeholder={c.placeholder} />
                        </Link>
                        <div className="small muted">{c.communeName}</div>
                      </th>
                      <td className="num">{num(c.score)}</td>
                      <td data-tied={c.level === null ? 'true' : undefined}>
                        <Txt text={c.levelName} />
                        {c.reason && (
                          <div className="small muted">
                            <Txt text={c.reason} />
                          </div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </>
  );
}
