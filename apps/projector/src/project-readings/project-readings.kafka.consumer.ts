import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConsumerGroups, Topics } from '@pledge/contracts';
import type { ProjectionCheckpointRow } from '@pledge/persistence';
import { APP_CONFIG, KAFKA, KafkaNaming } from '@pledge/platform';
import { EventEmitter } from 'node:events';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import type { ProjectorEnv } from '../config';
import { ProjectReadingsHandler } from './project-readings.handler';

/** In-process signal: a batch committed (the status refresher listens). */
@Injectable()
export class BatchSignal extends EventEmitter {}

/**
 * Kafka transport of "project a batch": a plain kafkajs consumer with eachBatch inside a Nest provider (Nest's
 * Kafka transport delivers one message at a time). Several instances share the partitions in one consumer group.
 * The truth about progress is the checkpoint in PostgreSQL, written in the batch's transaction: when a partition is
 * assigned, the consumer seeks to its stored checkpoint (Kafka's committed offset may lag behind it, or be ahead of
 * it after a database restore); offsets below the checkpoint are skipped in the transaction anyway. Kafka offsets
 * are committed after the transaction, for monitoring only (the pipeline's backlog: libs/platform ConsumerLagMonitor).
 */
@Injectable()
export class ProjectReadingsKafkaConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: Consumer;
  private running = false;
  private crashed: string | null = null;
  /** Partitions checked against their checkpoint since the last assignment. */
  private synced = new Set<number>();

  constructor(
    private readonly handler: ProjectReadingsHandler,
    private readonly signal: BatchSignal,
    private readonly ds: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly naming: KafkaNaming,
    @Inject(APP_CONFIG) private readonly env: ProjectorEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ProjectReadingsKafkaConsumer.name);
  }

  get isRunning(): boolean {
    return this.running;
  }

  get crashReason(): string | null {
    return this.crashed;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.PROJECTOR_CONSUMER) return;
    const topic = this.naming.topic(Topics.criterionRecorded);
    this.consumer = this.kafka.consumer({
      groupId: this.naming.group(ConsumerGroups.projector),
      allowAutoTopicCreation: false,
      maxBytesPerPartition: this.env.PROJECTOR_MAX_BYTES_PER_PARTITION,
      sessionTimeout: this.env.PROJECTOR_SESSION_TIMEOUT_MS,
      heartbeatInterval: this.env.PROJECTOR_HEARTBEAT_INTERVAL_MS,
      rebalanceTimeout: this.env.PROJECTOR_REBALANCE_TIMEOUT_MS,
    });
    const { CRASH, GROUP_JOIN } = this.consumer.events;
    this.consumer.on(CRASH, (e) => {
      this.running = false;
      this.crashed = e.payload.restart ? null : (e.payload.error?.message ?? 'crashed');
      this.logger.error({ err: e.payload.error?.message, restart: e.payload.restart }, 'projector consumer crashed');
    });
    this.consumer.on(GROUP_JOIN, (e) => {
      this.running = true;
      this.crashed = null;
      this.synced = new Set();
      this.logger.info({ assignment: e.payload.memberAssignment }, 'partitions assigned');
      // resume each assigned partition at its checkpoint, even when Kafka's committed offset is past it (no batch
      // would come to correct it then); the first batch of each partition is checked again in onBatch
      void this.seekAssigned(e.payload.memberAssignment[topic] ?? []).catch((err: Error) =>
        this.logger.warn({ err: err.message }, 'could not seek to the checkpoints on assignment; the first batches will'),
      );
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [topic], fromBeginning: true });
    await this.consumer.run({
      // offsets are resolved only after a batch's transaction; kafkajs commits what is resolved after each batch, and
      // at once (threshold 1) when a fetch held only transaction markers (ingest publishes in Kafka transactions),
      // so the group's lag (the dashboard's backlog) comes back to 0 when everything is folded
      autoCommit: true,
      autoCommitThreshold: 1,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.env.PROJECTOR_PARTITIONS_CONCURRENCY,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.consumer?.disconnect().catch(() => undefined);
  }

  // eslint-disable-next-line @typescript-eslint/unbound-method -- kafkajs hands these as plain closures; its typings declare them as methods
  private async onBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload) {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const topic = this.naming.bare(batch.topic);
    if (!this.synced.has(batch.partition)) {
      this.synced.add(batch.partition);
      if (await this.seekToCheckpoint(topic, batch.topic, batch.partition, batch.firstOffset()!, batch.highWatermark)) return;
    }
    const result = await this.handler.execute({
      topic,
      partition: batch.partition,
      messages: batch.messages.map((x) => ({ offset: x.offset, value: x.value })),
    });
    resolveOffset(batch.lastOffset());
    await commitOffsetsIfNecessary();
    await heartbeat();
    if (result.applied > 0) this.signal.emit('batch', result);
  }

  private async seekAssigned(partitions: number[]): Promise<void> {
    if (partitions.length === 0) return;
    const rows = await this.ds.query<Pick<ProjectionCheckpointRow, 'partition' | 'next_offset'>[]>(
      `SELECT partition, next_offset::text AS next_offset FROM projection_checkpoint WHERE projection = $1 AND topic = $2 AND partition = ANY($3::int[])`,
      [this.env.PROJECTION_NAME, Topics.criterionRecorded, partitions],
    );
    const topic = this.naming.topic(Topics.criterionRecorded);
    for (const partition of partitions) {
      const offset = rows.find((r) => r.partition === partition)?.next_offset ?? '0';
      this.consumer!.seek({ topic, partition, offset });
    }
  }

  /**
   * On the first batch of a newly assigned partition: if the stored checkpoint is not where Kafka resumed, seek
   * to it (the batch is dropped and fetched again from there). Returns true when it did.
   */
  private async seekToCheckpoint(bareTopic: string, topic: string, partition: number, first: string, highWatermark: string): Promise<boolean> {
    const [cp] = await this.ds.query<(Pick<ProjectionCheckpointRow, 'next_offset'> | undefined)[]>(
      `SELECT next_offset FROM projection_checkpoint WHERE projection = $1 AND topic = $2 AND partition = $3`,
      [this.env.PROJECTION_NAME, bareTopic, partition],
    );
    // no checkpoint yet: everything from the start of the partition (Kafka may hold a committed offset from before)
    const checkpoint = BigInt(cp?.next_offset ?? 0);
    if (checkpoint > BigInt(highWatermark)) {
      // the topic was recreated (offsets started again): read it from the start; eventIds seen before are ignored
      this.logger.warn(
        { partition, checkpoint: checkpoint.toString(), highWatermark },
        'checkpoint beyond the end of the partition (topic recreated?): starting over from the first offset',
      );
      await this.ds.query(`UPDATE projection_checkpoint SET next_offset = $4, updated_at = now() WHERE projection = $1 AND topic = $2 AND partition = $3`, [
        this.env.PROJECTION_NAME,
        bareTopic,
        partition,
        first,
      ]);
      return false;
    }
    if (checkpoint === BigInt(first)) return false;
    this.logger.info({ partition, from: first, checkpoint: checkpoint.toString() }, 'seeking to the stored checkpoint');
    this.consumer!.seek({ topic, partition, offset: checkpoint.toString() });
    return true;
  }
}
