import { Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import type { IsoDate } from '@pledge/domain';
import { trendPointOf, type TrendPointRow } from '@pledge/persistence';
import { PinoLogger } from 'nestjs-pino';
import { Counter, register } from 'prom-client';
import { ReadModelChangeListener } from '../programme/change-listener.service';
import { FORECAST_WORDS, percent1, t } from '../programme/present';
import { READ_API_CACHE_MAX_AGE_MS, ProgrammeDaysService } from '../programme/programme-days.service';
import { badParam, resolveViewDate } from '../programme/request-context';
import { leastSquaresLine, pledgeForecastLine, round1, TREND_STEPS, trendDates, type TrendStep } from './trend-lines';
import type { TrendResponseDto } from './trend.dto';
import { Clock, SystemClock } from '@pledge/platform';

export interface GetTrendQuery {
  asOf?: string;
  version?: string;
  /** A programme id (GET /api/v1/programmes); its catalogue version is the view's. */
  programme?: string;
  every?: string;
}

/** Trends of this many (version, date, step) triples are kept. */
const MAX_TRENDS = 16;

interface Entry {
  /** The answer, and the same as JSON (written once, served as it is). */
  readonly value: Promise<{ dto: TrendResponseDto; body: Buffer }>;
  readonly reference: number;
  readonly derived: string;
  readonly readings: number;
  readonly at: number;
  settled: boolean;
  /** Some point was computed on demand: new readings make it out of date. */
  readsHistory: boolean;
}

const lookups = (): Counter<'cache' | 'outcome'> | undefined =>
  register.getSingleMetric('dashboard_read_api_cache_total') as Counter<'cache' | 'outcome'> | undefined;

/**
 * GET /api/v1/progress/trend: the overall figure, the communes at standard, each district condition and the pledge
 * fulfilment at every month (or quarter) end from the first signing to the view date, and the forecast lines to the
 * deadline. The points are the projector's stored days (the end of every reporting period of the programme: a table,
 * not a recomputation); a point the projector does not keep (the view date between two period ends, or month points
 * of a programme reporting by quarter) is libs/domain's programmeOnDay computed on demand off the request thread.
 * Cached: an answer is served until the projector signals that one of its days changed, or new readings arrive when a
 * point was computed, or `reference_changed`; at most {@link READ_API_CACHE_MAX_AGE_MS}, never while the listener is
 * down. District figures: shown to every logged-in account (as the district figures of GET /api/v1/progress).
 */
@Injectable()
export class GetTrendHandler {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly views: ProgrammeDaysService,
    private readonly listener: ReadModelChangeListener,
    private readonly logger: PinoLogger,
    private readonly clock: Clock = new SystemClock(),
  ) {
    this.logger.setContext(GetTrendHandler.name);
  }

  async execute(me: Principal, query: GetTrendQuery): Promise<TrendResponseDto> {
    return (await this.answer(me, query)).dto;
  }

  /** The answer as JSON (the transport of GET /api/v1/progress/trend). */
  async json(me: Principal, query: GetTrendQuery): Promise<Buffer> {
    return (await this.answer(me, query)).body;
  }

  private async answer(_me: Principal, query: GetTrendQuery): Promise<{ dto: TrendResponseDto; body: Buffer }> {
    const every = (query.every === undefined || query.every === '' ? 'quarter' : query.every) as TrendStep;
    if (!TREND_STEPS.includes(every)) {
      throw badParam('every', 'not_allowed_value', `every phải là một trong: ${TREND_STEPS.join(', ')}`, `every must be one of: ${TREND_STEPS.join(', ')}`);
    }
    const reference = await this.views.reference();
    const date = resolveViewDate(reference, query, this.clock.now());
    const key = `${date.version.id}|${date.asOf}|${every}|${date.asOfNote?.en ?? ''}`;
    const g = this.listener.generations;
    const known = this.cache.get(key);
    if (known && this.fresh(known, g)) {
      lookups()?.inc({ cache: 'trend', outcome: known.settled ? 'hit' : 'joined' });
      return known.value;
    }
    lookups()?.inc({ cache: 'trend', outcome: 'miss' });
    const entry: Entry = {
      value: Promise.resolve(null as never),
      reference: g.reference,
      derived: '',
      readings: g.readings,
      at: Date.now(),
      settled: false,
      readsHistory: true,
    };
    const value = this.compute(date.version.id, date.asOf, every, entry).then((dto) => {
      const full = { ...dto, asOfNote: date.asOfNote };
      return { dto: full, body: Buffer.from(JSON.stringify(full)) };
    });
    (entry as { value: Promise<{ dto: TrendResponseDto; body: Buffer }> }).value = value;
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > MAX_TRENDS) this.cache.delete(this.cache.keys().next().value as string);
    value.then(
      () => (entry.settled = true),
      () => this.cache.get(key) === entry && this.cache.delete(key),
    );
    return value;
  }

  private fresh(e: Entry, g: { readings: number; reference: number }): boolean {
    if (e.reference !== g.reference) return false;
    if (!e.settled) return true; // in flight since the last change: join it
    if (!this.listener.listening || Date.now() - e.at > READ_API_CACHE_MAX_AGE_MS) return false;
    if (e.readsHistory && e.readings !== g.readings) return false;
    return e.derived === this.derivedStamp(e.derived.split(',').map((x) => x.split('=')[0]));
  }

  private derivedStamp(days: readonly IsoDate[]): string {
    return days.map((d) => `${d}=${this.listener.derivedGeneration(d)}`).join(',');
  }

  private async compute(version: string, asOf: IsoDate, every: TrendStep, entry: Entry): Promise<TrendResponseDto> {
    const started = Date.now();
    // the view date first: it names the first signing (the trend's start) and is itself the last point
    const last = await this.views.view(version, asOf);
    const firstSigning = last.firstSigning;
    const deadline = last.catalogue.catalogue.deadline;
    const from = `${(firstSigning ?? last.catalogue.catalogue.periodFrom).slice(0, 7)}-01`;
    const days = trendDates(from, asOf, every);
    (entry as { derived: string }).derived = this.derivedStamp(days);
    const stored = new Map((await this.views.storedTrendPoints(version, days.slice(0, -1))).map((p) => [p.day, p]));
    const points: TrendPointRow[] = [];
    let computed = last.source === 'computed' ? 1 : 0;
    for (const day of days.slice(0, -1)) {
      const known = stored.get(day);
      if (known) points.push(known);
      else {
        const v = await this.views.view(version, day);
        if (v.source === 'computed') computed++;
        points.push(trendPointOf(v.day));
      }
    }
    points.push(trendPointOf(last.day));
    entry.readsHistory = computed > 0;
    const overallSeries = points.filter((p) => p.progress !== null).map((p) => ({ asOf: p.day, value: round1(p.progress! * 100) }));
    const pledgeSeries = points.map((p) => ({ asOf: p.day, value: round1(p.forecast.actualProgress * 100) }));
    const overallForecast = leastSquaresLine(overallSeries, deadline);
    const pledgesForecast = pledgeForecastLine(pledgeSeries, last.forecast, deadline);
    const f = last.forecast;
    this.logger.debug({ version, asOf, every, points: points.length, computedPoints: computed }, 'trend assembled');
    return {
      asOf,
      asOfNote: null,
      catalogueVersion: version,
      deadline,
      from,
      firstSigning,
      every,
      points: points.map((p) => ({
        asOf: p.day,
        overall: { progress: p.progress, percent: percent1(p.progress), checks: { ...p.checks } },
        communesAtStandard: p.communesAtStandard,
        communes: p.communes,
        conditions: p.conditions.map((c) => ({
          code: c.code,
          status: c.status,
          unitsAtTier: c.unitsAtTier,
          unitsTotal: c.unitsTotal,
          checks: { ...c.checks },
        })),
        pledges: {
          status: p.forecast.status,
          actualProgress: p.forecast.actualProgress,
          expectedProgress: p.forecast.expectedProgress,
          actualPercent: percent1(p.forecast.actualProgress)!,
          expectedPercent: percent1(p.forecast.expectedProgress)!,
          items: p.forecast.items,
          met: p.forecast.counts.met,
        },
      })),
      forecast: {
        overall: { method: overallForecast.method, points: overallForecast.points.map((x) => ({ ...x })) },
        pledges: { method: pledgesForecast.method, points: pledgesForecast.points.map((x) => ({ ...x })) },
        district: {
          status: f.status,
          statusText: FORECAST_WORDS[f.status],
          deadline,
          expectedProgress: f.expectedProgress,
          actualProgress: f.actualProgress,
          projectedCompletion: f.projectedCompletion,
          items: f.items,
          counts: { ...f.counts },
          reason: t(f.reason),
        },
      },
      readings: last.readings,
      computedPoints: computed,
      computedAt: new Date().toISOString(),
      computeMs: Date.now() - started,
    };
  }
}
