/**
 * The read API's computing thread (./off-thread.service): programme days the projector does not keep, and the XLSX
 * reports, off the request thread, so that however long one takes the dashboard keeps answering (/health included).
 * One connection of its own. The main thread ends it (terminate) when a task outlives its time limit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { ComputeDayState } from './compute-day';
import { runTask, type OffThreadTask } from './off-thread-tasks';

export type ToWorker = { id: number; task: OffThreadTask };
export type FromWorker = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };

const port = parentPort!;
const client = new Client({ connectionString: (workerData as { databaseUrl: string }).databaseUrl, application_name: 'dashboard-read-api-worker' });
const connected = client.connect();
client.on('error', () => process.exit(1));
const state = new ComputeDayState({
  query: async (sql: string, params?: unknown[]) => (await connected.then(() => client.query<Record<string, unknown>>(sql, params))).rows,
});

port.on('message', (msg: ToWorker) => {
  runTask(state, msg.task).then(
    (result) => port.postMessage({ id: msg.id, ok: true, result } satisfies FromWorker, result instanceof Uint8Array ? [result.buffer as ArrayBuffer] : []),
    (err: Error) => port.postMessage({ id: msg.id, ok: false, message: err.message } satisfies FromWorker),
  );
});
