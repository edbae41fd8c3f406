import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { queryRows, type ProjectionStateRow } from '@pledge/persistence';
import { Clock, SystemClock } from '@pledge/platform';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { RebuiltSignal } from '@pledge/contracts';
import {
  calendarParam,
  calendarSql,
  CELL_REPORT_COLUMNS,
  cellReportRowsSql,
  eventsFromStoreSql,
  foldBatchSql,
  HISTORY_COLUMNS,
  latestReadingsSql,
  onTimeSql,
  READING_COLUMNS,
  readingsFromEventsSql,
} from '../read-models/fold-sql';
import { PROGRESS_CHANGED_CHANNEL, PROJECTION_LOCK, PROJECTION_STATE_KEY, REBUILD_LOCK } from '../read-models/locks';
import { calendarOf, derivedToday, loadReferenceModel, unitsOfDistrict, type ReferenceModel } from '../read-models/reference-model';
import { ident, liveTables, READ_MODEL_ENTITIES, shadowTables, type ReadModelRole, type ReadModelTables } from '../read-models/tables';
import { DERIVED_ROLES, type DerivationProblem } from '../refresh-status/derive-rows';
import { planWork } from '../refresh-status/plan-work';
import { ProjectionCache } from '../refresh-status/projection-cache';
import { derivedColumns, RefreshStatusHandler } from '../refresh-status/refresh-status.handler';
import { writeDerivedBasis } from '../refresh-status/status-refresher.service';
import { defaultStatusWorkers, runInThread, runOnWorkers, statusChunks, workersAvailable, type StatusPhaseResult } from './status-chunks';

type Q = Pick<DataSource | EntityManager, 'query'>;

/** How a rebuild reports its progress (the CLI draws bars; tests and logs print lines). */
export interface RebuildProgress {
  phase(name: string, total: number): void;
  update(done: number): void;
  done(): void;
}

export interface RebuildSummary {
  events: number;
  readings: number;
  readingsInForce: number;
  cellReports: number;
  /** Units of the district days derived (each counted once per stored day). */
  unitsAssessed: number;
  /** Events recorded while the rebuild ran, folded in before the swap. */
  caughtUp: number;
  /** Rows per read-model table after the swap. */
  rows: Record<string, number>;
  /** Milliseconds per phase, and of the swap transaction (during which live writers paused). */
  timings: Record<string, number>;
  /** The status phase: threads (0: in the CLI's own thread), and the time spent assessing and writing (summed over threads). */
  status: StatusPhaseResult;
  generation: number;
}

const ROLES = Object.keys(READ_MODEL_ENTITIES) as ReadModelRole[];

/** What every step of one rebuild shares: the tables, the reference data, its "today", progress and timings. */
interface RebuildRun {
  live: ReadModelTables;
  shadow: ReadModelTables;
  model: ReferenceModel;
  now: Date;
  today: string | null;
  progress: RebuildProgress;
  timed: <T>(name: string, f: () => Promise<T>) => Promise<T>;
}

/** Options of a rebuild. */
export interface RebuildOptions {
  /** Events per step while reading the event store (default 50,000). */
  chunkSize?: number;
  /** Worker threads of the status phase (default: one per core, at most 4; 0: in this thread). */
  workers?: number;
}

/**
 * Use case "rebuild every read model from the event store": into fresh tables (`<table>__rebuild`) while the
 * dashboard keeps reading the old ones and the live projector keeps folding into them; then, in one short
 * transaction holding PROJECTION_LOCK exclusively (live batches and status refreshes wait for it), fold the events
 * recorded meanwhile, swap the tables, clear the dirty queue, bump projection_state.generation (running projectors
 * reload their caches) and send ONE `progress_changed` signal of kind "rebuilt".
 *
 * The live consumer's checkpoints are left as they are: everything in the event store is in the new tables, and
 * whatever the consumer reads next is either new or an eventId the new tables already hold (ignored). Rebuilt rows
 * carry no new timestamps and no per-batch signals are sent, so nothing downstream (reminders) reacts to them.
 */
