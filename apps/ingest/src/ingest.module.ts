import { Module } from '@nestjs/common';
import { PersistenceModule, SubmissionReferenceCache } from '@pledge/persistence';
import { APP_CONFIG, AppConfigModule, HealthModule, KafkaModule, LoggingModule, MetricsModule } from '@pledge/platform';
import { IngestEnv, ingestEnvSchema } from './config';
import { DataSource } from 'typeorm';
import { RecordUpdateHandler } from './record-update/record-update.handler';
import { RecordUpdateKafkaController } from './record-update/record-update.kafka.controller';

/** Ingest: validates every event on ntm.criterion-updates into the event store, or the dead-letter topic. */
@Module({
  imports: [
    AppConfigModule.forRoot(ingestEnvSchema),
    LoggingModule.forRoot('ingest'),
    MetricsModule.forRoot('ingest'),
    PersistenceModule.forRoot('ingest'),
    KafkaModule.forRoot('ingest'),
    HealthModule.forRoot({ database: true, kafka: true }),
  ],
  controllers: [RecordUpdateKafkaController],
  providers: [
    {
      provide: SubmissionReferenceCache,
      inject: [DataSource, APP_CONFIG],
      useFactory: (ds: DataSource, env: IngestEnv) => new SubmissionReferenceCache(ds, env.REFERENCE_CACHE_MS),
    },
    RecordUpdateHandler,
  ],
})
export class IngestModule {}
