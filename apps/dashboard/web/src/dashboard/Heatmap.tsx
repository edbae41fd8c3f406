import { Fragment } from 'react';
import { useNavigate } from 'react-router';
import type { CellProgress, CriterionRef, Progress } from '../api/types';
import { statusSymbol, UnitName } from '../components/common';
import { useI18n, type MessageKey } from '../i18n/i18n';

const STATUSES = ['met', 'not_met', 'stale', 'no_data', 'threshold_missing'] as const;

function HeatTable({ title, columns, rows }: { title: string; columns: CriterionRef[]; rows: CellProgress[] }) {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const byCommune = new Map<string, CellProgress[]>();
  for (const r of rows) byCommune.set(r.communeId, [...(byCommune.get(r.communeId) ?? []), r]);
  return (
    <div className="table-wrap">
      <table className="heatmap" data-testid="heatmap">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dash.cell')}</th>
            {columns.map((c) => (
              <th scope="col" key={c.code} title={pick(c.nameVi, c.nameEn)}>
                <abbr title={pick(c.nameVi, c.nameEn)}>{c.code.replace(/^(AP|KHOM)-0?/, '')}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...byCommune.entries()].map(([communeId, cells]) => (
            <Fragment key={communeId}>
              <tr className="commune-row">
                <th colSpan={columns.length + 1} scope="colgroup">
                  {cells[0].communeName}
                </th>
              </tr>
              {cells.map((cell) => (
                <tr key={cell.id} data-cell={cell.id}>
                  <th scope="row">
                    <a href={`/cells/${cell.id}`} onClick={(e) => (e.preventDefault(), navigate(`/cells/${cell.id}`))}>
                      <UnitName name={cell.name} placeholder={cell.placeholder} />
                    </a>
                  </th>
                  {columns.map((c) => {
                    const s = cell.criteria[c.code] ?? 'no_data';
                    const label = `${cell.name} · ${c.code} ${pick(c.nameVi, c.nameEn)}: ${t(`status.${s}` as MessageKey)}`;
                    return (
                      <td
                        key={c.code}
                        className={`hm ${s}`}
                        data-criterion={c.code}
                        data-status={s}
                        title={label}
                        aria-label={label}
                        onClick={() => navigate(`/cells/${cell.id}/criteria/${c.code}`)}
                      >
                        <span aria-hidden="true">{statusSymbol(s)}</span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The cells by criterion: met, not met, stale, no data (and no threshold yet), hamlets and wards apart. */
export function Heatmap({ p }: { p: Progress }) {
  const { t } = useI18n();
  const kinds = [
    { kind: 'hamlet', title: t('dash.heatmapHamlets') },
    { kind: 'ward', title: t('dash.heatmapWards') },
  ];
  return (
    <section className="card" aria-labelledby="heatmap-title">
      <h2 id="heatmap-title">{t('dash.heatmap', { n: p.heatmap.rows.length })}</h2>
      <div className="grid two">
        {kinds.map(({ kind, title }) => {
          const columns = p.heatmap.columns.filter((c) => c.appliesTo === kind);
          const rows = p.heatmap.rows.filter((r) => r.kind === kind);
          if (rows.length === 0) return null;
          return <HeatTable key={kind} title={title} columns={columns} rows={rows} />;
        })}
      </div>
      <ul className="legend" aria-label={t('dash.legend')}>
        {STATUSES.map((s) => (
          <li key={s}>
            <span className={`hm ${s}`} aria-hidden="true">
              {statusSymbol(s)}
            </span>
            {t(`status.${s}` as MessageKey)}
          </li>
        ))}
      </ul>
    </section>
  );
}
