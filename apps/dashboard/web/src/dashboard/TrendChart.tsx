import { useQueries } from '@tanstack/react-query';
import { LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { leastSquaresTrend, type LinearTrend } from '@pledge/domain/forecast/trend';
import { addDays, daysBetween } from '@pledge/domain/shared/iso-date';
import { api } from '../api/client';
import type { Progress } from '../api/types';
import { useI18n } from '../i18n/i18n';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, AriaComponent, SVGRenderer]);

/** Quarter ends on or after `from` and before `to`. */
export function quarterEnds(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let q = Math.floor((Number(from.slice(5, 7)) - 1) / 3);
  for (;;) {
    const end = new Date(Date.UTC(y, q * 3 + 3, 0)).toISOString().slice(0, 10);
    if (end >= to) break;
    if (end >= from) out.push(end);
    q++;
    if (q === 4) {
      q = 0;
      y++;
    }
  }
  return out;
}

interface Point {
  asOf: string;
  /** Overall progress toward the district standard, 0..100. */
  overall: number | null;
  /** Pledge fulfilment (the forecast's actual progress), 0..100. */
  pledges: number;
  /** Where the pledges should be by then (time elapsed toward their due dates), 0..100. */
  expected: number;
}

const pointOf = (p: Progress): Point => ({
  asOf: p.asOf,
  overall: p.overall.percent,
  pledges: Math.round(p.forecast.actualProgress * 1000) / 10,
  expected: Math.round(p.forecast.expectedProgress * 1000) / 10,
});

const at = (trend: LinearTrend | null, day: string) => (trend ? Math.max(0, Math.min(100, trend.intercept + trend.slopePerDay * daysBetween(trend.origin, day))) : null);

/**
 * Progress over time: the headline's overall figure and the pledges' fulfilment at each quarter end since the
 * pledges were signed (GET /api/v1/progress?asOf=…) and on the day shown, the expected path of the pledges, and
 * the forecast: each series' least-squares trend (libs/domain leastSquaresTrend) carried to the deadline.
 */
export function TrendChart({ p, start = '2023-01-01' }: { p: Progress; start?: string }) {
  const { t, date, pct, locale } = useI18n();
  const days = quarterEnds(start, p.asOf);
  const past = useQueries({
    queries: days.map((d) => ({
      queryKey: ['trend', d],
      queryFn: ({ signal }: { signal: AbortSignal }) => api<Progress>(`/api/v1/progress?asOf=${d}`, { signal }),
      staleTime: 5 * 60_000,
    })),
  });
  const stamp = past.map((q) => q.dataUpdatedAt).join(',');
  const points: Point[] = useMemo(
    () => [...past.flatMap((q) => (q.data ? [pointOf(q.data)] : [])), pointOf(p)],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [stamp, p],
  );
  const overallTrend = leastSquaresTrend(points.filter((x) => x.overall !== null).map((x) => ({ asOf: x.asOf, value: x.overall! })));
  const pledgeTrend = leastSquaresTrend(points.map((x) => ({ asOf: x.asOf, value: x.pledges })));
  const last = points[points.length - 1];
  const ahead = last.asOf < p.deadline;
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
  }, []);

  useEffect(() => {
    const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
    const fmtMonth = (v: number) => date(new Date(v).toISOString().slice(0, 10)).replace(/^\d{2}\//, '');
    const forecastLine = (trend: LinearTrend | null, from: number | null) =>
      ahead && trend && from !== null ? [[ms(last.asOf), from], [ms(p.deadline), at(trend, p.deadline)]] : [];
    chart.current?.setOption(
      {
        aria: { enabled: true },
        animation: false,
        grid: { left: 44, right: 16, top: 56, bottom: 36 },
        legend: { top: 0, itemWidth: 18, textStyle: { fontSize: 11 } },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? pct(v) : String(v ?? '')) },
        xAxis: {
          type: 'time',
          min: ms(addDays(points[0].asOf, -20)),
          max: ms(addDays(p.deadline, 20)),
          axisLabel: { formatter: fmtMonth, hideOverlap: true, fontSize: 11 },
        },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => `${v}%`, fontSize: 11 } },
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
              label: { formatter: `${t('dash.deadline')} ${date(p.deadline)}`, position: 'insideEndTop', fontSize: 11, color: '#8f1d14' },
              lineStyle: { color: '#b42318', type: 'solid', width: 1.5 },
              data: [{ xAxis: ms(p.deadline) }],
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
            data: [...points.map((x) => [ms(x.asOf), x.expected]), ...(ahead ? [[ms(p.deadline), 100]] : [])],
            symbol: 'none',
            lineStyle: { type: 'dotted', width: 2, color: '#4b5563' },
            itemStyle: { color: '#4b5563' },
          },
          {
            name: t('dash.trendForecast'),
            type: 'line',
            data: forecastLine(overallTrend, last.overall),
            symbol: 'none',
            lineStyle: { type: 'dashed', width: 2, color: '#0b5d3b' },
            itemStyle: { color: '#0b5d3b' },
          },
          {
            name: `${t('dash.trendForecast')} · ${t('dash.trendPledges').toLowerCase()}`,
            type: 'line',
            data: forecastLine(pledgeTrend, last.pledges),
            symbol: 'none',
            lineStyle: { type: 'dashed', width: 2, color: '#1d4ed8' },
            itemStyle: { color: '#1d4ed8' },
          },
        ],
      },
      true,
    );
  }, [points, ahead, last, overallTrend, pledgeTrend, p.deadline, t, date, pct, locale]);

  const overallEnd = at(overallTrend, p.deadline);
  const pledgesEnd = at(pledgeTrend, p.deadline);
  return (
    <section className="card" aria-labelledby="trend-title">
      <h2 id="trend-title">{t('dash.trend', { deadline: date(p.deadline) })}</h2>
      <div ref={ref} className="chart" role="img" aria-label={t('dash.trend', { deadline: date(p.deadline) })} data-testid="trend-chart" data-points={points.length} />
      {ahead && overallEnd !== null && pledgesEnd !== null && (
        <p className="small" data-testid="trend-forecast">
          {t('dash.trendForecastAt', { date: date(p.deadline), value: pct(overallEnd), pledges: pct(pledgesEnd) })}
        </p>
      )}
      <details>
        <summary>{t('dash.trendTable')}</summary>
        <table>
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
            </tr>
          </thead>
          <tbody>
            {points.map((x) => (
              <tr key={x.asOf}>
                <td>{date(x.asOf)}</td>
                <td className="num">{x.overall === null ? '–' : pct(x.overall)}</td>
                <td className="num">{pct(x.pledges)}</td>
                <td className="num">{pct(x.expected)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
