import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CriterionRecordedV1, CriterionRejectedV1, EventTypes, Headers, Topics } from '@pledge/contracts';
import { createIdempotentProducer, KAFKA, KafkaNaming } from '@pledge/platform';
import type { Kafka, Producer } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Counter, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { ReferenceData } from './reference-data';
import { validateRawUpdate, Validation } from './validate-update';

const metric = (name: string, help: string) =>
  (register.getSingleMetric(name) as Counter) ?? new Counter({ name, help, labelNames: ['outcome'] });
const ingested = metric('ingest_messages_total', 'Messages consumed from ntm.criterion-updates by outcome');

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
}

/**
 * Use case "record one criterion update": validate whatever arrived, append valid events to the
 * event store (unique eventId) and republish them normalised to ntm.criterion-recorded; send
 * invalid ones to the dead-letter topic with the reasons. A database error is thrown (the message
 * is retried), never dead-lettered.
 */
@Injectable()
export class RecordUpdateHandler implements OnApplicationBootstrap, OnApplicationShutdown {
  private producer!: Producer;

  constructor(
    private readonly ds: DataSource,
    private readonly reference: ReferenceData,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly naming: KafkaNaming,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(RecordUpdateHandler.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.producer = createIdempotentProducer(this.kafka);
    await this.producer.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
  }

  async execute(msg: IncomingMessage): Promise<'recorded' | 'duplicate' | 'rejected'> {
    let ref = await this.reference.get(); // a database error here is thrown: the message is retried
    let result = this.validate(msg, ref);
    if (!result.ok && result.reasons.some((r) => r.problem === 'unknown_code')) {
      // an administrator may just have added the unit or indicator: look again before rejecting
      ref = await this.reference.get(true);
      result = this.validate(msg, ref);
    }
    if (!result.ok) {
      await this.reject(msg, result.eventId, result.reasons);
      ingested.inc({ outcome: 'rejected' });
      return 'rejected';
    }
    const u = result.update;
    const inserted: { sequence: string; recorded_at: Date }[] = await this.ds.query(
      `INSERT INTO event_store (event_id, hamlet_code, commune_code, criterion_code, as_of, reported_at, reported_by, payload, source_topic, source_partition, source_offset)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING sequence, recorded_at`,
      [u.eventId, u.hamletCode, result.communeCode, u.criterionCode, u.asOf, u.reportedAt, u.reportedBy, JSON.stringify(u), this.naming.bare(msg.topic), msg.partition, msg.offset],
    );
    // On a redelivery the event is already stored: publish the stored copy again (the projector
    // ignores an eventId it has seen), so a crash between insert and publish loses nothing.
    const stored: { sequence: string; recorded_at: Date; payload: Record<string, unknown>; commune_code: string }[] = inserted.length
      ? [{ ...inserted[0], payload: u as never, commune_code: result.communeCode }]
      : await this.ds.query(`SELECT sequence, recorded_at, payload, commune_code FROM event_store WHERE event_id = $1`, [u.eventId]);
    const recorded: CriterionRecordedV1 = {
      ...(stored[0].payload as unknown as CriterionRecordedV1),
      communeCode: stored[0].commune_code,
      sequence: String(stored[0].sequence),
      recordedAt: new Date(stored[0].recorded_at).toISOString(),
    };
    await this.producer.send({
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

  /** Validation never throws: whatever a message does to the validator, it ends in the DLQ, not in a blocked partition. */
  private validate(msg: IncomingMessage, ref: Awaited<ReturnType<ReferenceData['get']>>): Validation {
    try {
      return validateRawUpdate(msg.value, ref, new Date());
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
    const uuid = eventId && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(eventId) ? eventId : null;
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
    await this.producer.send({
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
