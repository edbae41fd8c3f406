import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@pledge/platform';
import { PinoLogger } from 'nestjs-pino';
import { Client, Notification } from 'pg';
import { Counter, Gauge, Histogram, register } from 'prom-client';
import { DataSource } from 'typeorm';
import type { ProjectorEnv } from '../config';
import { BatchSignal } from '../project-readings/project-readings.kafka.consumer';
import { PROGRESS_CHANGED_CHANNEL, PROJECTION_LOCK, PROJECTION_STATE_KEY, REFRESHER_LEADER_LOCK } from '../read-models/locks';
import { loadReferenceModel, type ReferenceModel } from '../read-models/reference-model';
import { liveTables, type ReadModelTables } from '../read-models/tables';
import { ProjectionCache } from './projection-cache';
import { assessedUnits, deleteOrphanRows, RefreshStatusHandler } from './refresh-status.handler';

const leaderGauge =
  (register.getSingleMetric('projector_status_refresher_leader') as Gauge) ??
  new Gauge({ name: 'projector_status_refresher_leader', help: '1 while this instance runs the status refresher' });
const refreshSeconds =
  (register.getSingleMetric('projector_status_refresh_seconds') as Histogram) ??
  new Histogram({ name: 'projector_status_refresh_seconds', help: 'Time of one status refresh round', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
const refreshedUnits =
  (register.getSingleMetric('projector_status_refreshed_units_total') as Counter) ??
  new Counter({ name: 'projector_status_refreshed_units_total', help: 'Units whose derived rows were recomputed' });

/** The signal sent after the derived read models changed (see README "Projections"). */
export interface StatusChangedSignal {
  kind: 'status';
  /** Cells among the recomputed units (first 100). */
  hamlets: string[];
  /** All recomputed units: cells, communes, town, district (first 100). */
  units: string[];
  applied: 0;
  full: boolean;
}

/**
 * The status refresher: keeps rm_indicator_status, rm_criterion_status, rm_unit_standard, rm_district_standard,
 * rm_pledge_item_status and rm_reporting_summary in step with the readings. One instance at a time runs it (session
 * advisory lock REFRESHER_LEADER_LOCK on a dedicated connection, which also LISTENs to progress_changed so that a
 * batch committed by any instance wakes it). Each round takes the units of every queued batch (projection_dirty_batch),
 * coalesced, at most PROJECTOR_REFRESH_MAX_UNITS of them, reloads their rows into its cache, recomputes them and their
 * ancestors through libs/domain, writes the rows, deletes the queue rows it read and queues the units it left for
 * later as one row, in one transaction; a batch queued meanwhile stays for the next round. Under load,
 * rounds take on many units at once (one commune recomputed once for hundreds of events). When every derived row
 * changes (a new view day, an administrator's edit of the reference data), every unit is queued and worked off in
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
  private cache = new ProjectionCache();
  private model?: ReferenceModel;
  private modelAt = 0;
  private generation = -1;
  /** Criterion statuses of the communes when last computed (lets a round leave unchanged districts alone). */
  private readonly signatures = new Map<string, string>();
  /** When the next round may start (under load, rounds leave the cores to the fold for a while). */
  private lastBatchAt = 0;
  private readonly tables: ReadModelTables;

  constructor(
    private readonly ds: DataSource,
    private readonly handler: RefreshStatusHandler,
    private readonly batches: BatchSignal,
    @Inject(APP_CONFIG) private readonly env: ProjectorEnv,
    private readonly logger: PinoLogger,
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
        this.signatures.clear(); // a round that failed may have left its rows unwritten
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
        if (n.channel === PROGRESS_CHANGED_CHANNEL && n.payload?.includes('"kind":"readings"')) this.batchArrived();
      });
      await c.connect();
      this.session = c;
    }
    const [{ ok }] = (await this.session.query(`SELECT pg_try_advisory_lock($1) AS ok`, [REFRESHER_LEADER_LOCK])).rows;
    if (!ok) return;
    await this.session.query(`LISTEN ${PROGRESS_CHANGED_CHANNEL}`);
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
    const rows: { generation: number }[] = await this.ds.query(`SELECT generation FROM projection_state WHERE projection = $1`, [PROJECTION_STATE_KEY]);
    return rows[0]?.generation ?? 0;
  }

  private async round(): Promise<void> {
    this.pending = false;
    const end = refreshSeconds.startTimer();
    const generation = await this.currentGeneration();
    if (generation !== this.generation) {
      // first round as leader, or the tables were rebuilt: read everything again
      this.model = await loadReferenceModel(this.ds);
      this.modelAt = Date.now();
      await this.cache.loadAll(this.ds, this.tables);
      this.signatures.clear();
      this.generation = generation;
    } else if (Date.now() - this.modelAt > this.env.PROJECTOR_REFERENCE_RELOAD_MS) {
      this.model = await loadReferenceModel(this.ds);
      this.modelAt = Date.now();
    }
    const model = this.model!;
    // everything queued, coalesced: a unit named by many batches is recomputed once; a round takes at most
    // PROJECTOR_REFRESH_MAX_UNITS units and queues the rest again as one row (in its final transaction)
    const queued: { id: string; units: string[] }[] = await this.ds.query(`SELECT id::text AS id, units FROM projection_dirty_batch ORDER BY id LIMIT 10000`);
    const taken = queued.map((q) => q.id);
    const union = [...new Set(queued.flatMap((q) => q.units))].sort();
    const ids = union.slice(0, this.env.PROJECTOR_REFRESH_MAX_UNITS);
    const rest = union.slice(this.env.PROJECTOR_REFRESH_MAX_UNITS);
    if (ids.length) {
      const current = await this.ds.transaction(async (m) => {
        await m.query(`SELECT pg_advisory_xact_lock_shared($1)`, [PROJECTION_LOCK]);
        const [row] = await m.query(`SELECT generation FROM projection_state WHERE projection = $1`, [PROJECTION_STATE_KEY]);
        if ((row?.generation ?? 0) !== this.generation) return false;
        await this.handler.refreshReports(m, this.tables, ids, model);
        return true;
      });
      if (!current) {
        this.generation = -1; // rebuilt meanwhile
        this.pending = true;
        return;
      }
      await this.cache.reloadUnits(this.ds, this.tables, ids);
    }
    // what the stored derived rows were computed on: a new view day or new reference data changes every row
    const stored = await readDerivedBasis(this.ds);
    const basis = derivedBasisOf(this.cache, model);
    const full = stored.viewDay !== basis.viewDay || stored.reference !== basis.reference;
    const periodsMoved = stored.periods !== basis.periods;
    if (full) {
      // every derived row changes: queue every unit (in rounds of at most PROJECTOR_REFRESH_MAX_UNITS), drop rows of
      // units that no longer exist, and record the new basis, in one transaction; the queue does the rest
      if (stored.reference !== basis.reference && stored.reference !== null) {
        this.logger.info('reference data changed (units, catalogue or pledges): recomputing every derived row');
      }
      const all = assessedUnits(model);
      this.signatures.clear();
      const step = Math.max(1, Math.floor(this.env.PROJECTOR_REFRESH_MAX_UNITS / 2));
      const queuedAll = await this.ds.transaction(async (m) => {
        await m.query(`SELECT pg_advisory_xact_lock_shared($1)`, [PROJECTION_LOCK]);
        const [row] = await m.query(`SELECT generation FROM projection_state WHERE projection = $1`, [PROJECTION_STATE_KEY]);
        if ((row?.generation ?? 0) !== this.generation) return false;
        for (let i = 0; i < all.length; i += step) await m.query(`INSERT INTO projection_dirty_batch (units) VALUES ($1::text[])`, [all.slice(i, i + step)]);
        await deleteOrphanRows(m, this.tables, model);
        await writeDerivedBasis(m, { ...basis, periods: stored.periods });
        return true;
      });
      if (!queuedAll) this.generation = -1;
      this.pending = true;
      return;
    }
    if (taken.length === 0 && !periodsMoved) return;
    const updated = new Map<string, string | null>();
    const derived = await this.handler.compute(this.ds, this.tables, model, this.cache, ids, periodsMoved, false, { dirty: new Set(ids), signatures: this.signatures, updated });
    const committed = await this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock_shared($1)`, [PROJECTION_LOCK]);
      const [row] = await m.query(`SELECT generation FROM projection_state WHERE projection = $1`, [PROJECTION_STATE_KEY]);
      if ((row?.generation ?? 0) !== this.generation) return false; // rebuilt meanwhile: these rows describe old tables
      await this.handler.write(m, this.tables, derived);
      if (taken.length) await m.query(`DELETE FROM projection_dirty_batch WHERE id = ANY($1::bigint[])`, [taken]);
      if (rest.length) await m.query(`INSERT INTO projection_dirty_batch (units) VALUES ($1::text[])`, [rest]);
      await writeDerivedBasis(m, basis);
      const units = derived.units;
      const signal: StatusChangedSignal = {
        kind: 'status',
        hamlets: units.filter((u) => ['hamlet', 'ward'].includes(model.units.byId.get(u)?.kind ?? '')).slice(0, 100),
        units: units.slice(0, 100),
        applied: 0,
        full: derived.full,
      };
      await m.query(`SELECT pg_notify($1, $2)`, [PROGRESS_CHANGED_CHANNEL, JSON.stringify(signal)]);
      return true;
    });
    end();
    if (!committed) {
      this.signatures.clear();
      this.generation = -1;
      this.pending = true;
      return;
    }
    for (const [unit, signature] of updated) {
      if (signature === null) this.signatures.delete(unit);
      else this.signatures.set(unit, signature);
    }
    refreshedUnits.inc(derived.units.length);
    if (rest.length > 0 || queued.length === 10000) this.pending = true;
    this.logger.debug({ units: derived.units.length, batches: taken.length, full: derived.full, viewDay: this.cache.viewDay }, 'derived read models refreshed');
  }
}

/** What derived rows depend on besides the readings: the view day, the reported period range, the reference data. */
export interface DerivedBasis {
  viewDay: string | null;
  periods: string | null;
  reference: string | null;
}

export function derivedBasisOf(cache: ProjectionCache, model: ReferenceModel): DerivedBasis {
  return { viewDay: cache.viewDay, periods: cache.firstPeriod === null ? null : cache.periodRange, reference: model.fingerprint };
}

export async function readDerivedBasis(db: Pick<DataSource, 'query'>): Promise<DerivedBasis> {
  const rows: { v: string | null; p: string | null; r: string | null }[] = await db.query(
    `SELECT derived_view_day::text AS v, derived_periods AS p, derived_reference AS r FROM projection_state WHERE projection = $1`,
    [PROJECTION_STATE_KEY],
  );
  return { viewDay: rows[0]?.v ?? null, periods: rows[0]?.p ?? null, reference: rows[0]?.r ?? null };
}

export async function writeDerivedBasis(db: Pick<DataSource, 'query'>, b: DerivedBasis): Promise<void> {
  await db.query(
    `INSERT INTO projection_state (projection, generation, derived_view_day, derived_periods, derived_reference) VALUES ($1, 0, $2, $3, $4)
     ON CONFLICT (projection) DO UPDATE SET derived_view_day = EXCLUDED.derived_view_day, derived_periods = EXCLUDED.derived_periods,
       derived_reference = EXCLUDED.derived_reference, updated_at = now()`,
    [PROJECTION_STATE_KEY, b.viewDay, b.periods, b.reference],
  );
}
