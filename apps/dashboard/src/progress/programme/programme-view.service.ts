import { Injectable } from '@nestjs/common';
import type { IsoDate } from '@pledge/domain';
import { PinoLogger } from 'nestjs-pino';
import { Counter, Histogram, register } from 'prom-client';
import { ReadModelChangeListener } from './change-listener.service';
import { ProgrammeReferenceLoader, type ProgrammeReference } from './programme-reference';
import { computeProgrammeView, type CellMemo, type ProgrammeView } from './programme-view';
import { ReadingsSource } from './readings-source';

/**
 * Longest time a cached value is served even when no notification said it changed (a safety net for changes
 * made behind the system's back, e.g. by hand in psql).
 */
export const READ_API_CACHE_MAX_AGE_MS = 60_000;
/** Views of this many (version, date) pairs are kept. */
const MAX_VIEWS = 16;

const cacheLookups =
  (register.getSingleMetric('dashboard_read_api_cache_total') as Counter<'cache' | 'outcome'> | undefined) ??
  new Counter({ name: 'dashboard_read_api_cache_total', help: 'Read API cache lookups (hit, miss, joined = waited for a computation in flight)', labelNames: ['cache', 'outcome'] });
const computeSeconds =
  (register.getSingleMetric('dashboard_read_api_compute_seconds') as Histogram<'what'> | undefined) ??
  new Histogram({
    name: 'dashboard_read_api_compute_seconds',
    help: 'Time to load and compute the reference data and the programme views (progress, pledges, rankings, evaluations)',
    labelNames: ['what'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });

interface Entry<T> {
  readonly value: Promise<T>;
  readonly readings: number;
  readonly reference: number;
  readonly at: number;
  settled: boolean;
}

/**
 * The reference data and the programme views, cached per burst of requests:
 * - concurrent requests for the same (version, date) share one computation;
 * - a computed value is served until the projector NOTIFYs `progress_changed` (new readings), an administrator's
 *   edit NOTIFYs `reference_changed`, or {@link READ_API_CACHE_MAX_AGE_MS} passes;
 * - while the LISTEN connection is down nothing is served from the cache (only in-flight computations are shared).
 */
@Injectable()
export class ProgrammeViewService {
  private referenceEntry?: Entry<ProgrammeReference>;
  private readonly views = new Map<string, Entry<ProgrammeView>>();
  private readonly cellMemo: CellMemo = new WeakMap();

  constructor(
    private readonly loader: ProgrammeReferenceLoader,
    private readonly readings: ReadingsSource,
    private readonly listener: ReadModelChangeListener,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ProgrammeViewService.name);
  }

  /** Drops everything (after this instance's own administrative edits). */
  invalidate(): void {
    this.listener.referenceChanged();
    this.referenceEntry = undefined;
    this.views.clear();
  }

  reference(): Promise<ProgrammeReference> {
    const gens = this.listener.generations;
    const hit = this.usable(this.referenceEntry, gens, true);
    if (hit) {
      cacheLookups.inc({ cache: 'reference', outcome: hit.settled ? 'hit' : 'joined' });
      return hit.value;
    }
    cacheLookups.inc({ cache: 'reference', outcome: 'miss' });
    const timer = computeSeconds.startTimer({ what: 'reference' });
    const value = this.loader.load().finally(() => timer());
    const entry: Entry<ProgrammeReference> = { value, ...gens, at: Date.now(), settled: false };
    this.referenceEntry = entry;
    this.track(entry, () => {
      if (this.referenceEntry === entry) this.referenceEntry = undefined;
    });
    return value;
  }

  /** The view of `version` on `asOf`, computed through libs/domain from the projected readings. */
  view(version: string, asOf: IsoDate): Promise<ProgrammeView> {
    const key = `${version}|${asOf}`;
    const gens = this.listener.generations;
    const hit = this.usable(this.views.get(key), gens, false);
    if (hit) {
      cacheLookups.inc({ cache: 'view', outcome: hit.settled ? 'hit' : 'joined' });
      return hit.value;
    }
    cacheLookups.inc({ cache: 'view', outcome: 'miss' });
    const value = (async () => {
      const [reference, readings] = await Promise.all([this.reference(), this.readings.load(asOf)]);
      const timer = computeSeconds.startTimer({ what: 'view' });
      try {
        const view = computeProgrammeView(reference, readings, { version, asOf, now: new Date(), memo: this.cellMemo });
        this.logger.debug({ version, asOf, ms: view.computeMs }, 'programme view computed');
        return view;
      } finally {
        timer();
      }
    })();
    const entry: Entry<ProgrammeView> = { value, ...gens, at: Date.now(), settled: false };
    this.views.delete(key);
    this.views.set(key, entry);
    while (this.views.size > MAX_VIEWS) this.views.delete(this.views.keys().next().value as string);
    this.track(entry, () => {
      if (this.views.get(key) === entry) this.views.delete(key);
    });
    return value;
  }

  private usable<T>(entry: Entry<T> | undefined, gens: { readings: number; reference: number }, referenceOnly: boolean): Entry<T> | undefined {
    if (!entry) return undefined;
    // computed (or being computed) before the last change notification: never served
    if (entry.reference !== gens.reference) return undefined;
    if (!referenceOnly && entry.readings !== gens.readings) return undefined;
    if (!entry.settled) return entry; // a computation in flight since the last change: join it
    if (!this.listener.listening) return undefined;
    if (Date.now() - entry.at > READ_API_CACHE_MAX_AGE_MS) return undefined;
    return entry;
  }

  private track<T>(entry: Entry<T>, drop: () => void): void {
    entry.value.then(
      () => {
        entry.settled = true;
      },
      () => drop(),
    );
  }
}
