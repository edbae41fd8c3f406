import { Link } from 'react-router';
import type { CriterionStatus, IndicatorStatus } from '../api/types';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { StatusChip, Txt } from './common';

export function useIndicatorValue(): (i: Pick<IndicatorStatus, 'value' | 'numerator' | 'denominator'>, unit?: string) => string {
  const { t, num, pct } = useI18n();
  return (i) => {
    if (typeof i.value === 'boolean') return i.value ? t('common.yes') : t('common.no');
    if (i.numerator != null && i.denominator != null) {
      const ratio = i.denominator > 0 ? pct((i.numerator / i.denominator) * 100) : '–';
      return `${ratio} (${num(i.numerator, 2)}/${num(i.denominator, 2)})`;
    }
    if (typeof i.value === 'number') return num(i.value, 2);
    return '–';
  };
}

/**
 * A criterion's indicators: value now (with the decimals its comparison needs, the gap when missed, each part of an
 * all-of level), threshold in force with how often it is reported, status and why; a link to the readings' history.
 */
export function IndicatorTable({ criterion, historyLink }: { criterion: CriterionStatus; historyLink?: (i: IndicatorStatus) => string | null }) {
  const { t, pick } = useI18n();
  const value = useIndicatorValue();
  return (
    <div className="table-wrap">
      <table data-criterion={criterion.code}>
        <thead>
          <tr>
            <th scope="col">{t('drill.indicator')}</th>
            <th scope="col" className="num">
              {t('drill.value')}
            </th>
            <th scope="col">{t('drill.threshold')}</th>
            <th scope="col">{t('drill.status')}</th>
          </tr>
        </thead>
        <tbody>
          {criterion.indicators.map((i) => {
            const link = historyLink?.(i);
            return (
              <tr key={i.code} data-indicator={i.code}>
                <th scope="row">
                  {i.code} · {pick(i.name.vi, i.name.en)}
                  {link && (
                    <div className="small">
                      <Link to={link}>{t('drill.history')}</Link>
                    </div>
                  )}
                </th>
                <td className="num" data-testid="indicator-value">
                  {i.parts?.length
                    ? i.parts.map((p) => (
                        <div key={p.key}>
                          {p.name && <span className="muted small">{pick(p.name.vi, p.name.en)}: </span>}
                          {p.shown ? pick(p.shown.vi, p.shown.en) : value(i)}
                          {p.gap && <div className="small gap">{pick(p.gap.vi, p.gap.en)}</div>}
                        </div>
                      ))
                    : value(i)}
                </td>
                <td title={i.threshold.source}>
                  {i.parts && i.parts.length > 1
                    ? i.parts.map((p) => (
                        <div key={p.key}>{p.threshold.text ? pick(p.threshold.text.vi, p.threshold.text.en) : t('status.threshold_missing')}</div>
                      ))
                    : i.threshold.text
                      ? pick(i.threshold.text.vi, i.threshold.text.en)
                      : t('status.threshold_missing')}
                  {i.frequency && <div className="small muted">{t(`freq.${i.frequency}` as MessageKey)}</div>}
                  {i.year !== null && i.year !== undefined && <div className="small muted">{t('drill.yearAssessed', { year: i.year })}</div>}
                </td>
                <td>
                  <StatusChip status={i.status} />
                  <div className="small muted">
                    <Txt text={i.reason} />
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
