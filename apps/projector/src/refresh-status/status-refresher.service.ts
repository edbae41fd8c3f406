import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ProjectionDirtyBatchRow, ProjectionStateRow } from '@pledge/persistence';
import { APP_CONFIG, Clock, SystemClock } from '@pledge/platform';
import { PinoLogger } from 'nestjs-pino';
import { Client, Notification } from 'pg';
import { Counter, Gauge, Histogram, register } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import type { ProjectorEnv } from '../config';
import { MAX_IDS_IN_SIGNAL, NotifyChannels, parseProgressSignal, type StatusChangedSignal } from '@pledge/contracts';
import type { IsoDate } from '@pledge/domain';
import { BatchSignal } from '../project-readings/project-readings.kafka.consumer';
import { PROGRESS_CHANGED_CHANNEL, PROJECTION_LOCK, PROJECTION_STATE_KEY, REFRESHER_LEADER_LOCK } from '../read-models/locks';
import { derivedDistricts, derivedToday, loadReferenceModel, unitsOfDistrict, type ReferenceModel } from '../read-models/reference-model';
import { liveTables, type ReadModelTables } from '../read-models/tables';
import type { DerivedRows } from './derive-rows';
import { planWork, storedPairs } from './plan-work';
import { ProjectionCache } from './projection-cache';
import { deleteOrphanRows, RefreshStatusHandler } from './refresh-status.handler';

const leaderGauge =
  (register.getSingleMetric('projector_status_refresher_leader') as Gauge) ??
  new Gauge({ name: 'projector_status_refresher_leader', help: '1 while this instance runs the status refresher' });
