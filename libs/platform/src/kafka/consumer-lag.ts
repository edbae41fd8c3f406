import { DynamicModule, Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PipelineStages } from '@pledge/contracts';
import type { Admin, Kafka } from 'kafkajs';
import { Gauge, register } from 'prom-client';
import { withTimeout } from './kafka-health.indicator';
import { KAFKA } from './kafka.module';
import { KafkaNaming } from './kafka';

/** A consumer group reading one topic: a stage of the pipeline (names as on the broker, prefix included). */
export interface LagStage {
  stage: string;
  groupId: string;
  topic: string;
}

export interface PartitionLag {
  partition: number;
  /** The partition's end (high watermark). */
  end: number;
  /** The group's committed offset (next to read); null when the group has committed nothing there yet. */
  committed: number | null;
  lag: number;
}

export interface StageLag {
  stage: string;
  /** Messages on the topic the group has not committed yet (the sum over the partitions). */
  lag: number;
  partitions: PartitionLag[];
}

export interface BacklogSnapshot {
  stages: StageLag[];
  /** Sum over the stages; null when Kafka could not be asked (then `error` says why). */
  total: number | null;
  measuredAt: string;
  error?: string;
}

/** The consumer lag of each stage: end offsets minus committed offsets, per partition (from the start of the partition when nothing is committed). */
export async function measureLag(admin: Admin, stages: readonly LagStage[]): Promise<StageLag[]> {
  return Promise.all(
    stages.map(async (s) => {
      const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(s.topic), admin.fetchOffsets({ groupId: s.groupId, topics: [s.topic] })]);
      const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      const partitions = ends
        .map((e) => {
          const end = Number(e.high);
          const c = done.get(e.partition);
          const from = c !== undefined && c >= 0 ? c : null;
          return { partition: e.partition, end, committed: from, lag: Math.max(0, end - (from ?? Number(e.low))) };
        })
        .sort((a, b) => a.partition - b.partition);
      return { stage: s.stage, lag: partitions.reduce((n, p) => n + p.lag, 0), partitions };
    }),
  );
}

/** The monitor whose measurements /metrics shows (the last one an app registered). */
let scraped: ConsumerLagMonitor | undefined;

function registerLagGauges(): void {
  if (register.getSingleMetric('pipeline_backlog_messages')) return;
  // prom-client calls collect() of each gauge on every scrape; both read the monitor's (cached) measurement
  new Gauge({
    name: 'pipeline_backlog_messages',
    help: 'Messages a stage of the pipeline has not processed yet (its consumer lag; measured when scraped)',
    labelNames: ['stage'],
    async collect() {
      const snap = await scraped?.current();
      this.reset();
      for (const s of snap?.stages ?? []) this.set({ stage: s.stage }, s.lag);
    },
  });
  new Gauge({
    name: 'kafka_consumer_lag',
    help: 'Messages on the topic a stage has not committed yet, per partition (measured when scraped)',
    labelNames: ['stage', 'partition'],
    async collect() {
      const snap = await scraped?.current();
      this.reset();
      for (const s of snap?.stages ?? []) for (const p of s.partitions) this.set({ stage: s.stage, partition: String(p.partition) }, p.lag);
    },
  });
}

/**
 * The pipeline's backlog, measured on demand from Kafka (one admin connection, answers cached for `maxAgeMs`,
 * concurrent callers share one measurement), and in /metrics:
 * `pipeline_backlog_messages{stage}` and `kafka_consumer_lag{stage,partition}`, measured when scraped.
 */
export class ConsumerLagMonitor {
  private admin?: Admin;
  private connected = false;
  private last?: BacklogSnapshot;
  private pending?: Promise<BacklogSnapshot>;

  constructor(
    private readonly kafka: Kafka,
    readonly stages: readonly LagStage[],
    private readonly maxAgeMs = 2000,
    private readonly timeoutMs = 3000,
  ) {}

  async current(): Promise<BacklogSnapshot> {
    if (this.last && Date.now() - Date.parse(this.last.measuredAt) < this.maxAgeMs) return this.last;
    this.pending ??= this.measure().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async measure(): Promise<BacklogSnapshot> {
    try {
      if (!this.admin) this.admin = this.kafka.admin();
      if (!this.connected) {
        await withTimeout(this.admin.connect(), this.timeoutMs);
        this.connected = true;
      }
      const stages = await withTimeout(measureLag(this.admin, this.stages), this.timeoutMs);
      this.last = { stages, total: stages.reduce((n, s) => n + s.lag, 0), measuredAt: new Date().toISOString() };
    } catch (err) {
      this.connected = false;
      void this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      this.last = { stages: [], total: null, measuredAt: new Date().toISOString(), error: (err as Error).message };
    }
    return this.last;
  }

  /** Shows this monitor's measurements in /metrics (measured when scraped). */
  registerMetrics(): void {
    registerLagGauges();
    scraped = this; // eslint-disable-line @typescript-eslint/no-this-alias -- the module keeps the one monitor /metrics reads, not an alias of this
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}

@Global()
@Module({})
export class ConsumerLagModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(ConsumerLagMonitor) private readonly monitor: ConsumerLagMonitor) {}

  /** Measures the backlog of the named stages of the pipeline (libs/contracts PipelineStages), under this app's KAFKA_TOPIC_PREFIX. */
  static forRoot(stageNames: readonly (typeof PipelineStages)[number]['stage'][]): DynamicModule {
    return {
      module: ConsumerLagModule,
      providers: [
        {
          provide: ConsumerLagMonitor,
          inject: [KAFKA, KafkaNaming],
          useFactory: (kafka: Kafka, naming: KafkaNaming) =>
            new ConsumerLagMonitor(
              kafka,
              PipelineStages.filter((s) => stageNames.includes(s.stage)).map((s) => ({
                stage: s.stage,
                groupId: naming.group(s.groupId),
                topic: naming.topic(s.topic),
              })),
            ),
        },
      ],
      exports: [ConsumerLagMonitor],
    };
  }

  onModuleInit(): void {
    this.monitor.registerMetrics();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.monitor.close();
  }
}
