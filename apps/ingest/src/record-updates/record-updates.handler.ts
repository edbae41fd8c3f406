import { Injectable } from '@nestjs/common';
import { CriterionRecordedV1, CriterionRejectedV1, CriterionUpdateV1, EventTypes, Headers, RejectionReason } from '@pledge/contracts';
import { canonicalJson, checkRawCriterionUpdate, SubmissionCheck, SubmissionReference } from '@pledge/domain';
import { SubmissionReferenceCache } from '@pledge/persistence';
import { Clock, SystemClock } from '@pledge/platform';
import { PinoLogger } from 'nestjs-pino';
import { Counter, Histogram, register } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { isTransientDatabaseError } from './database-errors';
import { appendEvents, Appended, DeadLetterRow, findStoredEvents, NewEvent, recordDeadLetters, StoredEvent } from './event-store.sql';

const ingested =
  (register.getSingleMetric('ingest_messages_total') as Counter) ??
  new Counter({ name: 'ingest_messages_total', help: 'Messages consumed from ntm.criterion-updates by outcome', labelNames: ['outcome'] });
const batchSeconds =
  (register.getSingleMetric('ingest_batch_seconds') as Histogram) ??
  new Histogram({
    name: 'ingest_batch_seconds',
    help: 'Time to validate and store one partition batch (one database transaction), without the Kafka transaction',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
const batchSize =
  (register.getSingleMetric('ingest_batch_messages') as Histogram) ??
  new Histogram({ name: 'ingest_batch_messages', help: 'Messages in one partition batch', buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10000] });

export interface IncomingMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
}

/** One partition batch of ntm.criterion-updates, in offset order. */
export interface IncomingBatch {
  /** Bare topic name (without KAFKA_TOPIC_PREFIX). */
  topic: string;
  partition: number;
  messages: IncomingMessage[];
}

/** A message to publish (value already serialised). */
export interface OutgoingMessage {
  key: Buffer | string | null;
  value: string;
  headers: Record<string, string>;
}

/** What a batch came to: the events to republish to ntm.criterion-recorded and the letters for the dead-letter topic, both in offset order. */
export interface RecordedBatch {
  recorded: OutgoingMessage[];
  deadLetters: OutgoingMessage[];
  counts: { recorded: number; duplicate: number; rejected: number };
}

type Decision =
  | { kind: 'reject'; eventId: string | null; reasons: RejectionReason[] }
  /** The first message of the batch with this eventId: to be appended. */
  | { kind: 'store'; update: CriterionUpdateV1; communeId: string; payloadJson: string }
  /** A later message of the batch with an eventId taken earlier in it: settled once the store has answered. */
  | { kind: 'copy'; update: CriterionUpdateV1 }
  /** Already stored (earlier, or by an earlier message of this batch) with the same content: republish the stored copy. */
  | { kind: 'duplicate'; eventId: string };

/** The batch refused by the database as data (not an outage): it is done again row by row to find the rows. */
class UnstorableBatch extends Error {}

/** Most payload text in a letter on the dead-letter topic (a multiple of 4: a base64 prefix stays decodable); the table keeps it all. */
const LETTER_PAYLOAD_MAX = 256 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Text PostgreSQL can store (no NUL, no lone surrogates): anything a message makes us write about it. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL text cannot store
const storable = (s: string): string => s.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/**
 * Use case "record criterion updates", one partition batch at a time: validate every message with the submission
 * rules (@pledge/domain checkRawCriterionUpdate: bytes, JSON, NFC, schema, known cell/criterion/indicator, forms,
 * ranges, dates), append the valid ones to the event store in ONE statement (ON CONFLICT (event_id) DO NOTHING) and
 * record the invalid ones in dead_letter with their reasons, in ONE database transaction; answer what to republish to
 * ntm.criterion-recorded and to the dead-letter topic (the Kafka transport publishes both and commits the offsets in
 * one Kafka transaction afterwards).
 *
 * Exactly once: event_store holds each eventId once and dead_letter each (topic, partition, offset) once, so a batch
 * done again after a crash or a failed attempt stores nothing twice; a redelivered event's stored copy is republished
 * (readers ignore an eventId they have seen), and the same eventId with other content is dead-lettered as
 * `reused_with_different_content`. Messages of one batch are decided in offset order, as if one at a time.
 *
 * Never blocks a partition on a bad message: validation never throws, and a batch the database refuses as data is
 * done again row by row so that only the refused rows are dead-lettered (`unstorable`). A TRANSIENT error (database
 * unreachable or restarting) is thrown: nothing is committed and the transport retries the batch, so nothing is
 * dead-lettered because of an outage.
 */
