import { Link, useParams } from 'react-router';
import { useProgress, useUnitProgress } from '../api/queries';
import { ErrorBox } from '../components/ErrorBox';
import { Breadcrumbs, Loading, StatusChip, Txt, UnitName } from '../components/common';
import { useI18n } from '../i18n/i18n';

/** Commune → cell: its standard criterion by criterion, its pledge items with their forecast. */
export function CellPage() {
  const { cellId } = useParams();
  const { t, pick, date, num } = useI18n();
  const q = useUnitProgress(cellId);
  const progress = useProgress();
  const u = q.data;
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/dashboard', label: progress.data?.district.name ?? t('drill.district') },
          { to: u?.commune ? `/communes/${u.commune.id}` : undefined, label: u?.commune?.name ?? '…' },
          { label: u ? u.unit.name : cellId },
        ]}
      />
      {q.isPending && <Loading />}
      {q.error && <ErrorBox error={q.error} onRetry={() => void q.refetch()} />}
      {u && (
        <>
          <h1>
            <UnitName name={u.unit.name} placeholder={u.unit.placeholder} />
          </h1>
          {u.tiers.map((tier) => (
            <section className="card" key={tier.tier} aria-labelledby={`tier-${tier.tier}`}>
              <h2 id={`tier-${tier.tier}`}>
                {pick(tier.name.vi, tier.name.en)} <StatusChip status={tier.status} />
              </h2>
              <p className="small">
                <Txt text={tier.label} />
              </p>
              <ul className="criterion-list">
                {tier.criteria.map((c) => (
                  <li key={c.code} data-criterion={c.code} data-status={c.status}>
                    <Link className="criterion-link" to={`/cells/${u.unit.id}/criteria/${c.code}`}>
                      <span>
                        {c.code} · {pick(c.name.vi, c.name.en)}
                      </span>
                      <StatusChip status={c.status} />
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          ))}
          {u.pledge && (
            <section className="card" aria-labelledby="pledge-title">
              <h2 id="pledge-title">{t('drill.pledgeItems')}</h2>
              <p className="small">
                {t('dash.fulfilment')}: <strong>{u.pledge.fulfilmentScore == null ? '–' : num(u.pledge.fulfilmentScore)}</strong> · {u.pledge.metOnTime}/
                {u.pledge.items}
              </p>
              <div className="table-wrap">
                <table data-testid="pledge-items">
                  <thead>
                    <tr>
                      <th scope="col">{t('drill.criteria')}</th>
                      <th scope="col">{t('dash.due')}</th>
                      <th scope="col">{t('drill.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {u.pledgeItems.map((i) => (
                      <tr key={i.id}>
                        <th scope="row">
                          {i.criterionCode}
                          {i.indicatorCode ? ` · ${i.indicatorCode}` : ''}
                        </th>
                        <td>{date(i.dueDate)}</td>
                        <td>
                          <StatusChip status={i.status} kind="forecast" />
                          <div className="small muted">
                            <Txt text={i.reason} />
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
        </>
      )}
    </>
  );
}
