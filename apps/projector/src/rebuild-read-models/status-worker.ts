/**
 * A worker thread of the rebuild's status phase (see ./status-chunks.ts): loads the reference data and the rebuilt
 * readings and reports (its own connection), then for each chunk of district days it is given, derives their rows
 * with the same function the status refresher uses (../refresh-status/derive-rows) and COPYs them into the shadow
 * tables, one transaction per chunk. No framework: plain pg and the projector's pure modules.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { derivedToday, loadReferenceModel, unitsOfDistrict } from '../read-models/reference-model';
import { deriveRows, type DerivationProblem } from '../refresh-status/derive-rows';
import { ProjectionCache } from '../refresh-status/projection-cache';
import { insertDerived, type StatusWorkerData, type ToMain, type ToWorker } from './status-chunks';

const data = workerData as StatusWorkerData;
const port = parentPort!;
const send = (m: ToMain) => port.postMessage(m);

async function main(): Promise<void> {
  const client = new Client({ connectionString: data.databaseUrl, application_name: 'projector-rebuild-worker' });
  client.on('error', (err) => send({ type: 'error', message: err.message }));
  await client.connect();
  // shadow tables: durable once the swap commits (synchronously, after these); until then a crash drops them anyway
  await client.query(`SET synchronous_commit = off`);
  // one statement at a time on the one connection (loaders may start several at once)
  let queue: Promise<unknown> = Promise.resolve();
  const q = {
    query: (sql: string, params?: unknown[]) => {
      const run = queue.then(async () => (await client.query<Record<string, unknown>>(sql, params)).rows);
      queue = run.catch(() => undefined);
      return run;
    },
  };
  const model = await loadReferenceModel(q);
  const cache = new ProjectionCache(model);
  await cache.loadAll(q, data.tables);
  send({ type: 'ready', fingerprint: model.fingerprint, today: derivedToday(model, new Date(data.now)) });
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'stop') {
      void client.end().finally(() => process.exit(0));
      return;
    }
    void (async () => {
      const t0 = performance.now();
      const problems: DerivationProblem[] = [];
      const { work, summaries } = msg.chunk;
      for (const w of work) await cache.prepareDay(q, data.tables, unitsOfDistrict(model, w.districtId), w.day);
      const derived = deriveRows({ model, cache, columns: data.columns, work, summaries, problem: (p) => problems.push(p) });
      const t1 = performance.now();
      await client.query('BEGIN');
      try {
        await insertDerived(client, data.tables, derived);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
      send({ type: 'done', id: msg.id, units: msg.chunk.size, rows: rowCounts(derived), problems, assessMs: t1 - t0, writeMs: performance.now() - t1 });
    })().catch((err: Error) => send({ type: 'error', message: err.message }));
  });
}

function rowCounts(derived: ReturnType<typeof deriveRows>): number {
  return Object.values(derived.rows).reduce((s, r) => s + r.count, 0);
}

main().catch((err: Error) => send({ type: 'error', message: err.message }));