@Injectable()
export class RecordUpdatesHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly reference: SubmissionReferenceCache,
    private readonly logger: PinoLogger,
    private readonly clock: Clock = new SystemClock(),
  ) {
    this.logger.setContext(RecordUpdatesHandler.name);
  }

  async execute(batch: IncomingBatch): Promise<RecordedBatch> {
    const stop = batchSeconds.startTimer();
    const checks = await this.validateAll(batch.messages);
    let result: RecordedBatch;
    try {
      result = await this.ds.transaction((m) => this.store(m, batch, checks, false));
    } catch (err) {
      if (!(err instanceof UnstorableBatch)) throw err;
      this.logger.warn(
        { err: err.message, partition: batch.partition, offset: batch.messages[0]?.offset },
        'the database refused the batch as data; storing it row by row',
      );
      result = await this.ds.transaction((m) => this.store(m, batch, checks, true));
    }
    stop();
    batchSize.observe(batch.messages.length);
    for (const [outcome, n] of Object.entries(result.counts)) if (n) ingested.inc({ outcome }, n);
    return result;
  }

  /** Every message through the rules; codes unknown to the cached reference data are looked up again once per batch. */
  private async validateAll(messages: readonly IncomingMessage[]): Promise<SubmissionCheck[]> {
    const now = this.clock.now();
    const ref = await this.reference.get(); // a database error here is thrown: the batch is retried
    const checks = messages.map((msg) => this.validate(msg, ref, now));
    const unknown = checks.flatMap((c, i) => (!c.ok && c.reasons.some((r) => r.problem === 'unknown_code') ? [i] : []));
    if (unknown.length) {
      // an administrator may just have added the unit or indicator: look again before rejecting
      const fresh = await this.reference.get(true);
      for (const i of unknown) checks[i] = this.validate(messages[i], fresh, now);
    }
    return checks;
  }

  /** Validation never throws: whatever a message does to the validator, it ends in the DLQ, not in a blocked partition. */
  private validate(msg: IncomingMessage, ref: SubmissionReference, now: Date): SubmissionCheck {
    try {
      return checkRawCriterionUpdate(msg.value, ref, now);
    } catch (err) {
      this.logger.error({ err: (err as Error).message, offset: msg.offset }, 'validator failed on a message');
      return {
        ok: false,
        eventId: null,
        reasons: [
          {
            field: '(body)',
            problem: 'unprocessable',
            message: 'Không xử lý được thông điệp',
            messageEn: `message could not be processed: ${(err as Error).message}`,
          },
        ],
      };
    }
  }

  private async store(m: EntityManager, batch: IncomingBatch, checks: readonly SubmissionCheck[], rowByRow: boolean): Promise<RecordedBatch> {
    const source = { topic: batch.topic, partition: batch.partition };
    // the events named by corrections (a correction must keep the cell and criterion of what it corrects)
    const named = new Set<string>();
    for (const c of checks) if (c.ok && c.update.supersedes) named.add(c.update.supersedes.toLowerCase());
    const stored = named.size ? await this.guard(() => findStoredEvents(m, [...named])) : new Map<string, StoredEvent>();
    const decisions = plan(checks, stored);

    // one statement for the batch; an eventId it did not insert was stored before (a redelivery or a conflict)
    const toAppend = decisions.flatMap((d, i) => (d.kind === 'store' ? [newEvent(d, batch.messages[i].offset)] : []));
    const appended = rowByRow ? await this.appendRowByRow(m, source, toAppend, decisions) : await this.guard(() => appendEvents(m, source, toAppend));
    const before = toAppend.map((e) => e.eventId.toLowerCase()).filter((id) => !appended.sequences.has(id));
    if (before.length) for (const [id, s] of await this.guard(() => findStoredEvents(m, before))) stored.set(id, s);
    settle(decisions, appended.sequences, stored);

    const letters = decisions.flatMap((d, i) => (d.kind === 'reject' ? [deadLetter(batch.messages[i], d)] : []));
    await this.guard(() => recordDeadLetters(m, source, letters));
    return this.outputs(batch, decisions, stored, appended, letters);
  }

  /** The fallback when the batch statement was refused as data: each row in its own savepoint; refused rows become rejects. */
  private async appendRowByRow(
    m: EntityManager,
    source: { topic: string; partition: number },
    events: readonly NewEvent[],
    decisions: Decision[],
  ): Promise<Appended> {
    const out: Appended = { sequences: new Map(), recordedAt: new Date() };
    for (const e of events) {
      await m.query('SAVEPOINT append_one');
      try {
        const one = await appendEvents(m, source, [e]);
        for (const [k, v] of one.sequences) out.sequences.set(k, v);
        out.recordedAt = one.recordedAt;
        await m.query('RELEASE SAVEPOINT append_one');
      } catch (err) {
        if (isTransientDatabaseError(err)) throw err;
        await m.query('ROLLBACK TO SAVEPOINT append_one');
        const i = decisions.findIndex((d) => d.kind === 'store' && d.update.eventId === e.eventId);
        decisions[i] = {
          kind: 'reject',
          eventId: e.eventId,
          reasons: [
            {
              field: '(body)',
              problem: 'unstorable',
              message: 'Cơ sở dữ liệu không lưu được báo cáo này',
              messageEn: `the event store refused this update: ${(err as Error).message}`,
            },
          ],
        };
      }
    }
    return out;
  }

  /** Run a statement: a transient error is thrown as is (retry the batch), a refusal of the data as UnstorableBatch. */
  private async guard<T>(statement: () => Promise<T>): Promise<T> {
    try {
      return await statement();
    } catch (err) {
      if (isTransientDatabaseError(err)) throw err;
      throw new UnstorableBatch((err as Error).message);
    }
  }

  private outputs(
    batch: IncomingBatch,
    decisions: readonly Decision[],
    stored: ReadonlyMap<string, StoredEvent>,
    appended: Appended,
    letters: readonly DeadLetterRow[],
  ): RecordedBatch {
    const recorded: OutgoingMessage[] = [];
    const deadLetters: OutgoingMessage[] = [];
    const counts = { recorded: 0, duplicate: 0, rejected: 0 };
    const published = new Set<string>();
    const rejectedAt = new Date().toISOString();
    const recordedAt = new Date(appended.recordedAt).toISOString();
    let letter = 0;
    decisions.forEach((d, i) => {
      const msg = batch.messages[i];
      if (d.kind === 'reject') {
        counts.rejected++;
        const row = letters[letter++];
        const truncated = row.payload.length > LETTER_PAYLOAD_MAX;
        const rejected: CriterionRejectedV1 = {
          schemaVersion: 1,
          eventId: row.eventId,
          originalTopic: batch.topic,
          partition: batch.partition,
          offset: msg.offset,
          key: row.key,
          payload: truncated ? row.payload.slice(0, LETTER_PAYLOAD_MAX) : row.payload,
          payloadEncoding: row.payloadEncoding,
          ...(truncated ? { payloadTruncated: true } : {}),
          reasons: d.reasons,
          rejectedAt,
        };
        deadLetters.push({
          key: msg.key,
          value: JSON.stringify(rejected),
          headers: { [Headers.eventType]: EventTypes.criterionRejected, ...(row.eventId ? { [Headers.eventId]: row.eventId } : {}) },
        });
        this.logger.warn(
          { eventId: row.eventId, partition: batch.partition, offset: msg.offset, reasons: d.reasons.map((r) => `${r.field}: ${r.problem}`) },
          'update rejected to the dead-letter topic',
        );
        return;
      }
      if (d.kind === 'copy') throw new Error('a copy left unsettled'); // settle() leaves none
      const id = (d.kind === 'store' ? d.update.eventId : d.eventId).toLowerCase();
      counts[d.kind === 'store' ? 'recorded' : 'duplicate']++;
      if (published.has(id)) return; // the same event twice in one batch: republished once
      published.add(id);
      if (d.kind === 'store') {
        recorded.push(
          recordedMessage(d.update.hamletCode, d.update.eventId, recordedJson(d.payloadJson, d.communeId, appended.sequences.get(id)!, recordedAt)),
        );
      } else {
        // On a redelivery the event is already stored: publish the stored copy again (the projector ignores an
        // eventId it has seen), so a crash between the store and the publication loses nothing.
        const s = stored.get(id)!;
        const copy: CriterionRecordedV1 = {
          ...(s.payload as unknown as CriterionUpdateV1),
          communeCode: s.communeCode,
          sequence: s.sequence,
          recordedAt: new Date(s.recordedAt).toISOString(),
        };
        recorded.push(recordedMessage(copy.hamletCode, copy.eventId, JSON.stringify(copy)));
      }
    });
    return { recorded, deadLetters, counts };
  }
}

