import { Link } from 'react-router';
import type { Progress } from '../api/types';
import { StatusChip, Txt, UnitName } from '../components/common';
import { useI18n } from '../i18n/i18n';

/** The communes and the town with the criteria of their standard met, and how many of their cells report. */
export function CommunesTable({ p }: { p: Progress }) {
  const { t, num } = useI18n();
  return (
    <section className="card" aria-labelledby="communes-title">
      <h2 id="communes-title">{t('dash.communes')}</h2>
      <div className="table-wrap">
        <table data-testid="communes">
          <thead>
            <tr>
              <th scope="col">{t('dash.commune')}</th>
              <th scope="col" className="num">
                {t('dash.criteriaMet')}
              </th>
              <th scope="col">{t('dash.standard')}</th>
              <th scope="col" className="num">
                {t('dash.cellsReporting')}
              </th>
              <th scope="col" className="num">
                {t('dash.fulfilment')}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.communes.map((c) => (
              <tr key={c.id} data-commune={c.id}>
                <th scope="row">
                  <Link to={`/communes/${c.id}`}>
                    <UnitName name={c.name} placeholder={c.placeholder} />
                  </Link>
                </th>
                <td className="num" data-testid="criteria-met">
                  {c.standard ? `${c.standard.metCriteria}/${c.standard.totalCriteria}` : '–'}
                </td>
                <td>
                  {c.standard && <StatusChip status={c.standard.status} label={undefined} />}
                  <div className="small muted">{c.standard && <Txt text={c.standard.label} />}</div>
                </td>
                <td className="num">
                  {c.cellsReporting}/{c.cells}
                </td>
                <td className="num">{c.pledgeFulfilment == null ? '–' : num(c.pledgeFulfilment)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
