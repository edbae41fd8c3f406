/**
 * A worker thread of the rebuild's status phase (see ./status-chunks.ts): loads the reference data and the rebuilt
 * readings and reports (its own connection), then for each chunk of district days it is given, derives their rows
 * with the same function the status refresher uses (../refresh-status/derive-rows) and COPYs them into the shadow
 * tables, one transaction per chunk, on a second connection while the next chunk is assessed (the main thread keeps
 * two chunks in flight per worker). No framework: plain pg and the projector's pure modules.
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

async function connect(name: string): Promise<Client> {
  const client = new Client({ connectionString: data.databaseUrl, application_name: name });
  client.on('error', (err) => send({ type: 'error', message: err.message }));
  await client.connect();
  // shadow tables: durable once the swap commits (synchronously, after these); until then a crash drops them anyway
  await client.query(`SET synchronous_commit = off`);
  return client;
}

async function main(): Promise<void> {
  // two connections: the next chunk is read and assessed while the previous one is COPYed
  const reader = await connect('projector-rebuild-worker');
  const writer = await connect('projector-rebuild-worker-copy');
  // one statement at a time on the reading connection (loaders may start several at once)
  let queue: Promise<unknown> = Promise.resolve();
  const q = {
    query: (sql: string, params?: unknown[]) => {
      const run = queue.then(async () => (await reader.query<Record<string, unknown>>(sql, params)).rows);
      queue = run.catch(() => undefined);
      return run;
    },
  };
  const model = await loadReferenceModel(q);
  const cache = new ProjectionCache(model);
  await cache.loadAll(q, data.tables);
  send({ type: 'ready', fingerprint: model.fingerprint, today: derivedToday(model, new Date(data.now)) });
  // chunks are assessed one after the other (the cache holds one day at a time) and written one after the other
  let assessing: Promise<unknown> = Promise.resolve();
  let writing: Promise<unknown> = Promise.resolve();
  const write = async (derived: ReturnType<typeof deriveRows>): Promise<number> => {
    const t = performance.now();
    await writer.query('BEGIN');
    try {
      await insertDerived(writer, data.tables, derived);
      await writer.query('COMMIT');
    } catch (err) {
      await writer.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    return performance.now() - t;
  };
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'stop') {
      void Promise.all([reader.end(), writer.end()]).finally(() => process.exit(0));
      return;
    }
    const assessed = assessing.then(async () => {
      const t0 = performance.now();
      const problems: DerivationProblem[] = [];
      const { work, summaries } = msg.chunk;
      for (const w of work) await cache.prepareDay(q, data.tables, unitsOfDistrict(model, w.districtId), w.day);
      const derived = deriveRows({ model, cache, columns: data.columns, work, summaries, problem: (p) => problems.push(p) });
      const assessMs = performance.now() - t0;
      const written = writing.then(() => write(derived));
      writing = written.catch(() => undefined);
      written
        .then((writeMs) => send({ type: 'done', id: msg.id, units: msg.chunk.size, rows: rowCounts(derived), problems, assessMs, writeMs }))
        .catch((err: Error) => send({ type: 'error', message: err.message }));
    });
    assessing = assessed.catch((err: Error) => send({ type: 'error', message: err.message }));
  });
}

function rowCounts(derived: ReturnType<typeof deriveRows>): number {
  return Object.values(derived.rows).reduce((s, r) => s + r.count, 0);
}

main().catch((err: Error) => send({ type: 'error', message: err.message }));