/**
 * Decide every message in offset order, as far as the batch alone tells: invalid → reject; a correction of a stored
 * (or earlier in this batch) event of another cell or criterion → reject; the first message with an eventId → store;
 * a later one with the same eventId → copy (settled by {@link settle}).
 */
function plan(checks: readonly SubmissionCheck[], stored: ReadonlyMap<string, StoredEvent>): Decision[] {
  const taken = new Map<string, { hamletCode: string; criterionCode: string }>();
  return checks.map((c): Decision => {
    if (!c.ok) return { kind: 'reject', eventId: c.eventId, reasons: c.reasons };
    const u = c.update;
    if (u.supersedes) {
      const sup = u.supersedes.toLowerCase();
      const orig = stored.get(sup) ?? taken.get(sup);
      // a correction of an event the store does not hold (e.g. one that was rejected) is taken as a new reading
      if (orig && (orig.hamletCode !== u.hamletCode || orig.criterionCode !== u.criterionCode))
        return {
          kind: 'reject',
          eventId: u.eventId,
          reasons: [
            {
              field: 'supersedes',
              problem: 'different_subject',
              message: `Sự kiện ${u.supersedes} là của ${orig.hamletCode} / ${orig.criterionCode}; bản sửa phải cùng chi bộ và tiêu chí`,
              messageEn: `event ${u.supersedes} is for ${orig.hamletCode} / ${orig.criterionCode}; a correction must keep the cell and criterion`,
            },
          ],
        };
    }
    const id = u.eventId.toLowerCase();
    if (taken.has(id)) return { kind: 'copy', update: u };
    taken.set(id, { hamletCode: u.hamletCode, criterionCode: u.criterionCode });
    return { kind: 'store', update: u, communeId: c.communeId, payloadJson: JSON.stringify(u) };
  });
}

