import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { PersistenceModule } from '@pledge/persistence';
import { APP_CONFIG, ApiThrottlerGuard, AppConfigModule, HealthModule, LoggingModule, MetricsModule } from '@pledge/platform';
import { DashboardEnv, dashboardEnvSchema } from './config';
import { AuthModule, TokenService } from '@pledge/auth';
import { readRateLimitOptions } from './read-rate-limit';
import { ProgressModule } from './progress/progress.module';
import { UnitsModule } from './units/units.module';
import { CriteriaModule } from './criteria/criteria.module';
import { ProgrammesModule } from './programmes/programmes.module';
import { PledgesModule } from './pledges/pledges.module';
import { EvaluationsModule } from './evaluations/evaluations.module';
import { AdminModule } from './admin/admin.module';
import { CataloguesModule } from './catalogues/catalogues.module';
import { DashboardRemindersModule } from './reminders/reminders.module';
import { IntakeProxyModule } from './intake-proxy/intake-proxy.module';
import { LiveModule } from './live/live.module';
import { WebModule } from './web/web.module';
import { ExportsModule } from './exports/exports.module';
import { DemoDataModule } from './demo-data/demo-data.module';
import { ReportingModule } from './reporting/reporting.module';
import { BacklogModule } from './backlog/backlog.module';

/** Dashboard: the read API and the web pages for district leaders, officers and secretaries. */
@Module({
  imports: [
    AppConfigModule.forRoot(dashboardEnvSchema),
    LoggingModule.forRoot('dashboard'),
    MetricsModule.forRoot('dashboard'),
    PersistenceModule.forRoot('dashboard'),
    HealthModule.forRoot({ database: true }),
    IntakeProxyModule,
    LiveModule,
    WebModule,
    ExportsModule,
    DemoDataModule,
    // token verification; the read API's controllers use @UseGuards(AuthGuard) (switch to the global guard once every route is ready)
    AuthModule.forRoot({ globalGuard: false }),
    ProgressModule,
    UnitsModule,
    CriteriaModule,
    ProgrammesModule,
    PledgesModule,
    EvaluationsModule,
    AdminModule,
    CataloguesModule,
    DashboardRemindersModule,
    ReportingModule,
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, TokenService],
      useFactory: (env: DashboardEnv, tokens: TokenService) => readRateLimitOptions(env, tokens),
    }),
    BacklogModule,
  ],
  providers: [{ provide: APP_GUARD, useClass: ApiThrottlerGuard }],
})
export class DashboardModule {}
