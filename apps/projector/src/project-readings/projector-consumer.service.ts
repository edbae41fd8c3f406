import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConsumerGroups, Topics } from '@pledge/contracts';
import { APP_CONFIG, KAFKA, KafkaNaming } from '@pledge/platform';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Counter, register } from 'prom-client';
import { DataSource } from 'typeorm';
import type { ProjectorEnv } from '../config';
import { applyBatch } from './apply-batch';

const projected = (register.getSingleMetric('projector_events_total') as Counter) ??
  new Counter({ name: 'projector_events_total', help: 'Events folded into the read models', labelNames: ['outcome'] });

/** Channel of the PostgreSQL NOTIFY sent after each committed batch that changed something. */
export const PROGRESS_CHANGED_CHANNEL = 'progress_changed';

/**
 * The projector: a plain kafkajs consumer with eachBatch inside a Nest provider (the Nest transport
 * delivers one message at a time). Each partition batch is applied in ONE PostgreSQL transaction
 * together with its checkpoint; Kafka offsets are committed only after that transaction.
 */
@Injectable()
export class ProjectorConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: Consumer;
  private running = false;

  constructor(
    private readonly ds: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly naming: KafkaNaming,
    @Inject(APP_CONFIG) private readonly env: ProjectorEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ProjectorConsumer.name);
  }

  get isRunning(): boolean {
    return this.running;
  }

  async onApplicationBootstrap(): Promise<void> {
    const topic = this.naming.topic(Topics.criterionRecorded);
    this.consumer = this.kafka.consumer({
      groupId: this.naming.group(ConsumerGroups.projector),
      allowAutoTopicCreation: false,
      maxBytesPerPartition: this.env.PROJECTOR_MAX_BYTES_PER_PARTITION,
    });
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      this.running = false;
      this.logger.error({ err: e.payload.error?.message, restart: e.payload.restart }, 'projector consumer crashed');
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (this.running = true));
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [topic], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private async onBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, uncommittedOffsets, isRunning, isStale }: EachBatchPayload) {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const result = await this.ds.transaction(async (m) => {
      const r = await applyBatch(m, {
        projection: this.env.PROJECTION_NAME,
        topic: this.naming.bare(batch.topic),
        partition: batch.partition,
        messages: batch.messages.map((x) => ({ offset: x.offset, value: x.value })),
      });
      if (r.applied > 0) {
        await m.query(`SELECT pg_notify($1, $2)`, [PROGRESS_CHANGED_CHANNEL, JSON.stringify({ hamlets: r.hamlets.slice(0, 100), applied: r.applied })]);
      }
      return r;
    });
    for (const msg of batch.messages) resolveOffset(msg.offset);
    projected.inc({ outcome: 'applied' }, result.applied);
    projected.inc({ outcome: 'duplicate' }, result.duplicates);
    await commitOffsetsIfNecessary(uncommittedOffsets());
    await heartbeat();
  }
}