const refreshSeconds =
  (register.getSingleMetric('projector_status_refresh_seconds') as Histogram) ??
  new Histogram({
    name: 'projector_status_refresh_seconds',
    help: 'Time of one status refresh round',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
const refreshedUnits =
  (register.getSingleMetric('projector_status_refreshed_units_total') as Counter) ??
  new Counter({ name: 'projector_status_refreshed_units_total', help: 'Units whose derived rows were recomputed' });

/**
 * The status refresher: keeps the programme on every stored day (rm_district_day, rm_unit_day, rm_pledge_item_day),
 * the reporting periods (rm_cell_report) and completeness (rm_reporting_summary) in step with the readings. One
 * instance at a time runs it (session advisory lock REFRESHER_LEADER_LOCK on a dedicated connection, which also
 * LISTENs to progress_changed so that a batch committed by any instance wakes it). Each round takes the units of every
 * queued batch (projection_dirty_batch), coalesced (per unit, the earliest day its new readings describe), at most
 * PROJECTOR_REFRESH_MAX_UNITS of them, reloads them into its cache and recomputes, through libs/domain, the stored days
 * of their districts from that day on (./plan-work) — today's first, committed and signalled on its own so the views
 * that open on today see a report soonest — then the other days, the summaries, deleting the queue rows it read and
 * queueing the units it left for later, in one transaction; a batch queued meanwhile stays for the next round. Under
 * load, rounds take on many units at once (a district day recomputed once for hundreds of events). When every derived
 * row changes (a new "today", an administrator's edit of the reference data), every unit is queued and worked off in
 * rounds of at most PROJECTOR_REFRESH_MAX_UNITS units.
 */
@Injectable()
export class StatusRefresherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private session?: Client;
  private leader = false;
  private stopped = false;
  private wakeUp?: () => void;
  private pending = false;
  private loop?: Promise<void>;
  private cache?: ProjectionCache;
  private model?: ReferenceModel;
  private modelAt = 0;
  private generation = -1;
  /**
   * Districts whose stored days were all computed with the current reference data and "today" (null: not known yet,
   * taken as all of them once the stored basis matches). Any other district touched is recomputed whole.
   */
  private whole: Set<string> | null = null;
  /** A `reference_changed` notification arrived: reload the reference data in the next round. */
  private referenceChanged = false;
  /** When the other stored days (`later` queue rows) were last worked off. */
  private laterDoneAt = Date.now();
  /** When the next round may start (under load, rounds leave the cores to the fold for a while). */
  private lastBatchAt = 0;
  private readonly tables: ReadModelTables;

  constructor(
    private readonly ds: DataSource,
    private readonly handler: RefreshStatusHandler,
    private readonly batches: BatchSignal,
    @Inject(APP_CONFIG) private readonly env: ProjectorEnv,
    private readonly logger: PinoLogger,
    private readonly clock: Clock = new SystemClock(),
  ) {
    this.logger.setContext(StatusRefresherService.name);
    this.tables = liveTables(ds);
  }

  get isLeader(): boolean {
    return this.leader;
  }

  onApplicationBootstrap(): void {
    if (!this.env.PROJECTOR_STATUS_REFRESHER) return;
    this.batches.on('batch', () => this.batchArrived());
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    await this.dropSession();
  }

  /** A batch was folded (by this instance or another): refresh soon; remember when, to tell load from quiet. */
  private batchArrived(): void {
    this.lastBatchAt = Date.now();
    this.wake();
  }

  wake(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  /**
   * Runs rounds until nothing is queued, in the calling task, without electing a leader (tests and tools that own the
   * database; a running projector elects one with {@link run}).
   */
  async drain(): Promise<void> {
    for (let guard = 0; guard < 10_000; guard++) {
      this.pending = false;
      await this.round();
      if (!this.pending) return;
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const started = Date.now();
      try {
        if (!this.leader) await this.tryLead();
        if (this.leader) await this.round();
        // while batches keep arriving, rounds follow each other with a pause in proportion to their length (at most
        // PROJECTOR_REFRESH_DUTY of the time working): the fold keeps the cores it needs, and the next round takes on
        // everything queued meanwhile at once (a commune is assessed once however many of its hamlets reported);
        // once the stream stops, what is left is worked off without pauses
        const took = Date.now() - started;
        const duty = this.env.PROJECTOR_REFRESH_DUTY;
        const pause = Math.min(10_000, (took * (1 - duty)) / duty);
        if (pause >= 5 && Date.now() - this.lastBatchAt < took + 1000 && !this.stopped) await new Promise((resolve) => setTimeout(resolve, pause));
      } catch (err) {
        this.generation = -1; // a round that failed may have left its cache ahead of the tables: reload everything
        this.logger.error({ err: (err as Error).message }, 'status refresh failed; retrying');
        await this.dropSession();
        await this.sleep(1000);
        continue;
      }
      if (!this.pending) await this.sleep(this.leader ? this.env.PROJECTOR_REFRESH_INTERVAL_MS : Math.max(2000, this.env.PROJECTOR_REFRESH_INTERVAL_MS));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async tryLead(): Promise<void> {
    if (!this.session) {
      const c = new Client({ connectionString: this.env.DATABASE_URL, application_name: 'projector-status-refresher' });
      c.on('error', () => void this.dropSession());
      c.on('end', () => void this.dropSession());
      c.on('notification', (n: Notification) => {
        if (n.channel === PROGRESS_CHANGED_CHANNEL && parseProgressSignal(n.payload)?.kind === 'readings') this.batchArrived();
        // an administrator's edit (or a seed): reload the reference data at once
        if (n.channel === NotifyChannels.referenceChanged) {
          this.referenceChanged = true;
          this.wake();
        }
      });
      await c.connect();
      this.session = c;
    }
    const [{ ok }] = (await this.session.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1) AS ok`, [REFRESHER_LEADER_LOCK])).rows;
    if (!ok) return;
    await this.session.query(`LISTEN ${PROGRESS_CHANGED_CHANNEL}`);
    await this.session.query(`LISTEN ${NotifyChannels.referenceChanged}`);
    this.leader = true;
    leaderGauge.set(1);
    this.generation = -1; // another leader may have refreshed meanwhile: reload everything
    this.logger.info('this instance runs the status refresher');
  }

  private async dropSession(): Promise<void> {
    const c = this.session;
    this.session = undefined;
    if (this.leader) this.logger.warn('status refresher leadership released');
    this.leader = false;
    leaderGauge.set(0);
    await c?.end().catch(() => undefined);
  }

  private async currentGeneration(): Promise<number> {
    const rows = await this.ds.query<Pick<ProjectionStateRow, 'generation'>[]>(`SELECT generation FROM projection_state WHERE projection = $1`, [
      PROJECTION_STATE_KEY,
    ]);
    return rows[0]?.generation ?? 0;
  }

  /** Runs `f` in a transaction holding PROJECTION_LOCK shared, if no rebuild swapped the tables meanwhile (else false). */
  private inGeneration<T>(f: (m: EntityManager) => Promise<T>): Promise<T | false> {
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock_shared($1)`, [PROJECTION_LOCK]);
      const [row] = await m.query<(Pick<ProjectionStateRow, 'generation'> | undefined)[]>(`SELECT generation FROM projection_state WHERE projection = $1`, [
        PROJECTION_STATE_KEY,
      ]);
      if ((row?.generation ?? 0) !== this.generation) return false;
      return f(m);
    });
  }

  private async round(): Promise<void> {
    this.pending = false;
    const end = refreshSeconds.startTimer();
    const generation = await this.currentGeneration();
    if (generation !== this.generation || !this.model || !this.cache) {
      // first round as leader, or the tables were rebuilt: read everything again
      this.model = await loadReferenceModel(this.ds);
      this.modelAt = Date.now();
      this.cache = new ProjectionCache(this.model);
      await this.cache.loadAll(this.ds, this.tables);
      this.generation = generation;
      this.whole = null;
    } else if (this.referenceChanged || Date.now() - this.modelAt > this.env.PROJECTOR_REFERENCE_RELOAD_MS) {
      this.referenceChanged = false;
      const model = await loadReferenceModel(this.ds);
      this.modelAt = Date.now();
      if (model.fingerprint !== this.model.fingerprint) {
        this.model = model;
        this.cache = new ProjectionCache(model);
        await this.cache.loadAll(this.ds, this.tables);
        this.whole = null;
      }
    }
    const model = this.model;
    const cache = this.cache;
    const today = derivedToday(model, this.clock.now());

    // what the stored rows were computed on: a new "today" or new reference data changes every derived row
    const stored = await readDerivedBasis(this.ds);
    const basis: DerivedBasis = { today, reference: model.fingerprint };
    if (stored.today !== basis.today || stored.reference !== basis.reference) {
      if (stored.reference !== basis.reference && stored.reference !== null) {
        this.logger.info('reference data changed (units, catalogue or pledges): recomputing every derived row');
      }
      // queue every unit of every derived district (in rounds of at most PROJECTOR_REFRESH_MAX_UNITS), drop the rows
      // of days and units no longer stored, and record the new basis, in one transaction; the queue does the rest
      // (one queue row per district: each is recomputed whole)
      const districts = derivedDistricts(model, today);
      const queued = await this.inGeneration(async (m) => {
        for (const d of districts) await m.query(`INSERT INTO projection_dirty_batch (units) VALUES ($1::text[])`, [unitsOfDistrict(model, d)]);
        await deleteOrphanRows(m, this.tables, model, storedPairs(model, today));
        await writeDerivedBasis(m, basis);
        return true;
      });
      if (queued === false) this.generation = -1;
      else {
        cache.forgetDays(new Set(storedPairs(model, today).days));
        this.whole = new Set();
      }
      this.pending = true;
      return;
    }
    this.whole ??= new Set(derivedDistricts(model, today));
    const whole = this.whole;

    // everything queued, coalesced: a unit named by many batches is recomputed once, from the earliest day any of its
    // new readings describes. New batches first, today's days only (the views open on today), then the other stored
    // days of the units whose today is done (`later` rows) once no new batch waits, or after PROJECTOR_LATER_MAX_WAIT_MS
    const queued = await this.ds.query<ProjectionDirtyBatchRow[]>(
      `SELECT id::text AS id, units, from_days::text[] AS from_days, later FROM projection_dirty_batch ORDER BY id LIMIT 10000`,
    );
    if (queued.length === 0) return;
    const fresh = queued.filter((q) => !q.later);
    const later = queued.filter((q) => q.later);
    const laterDue = later.length > 0 && (fresh.length === 0 || Date.now() - this.laterDoneAt > this.env.PROJECTOR_LATER_MAX_WAIT_MS);
    const rows = laterDue ? later : fresh;
    const dirty = coalesce(rows);
    const union = [...dirty.keys()].sort();
    const ids = union.slice(0, this.env.PROJECTOR_REFRESH_MAX_UNITS);
    const rest = union.slice(this.env.PROJECTOR_REFRESH_MAX_UNITS);
    const taken = rows.map((q) => q.id);
    const requeue = async (m: EntityManager, units: string[], asLater: boolean) => {
      if (units.length)
        await m.query(`INSERT INTO projection_dirty_batch (units, from_days, later) VALUES ($1::text[], $2::date[], $3)`, [
          units,
          units.map((u) => dirty.get(u) ?? null),
          asLater,
        ]);
    };
    if (!laterDue) {
      const reported = await this.inGeneration(async (m) => {
        await this.handler.refreshReports(m, this.tables, ids, model);
        return true;
      });
      if (reported === false) return this.rebuiltMeanwhile();
      await cache.reloadUnits(this.ds, this.tables, ids);
    }
    const { work, summaries } = planWork(model, today, new Map(ids.map((u) => [u, dirty.get(u) ?? null])), whole);
    const phase = laterDue ? work.filter((w) => w.day !== today) : work.filter((w) => w.day === today);
    const leftForLater = !laterDue && (work.some((w) => w.day !== today) || summaries.length > 0);
    const derived = await this.handler.compute(this.ds, this.tables, model, cache, phase, laterDue ? summaries : []);
    const committed = await this.inGeneration(async (m) => {
      await this.handler.write(m, this.tables, derived);
      await m.query(`DELETE FROM projection_dirty_batch WHERE id = ANY($1::bigint[])`, [taken]);
      await requeue(m, rest, laterDue);
      if (leftForLater) await requeue(m, ids, true);
      if (derived.days.length > 0 || derived.rows.reportingSummary.count > 0) await this.signal(m, model, derived, false);
      return true;
    });
    end();
    if (committed === false) return this.rebuiltMeanwhile();
    cache.rememberItems(derived.items, derived.itemCells);
    cache.rememberDistrictInputs(derived.districtDays, derived.signatures);
    if (laterDue) {
      this.laterDoneAt = Date.now();
      // a district recomputed whole (today's day in the first phase, the others now) is consistent again
      for (const d of new Set(work.filter((w) => w.units === 'all').map((w) => w.districtId))) whole.add(d);
    } else if (!leftForLater) for (const d of new Set(work.filter((w) => w.units === 'all').map((w) => w.districtId))) whole.add(d);
    refreshedUnits.inc(derived.units.length);
    this.pending = true; // the rest, the later days, or new batches: another round right away (it returns when nothing waits)
    this.logger.debug({ units: ids.length, days: phase.length, batches: taken.length, later: laterDue, today }, 'derived read models refreshed');
  }

  private rebuiltMeanwhile(): void {
    this.generation = -1; // these rows describe old tables: start again on the new ones
    this.pending = true;
  }

  private async signal(m: EntityManager, model: ReferenceModel, derived: DerivedRows, full: boolean): Promise<void> {
    const signal: StatusChangedSignal = {
      kind: 'status',
      hamlets: derived.units.filter((u) => ['hamlet', 'ward'].includes(model.units.byId.get(u)?.kind ?? '')).slice(0, MAX_IDS_IN_SIGNAL),
      units: derived.units.slice(0, MAX_IDS_IN_SIGNAL),
      days: derived.days.slice(0, MAX_IDS_IN_SIGNAL),
      applied: 0,
      full,
    };
    await m.query(`SELECT pg_notify($1, $2)`, [PROGRESS_CHANGED_CHANNEL, JSON.stringify(signal)]);
  }
}

/** Queue rows coalesced: per unit, the earliest day its new readings describe (null: every stored day). */
function coalesce(rows: readonly { units: string[]; from_days: (string | null)[] | null }[]): Map<string, IsoDate | null> {
  const dirty = new Map<string, IsoDate | null>();
  for (const q of rows) {
    q.units.forEach((u, i) => {
      const from = q.from_days?.[i] ?? null;
      const known = dirty.get(u);
      dirty.set(u, known === undefined ? from : known === null || from === null ? null : from < known ? from : known);
    });
  }
  return dirty;
}

/** What derived rows depend on besides the readings: "today" and the reference data. */
export interface DerivedBasis {
  today: IsoDate | null;
  reference: string | null;
}

export async function readDerivedBasis(db: Pick<DataSource, 'query'>): Promise<DerivedBasis> {
  const rows = await db.query<{ t: string | null; r: string | null }[]>(
    `SELECT derived_today::text AS t, derived_reference AS r FROM projection_state WHERE projection = $1`,
    [PROJECTION_STATE_KEY],
  );
  return { today: rows[0]?.t ?? null, reference: rows[0]?.r ?? null };
}

export async function writeDerivedBasis(db: Pick<DataSource, 'query'>, b: DerivedBasis): Promise<void> {
  await db.query(
    `INSERT INTO projection_state (projection, generation, derived_today, derived_reference) VALUES ($1, 0, $2, $3)
     ON CONFLICT (projection) DO UPDATE SET derived_today = EXCLUDED.derived_today, derived_reference = EXCLUDED.derived_reference, updated_at = now()`,
    [PROJECTION_STATE_KEY, b.today, b.reference],
  );
}
