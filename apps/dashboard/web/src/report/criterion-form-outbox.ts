import { discard, enqueue, flushOutbox, listOutbox, type CriterionUpdateBody, type OutboxRecord } from '../offline/outbox';

/**
 * The criterion form's outbox step (issue 16: the form split into fields, outbox and mapping): the updates are kept
 * on the phone, sent at once when online, and what the server refused comes back with its reasons.
 */
export interface OutboxOutcome {
  ids: string[];
  /** Refused by the server (with its reasons): the page shows them and keeps the figures. */
  refused: OutboxRecord[];
  /** At least one update still waits for a connection. */
  queued: boolean;
}

export async function sendThroughOutbox(bodies: readonly CriterionUpdateBody[], corrects: string | undefined, label: string): Promise<OutboxOutcome> {
  for (const b of bodies) await enqueue(b, corrects, label);
  const ids = bodies.map((b) => b.eventId);
  if (navigator.onLine) await flushOutbox();
  const left = new Map((await listOutbox()).map((r) => [r.eventId, r]));
  const refused = ids.map((id) => left.get(id)).filter((r): r is OutboxRecord => r?.state === 'rejected');
  return { ids, refused, queued: ids.some((id) => left.get(id)?.state === 'waiting') };
}

/** Removes refused updates from the phone (the corrected report gets new eventIds). */
export async function discardAll(records: readonly OutboxRecord[]): Promise<void> {
  for (const r of records) await discard(r.eventId);
}
