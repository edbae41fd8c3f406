import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { ApiErrorBody, ApiProblem, api } from '../api/client';

/**
 * The phone's outbox: every submission is first written here (IndexedDB), then sent. A submission made without a
 * connection therefore waits on the phone, survives closing the app, and is sent when the connection returns.
 *
 * Never twice: the eventId is chosen when the form is created and stored with the exact body, so a resend after
 * a lost answer is the same request (the intake answers it the same and stores it once); one flush runs at a
 * time across all tabs (Web Locks), and a record leaves the outbox only when the server has answered it.
 */
export interface CriterionUpdateBody {
  eventId: string;
  schemaVersion: 1;
  hamletCode: string;
  criterionCode: string;
  readings: ({ indicatorCode: string; value: number | boolean } | { indicatorCode: string; numerator: number; denominator: number })[];
  asOf: string;
  /** When the secretary made the report on the phone (the server records who: the logged-in account). */
  reportedAt: string;
  note?: string;
}

export type OutboxState = 'waiting' | 'rejected';

export interface OutboxRecord {
  eventId: string;
  /** POST /api/v1/updates, or /api/v1/submissions/{eventId}/corrections for a correction. */
  path: string;
  body: CriterionUpdateBody;
  /** What the secretary filled in (the form's criterion, e.g. AP-03 Nhà ở), shown while it waits. */
  label?: string;
  createdAt: string;
  state: OutboxState;
  attempts: number;
  lastTriedAt?: string;
  /** Why the server refused it (state rejected): shown to the secretary, who corrects and sends again. */
  error?: ApiErrorBody | null;
}

interface OutboxDb extends DBSchema {
  outbox: { key: string; value: OutboxRecord; indexes: { byCreated: string } };
}

export type FlushResult = { sent: string[]; rejected: string[]; waiting: number; needsLogin: boolean; offline: boolean };

let dbPromise: Promise<IDBPDatabase<OutboxDb>> | null = null;
function db(): Promise<IDBPDatabase<OutboxDb>> {
  dbPromise ??= openDB<OutboxDb>('pledge-outbox', 1, {
    upgrade(d) {
      const s = d.createObjectStore('outbox', { keyPath: 'eventId' });
      s.createIndex('byCreated', 'createdAt');
    },
  });
  return dbPromise;
}

type Listener = () => void;
const listeners = new Set<Listener>();
function changed(): void {
  for (const l of listeners) l();
  try {
    channel?.postMessage('changed');
  } catch {
    /* closed */
  }
}
const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('pledge-outbox') : null;
channel?.addEventListener('message', () => {
  for (const l of listeners) l();
});

export function onOutboxChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export async function listOutbox(): Promise<OutboxRecord[]> {
  return (await db()).getAllFromIndex('outbox', 'byCreated');
}

/** Keep the submission on the phone (same eventId again: left as it is). `corrects`: the eventId it corrects. */
export async function enqueue(body: CriterionUpdateBody, corrects?: string, label?: string): Promise<void> {
  const d = await db();
  const tx = d.transaction('outbox', 'readwrite');
  if (!(await tx.store.get(body.eventId))) {
    const path = corrects ? `/api/v1/submissions/${encodeURIComponent(corrects)}/corrections` : '/api/v1/updates';
    await tx.store.put({ eventId: body.eventId, path, body, label, createdAt: new Date().toISOString(), state: 'waiting', attempts: 0 });
  }
  await tx.done;
  changed();
}

export async function discard(eventId: string): Promise<void> {
  await (await db()).delete('outbox', eventId);
  changed();
}

async function sendAll(): Promise<FlushResult> {
  const result: FlushResult = { sent: [], rejected: [], waiting: 0, needsLogin: false, offline: false };
  const d = await db();
  const waiting = (await d.getAllFromIndex('outbox', 'byCreated')).filter((r) => r.state === 'waiting');
  for (const rec of waiting) {
    if (!navigator.onLine) {
      result.offline = true;
      break;
    }
    const tried = { ...rec, attempts: rec.attempts + 1, lastTriedAt: new Date().toISOString() };
    try {
      await api(rec.path ?? '/api/v1/updates', { method: 'POST', body: rec.body });
      await d.delete('outbox', rec.eventId);
      result.sent.push(rec.eventId);
    } catch (err) {
      const p = err instanceof ApiProblem ? err : new ApiProblem(0, null, true);
      if (p.status === 401) {
        await d.put('outbox', tried);
        result.needsLogin = true;
        break;
      }
      if (p.transient) {
        await d.put('outbox', tried);
        result.offline = p.offline;
        break; // try again later, in order
      }
      // refused for good (invalid, not allowed, conflicting content): keep it to show why, never resend as is
      await d.put('outbox', { ...tried, state: 'rejected', error: p.body });
      result.rejected.push(rec.eventId);
    }
    changed();
  }
  result.waiting = (await d.getAll('outbox')).filter((r) => r.state === 'waiting').length;
  return result;
}

let inTab: Promise<FlushResult> | null = null;
let again = false;

async function flushLocked(): Promise<FlushResult> {
  if (navigator.locks) return navigator.locks.request('pledge-outbox-flush', () => sendAll());
  return sendAll();
}

/**
 * Send what waits, oldest first; one flush at a time in this tab and across tabs. A call during a flush makes
 * that flush run once more at its end, so a submission queued meanwhile is not left behind.
 */
export function flushOutbox(): Promise<FlushResult> {
  if (inTab) {
    again = true;
    return inTab;
  }
  inTab = (async () => {
    try {
      let r: FlushResult;
      do {
        again = false;
        r = await flushLocked();
      } while (again && !r.needsLogin && !r.offline);
      return r;
    } finally {
      inTab = null;
      changed();
    }
  })();
  return inTab;
}
