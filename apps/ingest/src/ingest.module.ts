import { Module } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ConsumerGroups } from '@pledge/contracts';
import { PersistenceModule, SubmissionReferenceCache } from '@pledge/persistence';
import {
  APP_CONFIG,
  AppConfigModule,
  ConsumerLagModule,
  HealthModule,
  KAFKA,
  KafkaBatchTransport,
  KafkaModule,
  KafkaNaming,
  LoggingModule,
  MetricsModule,
  type ExtraHealthCheck,
} from '@pledge/platform';
import type { Kafka } from 'kafkajs';
import { Counter, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { IngestEnv, ingestEnvSchema } from './config';
import { RecordUpdatesHandler } from './record-updates/record-updates.handler';
import { RecordUpdatesKafkaController } from './record-updates/record-updates.kafka.controller';

const INGEST_HEALTH = Symbol('INGEST_HEALTH');

const retried = (): Counter =>
  (register.getSingleMetric('ingest_transient_failures_total') as Counter) ??
  new Counter({ name: 'ingest_transient_failures_total', help: 'Batch attempts that failed on a transient error (database or Kafka) and are retried' });

/** Ingest: validates every event on ntm.criterion-updates into the event store, or the dead-letter topic. */
@Module({
  imports: [
    AppConfigModule.forRoot(ingestEnvSchema),
    LoggingModule.forRoot('ingest'),
    MetricsModule.forRoot('ingest'),
    PersistenceModule.forRoot('ingest'),
    KafkaModule.forRoot('ingest'),
    ConsumerLagModule.forRoot(['ingest']),
    HealthModule.forRoot({ database: true, kafka: true, extraToken: INGEST_HEALTH }),
  ],
  controllers: [RecordUpdatesKafkaController],
  providers: [
    {
      provide: SubmissionReferenceCache,
      inject: [DataSource, APP_CONFIG],
      useFactory: (ds: DataSource, env: IngestEnv) => new SubmissionReferenceCache(ds, env.REFERENCE_CACHE_MS),
    },
    RecordUpdatesHandler,
    {
      // the Kafka transport (main.ts connects it as the app's microservice): batches of ntm.criterion-updates
      provide: KafkaBatchTransport,
      inject: [KAFKA, KafkaNaming, APP_CONFIG],
      useFactory: (kafka: Kafka, naming: KafkaNaming, env: IngestEnv) => {
        const groupId = naming.group(ConsumerGroups.ingest);
        const failures = retried();
        return new KafkaBatchTransport({
          kafka,
          groupId,
          topicPrefix: env.KAFKA_TOPIC_PREFIX,
          transactionalIdPrefix: `${groupId}-`,
          partitionsConsumedConcurrently: env.INGEST_PARTITIONS_CONCURRENCY,
          transactionTimeoutMs: env.INGEST_TRANSACTION_TIMEOUT_MS,
          consumer: {
            maxBytesPerPartition: env.INGEST_MAX_BYTES_PER_PARTITION,
            sessionTimeout: env.INGEST_SESSION_TIMEOUT_MS,
            heartbeatInterval: env.INGEST_HEARTBEAT_INTERVAL_MS,
            retry: { retries: 10 },
          },
          onFailure: () => failures.inc(),
        });
      },
    },
    HealthIndicatorService,
    {
      provide: INGEST_HEALTH,
      inject: [KafkaBatchTransport, HealthIndicatorService],
      useFactory: (transport: KafkaBatchTransport, health: HealthIndicatorService): ExtraHealthCheck[] => [
        async () => {
          const h = health.check('consumer');
          const { joined, crashed } = transport.state;
          return crashed ? h.down({ joined, message: crashed }) : h.up({ joined });
        },
      ],
    },
  ],
})
export class IngestModule {}
