import { BullBoardModule, type BullBoardModuleOptions } from '@bull-board/nestjs';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AuthModule, loginAttemptsProvider } from '@pledge/auth';
import { PersistenceModule } from '@pledge/persistence';
import { APP_CONFIG, AppConfigModule, assertNoEviction, HealthModule, LoggingModule, MetricsModule, redisOptionsFromUrl } from '@pledge/platform';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { REMINDERS_QUEUE, REMINDERS_REDIS, remindersEnvSchema, RemindersEnv } from './config';
import { DeliverReminderHandler } from './deliver-reminder/deliver-reminder.handler';
import { EmailChannel } from './deliver-reminder/email.channel';
import { WebhookChannel } from './deliver-reminder/webhook.channel';
import { PlanRemindersHandler } from './plan-reminders/plan-reminders.handler';
import { ProgressListenerService } from './plan-reminders/progress-listener.service';
import { SweeperService } from './plan-reminders/sweeper.service';
import { AdminLoginHttpController } from './queue-board/admin-login.http.controller';
import { BoardAuthMiddleware } from './queue-board/board-auth.middleware';
import { BOARD_ROUTE } from './queue-board/board-session';
import { RemindersProcessor } from './send-reminder/reminders.processor';
import { SendReminderHandler } from './send-reminder/send-reminder.handler';
import { ReminderClock } from './shared/clock';
import { setQueueDepthCollector } from './shared/metrics';
import { ReminderJobs } from './shared/reminder-jobs';
import { ReminderSnapshotLoader } from './shared/reminder-snapshot.loader';

/**
 * A plain ioredis connection for the health check, created only after checking that Redis never evicts keys:
 * with any other maxmemory-policy BullMQ could silently lose jobs and locks, so the app refuses to start (the
 * provider fails before the worker is created).
 */
async function checkedRedis(env: RemindersEnv): Promise<IORedis> {
  const redis = new IORedis({ ...redisOptionsFromUrl(env.REDIS_URL, 'worker'), lazyConnect: true, retryStrategy: (n) => (n > 5 ? null : 200 * n) });
  try {
    await redis.connect();
    await assertNoEviction(redis);
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  redis.options.retryStrategy = (n) => Math.min(n * 200, 5000);
  return redis;
}

/** Reminders: BullMQ planner (sweeper + NOTIFY listener), worker and deliveries; PostgreSQL rows are the truth. */
@Module({
  imports: [
    AppConfigModule.forRoot(remindersEnvSchema),
    LoggingModule.forRoot('reminders'),
    MetricsModule.forRoot('reminders'),
    PersistenceModule.forRoot('reminders'),
    AuthModule.forRoot(),
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (env: RemindersEnv) => ({ connection: redisOptionsFromUrl(env.REDIS_URL, 'worker'), prefix: env.BULLMQ_PREFIX }),
    }),
    BullModule.registerQueue({ name: REMINDERS_QUEUE }),
    // @bull-board/express 9.10.1 pins its own @bull-board/api; the adapter is the same at runtime
    BullBoardModule.forRoot({
      route: BOARD_ROUTE,
      adapter: ExpressAdapter as unknown as BullBoardModuleOptions['adapter'],
      middleware: BoardAuthMiddleware,
      boardOptions: { uiConfig: { boardTitle: 'Nhắc việc' } },
    }),
    BullBoardModule.forFeature({ name: REMINDERS_QUEUE, adapter: BullMQAdapter }),
    HealthModule.forRoot({ database: true, redisToken: REMINDERS_REDIS }),
  ],
  controllers: [AdminLoginHttpController],
  providers: [
    ReminderClock,
    ReminderSnapshotLoader,
    ReminderJobs,
    EmailChannel,
    WebhookChannel,
    PlanRemindersHandler,
    SendReminderHandler,
    DeliverReminderHandler,
    RemindersProcessor,
    SweeperService,
    ProgressListenerService,
    BoardAuthMiddleware,
    loginAttemptsProvider,
    { provide: REMINDERS_REDIS, inject: [APP_CONFIG], useFactory: checkedRedis },
  ],
  exports: [REMINDERS_REDIS],
})
export class RemindersModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REMINDERS_REDIS) private readonly redis: IORedis,
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    setQueueDepthCollector(() => this.queue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'completed', 'prioritized'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
