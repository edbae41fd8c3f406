import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CriterionRecordedV1, CriterionRejectedV1, CriterionUpdateV1, EventTypes, Headers, RejectionReason, Topics } from '@pledge/contracts';
import { canonicalJson, checkRawCriterionUpdate, SubmissionCheck, SubmissionReference } from '@pledge/domain';
import { SubmissionReferenceCache } from '@pledge/persistence';
import { createIdempotentProducer, KAFKA, KafkaNaming } from '@pledge/platform';
import type { Kafka, Producer, ProducerRecord } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Counter, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { isTransientDatabaseError } from './database-errors';

const metric = (name: string, help: string) =>
  (register.getSingleMetric(name) as Counter) ?? new Counter({ name, help, labelNames: ['outcome'] });
const ingested = metric('ingest_messages_total', 'Messages consumed from ntm.criterion-updates by outcome');
const retried =
  (register.getSingleMetric('ingest_transient_failures_total') as Counter) ??
  new Counter({ name: 'ingest_transient_failures_total', help: 'Messages whose processing failed on a transient error (database or Kafka) and will be retried' });

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
}

/**
 * Use case "record one criterion update": validate whatever arrived (@pledge/domain
 * checkRawCriterionUpdate: bytes, JSON, NFC, schema, known cell/criterion/indicator, forms, ranges,
 * dates), append valid events to the event store (unique eventId) and republish them normalised to
 * ntm.criterion-recorded; send invalid ones to the dead-letter topic (and the dead_letter table, which
 * the intake API shows to the submitter) with the original payload and the reasons.
 *
 * Never blocks a partition on a bad message: validation never throws, and a message the database
 * refuses as data (e.g. a value it cannot store) is dead-lettered as `unstorable`. A TRANSIENT error
 * (database unreachable or restarting, Kafka unavailable) is thrown: the offset is not committed and
 * the consumer retries the same message, so nothing is dead-lettered because of an outage.
 */
@Injectable()
export class RecordUpdateHandler implements OnApplicationBootstrap, OnApplicationShutdown {
  private producer!: Producer;
  private producerReady = false;

