import { Module } from '@nestjs/common';
import { PersistenceModule } from '@pledge/persistence';
import { AppConfigModule, HealthModule, KafkaModule, LoggingModule, MetricsModule } from '@pledge/platform';
import { intakeEnvSchema } from './config';
import { OutboxRelayService } from './outbox-relay/outbox-relay.service';
import { OutboxSignal } from './outbox-relay/outbox-signal';
import { SubmitUpdateHandler } from './submit-update/submit-update.handler';
import { SubmitUpdateHttpController } from './submit-update/submit-update.http.controller';

/** Intake: the HTTP API of cell secretaries; writes submissions + outbox, relays the outbox to Kafka. */
@Module({
  imports: [
    AppConfigModule.forRoot(intakeEnvSchema),
    LoggingModule.forRoot('intake'),
    MetricsModule.forRoot('intake'),
    PersistenceModule.forRoot('intake'),
    KafkaModule.forRoot('intake'),
    // Kafka is deliberately not in the health check: intake keeps accepting while Kafka is down.
    HealthModule.forRoot({ database: true }),
  ],
  controllers: [SubmitUpdateHttpController],
  providers: [SubmitUpdateHandler, OutboxSignal, OutboxRelayService],
})
export class IntakeModule {}
