import { useQueries } from '@tanstack/react-query';
import { LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { leastSquaresTrend } from '@pledge/domain/forecast/trend';
import { addDays, daysBetween } from '@pledge/domain/shared/iso-date';
import { api } from '../api/client';
import type { Progress } from '../api/types';
import { useI18n } from '../i18n/i18n';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, AriaComponent, SVGRenderer]);

/** Quarter ends from the first quarter after `from` up to (not including) `to`. */
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
  percent: number;
}

/**
 * Overall progress over time (the headline's figure, GET /api/v1/progress?asOf= at each quarter end since the
 * pledges were signed, and now), the path to 100% by the deadline, and the forecast: the least-squares trend of
 * the points (libs/domain leastSquaresTrend) carried to the deadline.
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
  const points: Point[] = useMemo(() => {
    const pts = past.flatMap((q, i) => (q.data && q.data.overall.percent !== null ? [{ asOf: days[i], percent: q.data.overall.percent }] : []));
    if (p.overall.percent !== null) pts.push({ asOf: p.asOf, percent: p.overall.percent });
    return pts;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [past.map((q) => q.dataUpdatedAt).join(','), p.asOf, p.overall.percent]);

  const trend = leastSquaresTrend(points.map((x) => ({ asOf: x.asOf, value: x.percent })));
  const forecastAt = (d: string) => (trend ? Math.max(0, Math.min(100, trend.intercept + trend.slopePerDay * daysBetween(trend.origin, d))) : null);
  const last = points[points.length - 1];
  const forecastEnd = forecastAt(p.deadline);
  const forecast: [number, number][] =
    trend && last && last.asOf <= p.deadline
      ? [
          [Date.parse(last.asOf), last.percent],
          [Date.parse(p.deadline), forecastEnd!],
        ]
      : [];
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
    const first = points[0]?.asOf ?? start;
    const fmtDay = (ms: number) => date(new Date(ms).toISOString().slice(0, 10));
    chart.current?.setOption(
      {
        aria: { enabled: true, decal: { show: false } },
        animation: false,
        grid: { left: 48, right: 16, top: 36, bottom: 48 },
        legend: { top: 0, textStyle: { fontSize: 12 } },
        tooltip: {
          trigger: 'axis',
          valueFormatter: (v: unknown) => (typeof v === 'number' ? pct(v) : String(v)),
        },
        xAxis: {
          type: 'time',
          min: Date.parse(addDays(first, -15)),
          max: Date.parse(addDays(p.deadline, 15)),
          axisLabel: { formatter: (v: number) => fmtDay(v).replace(/^\d{2}\//, ''), hideOverlap: true },
        },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => `${v}%` } },
        series: [
          {
            name: t('dash.trendActual'),
            type: 'line',
            data: points.map((x) => [Date.parse(x.asOf), x.percent]),
            symbolSize: 7,
            lineStyle: { width: 3, color: '#0b5d3b' },
            itemStyle: { color: '#0b5d3b' },
            markLine: {
              symbol: 'none',
              label: { formatter: t('dash.deadline') + ' ' + date(p.deadline), position: 'insideEndTop', fontSize: 11 },
              lineStyle: { color: '#b42318', type: 'solid' },
              data: [{ xAxis: Date.parse(p.deadline) }],
            },
          },
          {
            name: t('dash.trendForecast'),
            type: 'line',
            data: forecast,
            symbol: 'none',
            lineStyle: { type: 'dashed', width: 2, color: '#b54708' },
            itemStyle: { color: '#b54708' },
          },
          {
            name: t('dash.trendTarget'),
            type: 'line',
            data: [
              [Date.parse(start), 0],
              [Date.parse(p.deadline), 100],
            ],
            symbol: 'none',
            lineStyle: { type: 'dotted', width: 1.5, color: '#4b5563' },
            itemStyle: { color: '#4b5563' },
          },
        ],
      },
      true,
    );
  }, [points, forecast, p.deadline, start, t, date, pct, locale]);

  return (
    <section className="card" aria-labelledby="trend-title">
      <h2 id="trend-title">{t('dash.trend', { deadline: date(p.deadline) })}</h2>
      <div ref={ref} className="chart" role="img" aria-label={t('dash.trend', { deadline: date(p.deadline) })} data-testid="trend-chart" data-points={points.length} />
      {forecastEnd !== null && (
        <p className="small">
          {t('dash.trendForecastAt', { date: date(p.deadline), value: pct(forecastEnd) })}
        </p>
      )}
      <details>
        <summary>{t('dash.trendTable')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('dash.date')}</th>
              <th scope="col" className="num">
                {t('dash.progress')}
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((x) => (
              <tr key={x.asOf}>
                <td>{date(x.asOf)}</td>
                <td className="num">{pct(x.percent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
