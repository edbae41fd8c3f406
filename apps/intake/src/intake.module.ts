import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule, loginAttemptsProvider, TokenService } from '@pledge/auth';
import { PersistenceModule } from '@pledge/persistence';
import { APP_CONFIG, ApiThrottlerGuard, AppConfigModule, HealthModule, KafkaModule, LoggingModule, MetricsModule } from '@pledge/platform';
import { IntakeEnv, intakeEnvSchema } from './config';
import { RequireJsonMiddleware } from './http/content-type.middleware';
import { rateLimitOptions } from './http/rate-limit';
import { referenceDataProvider } from './http/reference-data';
import { ListSubmissionsHttpController } from './list-submissions/list-submissions.http.controller';
import { ListSubmissionsQuery } from './list-submissions/list-submissions.query';
import { LogInHandler } from './log-in/log-in.handler';
import { LogInHttpController } from './log-in/log-in.http.controller';
import { ManageAccountsHandler } from './manage-accounts/manage-accounts.handler';
import { ManageAccountsHttpController } from './manage-accounts/manage-accounts.http.controller';
import { OutboxRelayService } from './outbox-relay/outbox-relay.service';
import { OutboxSignal } from './outbox-relay/outbox-signal';
import { ReviewSubmissionHandler } from './review-submission/review-submission.handler';
import { ReviewSubmissionHttpController } from './review-submission/review-submission.http.controller';
import { SubmitBatchHandler } from './submit-batch/submit-batch.handler';
import { SubmitUpdateHandler } from './submit-update/submit-update.handler';
import { SubmitUpdateHttpController } from './submit-update/submit-update.http.controller';

/**
 * Intake: the HTTP API of cell secretaries (and of commune officers reviewing them, administrators
 * managing accounts); writes submissions + outbox, relays the outbox to Kafka. Issues the access
 * tokens every other app verifies (@pledge/auth).
 */
@Module({
  imports: [
    AppConfigModule.forRoot(intakeEnvSchema),
    LoggingModule.forRoot('intake'),
    MetricsModule.forRoot('intake'),
    PersistenceModule.forRoot('intake'),
    KafkaModule.forRoot('intake'),
    AuthModule.forRoot(),
    ThrottlerModule.forRootAsync({ inject: [APP_CONFIG, TokenService], useFactory: (env: IntakeEnv, tokens: TokenService) => rateLimitOptions(env, tokens) }),
    // Kafka is deliberately not in the health check: intake keeps accepting while Kafka is down.
    HealthModule.forRoot({ database: true }),
  ],
  controllers: [LogInHttpController, ManageAccountsHttpController, SubmitUpdateHttpController, ListSubmissionsHttpController, ReviewSubmissionHttpController],
  providers: [
    { provide: APP_GUARD, useClass: ApiThrottlerGuard },
    loginAttemptsProvider,
    referenceDataProvider,
    LogInHandler,
    ManageAccountsHandler,
    SubmitUpdateHandler,
    SubmitBatchHandler,
    ListSubmissionsQuery,
    ReviewSubmissionHandler,
    OutboxSignal,
    OutboxRelayService,
  ],
})
export class IntakeModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequireJsonMiddleware).forRoutes('*path');
  }
}
