import { Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import { type Reading } from '@pledge/domain';
import { PinoLogger } from 'nestjs-pino';
import { Counter, Histogram, register } from 'prom-client';
import { ReadModelChangeListener } from '../programme/change-listener.service';
import { FORECAST_WORDS, percent1, t } from '../programme/present';
import { READ_API_CACHE_MAX_AGE_MS, ProgrammeViewService } from '../programme/programme-view.service';
import { ReadingsSource } from '../programme/readings-source';
import { badParam, resolveViewDate } from '../programme/request-context';
import { computeTrend, createTrendMemo, TREND_STEPS, type Trend, type TrendStep } from './compute-trend';
import type { TrendResponseDto } from './trend.dto';

export interface GetTrendQuery {
  asOf?: string;
  version?: string;
  every?: string;
}

/** Trends of this many (version, date, step) triples are kept. */
const MAX_TRENDS = 8;

interface Entry {
  readonly value: Promise<{ trend: Trend; computedAt: Date }>;
  readonly readings: number;
  readonly reference: number;
  readonly at: number;
  settled: boolean;
}

/** The read API's metrics (registered by ProgrammeViewService, whose module this handler belongs to). */
const metric = <T>(name: string): T | undefined => register.getSingleMetric(name) as T | undefined;

/**
 * GET /api/v1/progress/trend: the overall figure, the communes at standard, each district condition and the pledge
 * fulfilment at every month (or quarter) end from the first signing to the view date, and the forecast lines to the
 * deadline (libs/domain forecastDistrict; leastSquaresTrend), computed in one pass over the readings history
 * ({@link computeTrend}; points whose readings did not change are reused). Cached like the programme views: concurrent requests share one computation, and an answer
 * is served until `progress_changed` (new readings) or `reference_changed` arrives, at most
 * {@link READ_API_CACHE_MAX_AGE_MS}, and never while the change listener is down. The figures are district-wide,
 * shown to every logged-in account (as the district figures of GET /api/v1/progress).
 */
@Injectable()
export class GetTrendHandler {
  private readonly cache = new Map<string, Entry>();
  /** Points and pledge series reused between computations while their inputs are the same (see TrendMemo). */
  private readonly memo = createTrendMemo();

  constructor(
    private readonly views: ProgrammeViewService,
    private readonly readings: ReadingsSource,
    private readonly listener: ReadModelChangeListener,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(GetTrendHandler.name);
  }

  async execute(_me: Principal, query: GetTrendQuery): Promise<TrendResponseDto> {
    const every = (query.every === undefined || query.every === '' ? 'quarter' : query.every) as TrendStep;
    if (!TREND_STEPS.includes(every)) {
      throw badParam('every', 'not_allowed_value', `every phải là một trong: ${TREND_STEPS.join(', ')}`, `every must be one of: ${TREND_STEPS.join(', ')}`);
    }
    const reference = await this.views.reference();
    const date = resolveViewDate(reference, query);
    const { trend, computedAt } = await this.trend(date.version.id, date.asOf, every);
    const lastForecast = trend.points[trend.points.length - 1].pledges;
    return {
      asOf: trend.asOf,
      asOfNote: date.asOfNote,
      catalogueVersion: trend.version,
      deadline: trend.deadline,
      from: trend.from,
      firstSigning: trend.firstSigning,
      every: trend.every,
      points: trend.points.map((p) => ({
        asOf: p.asOf,
        overall: { progress: p.progress, percent: percent1(p.progress), checks: { met: p.checksMet, total: p.checksTotal } },
        communesAtStandard: p.communesAtStandard,
        communes: p.communes,
        conditions: p.conditions.map((c) => ({ code: c.code, status: c.status, unitsAtTier: c.unitsAtTier, unitsTotal: c.unitsTotal, checks: { met: c.checksMet, total: c.checksTotal } })),
        pledges: {
          status: p.pledges.status,
          actualProgress: p.pledges.actualProgress,
          expectedProgress: p.pledges.expectedProgress,
          actualPercent: percent1(p.pledges.actualProgress)!,
          expectedPercent: percent1(p.pledges.expectedProgress)!,
          items: p.pledges.items,
          met: p.pledges.counts.met,
        },
      })),
      forecast: {
        overall: { method: trend.overallForecast.method, points: trend.overallForecast.points.map((x) => ({ ...x })) },
        pledges: { method: trend.pledgesForecast.method, points: trend.pledgesForecast.points.map((x) => ({ ...x })) },
        district: {
          status: lastForecast.status,
          statusText: FORECAST_WORDS[lastForecast.status],
          deadline: trend.deadline,
          expectedProgress: lastForecast.expectedProgress,
          actualProgress: lastForecast.actualProgress,
          projectedCompletion: lastForecast.projectedCompletion,
          items: lastForecast.items,
          counts: { ...lastForecast.counts },
          reason: t(lastForecast.reason),
        },
      },
      readings: trend.readings,
      computedPoints: trend.computedPoints,
      computedAt: computedAt.toISOString(),
      computeMs: trend.computeMs,
    };
  }

  private trend(version: string, asOf: string, every: TrendStep): Promise<{ trend: Trend; computedAt: Date }> {
    const key = `${version}|${asOf}|${every}`;
    const gens = this.listener.generations;
    const lookups = metric<Counter<'cache' | 'outcome'>>('dashboard_read_api_cache_total');
    const known = this.cache.get(key);
    if (known && known.readings === gens.readings && known.reference === gens.reference) {
      if (!known.settled) {
        lookups?.inc({ cache: 'trend', outcome: 'joined' });
        return known.value;
      }
      if (this.listener.listening && Date.now() - known.at <= READ_API_CACHE_MAX_AGE_MS) {
        lookups?.inc({ cache: 'trend', outcome: 'hit' });
        return known.value;
      }
    }
    lookups?.inc({ cache: 'trend', outcome: 'miss' });
    const value = (async () => {
      const [reference, snapshot] = await Promise.all([this.views.reference(), this.readings.load(asOf)]);
      const timer = metric<Histogram<'what'>>('dashboard_read_api_compute_seconds')?.startTimer({ what: 'trend' });
      try {
        const history: Reading[] = [];
        for (const rows of snapshot.historyByUnit.values()) history.push(...rows);
        const trend = computeTrend(reference, { history, unitToken: (id) => snapshot.unitToken(id) }, { version, asOf, every, now: new Date() }, this.memo);
        this.logger.debug(
          { version, asOf, every, points: trend.points.length, computedPoints: trend.computedPoints, readings: trend.readings, ms: trend.computeMs },
          'trend computed',
        );
        return { trend, computedAt: new Date() };
      } finally {
        timer?.();
      }
    })();
    const entry: Entry = { value, ...gens, at: Date.now(), settled: false };
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > MAX_TRENDS) this.cache.delete(this.cache.keys().next().value as string);
    value.then(
      () => {
        entry.settled = true;
      },
      () => {
        if (this.cache.get(key) === entry) this.cache.delete(key);
      },
    );
    return value;
  }
}
