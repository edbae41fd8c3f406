import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MulterModule } from '@nestjs/platform-express';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule, loginAttemptsProvider, TokenService } from '@pledge/auth';
import { PersistenceModule } from '@pledge/persistence';
import { APP_CONFIG, ApiThrottlerGuard, AppConfigModule, HealthModule, KafkaModule, LoggingModule, MetricsModule } from '@pledge/platform';
import { IntakeEnv, intakeEnvSchema } from './config';
import { RequireJsonMiddleware } from './http/content-type.middleware';
import { rateLimitOptions } from './http/rate-limit';
import { ImportReadingsHandler, ImportSignal } from './import-readings/import-readings.handler';
import { ImportReadingsHttpController } from './import-readings/import-readings.http.controller';
import { ImportRunnerService } from './import-readings/import-runner.service';
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
    // spreadsheet uploads (POST /api/v1/imports): in memory, one file, at most IMPORT_MAX_BYTES
    MulterModule.registerAsync({ inject: [APP_CONFIG], useFactory: (env: IntakeEnv) => ({ limits: { files: 1, fileSize: env.IMPORT_MAX_BYTES } }) }),
    // Kafka is deliberately not in the health check: intake keeps accepting while Kafka is down.
    HealthModule.forRoot({ database: true }),
  ],
  controllers: [
    LogInHttpController,
    ManageAccountsHttpController,
    SubmitUpdateHttpController,
    ListSubmissionsHttpController,
    ReviewSubmissionHttpController,
    ImportReadingsHttpController,
  ],
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
    ImportSignal,
    ImportReadingsHandler,
    ImportRunnerService,
  ],
})
export class IntakeModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // every body is JSON, except a spreadsheet upload (multipart/form-data)
    consumer.apply(RequireJsonMiddleware).exclude({ path: 'api/v1/imports', method: RequestMethod.POST }).forRoutes('*path');
  }
}
