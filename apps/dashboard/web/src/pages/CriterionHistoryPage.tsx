import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api } from '../api/client';
import { useProgress, useUnitProgress } from '../api/queries';
import type { IndicatorStatus, ReadingHistory } from '../api/types';
import { ErrorBox } from '../components/ErrorBox';
import { IndicatorTable, useIndicatorValue } from '../components/IndicatorTable';
import { AsOfNote, Breadcrumbs, Loading, StatusChip, UnitName } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live/live';

function History({ indicator }: { indicator: IndicatorStatus }) {
  const { t, date, dateTime, pick } = useI18n();
  const live = useLive();
  const value = useIndicatorValue();
  const q = useQuery<ReadingHistory>({
    queryKey: ['readings', indicator.readingsLink],
    queryFn: ({ signal }) => api<ReadingHistory>(indicator.readingsLink, { signal }),
    refetchInterval: live.refetchInterval,
  });
  const rows = q.data?.items ?? [];
  return (
    <section className="card" aria-labelledby={`hist-${indicator.code}`} data-indicator={indicator.code}>
      <h3 id={`hist-${indicator.code}`}>
        {t('drill.history')}: {indicator.code} · {pick(indicator.name.vi, indicator.name.en)}
      </h3>
      {q.isPending && <Loading />}
      {q.error && <ErrorBox error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && rows.length === 0 && <p className="muted">{t('drill.noHistory')}</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table data-testid="readings-history">
            <thead>
              <tr>
                <th scope="col">{t('drill.asOf')}</th>
                <th scope="col" className="num">
                  {t('drill.value')}
                </th>
                <th scope="col">{t('drill.reportedBy')}</th>
                <th scope="col">{t('drill.reportedAt')}</th>
                <th scope="col">{t('drill.event')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.eventId}-${r.indicatorCode}`} data-event-id={r.eventId}>
                  <td>
                    {date(r.asOf)} {r.current && <StatusChip status="met" label={t('drill.inForce')} />}
                    {r.supersedes && <div className="small muted">{t('drill.corrects', { eventId: r.supersedes.slice(0, 8) })}</div>}
                  </td>
                  <td className="num">{value(r)}</td>
                  <td>
                    {r.reporterName ?? r.reportedBy}
                    {r.reporterName && <div className="small muted">{r.reportedBy}</div>}
                  </td>
                  <td>{dateTime(r.reportedAt)}</td>
                  <td className="mono">{r.eventId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Cell → criterion: its indicators now, and for each the history of readings and who reported them. */
export function CriterionHistoryPage() {
  const { cellId, criterionCode } = useParams();
  const { t, pick } = useI18n();
  const q = useUnitProgress(cellId);
  const progress = useProgress();
  const u = q.data;
  const criterion = u?.tiers.flatMap((tier) => tier.criteria).find((c) => c.code === criterionCode);
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/dashboard', label: progress.data?.district.name ?? t('drill.district') },
          { to: u?.commune ? `/communes/${u.commune.id}` : undefined, label: u?.commune?.name ?? '…' },
          { to: `/cells/${cellId}`, label: u ? u.unit.name : cellId },
          { label: criterionCode },
        ]}
      />
      {q.isPending && <Loading />}
      {q.error && <ErrorBox error={q.error} onRetry={() => void q.refetch()} />}
      {u && !criterion && <ErrorBox error={new Error(`${criterionCode}?`)} />}
      {u && criterion && (
        <>
          <h1>
            {criterion.code} · {pick(criterion.name.vi, criterion.name.en)} – <UnitName name={u.unit.name} placeholder={u.unit.placeholder} />
          </h1>
          <p>
            <StatusChip status={criterion.status} />
          </p>
          {u.asOfNote && (
            <p className="small muted">
              <AsOfNote note={u.asOfNote} />
            </p>
          )}
          <section className="card">
            <IndicatorTable criterion={criterion} />
          </section>
          {criterion.indicators.map((i) => (
            <History key={i.code} indicator={i} />
          ))}
        </>
      )}
    </>
  );
}