/**
 * Settle the messages whose eventId the store already held, and the later copies within the batch, against the content
 * that holds the eventId (the stored copy, else the batch's first message, now stored): the same content → duplicate
 * (republished), other content → reject as reused_with_different_content. Canonical JSON (key order does not matter) is
 * only computed for these.
 */
function settle(decisions: Decision[], appended: ReadonlyMap<string, unknown>, stored: ReadonlyMap<string, StoredEvent>): void {
  const winners = new Map<string, string>();
  const winner = (id: string, first?: CriterionUpdateV1): string | undefined => {
    let w = winners.get(id);
    if (w === undefined) {
      const s = stored.get(id);
      w = s ? canonicalJson(s.payload) : first && appended.has(id) ? canonicalJson(first) : undefined;
      if (w !== undefined) winners.set(id, w);
    }
    return w;
  };
  const firsts = new Map<string, CriterionUpdateV1>();
  decisions.forEach((d, i) => {
    if (d.kind === 'store') {
      const id = d.update.eventId.toLowerCase();
      firsts.set(id, d.update);
      if (appended.has(id)) return;
      decisions[i] = winner(id) === canonicalJson(d.update) ? { kind: 'duplicate', eventId: id } : reusedWithOtherContent(d.update.eventId);
    } else if (d.kind === 'copy') {
      const id = d.update.eventId.toLowerCase();
      const w = winner(id, firsts.get(id));
      // the first message with this eventId was refused by the database (row by row): this copy shares its fate
      const refused =
        w === undefined
          ? decisions.find((x) => x.kind === 'reject' && x.eventId?.toLowerCase() === id && x.reasons.some((r) => r.problem === 'unstorable'))
          : undefined;
      if (refused?.kind === 'reject') decisions[i] = { kind: 'reject', eventId: d.update.eventId, reasons: refused.reasons };
      else decisions[i] = w === canonicalJson(d.update) ? { kind: 'duplicate', eventId: id } : reusedWithOtherContent(d.update.eventId);
    }
  });
}

