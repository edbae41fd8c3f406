import { FormEvent, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useProgress, withAsOf } from '../api/queries';
import { DownloadButton } from '../components/DownloadButton';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/common';
import { CommunesTable } from '../dashboard/CommunesTable';
import { Headline } from '../dashboard/Headline';
import { Heatmap } from '../dashboard/Heatmap';
import { PledgeAlerts } from '../dashboard/PledgeAlerts';
import { Ranking } from '../dashboard/Ranking';
import { ReportingCompleteness } from '../dashboard/ReportingCompleteness';
import { TrendChart } from '../dashboard/TrendChart';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live/live';
import { formatVnDate, parseVnDate } from '../report/validate-form';

/** "View the programme as it stood on a day": dd/MM/yyyy, kept in the address (?asOf=YYYY-MM-DD). */
function AsOfPicker({ asOf, current }: { asOf: string | null; current: string }) {
  const { t } = useI18n();
  const [, setParams] = useSearchParams();
  const [text, setText] = useState(formatVnDate(asOf ?? current));
  const [bad, setBad] = useState(false);
  useEffect(() => setText(formatVnDate(asOf ?? current)), [asOf, current]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const iso = parseVnDate(text);
    setBad(!iso);
    if (iso) setParams(iso === current && !asOf ? {} : { asOf: iso });
  };
  return (
    <form className="row small" onSubmit={apply} aria-label={t('dash.viewAsOf')}>
      <label htmlFor="view-as-of">{t('dash.viewAsOf')}</label>
      <input
        id="view-as-of"
        style={{ width: '8.5rem', minHeight: 36, padding: '0.25rem 0.5rem' }}
        inputMode="numeric"
        placeholder="dd/mm/yyyy"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={bad || undefined}
        aria-describedby={bad ? 'view-as-of-err' : undefined}
      />
      <button type="submit" className="secondary" style={{ minHeight: 36, padding: '0.25rem 0.7rem' }}>
        {t('dash.viewApply')}
      </button>
      {asOf && (
        <button type="button" className="secondary" style={{ minHeight: 36, padding: '0.25rem 0.7rem' }} onClick={() => setParams({})}>
          {t('dash.viewLatest')}
        </button>
      )}
      {bad && (
        <span className="field-error" id="view-as-of-err">
          {t('form.err.dateInvalid')}
        </span>
      )}
    </form>
  );
}

/** The district leaders' page: will the district meet the standard by the deadline, and who is behind? */
export function DashboardPage() {
  const { t, dateTime } = useI18n();
  const live = useLive();
  const [params] = useSearchParams();
  const asOf = params.get('asOf');
  const q = useProgress(asOf);
  const p = q.data;
  return (
    <>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h1>{p ? `${t('dash.title')} – ${p.district.name}` : t('dash.title')}</h1>
        {!p && q.error && asOf && <AsOfPicker asOf={asOf} current={asOf} />}
        {p && (
          <div>
            <AsOfPicker asOf={asOf} current={p.asOf} />
            <p
              className="small muted"
              role="status"
              aria-live="polite"
              data-testid="computed-at"
              data-computed-at={p.computedAt}
              data-live-cells={live.changedCells.join(',')}
              style={{ margin: '0.3rem 0 0' }}
            >
              {live.lastChangeAt ? t('dash.liveChanged', { time: dateTime(live.lastChangeAt) }) : t('common.updatedAt', { time: dateTime(p.computedAt) })}
            </p>
          </div>
        )}
      </div>
      {q.isPending && <Loading />}
      {q.error && <ErrorBox error={q.error} onRetry={() => void q.refetch()} />}
      {p && (
        <>
          <Headline p={p} viewDay={asOf ? p.asOf : undefined} />
          <div className="grid two">
            <TrendChart p={p} asOf={asOf} />
            <CommunesTable p={p} />
          </div>
          <Heatmap p={p} />
          <ReportingCompleteness asOf={asOf} />
          <div className="grid two">
            <Ranking asOf={asOf} />
            <PledgeAlerts asOf={asOf} />
          </div>
          <section className="card" aria-labelledby="exports-title">
            <h2 id="exports-title">{t('dash.exports')}</h2>
            <div className="export-links">
              <DownloadButton
                path={withAsOf('/api/v1/exports/district-report.xlsx', asOf)}
                label={t('dash.exportXlsx')}
                fallbackName="bao-cao-huyen.xlsx"
                testId="export-xlsx"
              />
              <DownloadButton
                path={withAsOf('/api/v1/exports/district-report.csv', asOf)}
                label={t('dash.exportCsv')}
                fallbackName="bao-cao-huyen.csv"
                testId="export-csv"
              />
            </div>
          </section>
        </>
      )}
    </>
  );
}
