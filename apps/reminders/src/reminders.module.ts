import { BullModule } from '@nestjs/bullmq';
import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { PersistenceModule } from '@pledge/persistence';
import { APP_CONFIG, AppConfigModule, HealthModule, LoggingModule, MetricsModule, redisOptionsFromUrl } from '@pledge/platform';
import { REMINDERS_QUEUE, REMINDERS_REDIS, remindersEnvSchema, RemindersEnv } from './config';
import { PlanRemindersHandler } from './plan-reminders/plan-reminders.handler';
import { SweeperService } from './plan-reminders/sweeper.service';
import { RemindersProcessor } from './send-reminder/reminders.processor';
import { SendReminderHandler } from './send-reminder/send-reminder.handler';


/** Reminders: BullMQ scheduler (planner + sweeper) and worker; PostgreSQL rows are the truth. */
@Module({
  imports: [
    AppConfigModule.forRoot(remindersEnvSchema),
    LoggingModule.forRoot('reminders'),
    MetricsModule.forRoot('reminders'),
    PersistenceModule.forRoot('reminders'),
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (env: RemindersEnv) => ({ connection: redisOptionsFromUrl(env.REDIS_URL, 'worker'), prefix: env.BULLMQ_PREFIX }),
    }),
    BullModule.registerQueue({ name: REMINDERS_QUEUE }),
    HealthModule.forRoot({ database: true, redisToken: REMINDERS_REDIS }),
  ],
  providers: [
    PlanRemindersHandler,
    SendReminderHandler,
    RemindersProcessor,
    SweeperService,
    // a plain ioredis connection of our own for health checks and the eviction-policy check
    { provide: REMINDERS_REDIS, inject: [APP_CONFIG], useFactory: (env: RemindersEnv) => new IORedis(redisOptionsFromUrl(env.REDIS_URL, 'worker')) },
  ],
  exports: [REMINDERS_REDIS],
})
export class RemindersModule implements OnApplicationShutdown {
  constructor(@Inject(REMINDERS_REDIS) private readonly redis: IORedis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
