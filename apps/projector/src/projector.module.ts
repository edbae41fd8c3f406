import { Module } from '@nestjs/common';
import { PersistenceModule } from '@pledge/persistence';
import { AppConfigModule, HealthModule, KafkaModule, LoggingModule, MetricsModule } from '@pledge/platform';
import { projectorEnvSchema } from './config';
import { ProjectorConsumer } from './project-readings/projector-consumer.service';

/** Projector: folds ntm.criterion-recorded into the PostgreSQL read models. */
@Module({
  imports: [
    AppConfigModule.forRoot(projectorEnvSchema),
    LoggingModule.forRoot('projector'),
    MetricsModule.forRoot('projector'),
    PersistenceModule.forRoot('projector'),
    KafkaModule.forRoot('projector'),
    HealthModule.forRoot({ database: true, kafka: true }),
  ],
  providers: [ProjectorConsumer],
})
export class ProjectorModule {}