@Injectable()
export class RebuildReadModelsHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly refresh: RefreshStatusHandler,
    private readonly logger: PinoLogger,
    private readonly clock: Clock = new SystemClock(),
  ) {
    this.logger.setContext(RebuildReadModelsHandler.name);
  }

  async execute(progress: RebuildProgress, opts: RebuildOptions = {}): Promise<RebuildSummary> {
    const live = liveTables(this.ds);
    const shadow = shadowTables(this.ds);
    const timings: Record<string, number> = {};
    const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
      const t0 = Date.now();
      try {
        return await f();
      } finally {
        timings[name] = Date.now() - t0;
      }
    };
    const session = this.ds.createQueryRunner();
    await session.connect();
    try {
      await this.takeRebuildLock(session);
      await timed('prepare', () => this.createShadowTables(session, live, shadow));
      const model = await loadReferenceModel(this.ds);
      // "today" of the rows this rebuild writes (the refresher's, if it runs on the same day)
      const now = this.clock.now();
      const run: RebuildRun = { live, shadow, model, now, today: derivedToday(model, now), progress, timed };
      const events = await this.copyHistoryAndReports(run, opts.chunkSize ?? 50_000);
      await this.buildReadingsInForce(run);
      const { cache, units, status } = await this.deriveProgrammeDays(run, opts.workers ?? defaultStatusWorkers());
      await this.indexDerivedTables(run);
      const { caughtUp, generation } = await this.catchUpAndSwap(run, cache);
      const rows = await timed('count', () => this.countRows(live));
      return {
        events: events + caughtUp,
        readings: rows[live.history],
        readingsInForce: rows[live.reading],
        cellReports: rows[live.cellReport],
        unitsAssessed: units,
        caughtUp,
        status,
        rows,
        timings,
        generation,
      };
    } catch (err) {
      await this.dropShadowTables(session, shadow).catch(() => undefined);
      throw err;
    } finally {
      await session.query(`SELECT pg_advisory_unlock($1)`, [REBUILD_LOCK]).catch(() => undefined);
      await session.release();
    }
  }

  /** Two rebuilds never overlap: a session advisory lock, released when the rebuild ends. */
  private async takeRebuildLock(session: QueryRunner): Promise<void> {
    const [{ ok }] = await queryRows<{ ok: boolean }>(session, `SELECT pg_try_advisory_lock($1) AS ok`, [REBUILD_LOCK]);
    if (!ok) throw new Error('Another rebuild is running (advisory lock held); wait for it to finish. / Một lần dựng lại khác đang chạy.');
  }

  /**
   * Step 1: the history (every reading of every stored event, in chunks of the event sequence, on two connections) and
   * the reporting periods (rm_cell_report, from the same events, on a third), all reading one snapshot of the event
   * store, so that the reports count exactly the events the history holds. Returns the number of events read.
   */
  private async copyHistoryAndReports(run: RebuildRun, chunk: number): Promise<number> {
    const { live, shadow, model, progress, timed } = run;
    const snapshot = this.ds.createQueryRunner();
    await snapshot.connect();
    let range: { lo: string; hi: string; n: number };
    try {
      await snapshot.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      const [{ id }] = await queryRows<{ id: string }>(snapshot, 'SELECT pg_export_snapshot() AS id');
      [range] = await queryRows<typeof range>(
        snapshot,
        `SELECT coalesce(min(sequence), 0)::bigint AS lo, coalesce(max(sequence), 0)::bigint AS hi, count(*)::int AS n FROM event_store`,
      );
      // libs/domain's reporting calendar of every day the stored events describe
      const [days] = await queryRows<{ first: string; last: string } | { first: null; last: null }>(
        snapshot,
        `SELECT min(as_of)::text AS first, max(as_of)::text AS last FROM event_store`,
      );
      const calendar = calendarParam(days.first ? calendarOf(model, days.first, days.last) : []);
      const lo = BigInt(range.lo);
      const hi = BigInt(range.hi);
      const steps: bigint[] = [];
      for (let from = lo; from <= hi && range.n > 0; from += BigInt(chunk)) steps.push(from);
      let copied = 0n;
      progress.phase('events → history, reporting periods', range.n);
      const historyLane = () =>
        this.withBulkSession((q) =>
          this.inSnapshot(q, id, async () => {
            for (let from = steps.shift(); from !== undefined && !failed; from = steps.shift()) {
              const to = from + BigInt(chunk) - 1n < hi ? from + BigInt(chunk) - 1n : hi;
              await q.query(
                `INSERT INTO ${ident(shadow.history)} (${HISTORY_COLUMNS.join(', ')})
                 ${readingsFromEventsSql(`(${eventsFromStoreSql('e.sequence BETWEEN $1 AND $2')})`)}`,
                [from.toString(), to.toString()],
              );
              copied += to - from + 1n;
              progress.update(Math.round((Number(copied) / Number(hi - lo + 1n)) * range.n));
            }
          }),
        );
      const reportsLane = () =>
        this.withBulkSession((q) =>
          this.inSnapshot(q, id, async () => {
            // one row per event with readings (= the events the history holds, without its DISTINCT over readings)
            const events = `(SELECT e.event_id, e.hamlet_code, e.commune_code, e.as_of, date_trunc('milliseconds', e.reported_at) AS reported_at
                               FROM event_store e WHERE e.sequence BETWEEN $2 AND $3
                                AND jsonb_typeof(e.payload->'readings') = 'array' AND jsonb_array_length(e.payload->'readings') > 0) AS stored`;
            await q.query(
              `WITH calendar AS MATERIALIZED (${calendarSql('$1')})
               INSERT INTO ${ident(shadow.cellReport)} (${CELL_REPORT_COLUMNS.join(', ')})
               SELECT x.*, ${onTimeSql('x.first_reported_at', 'x.due_date')} FROM (${cellReportRowsSql(events, 'calendar')}) x`,
              [calendar, lo.toString(), hi.toString()],
            );
            await this.copyIndexes(q, live.cellReport, shadow.cellReport);
          }),
        );
      let failed = false; // a lane failed: the others stop at their next step
      const lane = (p: Promise<void>) =>
        p.catch((err: unknown) => {
          failed = true;
          throw err;
        });
      await timed('history', () => settleAll([lane(historyLane()), lane(historyLane()), lane(reportsLane())]));
      await snapshot.query('COMMIT');
    } finally {
      await snapshot.release();
    }
    progress.done();
    return range.n;
  }

  /** Step 2: the readings in force from the history (the same SELECT as the live fold) and the history's indexes, side by side. */
  private async buildReadingsInForce({ live, shadow, progress, timed }: RebuildRun): Promise<void> {
    progress.phase('readings in force, indexes', 2);
    await timed('state', () =>
      settleAll([
        this.withBulkSession(async (q) => {
          await this.copyIndexes(q, live.history, shadow.history);
          progress.update(1);
        }),
        this.withBulkSession(async (q) => {
          await q.query(`INSERT INTO ${ident(shadow.reading)} (${READING_COLUMNS.join(', ')}) ${latestReadingsSql(ident(shadow.history))}`);
          await this.copyIndexes(q, live.reading, shadow.reading);
          progress.update(2);
        }),
      ]),
    );
    progress.done();
  }

  /**
   * Step 3: the derived read models through libs/domain: the programme of every derived district on every stored day,
   * chunks on worker threads (or in this thread), COPYed into the index-less shadow tables.
   */
  private async deriveProgrammeDays(
    { shadow, model, now, today, progress, timed }: RebuildRun,
    threads: number,
  ): Promise<{ cache: ProjectionCache; units: number; status: StatusPhaseResult }> {
    const cache = new ProjectionCache(model);
    await timed('load', () => cache.loadAll(this.ds, shadow));
    const columns = derivedColumns(this.ds);
    const work = planWork(model, today, 'all');
    const chunks = statusChunks(work, (d) => unitsOfDistrict(model, d).length);
    const units = chunks.reduce((s, c) => s + c.size, 0);
    const databaseUrl = (this.ds.options as { url?: string }).url;
    progress.phase('programme days (standards, pledges), completeness', units);
    let done = 0;
    const step = (n: number) => progress.update((done += n));
    const problem = (p: DerivationProblem) => this.refresh.logProblem(p);
    const status = await timed('status', () =>
      threads > 0 && databaseUrl && workersAvailable()
        ? runOnWorkers({ databaseUrl, tables: shadow, columns, now: now.getTime() }, threads, chunks, { fingerprint: model.fingerprint, today }, step, problem)
        : runInThread(this.ds, shadow, columns, model, cache, chunks, step, problem),
    );
    progress.done();
    return { cache, units, status };
  }

  /** Step 4: the derived tables' primary keys and indexes, two tables at a time. */
  private async indexDerivedTables({ live, shadow, progress, timed }: RebuildRun): Promise<void> {
    progress.phase('indexes of the derived read models', DERIVED_ROLES.length);
    let indexed = 0;
    await timed('status-indexes', async () => {
      const queue = [...DERIVED_ROLES];
      const lane = () =>
        this.withBulkSession(async (q) => {
          for (let role = queue.shift(); role; role = queue.shift()) {
            await this.copyIndexes(q, live[role], shadow[role]);
            progress.update(++indexed);
          }
        });
      await settleAll([lane(), lane()]);
    });
    progress.done();
  }

  /**
   * Step 5: the events recorded meanwhile (without the lock first, so that the locked step has little left), then one
   * transaction under PROJECTION_LOCK: the last of them, the swap, the dirty queue emptied, the generation bumped and
   * ONE "rebuilt" signal.
   */
  private async catchUpAndSwap(run: RebuildRun, cache: ProjectionCache): Promise<{ caughtUp: number; generation: number }> {
    const { live, shadow, model, today, progress, timed } = run;
    progress.phase('catch up, swap', 2);
    let caughtUp = await timed('catch-up', () => this.catchUp(this.ds, shadow, model, cache, today));
    progress.update(1);
    const generation = await timed('swap', () =>
      this.ds.transaction(async (m) => {
        await m.query(`SELECT pg_advisory_xact_lock($1)`, [PROJECTION_LOCK]);
        caughtUp += await this.catchUp(m, shadow, model, cache, today);
        for (const role of ROLES) await this.swap(m, live[role], shadow[role]);
        await m.query(`DROP TABLE ${ident(shadow.dirty)}`);
        await m.query(`TRUNCATE ${ident(live.dirty)}`);
        const [{ n }] = await m.query<[{ n: string }]>(`SELECT count(*)::bigint AS n FROM event_store`);
        await writeDerivedBasis(m, { today, reference: model.fingerprint });
        const [state] = await m.query<Pick<ProjectionStateRow, 'generation'>[]>(
          `WITH u AS (UPDATE projection_state SET generation = generation + 1, rebuilt_events = $2, rebuilt_at = now(), updated_at = now()
                       WHERE projection = $1 RETURNING generation) SELECT generation FROM u`,
          [PROJECTION_STATE_KEY, n],
        );
        const signal: RebuiltSignal = { kind: 'rebuilt', hamlets: [], applied: 0, events: Number(n) };
        await m.query(`SELECT pg_notify($1, $2)`, [PROGRESS_CHANGED_CHANNEL, JSON.stringify(signal)]);
        return state.generation;
      }),
    );
    progress.update(2);
    progress.done();
    return { caughtUp, generation };
  }

  /** Rows per read-model table after the swap (the summary). */
  private async countRows(live: ReadModelTables): Promise<Record<string, number>> {
    const rows: Record<string, number> = {};
    for (const role of ROLES) rows[live[role]] = Number((await this.ds.query<[{ n: string }]>(`SELECT count(*)::bigint AS n FROM ${ident(live[role])}`))[0].n);
    return rows;
  }

  /** Folds the stored events the shadow history lacks, and recomputes the derived rows they touch. Returns their number. */
  private async catchUp(db: Q, shadow: ReadModelTables, model: ReferenceModel, cache: ProjectionCache, today: string | null): Promise<number> {
    const missing = `(${eventsFromStoreSql(`NOT EXISTS (SELECT 1 FROM ${ident(shadow.history)} h WHERE h.event_id = e.event_id)`)})`;
    const [out] = await queryRows<{ readings: number; events: number; changed: number; units: string[] }>(db, foldBatchSql(shadow, missing));
    if (out.events === 0) return 0;
    const queued = await queryRows<{ u: string; from: string | null }>(
      db,
      `WITH d AS (DELETE FROM ${ident(shadow.dirty)} RETURNING units, from_days)
       SELECT u, CASE WHEN bool_or(f IS NULL) THEN NULL ELSE min(f)::text END AS from FROM d, unnest(d.units, d.from_days) AS x(u, f) GROUP BY u`,
    );
    const units = queued.map((r) => r.u);
    await this.refresh.refreshReports(db, shadow, units, model);
    await cache.reloadUnits(db, shadow, units);
    // the item days the chunks wrote (the district forecasts of the days recomputed here read them)
    const stored = await queryRows<{ view_day: string; pledge_item_id: string; pledge_id: string; cell_id: string; forecast: null }>(
      db,
      `SELECT view_day::text AS view_day, pledge_item_id, pledge_id, cell_id, forecast FROM ${ident(shadow.pledgeItemDay)}`,
    );
    cache.rememberItems(
      stored.map((r) => ({ day: r.view_day, item: { itemId: r.pledge_item_id, pledgeId: r.pledge_id, cellId: r.cell_id, forecast: r.forecast } })),
    );
    const { work, summaries } = planWork(model, today, new Map(queued.map((r) => [r.u, r.from])));
    const derived = await this.refresh.compute(db, shadow, model, cache, work, summaries);
    if (db instanceof EntityManager) await this.refresh.write(db, shadow, derived);
    else await this.ds.transaction((m) => this.refresh.write(m, shadow, derived));
    return out.events;
  }

  /** Runs `f` in a transaction on `q` that sees the exported snapshot `id` (the event store as the rebuild reads it). */
  private async inSnapshot(q: QueryRunner, id: string, f: () => Promise<void>): Promise<void> {
    await q.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    try {
      await q.query(`SET TRANSACTION SNAPSHOT '${id.replace(/'/g, "''")}'`);
      await f();
      await q.query('COMMIT');
    } catch (err) {
      await q.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /**
   * Runs `f` on a connection of its own, set up for bulk work on the shadow tables: sorts and index builds in memory,
   * and commits that do not wait for the disk (the swap's own commit does, and makes everything before it durable).
   */
  private async withBulkSession<T>(f: (q: QueryRunner) => Promise<T>): Promise<T> {
    const q = this.ds.createQueryRunner();
    await q.connect();
    try {
      await q.query(`SET work_mem = '256MB'`);
      await q.query(`SET maintenance_work_mem = '512MB'`);
      await q.query(`SET synchronous_commit = off`);
      return await f(q);
    } finally {
      await q.query('RESET ALL').catch(() => undefined);
      await q.release();
    }
  }

  private async createShadowTables(q: QueryRunner, live: ReadModelTables, shadow: ReadModelTables): Promise<void> {
    await this.dropShadowTables(q, shadow);
    for (const role of ROLES) await q.query(`CREATE TABLE ${ident(shadow[role])} (LIKE ${ident(live[role])} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await q.query(`CREATE TABLE ${ident(shadow.dirty)} (LIKE ${ident(live.dirty)} INCLUDING ALL)`);
  }

  private async dropShadowTables(q: Q, shadow: ReadModelTables): Promise<void> {
    for (const role of ROLES) await q.query(`DROP TABLE IF EXISTS ${ident(shadow[role])}`);
    await q.query(`DROP TABLE IF EXISTS ${ident(shadow.dirty)}`);
  }

  /** Creates the live table's primary key and indexes on the shadow table, under temporary names (`<name>_rb`). */
  private async copyIndexes(q: Q, live: string, shadow: string): Promise<void> {
    const pk = await queryRows<{ conname: string; def: string }>(
      q,
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'`,
      [live],
    );
    for (const c of pk) await q.query(`ALTER TABLE ${ident(shadow)} ADD CONSTRAINT "${c.conname}_rb" ${c.def}`);
    const indexes = await queryRows<{ indexname: string; indexdef: string }>(
      q,
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = $1
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.conname = i.indexname)`,
      [live],
    );
    for (const i of indexes) {
      const def = i.indexdef
        .replace(/^CREATE (UNIQUE )?INDEX (\S+) ON /, (_m, u: string | undefined) => `CREATE ${u ?? ''}INDEX "${i.indexname}_rb" ON `)
        .replace(new RegExp(`ON (\\S+\\.)?"?${live}"? `), `ON ${ident(shadow)} `);
      await q.query(def);
    }
    await q.query(`ANALYZE ${ident(shadow)}`); // fresh statistics: the catch-up's anti-join must not guess
  }

  /** Swaps the shadow table in: the old one is dropped, the new one takes its name and its index names. */
  private async swap(m: EntityManager, live: string, shadow: string): Promise<void> {
    await m.query(`DROP TABLE ${ident(live)}`);
    await m.query(`ALTER TABLE ${ident(shadow)} RENAME TO ${ident(live)}`);
    const constraints = await m.query<{ conname: string }[]>(`SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND conname LIKE '%\\_rb'`, [
      live,
    ]);
    for (const c of constraints) await m.query(`ALTER TABLE ${ident(live)} RENAME CONSTRAINT "${c.conname}" TO "${c.conname.slice(0, -3)}"`);
    const indexes = await m.query<{ indexname: string }[]>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 AND indexname LIKE '%\\_rb'`,
      [live],
    );
    for (const i of indexes) await m.query(`ALTER INDEX "${i.indexname}" RENAME TO "${i.indexname.slice(0, -3)}"`);
  }
}

/** Waits for every promise to settle (no connection is left working on a table about to be dropped), then rejects with the first failure. */
async function settleAll(work: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(work);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}
