import { useState } from 'react';
import { Link } from 'react-router';
import { useCellRankings } from '../api/queries';
import { ErrorBox } from '../components/ErrorBox';
import { Loading, Txt, UnitName } from '../components/common';
import { useI18n } from '../i18n/i18n';

/** The emulation ranking of the cells by pledge fulfilment (ties share a rank). */
export function Ranking({ asOf }: { asOf?: string | null }) {
  const { t, num } = useI18n();
  const q = useCellRankings(asOf);
  const [all, setAll] = useState(false);
  const rows = q.data?.cells ?? [];
  const shown = all ? rows : rows.slice(0, 10);
  return (
    <section className="card" aria-labelledby="ranking-title">
      <h2 id="ranking-title">{t('dash.ranking')}</h2>
      {q.isPending && <Loading />}
      {q.error && <ErrorBox error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <>
          <p className="small muted">
            <Txt text={q.data.basis} />
          </p>
          <div className="table-wrap">
            <table data-testid="ranking">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('dash.rank')}
                  </th>
                  <th scope="col">{t('dash.cell')}</th>
                  <th scope="col" className="num">
                    {t('dash.fulfilment')}
                  </th>
                  <th scope="col" className="num">
                    {t('dash.items')}
                  </th>
                  <th scope="col" className="num">
                    {t('dash.overdue')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.id} data-cell={r.id}>
                    <td className="num">{r.rank}</td>
                    <th scope="row">
                      <Link to={`/cells/${r.id}`}>
                        <UnitName name={r.name} placeholder={r.placeholder} />
                      </Link>
                      <div className="small muted">{r.communeName}</div>
                    </th>
                    <td className="num">{r.score === null ? '–' : num(r.score)}</td>
                    <td className="num">
                      {r.metOnTime}/{r.items}
                    </td>
                    <td className="num">{r.forecast.overdue ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length > 10 && (
            <button type="button" className="secondary" onClick={() => setAll(!all)} aria-expanded={all}>
              {all ? t('common.showLess') : t('common.showAll', { n: rows.length })}
            </button>
          )}
        </>
      )}
    </section>
  );
}
