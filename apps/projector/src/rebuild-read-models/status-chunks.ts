/**
 * The rebuild's status phase: every assessed unit's derived rows, computed in chunks and COPYed into the (empty,
 * index-less) shadow tables. Chunks are independent (a unit's rows depend only on the readings state, the reports and
 * the reference data), so they run on worker threads in parallel (one connection each), or in this thread when no
 * compiled worker is at hand (tests running the TypeScript sources) or `workers` is 0.
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ancestorOfKind } from '@pledge/domain';
import type { DataSource } from 'typeorm';
import { copyRows, type CopyClient } from '../read-models/copy-rows';
import type { ReferenceModel } from '../read-models/reference-model';
import type { ReadModelTables } from '../read-models/sql-ident';
import {
  DERIVED_ROLES,
  deriveRows,
  pledgeCellsOf,
  type DerivationProblem,
  type DerivedColumns,
  type DerivedRows,
} from '../refresh-status/derive-rows';
import { loadHistory, type ProjectionCache } from '../refresh-status/projection-cache';

export interface StatusWorkerData {
  databaseUrl: string;
  tables: ReadModelTables;
  columns: DerivedColumns;
}

export type ToWorker = { type: 'chunk'; id: number; units: string[] } | { type: 'stop' };

export type ToMain =
  | { type: 'ready'; fingerprint: string; viewDay: string | null; periods: string }
  | { type: 'done'; id: number; units: number; rows: number; problems: DerivationProblem[]; assessMs: number; writeMs: number }
  | { type: 'error'; message: string };

/** COPYs derived rows into tables that hold none of their keys yet (a rebuild's shadow tables): no deletes. */
export async function insertDerived(client: CopyClient, tables: ReadModelTables, derived: DerivedRows): Promise<void> {
  for (const role of DERIVED_ROLES) await copyRows(client, tables[role], derived.rows[role]);
}

/**
 * The chunks of a rebuild, largest work first (so that no thread is left with a long tail): each district with its
 * communes and towns (assessed in one scope, so that its standard reuses their assessments), then the communes without
 * a district, then cells, `size` at a time.
 */
export function statusChunks(model: ReferenceModel, units: readonly string[], size: number): string[][] {
  const kindOf = (id: string) => model.units.byId.get(id)!.kind;
  const districts = new Map<string, string[]>();
  for (const id of units) if (kindOf(id) === 'district') districts.set(id, []);
  const communes: string[] = [];
  const cells: string[] = [];
  for (const id of units) {
    const kind = kindOf(id);
    if (kind === 'district') continue;
    if (kind === 'commune' || kind === 'town') {
      const group = districts.get(ancestorOfKind(model.units, id, ['district'])?.id ?? '');
      if (group) group.push(id);
      else communes.push(id);
    } else cells.push(id);
  }
  const out: string[][] = [...districts].map(([d, members]) => [...members, d]);
  for (let i = 0; i < communes.length; i += Math.max(1, Math.ceil(size / 4))) out.push(communes.slice(i, i + Math.max(1, Math.ceil(size / 4))));
  for (let i = 0; i < cells.length; i += size) out.push(cells.slice(i, i + size));
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
  chunks: string[][],
  expect: { fingerprint: string; viewDay: string | null; periods: string },
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
          w.postMessage({ type: 'chunk', id: next, units: chunks[next++] } satisfies ToWorker);
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
            if (m.fingerprint !== expect.fingerprint || m.viewDay !== expect.viewDay || m.periods !== expect.periods) {
              return fail(new Error('the reference data or the readings changed while the rebuild started its workers; run the rebuild again'));
            }
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
  chunks: string[][],
  done: (units: number) => void,
  problem: (p: DerivationProblem) => void,
): Promise<StatusPhaseResult> {
  const result: StatusPhaseResult = { units: 0, rows: 0, assessMs: 0, writeMs: 0, threads: 0 };
  for (const units of chunks) {
    const t0 = performance.now();
    const pledgeCells = pledgeCellsOf(model, units, false);
    const histories = await loadHistory(ds, tables, pledgeCells);
    const derived = deriveRows({ model, cache, columns, units, full: false, periodsMoved: false, pledgeCells, histories, problem });
    const t1 = performance.now();
    await ds.transaction(async (m) => {
      await m.query(`SET LOCAL synchronous_commit = off`);
      await insertDerived((await m.queryRunner!.connect()) as CopyClient, tables, derived);
    });
    result.assessMs += t1 - t0;
    result.writeMs += performance.now() - t1;
    result.units += units.length;
    result.rows += Object.values(derived.rows).reduce((s, r) => s + r.count, 0);
    done(units.length);
  }
  return result;
}
