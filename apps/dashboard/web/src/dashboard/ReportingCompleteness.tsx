import { Link } from 'react-router';
import { useReporting } from '../api/queries';
import type { Reporting, ReportingCell } from '../api/types';
import { ErrorBox } from '../components/ErrorBox';
import { Loading, StatusChip, Txt, UnitName } from '../components/common';
import { useI18n } from '../i18n/i18n';

function CellLink({ cell }: { cell: ReportingCell }) {
  return (
    <Link to={`/cells/${cell.id}`}>
      <UnitName name={cell.name} placeholder={cell.placeholder} />
    </Link>
  );
}

/** The cells of one commune in a list (comma-separated on screen, a real list for screen readers). */
function CellList({ cells, state, extra }: { cells: ReportingCell[]; state: 'not_reported' | 'late'; extra?: (c: ReportingCell) => string }) {
  if (cells.length === 0) return <span className="muted">–</span>;
  return (
    <ul className="inline-list">
      {cells.map((c) => (
        <li key={c.id} data-cell={c.id} data-state={state}>
          <CellLink cell={c} />
          {extra && <span className="small muted"> ({extra(c)})</span>}
        </li>
      ))}
    </ul>
  );
}

function Summary({ r }: { r: Reporting }) {
  const { t } = useI18n();
  const missing = r.cellsExpected - r.cellsReported;
  return (
    <p className="row" data-testid="reporting-summary" data-expected={r.cellsExpected} data-reported={r.cellsReported} data-late={r.cellsLate}>
      <StatusChip status="met" label={`${t('rep.reported')}: ${r.cellsReported}/${r.cellsExpected}`} />
      <StatusChip status="met" label={`${t('rep.onTime')}: ${r.cellsOnTime}`} />
      <StatusChip status="stale" label={`${t('rep.late')}: ${r.cellsLate}`} />
      <StatusChip status={missing > 0 ? 'not_met' : 'met'} label={`${t('rep.notReported')}: ${missing}`} />
    </p>
  );
}

/**
 * Reporting completeness (GET /api/v1/reporting): for the period the view date requires (the newest one whose
 * report was due on it: November 2025 for the programme's deadline 31/12/2025), the cells that have not reported,
 * commune by commune, and those that reported late, with placeholder names shown as such.
 */
export function ReportingCompleteness({ asOf }: { asOf?: string | null }) {
  const { t, pick, dateTime } = useI18n();
  const q = useReporting(asOf);
  const r = q.data;
  const byId = new Map<string, ReportingCell>((r?.notReported ?? []).map((c) => [c.id, c]));
  const late = new Map((r?.late ?? []).map((c) => [c.id, c]));
  const missing = r ? r.cellsExpected - r.cellsReported : 0;
  return (
    <section className="card" aria-labelledby="reporting-title" data-testid="reporting">
      <h2 id="reporting-title">{r ? t('rep.title', { period: pick(r.period.label.vi, r.period.label.en) }) : t('rep.titlePlain')}</h2>
      {q.isPending && <Loading />}
      {q.error && <ErrorBox error={q.error} onRetry={() => void q.refetch()} />}
      {r && (
        <>
          <p className="small muted" data-testid="reporting-period" data-period-start={r.period.start} data-period-due={r.period.due}>
            <Txt text={r.period.note} />. {t('rep.rule')}
          </p>
          <Summary r={r} />
          {missing === 0 && <p data-testid="reporting-all-done">{t('rep.allReported')}</p>}
          <div className="table-wrap">
            <table data-testid="reporting-communes">
              <caption className="visually-hidden">{t('rep.tableCaption', { period: pick(r.period.label.vi, r.period.label.en) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dash.commune')}</th>
                  <th scope="col" className="num">
                    {t('rep.reported')}
                  </th>
                  <th scope="col" className="num">
                    {t('rep.onTime')}
                  </th>
                  <th scope="col">{t('rep.notReported')}</th>
                  <th scope="col">{t('rep.late')}</th>
                </tr>
              </thead>
              <tbody data-testid="not-reported">
                {r.perCommune.map((c) => (
                  <tr key={c.id} data-commune={c.id} data-not-reported={c.notReported.length}>
                    <th scope="row">
                      <Link to={`/communes/${c.id}`}>
                        <UnitName name={c.name} placeholder={c.placeholder} />
                      </Link>
                    </th>
                    <td className="num">
                      {c.cellsReported}/{c.cellsExpected}
                    </td>
                    <td className="num">{c.cellsOnTime}</td>
                    <td>
                      <CellList cells={c.notReported.map((id) => byId.get(id)!).filter(Boolean)} state="not_reported" />
                    </td>
                    <td>
                      <CellList
                        cells={c.late.map((id) => late.get(id)!).filter(Boolean)}
                        state="late"
                        extra={(cell) => {
                          const l = late.get(cell.id)!;
                          return `${l.daysLate === 1 ? t('rep.oneDayLate') : t('rep.daysLate', { n: l.daysLate })}, ${dateTime(l.firstReportedAt)}`;
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
