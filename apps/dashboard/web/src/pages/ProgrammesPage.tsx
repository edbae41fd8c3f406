import { formatRequirement } from '@pledge/domain/status/value-format';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { useLiveQuery } from '../api/queries';
import type { Criteria, Programmes } from '../api/types';
import { useSession } from '../auth/useSession';
import { ErrorBox } from '../components/ErrorBox';
import { useIndicatorValue } from '../components/IndicatorTable';
import { Loading, StatusChip, Txt, UnitName } from '../components/common';
import { useI18n } from '../i18n/i18n';

/** GET /api/v1/progress?programme=<commune programme>: the parts this page shows. */
interface CommuneFigures {
  asOf: string;
  criteria: { code: string; nameVi: string; nameEn: string }[];
  communes: {
    id: string;
    name?: string;
    cells: number;
    cellsReporting: number;
    readings: number;
    standard: { tier: string; status: 'met' | 'not_met' | 'undetermined'; metCriteria: number; totalCriteria: number } | null;
    criteria: {
      code: string;
      status: string;
      indicators: {
        code: string;
        status: string;
        value: number | boolean | null;
        numerator: number | null;
        denominator: number | null;
        threshold: number | boolean | null;
        expected: number;
        reported: number;
      }[];
    }[];
  }[];
  cells: {
    id: string;
    name?: string;
    placeholder?: boolean;
    communeId: string;
    readings: number;
    items: { itemId: string; status: string }[];
  }[];
}

/**
 * One commune of a commune programme, indicator by indicator (its figure from its cells' reports, the level, how many
 * of its cells reported, the assessment), and its cells with their readings and re-signed pledge items.
 */
function CommuneDetail({ figures, communeId, version }: { figures: CommuneFigures; communeId: string; version: string }) {
  const { t, pick, date } = useI18n();
  const value = useIndicatorValue();
  const catalogue = useQuery<Criteria>({
    queryKey: ['criteria', version],
    queryFn: ({ signal }) => api<Criteria>(`/api/v1/criteria?version=${encodeURIComponent(version)}`, { signal }),
    staleTime: 10 * 60_000,
  });
  const commune = figures.communes.find((c) => c.id === communeId);
  if (!commune) return null;
  const name = commune.name ?? commune.id;
  const indicatorOf = (criterion: string, code: string) => catalogue.data?.criteria.find((c) => c.code === criterion)?.indicators.find((i) => i.code === code);
  const criterionName = (code: string) => {
    const c = figures.criteria.find((x) => x.code === code);
    return c ? pick(c.nameVi, c.nameEn) : '';
  };
  const cells = figures.cells.filter((c) => c.communeId === communeId);
  return (
    <section aria-labelledby="commune-detail-title" data-testid="programme-commune-detail" data-commune={communeId}>
      <h3 id="commune-detail-title">{t('prog.detailOf', { name, day: date(figures.asOf) })}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('prog.criterion')}</th>
              <th scope="col">{t('prog.indicator')}</th>
              <th scope="col" className="num">
                {t('prog.value')}
              </th>
              <th scope="col">{t('prog.level')}</th>
              <th scope="col">{t('prog.reported')}</th>
              <th scope="col">{t('prog.status')}</th>
            </tr>
          </thead>
          <tbody>
            {commune.criteria.flatMap((c) =>
              c.indicators.map((i) => {
                const ind = indicatorOf(c.code, i.code);
                const unit = ind && ind.kind !== 'boolean' && ind.kind !== 'percentage' ? ` ${pick(ind.unit, ind.unitEn ?? ind.unit)}` : '';
                const comparator = ind?.threshold.comparator;
                const level = i.threshold === null || !ind || !comparator ? null : formatRequirement(ind, comparator, i.threshold);
                return (
                  <tr key={`${c.code}|${i.code}`} data-testid={`programme-indicator-${c.code}-${i.code}`} data-value={i.value === null ? '' : String(i.value)}>
                    <td>
                      {c.code} · {criterionName(c.code)}
                    </td>
                    <th scope="row">
                      {i.code}
                      {ind ? ` · ${pick(ind.nameVi, ind.nameEn)}` : ''}
                    </th>
                    <td className="num">
                      {value(i)}
                      {i.value !== null && typeof i.value !== 'boolean' ? unit : ''}
                    </td>
                    <td>{level ? pick(level.vi, level.en) : t('status.threshold_missing')}</td>
                    <td>{ind?.reportedBy === 'cell' ? `${i.reported}/${i.expected}` : '—'}</td>
                    <td>
                      <StatusChip status={i.status} />
                    </td>
                  </tr>
                );
              }),
            )}
          </tbody>
        </table>
      </div>
      {cells.length > 0 && (
        <div className="table-wrap">
          <table data-testid="programme-commune-cells">
            <caption>{t('prog.cellsOf', { name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('prog.cell')}</th>
                <th scope="col" className="num">
                  {t('prog.readings')}
                </th>
                <th scope="col">{t('prog.pledgeItems')}</th>
              </tr>
            </thead>
            <tbody>
              {cells.map((c) => (
                <tr key={c.id} data-testid={`programme-cell-${c.id}`}>
                  <th scope="row">
                    <UnitName name={c.name ?? c.id} placeholder={c.placeholder} />
                  </th>
                  <td className="num">{c.readings}</td>
                  <td>
                    {c.items.length === 0
                      ? t('prog.noPledge')
                      : c.items.map((x) => (
                          <div key={x.itemId}>
                            {x.itemId.slice(x.itemId.lastIndexOf('-') + 1)}: <StatusChip status={x.status} kind="forecast" />
                          </div>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * The programmes (issue 14): a picker (default: the programme in force), the 2021–2025 archive (closed: its final result
 * on the dashboard and its exports, asked with ?programme=2021-2025) and the 2026–2030 commune view (each new commune,
 * its group — "chưa xác định" until decided — and its cells on the day; hamlets awaiting an administrator's decision).
 */
export function ProgrammesPage() {
  const { t, date } = useI18n();
  const session = useSession();
  const q = useLiveQuery<Programmes>(['programmes'], '/api/v1/programmes');
  const [picked, setPicked] = useState<string | null>(null);
  const [communeId, setCommuneId] = useState<string | null>(null);
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
  const mayResign = session?.user.role === 'administrator' && figuresShown && chosen.status !== 'closed';
  return (
    <>
      <h1>{t('prog.title')}</h1>
      <div className="row">
        <label htmlFor="programme">{t('prog.pick')}</label>
        <select
          id="programme"
          data-testid="programme-picker"
          value={chosen.id}
          onChange={(e) => {
            setPicked(e.target.value);
            setCommuneId(null);
          }}
        >
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
                    <th scope="col">
                      <span className="visually-hidden">{t('prog.details')}</span>
                    </th>
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
                      <td>
                        <button
                          type="button"
                          className="secondary"
                          aria-pressed={communeId === c.id}
                          onClick={() => setCommuneId(communeId === c.id ? null : c.id)}
                          data-testid={`programme-details-${c.id}`}
                        >
                          {t('prog.details')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {figuresShown && <p className="small muted">{t('prog.figuresNote')}</p>}
            {figuresShown && figures.data && communeId && <CommuneDetail figures={figures.data} communeId={communeId} version={chosen.catalogueVersion} />}
            {mayResign && (
              <p>
                <Link to={`/programmes/pledges?programme=${encodeURIComponent(chosen.id)}`} data-testid="programme-resign-link">
                  {t('prog.resignLink')}
                </Link>
              </p>
            )}
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
