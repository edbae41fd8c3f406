import { LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { addDays } from '@pledge/domain/shared/iso-date';
import { useTrend } from '../api/queries';
import type { Progress, TrendLine } from '../api/types';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/common';
import { useI18n } from '../i18n/i18n';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, AriaComponent, SVGRenderer]);

interface Point {
  asOf: string;
  /** Overall progress toward the district standard, 0..100. */
  overall: number | null;
  /** Pledge fulfilment (the district forecast's actual progress), 0..100. */
  pledges: number;
  /** Where the pledges should be by then (time elapsed toward the deadline), 0..100. */
  expected: number;
  /** Communes and the town at their standard. */
  communes: number;
  communesTotal: number;
}

const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const line = (l: TrendLine) => l.points.map((x) => [ms(x.asOf), x.value]);

/**
 * Progress over time, from GET /api/v1/progress/trend (one request; the server computes every quarter end since the
 * pledges were signed in one pass over the readings and keeps it until the figures change): the headline's overall
 * figure, the pledges' fulfilment and its expected path, the communes at standard, and the forecast lines to the
 * deadline the server derives (libs/domain forecastDistrict; least-squares trends).
 */
export function TrendChart({ p, asOf }: { p: Progress; asOf?: string | null }) {
  const { t, date, pct, locale } = useI18n();
  const q = useTrend(asOf);
  const trend = q.data;
  const points: Point[] = useMemo(
    () =>
      (trend?.points ?? []).map((x) => ({
        asOf: x.asOf,
        overall: x.overall.percent,
        pledges: x.pledges.actualPercent,
        expected: x.pledges.expectedPercent,
        communes: x.communesAtStandard,
        communesTotal: x.communes,
      })),
    [trend],
  );
  const deadline = trend?.deadline ?? p.deadline;
  const last = points[points.length - 1];
  const ahead = !!last && last.asOf < deadline;
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    chart.current = echarts.init(ref.current, undefined, { renderer: 'svg' });
    const onResize = () => chart.current?.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, [trend !== undefined]); // the chart is created once, when the first figures arrive (not at every refetch)

  useEffect(() => {
    if (!trend || points.length === 0) return;
    const fmtMonth = (v: number) => date(new Date(v).toISOString().slice(0, 10)).replace(/^\d{2}\//, '');
    const communesMax = Math.max(1, ...points.map((x) => x.communesTotal));
    chart.current?.setOption(
      {
        aria: { enabled: true },
        animation: false,
        grid: { left: 44, right: 40, top: 56, bottom: 36 },
        legend: { top: 0, itemWidth: 18, textStyle: { fontSize: 11 } },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? pct(v) : String(v ?? '')) },
        xAxis: {
          type: 'time',
          min: ms(addDays(points[0].asOf, -20)),
          max: ms(addDays(deadline, 20)),
          axisLabel: { formatter: fmtMonth, hideOverlap: true, fontSize: 11 },
        },
        yAxis: [
          { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => `${v}%`, fontSize: 11 } },
          {
            type: 'value',
            min: 0,
            max: communesMax,
            interval: Math.max(1, Math.ceil(communesMax / 4)),
            splitLine: { show: false },
            axisLabel: { fontSize: 11, showMaxLabel: false },
          },
        ],
        series: [
          {
            name: t('dash.trendActual'),
            type: 'line',
            data: points.filter((x) => x.overall !== null).map((x) => [ms(x.asOf), x.overall]),
            symbolSize: 6,
            lineStyle: { width: 3, color: '#0b5d3b' },
            itemStyle: { color: '#0b5d3b' },
            markLine: {
              symbol: 'none',
              silent: true,
              label: { formatter: `${t('dash.deadline')} ${date(deadline)}`, position: 'insideEndTop', fontSize: 11, color: '#8f1d14' },
              lineStyle: { color: '#b42318', type: 'solid', width: 1.5 },
              data: [{ xAxis: ms(deadline) }],
            },
          },
          {
            name: t('dash.trendPledges'),
            type: 'line',
            data: points.map((x) => [ms(x.asOf), x.pledges]),
            symbolSize: 6,
            lineStyle: { width: 3, color: '#1d4ed8' },
            itemStyle: { color: '#1d4ed8' },
          },
          {
            name: t('dash.trendExpected'),
            type: 'line',
            data: [...points.map((x) => [ms(x.asOf), x.expected]), ...(ahead ? [[ms(deadline), 100]] : [])],
            symbol: 'none',
            lineStyle: { type: 'dotted', width: 2, color: '#4b5563' },
            itemStyle: { color: '#4b5563' },
          },
          {
            name: t('dash.trendCommunes'),
            type: 'line',
            yAxisIndex: 1,
            step: 'end',
            tooltip: { valueFormatter: (v: unknown) => `${String(v ?? '')}/${communesMax}` },
            data: points.map((x) => [ms(x.asOf), x.communes]),
            symbol: 'diamond',
            symbolSize: 7,
            lineStyle: { width: 1.5, color: '#92400e' },
            itemStyle: { color: '#92400e' },
          },
          {
            name: t('dash.trendForecast'),
            type: 'line',
            data: line(trend.forecast.overall),
            symbol: 'none',
            lineStyle: { type: 'dashed', width: 2, color: '#0b5d3b' },
            itemStyle: { color: '#0b5d3b' },
          },
          {
            name: `${t('dash.trendForecast')} · ${t('dash.trendPledges').toLowerCase()}`,
            type: 'line',
            data: line(trend.forecast.pledges),
            symbol: 'none',
            lineStyle: { type: 'dashed', width: 2, color: '#1d4ed8' },
            itemStyle: { color: '#1d4ed8' },
          },
        ],
      },
      true,
    );
  }, [trend, points, ahead, deadline, t, date, pct, locale]);

  const overallEnd = trend?.forecast.overall.points.at(-1)?.value ?? null;
  const pledgesEnd = trend?.forecast.pledges.points.at(-1)?.value ?? null;
  return (
    <section className="card" aria-labelledby="trend-title">
      <h2 id="trend-title">{t('dash.trend', { deadline: date(deadline) })}</h2>
      {q.isPending && <Loading />}
      {q.error && <ErrorBox error={q.error} onRetry={() => void q.refetch()} />}
      {trend && (
        <>
          <div
            ref={ref}
            className="chart"
            role="img"
            aria-label={t('dash.trend', { deadline: date(deadline) })}
            data-testid="trend-chart"
            data-points={points.length}
            data-as-of={trend.asOf}
            data-computed-at={trend.computedAt}
          />
          {ahead && overallEnd !== null && pledgesEnd !== null && (
            <p className="small" data-testid="trend-forecast" data-method={trend.forecast.pledges.method}>
              {t('dash.trendForecastAt', { date: date(deadline), value: pct(overallEnd), pledges: pct(pledgesEnd) })}{' '}
              {trend.forecast.pledges.method === 'projected_completion' ? t('dash.trendMethodProjected') : t('dash.trendMethodLeastSquares')}
            </p>
          )}
          <details>
            <summary>{t('dash.trendTable')}</summary>
            <table data-testid="trend-table">
              <thead>
                <tr>
                  <th scope="col">{t('dash.date')}</th>
                  <th scope="col" className="num">
                    {t('dash.trendActual')}
                  </th>
                  <th scope="col" className="num">
                    {t('dash.trendPledges')}
                  </th>
                  <th scope="col" className="num">
                    {t('dash.trendExpected')}
                  </th>
                  <th scope="col" className="num">
                    {t('dash.trendCommunes')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {points.map((x) => (
                  <tr key={x.asOf} data-as-of={x.asOf} data-overall={x.overall ?? ''} data-pledges={x.pledges} data-communes={x.communes}>
                    <td>{date(x.asOf)}</td>
                    <td className="num">{x.overall === null ? '–' : pct(x.overall)}</td>
                    <td className="num">{pct(x.pledges)}</td>
                    <td className="num">{pct(x.expected)}</td>
                    <td className="num">
                      {x.communes}/{x.communesTotal}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
