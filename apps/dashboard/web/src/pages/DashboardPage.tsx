import { useProgress } from '../api/queries';
import { DownloadButton } from '../components/DownloadButton';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/common';
import { CommunesTable } from '../dashboard/CommunesTable';
import { Headline } from '../dashboard/Headline';
import { Heatmap } from '../dashboard/Heatmap';
import { NotReported } from '../dashboard/NotReported';
import { PledgeAlerts } from '../dashboard/PledgeAlerts';
import { Ranking } from '../dashboard/Ranking';
import { TrendChart } from '../dashboard/TrendChart';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live/live';

/** The district leaders' page: will the district meet the standard by the deadline, and who is behind? */
export function DashboardPage() {
  const { t, dateTime } = useI18n();
  const live = useLive();
  const q = useProgress();
  const p = q.data;
  return (
    <>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h1>{p ? `${t('dash.title')} – ${p.district.name}` : t('dash.title')}</h1>
        {p && (
          <p className="small muted" role="status" aria-live="polite" data-testid="computed-at" data-computed-at={p.computedAt}>
            {live.lastChangeAt ? t('dash.liveChanged', { time: dateTime(live.lastChangeAt) }) : t('common.updatedAt', { time: dateTime(p.computedAt) })}
          </p>
        )}
      </div>
      {q.isPending && <Loading />}
      {q.error && <ErrorBox error={q.error} onRetry={() => void q.refetch()} />}
      {p && (
        <>
          <Headline p={p} />
          <div className="grid two">
            <TrendChart p={p} />
            <CommunesTable p={p} />
          </div>
          <Heatmap p={p} />
          <div className="grid two">
            <Ranking />
            <div>
              <NotReported />
              <PledgeAlerts />
            </div>
          </div>
          <section className="card" aria-labelledby="exports-title">
            <h2 id="exports-title">{t('dash.exports')}</h2>
            <div className="export-links">
              <DownloadButton path="/api/v1/exports/district-report.xlsx" label={t('dash.exportXlsx')} fallbackName="bao-cao-huyen.xlsx" testId="export-xlsx" />
              <DownloadButton path="/api/v1/exports/district-report.csv" label={t('dash.exportCsv')} fallbackName="bao-cao-huyen.csv" testId="export-csv" />
            </div>
          </section>
        </>
      )}
    </>
  );
}
