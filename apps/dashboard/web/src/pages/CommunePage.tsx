import { Link, useParams } from 'react-router';
import { useProgress, useUnitProgress } from '../api/queries';
import { ErrorBox } from '../components/ErrorBox';
import { IndicatorTable } from '../components/IndicatorTable';
import { AsOfNote, Breadcrumbs, Loading, StatusChip, Txt, UnitName } from '../components/common';
import { useI18n } from '../i18n/i18n';

/** District → commune: the commune's standards with each criterion and indicator, and its cells. */
export function CommunePage() {
  const { communeId } = useParams();
  const { t, pick } = useI18n();
  const q = useUnitProgress(communeId);
  const progress = useProgress();
  const u = q.data;
  const cells = progress.data?.heatmap.rows.filter((r) => r.communeId === communeId) ?? [];
  return (
    <>
      <Breadcrumbs items={[{ to: '/dashboard', label: progress.data?.district.name ?? t('drill.district') }, { label: u ? u.unit.name : communeId }]} />
      {q.isPending && <Loading />}
      {q.error && <ErrorBox error={q.error} onRetry={() => void q.refetch()} />}
      {u && (
        <>
          <h1>
            <UnitName name={u.unit.name} placeholder={u.unit.placeholder} />
          </h1>
          {u.asOfNote && (
            <p className="small muted">
              <AsOfNote note={u.asOfNote} />
            </p>
          )}
          <section className="card" aria-labelledby="cells-title">
            <h2 id="cells-title">{t('drill.cells')}</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('dash.cell')}</th>
                    <th scope="col">{t('dash.standard')}</th>
                    <th scope="col" className="num">
                      {t('dash.fulfilment')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {cells.map((c) => (
                    <tr key={c.id} data-cell={c.id}>
                      <th scope="row">
                        <Link to={`/cells/${c.id}`}>
                          <UnitName name={c.name} placeholder={c.placeholder} />
                        </Link>
                      </th>
                      <td>
                        {c.standard && <StatusChip status={c.standard.status} />} <span className="small">{c.standard && <Txt text={c.standard.label} />}</span>
                      </td>
                      <td className="num">{c.pledge?.fulfilmentScore ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {u.tiers.map((tier) => (
            <section className="card" key={tier.tier} aria-labelledby={`tier-${tier.tier}`}>
              <h2 id={`tier-${tier.tier}`}>
                {pick(tier.name.vi, tier.name.en)} <StatusChip status={tier.status} />
              </h2>
              <p className="small">
                <Txt text={tier.label} />
              </p>
              {tier.criteria.map((c) => (
                <details key={c.code} data-criterion={c.code}>
                  <summary>
                    <StatusChip status={c.status} /> {c.code} · {pick(c.name.vi, c.name.en)}
                  </summary>
                  <IndicatorTable criterion={c} />
                </details>
              ))}
            </section>
          ))}
        </>
      )}
    </>
  );
}
