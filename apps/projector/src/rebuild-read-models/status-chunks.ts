/**
 * The rebuild's status phase: the programme of every derived district on every stored day, and the reporting
 * completeness of the programme districts, computed in chunks and COPYed into the (empty, index-less) shadow tables.
 * Chunks are independent (a whole district day depends only on the readings, the reports and the reference data), so
 * they run on worker threads in parallel (one connection each), or in this thread when no compiled worker is at hand
 * (tests running the TypeScript sources) or `workers` is 0.
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import { copyRows, type CopyClient } from '../read-models/copy-rows';
import { unitsOfDistrict, type ReferenceModel } from '../read-models/reference-model';
import type { ReadModelTables } from '../read-models/sql-ident';
import { DERIVED_ROLES, deriveRows, type DayWork, type DerivationProblem, type DerivedColumns, type DerivedRows } from '../refresh-status/derive-rows';
import type { Work } from '../refresh-status/plan-work';
import type { ProjectionCache } from '../refresh-status/projection-cache';

export interface StatusWorkerData {
  databaseUrl: string;
  tables: ReadModelTables;
  columns: DerivedColumns;
  /** The instant the rebuild takes as now (its "today"), as milliseconds. */
  now: number;
}

/** A chunk of the status phase: whole district days (units 'all'), and districts whose summaries to compute. */
export interface StatusChunk {
  readonly work: DayWork[];
  readonly summaries: string[];
  /** Units the chunk covers (for the progress bar). */
  readonly size: number;
}

export type ToWorker = { type: 'chunk'; id: number; chunk: StatusChunk } | { type: 'stop' };

export type ToMain =
  | { type: 'ready'; fingerprint: string; today: string | null }
  | { type: 'done'; id: number; units: number; rows: number; problems: DerivationProblem[]; assessMs: number; writeMs: number }
  | { type: 'error'; message: string };

/** COPYs derived rows into tables that hold none of their keys yet (a rebuild's shadow tables): no deletes. */
export async function insertDerived(client: CopyClient, tables: ReadModelTables, derived: DerivedRows): Promise<void> {
  for (const role of DERIVED_ROLES) await copyRows(client, tables[role], derived.rows[role]);
}

/** Days of one district derived in one chunk: its pledge items' series are computed once per chunk and cut at each day. */
const DAYS_PER_CHUNK = 8;

/**
 * The chunks of a rebuild, largest first (so that no thread is left with a long tail): each district's stored days,
 * up to {@link DAYS_PER_CHUNK} together, then one per programme district for its reporting summaries. `sizeOf(district)`
 * is the number of units of a district.
 */
export function statusChunks(work: Work, sizeOf: (districtId: string) => number): StatusChunk[] {
  const byDistrict = new Map<string, DayWork[]>();
  for (const w of work.work) byDistrict.set(w.districtId, [...(byDistrict.get(w.districtId) ?? []), { districtId: w.districtId, day: w.day, units: 'all' }]);
  const out: StatusChunk[] = [];
  for (const [districtId, days] of byDistrict) {
    for (let i = 0; i < days.length; i += DAYS_PER_CHUNK) {
      const part = days.slice(i, i + DAYS_PER_CHUNK);
      out.push({ work: part, summaries: [], size: sizeOf(districtId) * part.length });
    }
  }
  out.sort((a, b) => b.size - a.size);
  for (const d of work.summaries) out.push({ work: [], summaries: [d], size: 0 });
  return out;
}

export interface StatusPhaseResult {
  units: number;
  rows: number;
  /** Milliseconds spent assessing and writing, summed over the threads. */
  assessMs: number;
  writeMs: number;
  threads: number;
}

/** How many worker threads to use by default: one per core (the database does the rest of the work meanwhile). */
export function defaultStatusWorkers(): number {
  return Math.max(1, Math.min(4, cpus().length));
}

const WORKER_FILE = join(__dirname, 'status-worker.js');

/** True when the compiled worker script exists (not when running the TypeScript sources under a test runner). */
export function workersAvailable(): boolean {
  return __filename.endsWith('.js') && existsSync(WORKER_FILE);
}

/** Runs the chunks on `threads` worker threads; `done(units)` after each chunk. */
export async function runOnWorkers(
  data: StatusWorkerData,
  threads: number,
  chunks: StatusChunk[],
  expect: { fingerprint: string; today: string | null },
  done: (units: number) => void,
  problem: (p: DerivationProblem) => void,
): Promise<StatusPhaseResult> {
  const workers: Worker[] = [];
  const result: StatusPhaseResult = { units: 0, rows: 0, assessMs: 0, writeMs: 0, threads };
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let outstanding = 0;
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        reject(err);
      };
      const feed = (w: Worker) => {
        if (failed) return;
        if (next < chunks.length) {
          outstanding++;
          w.postMessage({ type: 'chunk', id: next, chunk: chunks[next++] } satisfies ToWorker);
        } else if (outstanding === 0) resolve();
      };
      for (let i = 0; i < threads; i++) {
        // a larger young generation: the assessments are short-lived objects by the million (fewer, cheaper scavenges)
        const w = new Worker(WORKER_FILE, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 192 } });
        workers.push(w);
        w.on('error', fail);
        w.on('exit', (code) => {
          if (code !== 0) fail(new Error(`a status worker exited with code ${code}`));
        });
        w.on('message', (m: ToMain) => {
          if (m.type === 'error') return fail(new Error(`status worker: ${m.message}`));
          if (m.type === 'ready') {
            if (m.fingerprint !== expect.fingerprint || m.today !== expect.today) {
              return fail(new Error('the reference data or the readings changed while the rebuild started its workers; run the rebuild again'));
            }
            // two chunks in flight: the worker assesses one while it writes the other
            feed(w);
            return feed(w);
          }
          outstanding--;
          result.units += m.units;
          result.rows += m.rows;
          result.assessMs += m.assessMs;
          result.writeMs += m.writeMs;
          m.problems.forEach(problem);
          done(m.units);
          feed(w);
        });
      }
    });
  } finally {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            const t = setTimeout(() => void w.terminate().then(() => resolve()), 5000);
            w.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            w.postMessage({ type: 'stop' } satisfies ToWorker);
          }),
      ),
    );
  }
  return result;
}

/** Runs the chunks in this thread, on the data source's connections. */
export async function runInThread(
  ds: DataSource,
  tables: ReadModelTables,
  columns: DerivedColumns,
  model: ReferenceModel,
  cache: ProjectionCache,
  chunks: StatusChunk[],
  done: (units: number) => void,
  problem: (p: DerivationProblem) => void,
): Promise<StatusPhaseResult> {
  const result: StatusPhaseResult = { units: 0, rows: 0, assessMs: 0, writeMs: 0, threads: 0 };
  for (const chunk of chunks) {
    const t0 = performance.now();
    for (const w of chunk.work) await cache.prepareDay(ds, tables, unitsOfDistrict(model, w.districtId), w.day);
    const derived = deriveRows({ model, cache, columns, work: chunk.work, summaries: chunk.summaries, problem });
    const t1 = performance.now();
    await ds.transaction(async (m) => {
      await m.query(`SET LOCAL synchronous_commit = off`);
      await insertDerived((await m.queryRunner!.connect()) as CopyClient, tables, derived);
    });
    result.assessMs += t1 - t0;
    result.writeMs += performance.now() - t1;
    result.units += chunk.size;
    result.rows += Object.values(derived.rows).reduce((s, r) => s + r.count, 0);
    done(chunk.size);
  }
  return result;
}
