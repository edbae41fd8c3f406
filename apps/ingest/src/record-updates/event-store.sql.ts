import type { EntityManager } from 'typeorm';

/**
 * The statements of "record criterion updates", one per batch each: rows travel as ONE JSON array parameter, read by
 * `jsonb_to_recordset` (parsed once, typed columns) `WITH ORDINALITY` and inserted in the batch's order, so that
 * event_store.sequence follows the offsets. Ingest is the one writer of event_store and dead_letter.
 */

/** An event already in the store (the fields a redelivery, a conflict or a correction needs). */
export interface StoredEvent {
  eventId: string;
  hamletCode: string;
  criterionCode: string;
  communeCode: string;
  payload: Record<string, unknown>;
  sequence: string;
  recordedAt: Date;
}

/** A row to append: the normalised update as JSON text (`payloadJson`) and where it came from. */
export interface NewEvent {
  eventId: string;
  hamletCode: string;
  communeCode: string;
  criterionCode: string;
  asOf: string;
  reportedAt: string;
  reportedBy: string;
  payloadJson: string;
  offset: string;
}

export interface DeadLetterRow {
  eventId: string | null;
  offset: string;
  key: string | null;
  payload: string;
  payloadEncoding: 'utf8' | 'base64';
  reasonsJson: string;
}

/** The plain form PostgreSQL's uuid type reads (the contract's "uuid" format also lets "urn:uuid:…" through). */
const PLAIN_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The stored events among `ids` (event ids and ids named by `supersedes`), by lower-case event id. An id the uuid
 * type cannot read is not looked up (no stored event can have it): a message must not fail its batch this way.
 */
export async function findStoredEvents(m: EntityManager, candidates: readonly string[]): Promise<Map<string, StoredEvent>> {
  const out = new Map<string, StoredEvent>();
  const ids = candidates.filter((id) => PLAIN_UUID.test(id));
  if (ids.length === 0) return out;
  const rows: {
    id: string;
    hamlet_code: string;
    criterion_code: string;
    commune_code: string;
    payload: Record<string, unknown>;
    sequence: string;
    recorded_at: Date;
  }[] = await m.query(
    `SELECT event_id::text AS id, hamlet_code, criterion_code, commune_code, payload, sequence::text AS sequence, recorded_at
         FROM event_store WHERE event_id = ANY($1::uuid[])`,
    [ids],
  );
  for (const r of rows)
    out.set(r.id, {
      eventId: r.id,
      hamletCode: r.hamlet_code,
      criterionCode: r.criterion_code,
      communeCode: r.commune_code,
      payload: r.payload,
      sequence: r.sequence,
      recordedAt: r.recorded_at,
    });
  return out;
}

/** What one append inserted: each new row's sequence by lower-case event id, and the recorded_at they share. */
export interface Appended {
  sequences: Map<string, string>;
  /** The transaction's now(): every row of the statement has it. */
  recordedAt: Date;
}

/**
 * Append events (ON CONFLICT (event_id) DO NOTHING); answers the sequence of each row this statement inserted, by
 * lower-case event id (a row stored before, by an earlier delivery or another instance, is not among them). The answer
 * is one row (`event_id sequence` pairs in one text) rather than a row per event: thousands of result rows cost more
 * to parse than to insert.
 */
export async function appendEvents(m: EntityManager, source: { topic: string; partition: number }, events: readonly NewEvent[]): Promise<Appended> {
  const sequences = new Map<string, string>();
  if (events.length === 0) return { sequences, recordedAt: new Date() };
  const json = `[${events
    .map(
      (e) =>
        `{"e":${JSON.stringify(e.eventId)},"h":${JSON.stringify(e.hamletCode)},"c":${JSON.stringify(e.communeCode)},"k":${JSON.stringify(e.criterionCode)},` +
        `"a":${JSON.stringify(e.asOf)},"t":${JSON.stringify(e.reportedAt)},"b":${JSON.stringify(e.reportedBy)},"o":${JSON.stringify(e.offset)},"p":${e.payloadJson}}`,
    )
    .join(',')}]`;
  const [row]: { recorded_at: Date; inserted: string | null }[] = await m.query(
    `WITH inserted AS (
       INSERT INTO event_store (event_id, hamlet_code, commune_code, criterion_code, as_of, reported_at, reported_by, payload, source_topic, source_partition, source_offset)
       SELECT e, h, c, k, a, t, b, p, $2, $3, o
         FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (e uuid, h text, c text, k text, a date, t timestamptz, b text, p jsonb, o bigint))
              WITH ORDINALITY AS x(e, h, c, k, a, t, b, p, o, n)
        ORDER BY n
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id, sequence
     )
     SELECT now() AS recorded_at, string_agg(event_id::text || ' ' || sequence::text, ',') AS inserted FROM inserted`,
    [json, source.topic, source.partition],
  );
  for (const pair of row.inserted ? row.inserted.split(',') : []) {
    const space = pair.indexOf(' ');
    sequences.set(pair.slice(0, space), pair.slice(space + 1));
  }
  return { sequences, recordedAt: row.recorded_at };
}

/** Record dead letters; a message already dead-lettered (same topic, partition, offset) is left as it is. */
export async function recordDeadLetters(m: EntityManager, source: { topic: string; partition: number }, letters: readonly DeadLetterRow[]): Promise<void> {
  if (letters.length === 0) return;
  const json = `[${letters
    .map(
      (d) =>
        `{"e":${JSON.stringify(d.eventId)},"o":${JSON.stringify(d.offset)},"k":${JSON.stringify(d.key)},"p":${JSON.stringify(d.payload)},` +
        `"x":${JSON.stringify(d.payloadEncoding)},"r":${d.reasonsJson}}`,
    )
    .join(',')}]`;
  await m.query(
    `INSERT INTO dead_letter (event_id, source_topic, source_partition, source_offset, message_key, payload, payload_encoding, reasons)
     SELECT e, $2, $3, o, k, p, x, r
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (e uuid, o bigint, k text, p text, x text, r jsonb))
            WITH ORDINALITY AS d(e, o, k, p, x, r, n)
      ORDER BY n
     ON CONFLICT (source_topic, source_partition, source_offset) DO NOTHING`,
    [json, source.topic, source.partition],
  );
}
