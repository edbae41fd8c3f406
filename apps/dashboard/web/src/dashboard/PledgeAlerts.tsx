import { useState } from 'react';
import { Link } from 'react-router';
import { useLiveQuery, withAsOf } from '../api/queries';
import type { Pledges } from '../api/types';
import { ErrorBox } from '../components/ErrorBox';
import { Loading, StatusChip, Txt, UnitName } from '../components/common';
import { useI18n } from '../i18n/i18n';

/** Pledge items overdue or at risk (GET /api/v1/pledges?status=…), earliest due first, with why. */
export function PledgeAlerts({ asOf }: { asOf?: string | null }) {
  const { t, date, pick } = useI18n();
  const overdue = useLiveQuery<Pledges>(['pledges', 'status', 'overdue', asOf ?? null], withAsOf('/api/v1/pledges?status=overdue', asOf));
  const atRisk = useLiveQuery<Pledges>(['pledges', 'status', 'at_risk', asOf ?? null], withAsOf('/api/v1/pledges?status=at_risk', asOf));
  const [all, setAll] = useState(false);
  const rows = [overdue.data, atRisk.data]
    .flatMap((d) => d?.pledges ?? [])
    .flatMap((p) => p.items.map((i) => ({ ...i, cell: p.cell, commune: p.commune })))
    .sort((a, b) => (a.status === b.status ? a.dueDate.localeCompare(b.dueDate) : a.status === 'overdue' ? -1 : 1));
  const shown = all ? rows : rows.slice(0, 8);
  const error = overdue.error ?? atRisk.error;
  return (
    <section className="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('dash.pledgeAlerts')}</h2>
      {(overdue.isPending || atRisk.isPending) && <Loading />}
      {error && <ErrorBox error={error} onRetry={() => void (overdue.refetch(), atRisk.refetch())} />}
      {overdue.data && atRisk.data && (
        <>
          <p className="row">
            <StatusChip status="overdue" kind="forecast" label={`${t('dash.overdue')}: ${overdue.data.items}`} />
            <StatusChip status="at_risk" kind="forecast" label={`${t('dash.atRisk')}: ${atRisk.data.items}`} />
          </p>
          {rows.length === 0 && <p className="muted">{t('dash.noAlerts')}</p>}
          <ul className="list-plain" data-testid="pledge-alerts">
            {shown.map((i) => (
              <li key={i.id} data-item={i.id} data-status={i.status}>
                <div className="row">
                  <StatusChip status={i.status} kind="forecast" />
                  <Link to={`/cells/${i.cell.id}`}>
                    <UnitName name={i.cell.name} placeholder={i.cell.placeholder} />
                  </Link>
                  <span className="small muted">{i.commune.name}</span>
                </div>
                <div className="small">
                  {i.criterionCode}
                  {i.indicatorCode ? ` · ${i.indicatorCode}` : ''}{' '}
                  {i.indicatorName ? pick(i.indicatorName.vi, i.indicatorName.en) : pick(i.criterionName.vi, i.criterionName.en)} · {t('dash.target')}{' '}
                  <Txt text={i.target.text} /> · {t('dash.due')} {date(i.dueDate)}
                </div>
                <div className="small muted">
                  <Txt text={i.reason} />
                </div>
              </li>
            ))}
          </ul>
          {rows.length > 8 && (
            <button type="button" className="secondary" onClick={() => setAll(!all)} aria-expanded={all}>
              {all ? t('common.showLess') : t('common.showAll', { n: rows.length })}
            </button>
          )}
        </>
      )}
    </section>
  );
}
