import { Module } from '@nestjs/common';
import { PersistenceModule } from '@pledge/persistence';
import { AppConfigModule, HealthModule, LoggingModule, MetricsModule } from '@pledge/platform';
import { dashboardEnvSchema } from './config';
import { GetProgressHttpController } from './progress/get-progress.http.controller';
import { GetProgressQuery } from './progress/get-progress.query';
import { ListRemindersHttpController } from './reminders/list-reminders.http.controller';
import { IntakeProxyModule } from './intake-proxy/intake-proxy.module';
import { LiveModule } from './live/live.module';
import { WebModule } from './web/web.module';

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
  ],
  controllers: [GetProgressHttpController, ListRemindersHttpController],
  providers: [GetProgressQuery],
})
export class DashboardModule {}
