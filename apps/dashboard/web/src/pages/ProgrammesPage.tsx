import { useState } from 'react';
import { Link } from 'react-router';
import { useLiveQuery } from '../api/queries';
import type { Text } from '../api/types';
import { ErrorBox } from '../components/ErrorBox';
import { Loading, Txt } from '../components/common';
import { useI18n } from '../i18n/i18n';

/** GET /api/v1/programmes as the page reads it. */
interface Programmes {
  day: string;
  programmes: {
    id: string;
    title: Text;
    periodFrom: string;
    periodTo: string;
    catalogueVersion: string;
    cataloguePublished: boolean;
    viewable: boolean;
    targetKind: 'district' | 'commune';
    status: 'not_started' | 'open' | 'closed';
    inForce: boolean;
    default: boolean;
    standard: Text;
    deadlines: { on: string; label: Text }[];
    targets: { unitId: string; name: string; groupOnDay: string | null; groups: { label: Text }[]; cellIds: string[] }[];
  }[];
  pendingParents: { unitId: string; name: string; formerParentId: string; candidates: { successorId: string; share: string }[] }[];
}

/** GET /api/v1/progress?programme=<commune programme>: the parts this page shows. */
interface CommuneFigures {
  asOf: string;
  communes: {
    id: string;
    cells: number;
    cellsReporting: number;
    readings: number;
    standard: { tier: string; status: 'met' | 'not_met' | 'undetermined'; metCriteria: number; totalCriteria: number } | null;
  }[];
}

/**
 * The programmes (issue 14): a picker (default: the programme in force), the 2021–2025 archive (closed: its final result
 * on the dashboard and its exports, asked with ?programme=2021-2025) and the 2026–2030 commune view (each new commune,
 * its group — "chưa xác định" until decided — and its cells on the day; hamlets awaiting an administrator's decision).
 */
export function ProgrammesPage() {
  const { t, date } = useI18n();
  const q = useLiveQuery<Programmes>(['programmes'], '/api/v1/programmes');
  const [picked, setPicked] = useState<string | null>(null);
  const current =
    q.data?.programmes.find((p) => p.id === picked) ?? q.data?.programmes.find((p) => p.inForce) ?? q.data?.programmes[q.data.programmes.length - 1];
  const figures = useLiveQuery<CommuneFigures>(
    ['programme-figures', current?.id ?? null],
    current && current.targetKind === 'commune' && current.cataloguePublished ? `/api/v1/progress?programme=${encodeURIComponent(current.id)}` : null,
  );
  if (q.isError) return <ErrorBox error={q.error} />;
  if (!q.data) return <Loading />;
  const list = q.data.programmes;
  const chosen = list.find((p) => p.id === picked) ?? list.find((p) => p.inForce) ?? list[list.length - 1];
  if (!chosen) return <p>{t('prog.none')}</p>;
  const statusText = t(`prog.status.${chosen.status}` as 'prog.status.open');
  const figuresShown = chosen.targetKind === 'commune' && chosen.cataloguePublished;
  return (
    <>
      <h1>{t('prog.title')}</h1>
      <div className="row">
        <label htmlFor="programme">{t('prog.pick')}</label>
        <select id="programme" data-testid="programme-picker" value={chosen.id} onChange={(e) => setPicked(e.target.value)}>
          {list.map((p) => (
            <option key={p.id} value={p.id}>
              {p.id}
              {p.inForce ? ` (${t('prog.inForce')})` : p.status === 'closed' ? ` (${t('prog.archive')})` : ''}
            </option>
          ))}
        </select>
      </div>
      <section className="card" data-testid="programme-detail" aria-labelledby="programme-title">
        <h2 id="programme-title">
          <Txt text={chosen.title} />
        </h2>
        <p>
          <strong data-testid="programme-status">{statusText}</strong> {t('prog.period', { from: date(chosen.periodFrom), to: date(chosen.periodTo) })}
        </p>
        <p>
          {t('prog.standard')}: <Txt text={chosen.standard} />
        </p>
        <ul>
          {chosen.deadlines.map((d) => (
            <li key={d.on}>
              {date(d.on)}: <Txt text={d.label} />
            </li>
          ))}
        </ul>
        <p className="small muted">
          {t('prog.catalogue', { version: chosen.catalogueVersion })} {chosen.cataloguePublished ? t('prog.published') : t('prog.notPublished')}
        </p>
        {chosen.targetKind === 'district' ? (
          <div data-testid="programme-archive">
            {chosen.status === 'closed' && <p>{t('prog.archiveNote')}</p>}
            <p>
              <Link to="/dashboard">{t('prog.finalResult')}</Link>
              {' · '}
              <a href={`/api/v1/exports/district.xlsx?programme=${encodeURIComponent(chosen.id)}`}>{t('prog.exportXlsx')}</a>
              {' · '}
              <Link to="/evaluation">{t('nav.evaluation')}</Link>
            </p>
          </div>
        ) : (
          <div data-testid="programme-communes">
            {!chosen.cataloguePublished && <p role="note">{t('prog.waitCatalogue')}</p>}
            {figuresShown && figures.isError && <ErrorBox error={figures.error} />}
            {figuresShown && figures.data && (
              <table data-testid="programme-figures">
                <caption>{t('prog.figures', { day: date(figures.data.asOf) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('prog.commune')}</th>
                    <th scope="col">{t('prog.standardStatus')}</th>
                    <th scope="col">{t('prog.criteriaMet')}</th>
                    <th scope="col">{t('prog.cellsReporting')}</th>
                    <th scope="col">{t('prog.readings')}</th>
                  </tr>
                </thead>
                <tbody>
                  {figures.data.communes.map((c) => (
                    <tr key={c.id} data-testid={`programme-figures-${c.id}`}>
                      <th scope="row">{chosen.targets.find((x) => x.unitId === c.id)?.name ?? c.id}</th>
                      <td>{c.standard ? t(`prog.std.${c.standard.status}` as 'prog.std.met') : t('prog.noStandard')}</td>
                      <td>{c.standard ? `${c.standard.metCriteria}/${c.standard.totalCriteria}` : '—'}</td>
                      <td>{`${c.cellsReporting}/${c.cells}`}</td>
                      <td>{c.readings}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {figuresShown && <p className="small muted">{t('prog.figuresNote')}</p>}
            <table>
              <caption>{t('prog.communes')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('prog.commune')}</th>
                  <th scope="col">{t('prog.group')}</th>
                  <th scope="col">{t('prog.cells')}</th>
                </tr>
              </thead>
              <tbody>
                {chosen.targets.map((u) => (
                  <tr key={u.unitId} data-testid={`programme-commune-${u.unitId}`}>
                    <th scope="row">{u.name}</th>
                    <td>{u.groupOnDay ?? t('prog.groupUnknown')}</td>
                    <td>{u.cellIds.length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {q.data.pendingParents.length > 0 && (
              <section aria-labelledby="pending-title">
                <h3 id="pending-title">{t('prog.pending')}</h3>
                <ul data-testid="programme-pending">
                  {q.data.pendingParents.map((p) => (
                    <li key={p.unitId}>
                      {p.name} ({p.unitId}): {p.candidates.map((c) => c.successorId).join(' / ')}
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </div>
        )}
      </section>
    </>
  );
}
