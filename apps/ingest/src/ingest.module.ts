import { Module } from '@nestjs/common';
import { PersistenceModule } from '@pledge/persistence';
import { AppConfigModule, HealthModule, KafkaModule, LoggingModule, MetricsModule } from '@pledge/platform';
import { ingestEnvSchema } from './config';
import { RecordUpdateHandler } from './record-update/record-update.handler';
import { RecordUpdateKafkaController } from './record-update/record-update.kafka.controller';
import { ReferenceData } from './record-update/reference-data';

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
  providers: [ReferenceData, RecordUpdateHandler],
})
export class IngestModule {}