function reusedWithOtherContent(eventId: string): Decision {
  return {
    kind: 'reject',
    eventId,
    reasons: [
      {
        field: 'eventId',
        problem: 'reused_with_different_content',
        message: `Mã sự kiện ${eventId} đã được dùng cho một báo cáo khác`,
        messageEn: `eventId ${eventId} is already stored with different content`,
      },
    ],
  };
}

function newEvent(d: Extract<Decision, { kind: 'store' }>, offset: string): NewEvent {
  const u = d.update;
  return {
    eventId: u.eventId,
    hamletCode: u.hamletCode,
    communeCode: d.communeId,
    criterionCode: u.criterionCode,
    asOf: u.asOf,
    reportedAt: u.reportedAt,
    reportedBy: u.reportedBy,
    payloadJson: d.payloadJson,
    offset,
  };
}

/** The dead_letter row of a rejected message: the original bytes as UTF-8 text when they are storable text, else base64. */
function deadLetter(msg: IncomingMessage, d: Extract<Decision, { kind: 'reject' }>): DeadLetterRow {
  const raw = msg.value ?? Buffer.alloc(0);
  const asText = raw.toString('utf8');
  const utf8 = Buffer.from(asText, 'utf8').equals(raw) && !asText.includes('\u0000');
  const uuid = d.eventId && UUID.test(d.eventId) ? d.eventId.toLowerCase() : null;
  const reasons = d.reasons.map((r) => ({ field: storable(r.field), problem: r.problem, message: storable(r.message), messageEn: storable(r.messageEn) }));
  d.reasons = reasons;
  return {
    eventId: uuid,
    offset: msg.offset,
    key: msg.key ? storable(msg.key.toString('utf8')) : null,
    payload: utf8 ? asText : raw.toString('base64'),
    payloadEncoding: utf8 ? 'utf8' : 'base64',
    reasonsJson: JSON.stringify(reasons),
  };
}

/** CriterionRecordedV1 as JSON: the normalised update's JSON with communeCode, sequence and recordedAt appended. */
function recordedJson(payloadJson: string, communeCode: string, sequence: string, recordedAt: string): string {
  return `${payloadJson.slice(0, -1)},"communeCode":${JSON.stringify(communeCode)},"sequence":"${sequence}","recordedAt":"${recordedAt}"}`;
}

function recordedMessage(hamletCode: string, eventId: string, value: string): OutgoingMessage {
  return { key: hamletCode, value, headers: { [Headers.eventId]: eventId, [Headers.schemaVersion]: '1', [Headers.eventType]: EventTypes.criterionRecorded } };
}
