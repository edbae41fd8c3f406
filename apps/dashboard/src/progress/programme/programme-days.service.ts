import { Injectable } from '@nestjs/common';
import type { IsoDate, UnitDay } from '@pledge/domain';
import { loadProgrammeDay, loadTrendPoints, loadUnitDay, type TrendPointRow } from '@pledge/persistence';
import { PinoLogger } from 'nestjs-pino';
import { Counter, Histogram, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { ReadModelChangeListener } from './change-listener.service';
import { OffThreadService } from './off-thread.service';
import { districtOf, ProgrammeReferenceLoader, type ProgrammeReference } from './programme-reference';
import { programmeViewOf, type ProgrammeView } from './programme-view';

/**
 * Longest time a cached value is served even when no notification said it changed (a safety net for changes
 * made behind the system's back, e.g. by hand in psql).
 */
export const READ_API_CACHE_MAX_AGE_MS = 60_000;
/** Views of this many (version, date) pairs are kept. */
const MAX_VIEWS = 32;

const cacheLookups =
  (register.getSingleMetric('dashboard_read_api_cache_total') as Counter<'cache' | 'outcome'> | undefined) ??
  new Counter({
    name: 'dashboard_read_api_cache_total',
    help: 'Read API cache lookups (hit, miss, joined = waited for a computation in flight)',
    labelNames: ['cache', 'outcome'],
  });
const loadSeconds =
  (register.getSingleMetric('dashboard_read_api_compute_seconds') as Histogram<'what'> | undefined) ??
  new Histogram({
    name: 'dashboard_read_api_compute_seconds',
    help: 'Time to load the reference data, to read a stored programme day, and to compute one on demand',
    labelNames: ['what'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });

interface Entry<T> {
  readonly value: Promise<T>;
  /** The generations the value was read under (see {@link ReadModelChangeListener}). */
  readonly stamp: string;
  readonly at: number;
  settled: boolean;
  /** Views: where the value came from, once settled. */
  source?: 'stored' | 'computed';
}

/**
 * The read API's access to the programme: the reference data, and the programme of the programme's district on a view
 * date — the projector's stored day (rm_district_day, rm_unit_day, rm_pledge_item_day) when it keeps that day, else
 * libs/domain's programmeOnDay computed on demand off the request thread (OffThreadService). Cached per burst of
 * requests: concurrent requests share one read; a value is served until a notification says it changed (a stored day:
 * the projector's `status` signal naming that day, or a rebuild; a computed day: new readings; both: an administrator's
 * edit), at most {@link READ_API_CACHE_MAX_AGE_MS}, and never while the change listener is down.
 */
@Injectable()
export class ProgrammeDaysService {
  private referenceEntry?: Entry<ProgrammeReference>;
  private readonly views = new Map<string, Entry<ProgrammeView>>();
  private readonly details = new WeakMap<ProgrammeView, Map<string, Promise<UnitDay | undefined>>>();

  constructor(
    private readonly ds: DataSource,
    private readonly loader: ProgrammeReferenceLoader,
    private readonly computer: OffThreadService,
    private readonly listener: ReadModelChangeListener,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ProgrammeDaysService.name);
  }

  /** Drops everything (after this instance's own administrative edits). */
  invalidate(): void {
    this.listener.referenceChanged();
    this.referenceEntry = undefined;
    this.views.clear();
  }

  reference(): Promise<ProgrammeReference> {
    const stamp = `${this.listener.generations.reference}`;
    const hit = this.usable(this.referenceEntry, stamp);
    if (hit) {
      cacheLookups.inc({ cache: 'reference', outcome: hit.settled ? 'hit' : 'joined' });
      return hit.value;
    }
    cacheLookups.inc({ cache: 'reference', outcome: 'miss' });
    const timer = loadSeconds.startTimer({ what: 'reference' });
    const value = this.loader.load().finally(() => timer());
    const entry: Entry<ProgrammeReference> = { value, stamp, at: Date.now(), settled: false };
    this.referenceEntry = entry;
    this.track(entry, () => {
      if (this.referenceEntry === entry) this.referenceEntry = undefined;
    });
    return value;
  }

  /** The district of a version's programme (the district its pledges cover). */
  districtOf(reference: ProgrammeReference, version: string): string {
    const d = districtOf(
      reference,
      reference.pledges.filter((p) => p.catalogueVersion === version),
    );
    if (!d) throw new RangeError('No district in the units');
    return d.id;
  }

  /** The programme of `version` on `asOf`: the projector's stored day, or computed on demand. */
  view(version: string, asOf: IsoDate): Promise<ProgrammeView> {
    const key = `${version}|${asOf}`;
    const g = this.listener.generations;
    // a stored day changes with the projector's signals for it; a computed one with the readings
    const stamp = `${g.reference}|${this.listener.derivedGeneration(asOf)}|${g.readings}`;
    const known = this.views.get(key);
    const hit = this.usable(known, stamp) ?? (known?.settled && this.sourceStillValid(known, stamp) ? known : undefined);
    if (hit) {
      cacheLookups.inc({ cache: 'view', outcome: hit.settled ? 'hit' : 'joined' });
      return hit.value;
    }
    cacheLookups.inc({ cache: 'view', outcome: 'miss' });
    const value = this.load(version, asOf, g);
    const entry: Entry<ProgrammeView> = { value, stamp, at: Date.now(), settled: false };
    this.views.delete(key);
    this.views.set(key, entry);
    while (this.views.size > MAX_VIEWS) this.views.delete(this.views.keys().next().value as string);
    this.track(entry, () => {
      if (this.views.get(key) === entry) this.views.delete(key);
    });
    value.then((v) => (entry.source = v.source)).catch(() => undefined);
    return value;
  }

  /**
   * One unit of a view with its criteria's indicators (a stored view holds each unit's criteria without them: the
   * district's views do not show them); cached with the view.
   */
  unitDetail(view: ProgrammeView, unitId: string): Promise<UnitDay | undefined> {
    if (view.source === 'computed') return Promise.resolve(view.unitDayById.get(unitId));
    let m = this.details.get(view);
    if (!m) this.details.set(view, (m = new Map<string, Promise<UnitDay | undefined>>()));
    let d = m.get(unitId);
    if (!d) {
      d = loadUnitDay(this.ds, unitId, view.asOf).then((u) => u ?? undefined);
      m.set(unitId, d);
      d.catch(() => m.delete(unitId));
    }
    return d;
  }

  /**
   * The trend figures of the stored days among `days`, oldest first. Days the projector does not keep are left out
   * (the caller computes them).
   */
  async storedTrendPoints(version: string, days: readonly IsoDate[]): Promise<TrendPointRow[]> {
    const reference = await this.reference();
    const rows = await loadTrendPoints(this.ds, this.districtOf(reference, version), days, reference.fingerprint);
    return rows.filter((r) => r.catalogueVersion === version);
  }

  private async load(version: string, asOf: IsoDate, g: { readings: number; reference: number }): Promise<ProgrammeView> {
    const reference = await this.reference();
    const districtId = this.districtOf(reference, version);
    let timer = loadSeconds.startTimer({ what: 'stored_day' });
    const stored = await loadProgrammeDay(this.ds, districtId, asOf);
    timer();
    // a stored day computed with other reference data (an administrator's edit the projector has not derived yet) is
    // computed again here, so that an edit takes effect at once
    if (stored && stored.day.catalogueVersion === version && stored.reference === reference.fingerprint)
      return programmeViewOf(reference, stored.day, 'stored');
    timer = loadSeconds.startTimer({ what: 'computed_day' });
    try {
      const day = await this.computer.compute({ version, districtId, day: asOf, referenceGeneration: g.reference, readingsGeneration: g.readings });
      this.logger.debug({ version, asOf }, 'programme day computed on demand');
      return programmeViewOf(reference, day, 'computed');
    } finally {
      timer();
    }
  }

  /**
   * A view computed on demand stays right while the readings and the reference data stay the same, whatever the
   * projector's signals say about stored days; a stored one while its day's rows and the reference data stay the same.
   */
  private sourceStillValid(entry: Entry<ProgrammeView>, stamp: string): boolean {
    if (!this.listener.listening || Date.now() - entry.at > READ_API_CACHE_MAX_AGE_MS) return false;
    const [ref, derived, readings] = entry.stamp.split('|');
    const [ref2, derived2, readings2] = stamp.split('|');
    if (ref !== ref2) return false;
    // a computed day ignores the projector's signals about stored days, a stored one new readings
    return entry.source === undefined ? false : entry.source === 'computed' ? readings === readings2 : derived === derived2;
  }

  private usable<T>(entry: Entry<T> | undefined, stamp: string): Entry<T> | undefined {
    if (!entry) return undefined;
    if (entry.stamp !== stamp) return undefined; // computed (or being computed) before the last change notification
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
