import { Module } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { PersistenceModule } from '@pledge/persistence';
import { AppConfigModule, ConsumerLagModule, HealthModule, KafkaModule, LoggingModule, MetricsModule, type ExtraHealthCheck } from '@pledge/platform';
import { projectorEnvSchema } from './config';
import { ProjectReadingsHandler } from './project-readings/project-readings.handler';
import { BatchSignal, ProjectReadingsKafkaConsumer } from './project-readings/project-readings.kafka.consumer';
import { RefreshStatusHandler } from './refresh-status/refresh-status.handler';
import { StatusRefresherService } from './refresh-status/status-refresher.service';

const PROJECTOR_HEALTH = Symbol('PROJECTOR_HEALTH');

/** Projector: folds ntm.criterion-recorded into the PostgreSQL read models and keeps the derived ones in step. */
@Module({
  imports: [
    AppConfigModule.forRoot(projectorEnvSchema),
    LoggingModule.forRoot('projector'),
    MetricsModule.forRoot('projector'),
    PersistenceModule.forRoot('projector'),
    KafkaModule.forRoot('projector'),
    ConsumerLagModule.forRoot(['projector']),
    HealthModule.forRoot({ database: true, kafka: true, extraToken: PROJECTOR_HEALTH }),
  ],
  providers: [
    BatchSignal,
    ProjectReadingsHandler,
    ProjectReadingsKafkaConsumer,
    RefreshStatusHandler,
    StatusRefresherService,
    HealthIndicatorService,
    {
      provide: PROJECTOR_HEALTH,
      inject: [ProjectReadingsKafkaConsumer, StatusRefresherService, HealthIndicatorService],
      useFactory: (consumer: ProjectReadingsKafkaConsumer, refresher: StatusRefresherService, health: HealthIndicatorService): ExtraHealthCheck[] => [
        async () => {
          const h = health.check('consumer');
          const details = { joined: consumer.isRunning, statusRefresherLeader: refresher.isLeader };
          return consumer.crashReason ? h.down({ ...details, message: consumer.crashReason }) : h.up(details);
        },
      ],
    },
  ],
})
export class ProjectorModule {}