  constructor(
    private readonly ds: DataSource,
    private readonly reference: SubmissionReferenceCache,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly naming: KafkaNaming,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(RecordUpdateHandler.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.producer = createIdempotentProducer(this.kafka);
    await this.producer.connect();
    this.producerReady = true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
  }

  /**
   * Send with the idempotent producer; after a failure the producer is replaced (one whose broker
   * restarted can stay stuck on sequence/producer-id errors) and the error is rethrown, so the
   * message is retried with a fresh producer.
   */
  private async send(record: ProducerRecord): Promise<void> {
    try {
      if (!this.producerReady) {
        await this.producer.connect();
        this.producerReady = true;
      }
      await this.producer.send(record);
    } catch (err) {
      const old = this.producer;
      this.producer = createIdempotentProducer(this.kafka);
      this.producerReady = false;
      void old.disconnect().catch(() => undefined);
      throw err;
    }
  }

  async execute(msg: IncomingMessage): Promise<'recorded' | 'duplicate' | 'rejected'> {
    try {
      return await this.process(msg);
    } catch (err) {
      retried.inc();
      this.logger.warn({ err: (err as Error).message, partition: msg.partition, offset: msg.offset }, 'transient failure; the message will be retried');
      throw err;
    }
  }

  private async process(msg: IncomingMessage): Promise<'recorded' | 'duplicate' | 'rejected'> {
    let ref = await this.reference.get(); // a database error here is thrown: the message is retried
    let result = this.validate(msg, ref);
    if (!result.ok && result.reasons.some((r) => r.problem === 'unknown_code')) {
      // an administrator may just have added the unit or indicator: look again before rejecting
      ref = await this.reference.get(true);
      result = this.validate(msg, ref);
    }
    if (result.ok && result.update.supersedes) {
      const reasons = await this.checkSupersedes(result.update);
      if (reasons.length) result = { ok: false, eventId: result.update.eventId, reasons };
    }
    if (!result.ok) {
      await this.reject(msg, result.eventId, result.reasons);
      ingested.inc({ outcome: 'rejected' });
      return 'rejected';
    }
    const u = result.update;
    let inserted: { sequence: string; recorded_at: Date }[];
    try {
      inserted = await this.ds.query(
        `INSERT INTO event_store (event_id, hamlet_code, commune_code, criterion_code, as_of, reported_at, reported_by, payload, source_topic, source_partition, source_offset)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (event_id) DO NOTHING
         RETURNING sequence, recorded_at`,
        [u.eventId, u.hamletCode, result.communeId, u.criterionCode, u.asOf, u.reportedAt, u.reportedBy, JSON.stringify(u), this.naming.bare(msg.topic), msg.partition, msg.offset],
      );
    } catch (err) {
      if (isTransientDatabaseError(err)) throw err;
      // the database refuses this message's data (not an outage): dead-letter it rather than retry forever
      await this.reject(msg, u.eventId, [
        { field: '(body)', problem: 'unstorable', message: 'Cơ sở dữ liệu không lưu được báo cáo này', messageEn: `the event store refused this update: ${(err as Error).message}` },
      ]);
      ingested.inc({ outcome: 'rejected' });
      return 'rejected';
    }
    // On a redelivery the event is already stored: publish the stored copy again (the projector
    // ignores an eventId it has seen), so a crash between insert and publish loses nothing.
    const stored: { sequence: string; recorded_at: Date; payload: Record<string, unknown>; commune_code: string }[] = inserted.length
      ? [{ ...inserted[0], payload: u as never, commune_code: result.communeId }]
      : await this.ds.query(`SELECT sequence, recorded_at, payload, commune_code FROM event_store WHERE event_id = $1`, [u.eventId]);
    if (!inserted.length && canonicalJson(stored[0].payload) !== canonicalJson(u)) {
      // the eventId is taken by another event: this one is not a redelivery, and must not pass for one
      await this.reject(msg, u.eventId, [
        {
          field: 'eventId',
          problem: 'reused_with_different_content',
          message: `Mã sự kiện ${u.eventId} đã được dùng cho một báo cáo khác`,
          messageEn: `eventId ${u.eventId} is already stored with different content`,
        },
      ]);
      ingested.inc({ outcome: 'rejected' });
      return 'rejected';
    }
    const recorded: CriterionRecordedV1 = {
      ...(stored[0].payload as unknown as CriterionRecordedV1),
      communeCode: stored[0].commune_code,
      sequence: String(stored[0].sequence),
      recordedAt: new Date(stored[0].recorded_at).toISOString(),
    };
    await this.send({
      topic: this.naming.topic(Topics.criterionRecorded),
      messages: [
        {
          key: recorded.hamletCode,
          value: JSON.stringify(recorded),
          headers: { [Headers.eventId]: recorded.eventId, [Headers.schemaVersion]: '1', [Headers.eventType]: EventTypes.criterionRecorded },
        },
      ],
    });
    const outcome = inserted.length ? 'recorded' : 'duplicate';
    ingested.inc({ outcome });
    return outcome;
  }

  /**
   * A correction (supersedes) of an event in the store must keep its cell and criterion. A correction of
   * an event the store does not hold (e.g. one that was rejected) is taken as a new reading.
   */
  private async checkSupersedes(u: CriterionUpdateV1): Promise<RejectionReason[]> {
    const [orig] = await this.ds.query(`SELECT hamlet_code, criterion_code FROM event_store WHERE event_id = $1`, [u.supersedes]);
    if (!orig || (orig.hamlet_code === u.hamletCode && orig.criterion_code === u.criterionCode)) return [];
    return [
      {
        field: 'supersedes',
        problem: 'different_subject',
        message: `Sự kiện ${u.supersedes} là của ${orig.hamlet_code} / ${orig.criterion_code}; bản sửa phải cùng chi bộ và tiêu chí`,
        messageEn: `event ${u.supersedes} is for ${orig.hamlet_code} / ${orig.criterion_code}; a correction must keep the cell and criterion`,
      },
    ];
  }

  /** Validation never throws: whatever a message does to the validator, it ends in the DLQ, not in a blocked partition. */
  private validate(msg: IncomingMessage, ref: SubmissionReference): SubmissionCheck {
    try {
      return checkRawCriterionUpdate(msg.value, ref, new Date());
    } catch (err) {
      this.logger.error({ err: (err as Error).message, partition: msg.partition, offset: msg.offset }, 'validator failed on a message');
      return {
        ok: false,
        eventId: null,
        reasons: [{ field: '(body)', problem: 'unprocessable', message: 'Không xử lý được thông điệp', messageEn: `message could not be processed: ${(err as Error).message}` }],
      };
    }
  }

  private async reject(msg: IncomingMessage, eventId: string | null, reasons: CriterionRejectedV1['reasons']): Promise<void> {
    const raw = msg.value ?? Buffer.alloc(0);
    const asText = raw.toString('utf8');
    const utf8 = Buffer.from(asText, 'utf8').equals(raw);
    const uuid = eventId && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(eventId) ? eventId.toLowerCase() : null;
    const rejected: CriterionRejectedV1 = {
      schemaVersion: 1,
      eventId: uuid,
      originalTopic: this.naming.bare(msg.topic),
      partition: msg.partition,
      offset: msg.offset,
      key: msg.key ? msg.key.toString('utf8') : null,
      payload: utf8 ? asText : raw.toString('base64'),
      payloadEncoding: utf8 ? 'utf8' : 'base64',
      reasons,
      rejectedAt: new Date().toISOString(),
    };
    await this.ds.query(
      `INSERT INTO dead_letter (event_id, source_topic, source_partition, source_offset, message_key, payload, payload_encoding, reasons)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (source_topic, source_partition, source_offset) DO NOTHING`,
      [uuid, rejected.originalTopic, msg.partition, msg.offset, rejected.key, rejected.payload, rejected.payloadEncoding, JSON.stringify(reasons)],
    );
    await this.send({
      topic: this.naming.topic(Topics.criterionUpdatesDlq),
      messages: [
        {
          key: msg.key,
          value: JSON.stringify(rejected),
          headers: { [Headers.eventType]: EventTypes.criterionRejected, ...(uuid ? { [Headers.eventId]: uuid } : {}) },
        },
      ],
    });
    this.logger.warn({ eventId: uuid, partition: msg.partition, offset: msg.offset, reasons: reasons.map((r) => `${r.field}: ${r.problem}`) }, 'update rejected to the dead-letter topic');
  }
}
