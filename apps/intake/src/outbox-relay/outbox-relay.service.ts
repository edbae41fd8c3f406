import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OutboxEntity } from '@pledge/persistence';
import { APP_CONFIG, createIdempotentProducer, KAFKA, KafkaNaming } from '@pledge/platform';
import type { Kafka, Message, Producer } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Counter, Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';
import type { IntakeEnv } from '../config';
import { OutboxSignal } from './outbox-signal';

const published =
  (register.getSingleMetric('outbox_published_total') as Counter) ?? new Counter({ name: 'outbox_published_total', help: 'Outbox rows published to Kafka' });
const failures =
  (register.getSingleMetric('outbox_publish_failures_total') as Counter) ??
  new Counter({ name: 'outbox_publish_failures_total', help: 'Failed attempts to publish outbox rows' });
const pending =
  (register.getSingleMetric('outbox_pending') as Gauge) ??
  new Gauge({ name: 'outbox_pending', help: 'Outbox rows not yet published (sampled each relay round)' });
const oldest =
  (register.getSingleMetric('outbox_oldest_pending_seconds') as Gauge) ??
  new Gauge({ name: 'outbox_oldest_pending_seconds', help: 'Age of the oldest unpublished outbox row (0 when none; sampled each relay round)' });

/**
 * Publishes outbox rows to Kafka with an idempotent producer and stamps them published. Rows are
 * claimed with FOR UPDATE SKIP LOCKED, so several intake instances can relay side by side. While
 * Kafka is down, rows wait (submissions are still accepted) and flow when it returns.
 *
 * Hardening: after any failed send the producer is thrown away and a new one is made (a kafkajs
 * idempotent producer whose broker restarted can stay stuck on sequence/producer-id errors); retries
 * back off from 250 ms to 5 s; a wake-up that arrives while a batch is being sent is not lost. A row
 * sent but not stamped (crash between the two) is sent again: at-least-once on the topic, exactly
 * once in the event store (ingest ignores an eventId it already stored).
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private producer?: Producer;
  private connected = false;
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private backoffMs = 0;
  private wakeRequested = false;

  constructor(
    private readonly ds: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly naming: KafkaNaming,
    private readonly signal: OutboxSignal,
    @Inject(APP_CONFIG) private readonly env: IntakeEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(OutboxRelayService.name);
  }

  onApplicationBootstrap(): void {
    this.newProducer();
    this.signal.on('wake', () => {
      this.wakeRequested = true;
      this.wakeUp?.();
    });
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    await this.producer?.disconnect().catch(() => undefined);
  }

  private newProducer(): void {
    const old = this.producer;
    if (old) void old.disconnect().catch(() => undefined);
    const p = createIdempotentProducer(this.kafka);
    p.on(p.events.DISCONNECT, () => {
      if (this.producer === p) this.connected = false;
    });
    this.producer = p;
    this.connected = false;
  }

  /** True once the relay has reached Kafka at least once since the last failure. */
  get isConnected(): boolean {
    return this.connected;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let sent = 0;
      try {
        if (!this.connected) {
          await this.producer!.connect();
          this.connected = true;
          this.logger.info('outbox relay connected to Kafka');
        }
        sent = await this.publishBatch();
        this.backoffMs = 0;
      } catch (err) {
        this.newProducer();
        failures.inc();
        this.backoffMs = Math.min(Math.max(this.backoffMs * 2, 250), 5000);
        this.logger.warn({ err: (err as Error).message, retryInMs: this.backoffMs }, 'outbox relay could not publish; will retry');
      }
      if (sent === 0 || this.backoffMs > 0) await this.pause(this.backoffMs || this.env.OUTBOX_POLL_MS);
    }
  }

  private pause(ms: number): Promise<void> {
    // a wake-up that came while the last batch was being sent: look again at once (unless backing off)
    if (this.wakeRequested && this.backoffMs === 0) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wakeUp = undefined;
        if (this.backoffMs === 0) this.wakeRequested = false;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wakeUp = () => {
        if (this.backoffMs === 0 || !this.running) done();
      };
    });
  }

  /** Claim up to OUTBOX_BATCH_SIZE rows, send them, stamp them; one transaction. Returns how many were sent. */
  async publishBatch(): Promise<number> {
    const outcome = await this.ds.transaction(async (m): Promise<{ sent: number; error?: Error }> => {
      const rows: Pick<OutboxEntity, 'id' | 'topic' | 'messageKey' | 'payload' | 'headers'>[] = await m.query(
        `SELECT id, topic, message_key AS "messageKey", payload, headers
           FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.env.OUTBOX_BATCH_SIZE],
      );
      if (rows.length === 0) {
        pending.set(0);
        oldest.set(0);
        return { sent: 0 };
      }
      const byTopic = new Map<string, Message[]>();
      for (const r of rows) {
        const topic = this.naming.topic(r.topic);
        const list = byTopic.get(topic) ?? [];
        list.push({ key: r.messageKey, value: JSON.stringify(r.payload), headers: r.headers });
        byTopic.set(topic, list);
      }
      try {
        await this.producer!.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      } catch (err) {
        // record the failed attempt (committed), then let the loop back off
        await m.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
          rows.map((r) => r.id),
          (err as Error).message.slice(0, 500),
        ]);
        return { sent: 0, error: err as Error };
      }
      await m.query(`UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      published.inc(rows.length);
      const [{ count, age }] = await m.query<[{ count: number; age: number }]>(
        `SELECT count(*)::int AS count, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS age
           FROM outbox WHERE published_at IS NULL AND NOT (id = ANY($1::bigint[]))`,
        [rows.map((r) => r.id)],
      );
      pending.set(count);
      oldest.set(age);
      return { sent: rows.length };
    });
    if (outcome.error) throw outcome.error;
    return outcome.sent;
  }
}
