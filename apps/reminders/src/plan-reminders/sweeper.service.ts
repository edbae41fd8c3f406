import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, assertNoEviction } from '@pledge/platform';
import { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { JobNames, REMINDERS_QUEUE, REMINDERS_REDIS, RemindersEnv } from '../config';
import type IORedis from 'ioredis';
import { PlanRemindersHandler } from './plan-reminders.handler';

export const SWEEP_SCHEDULER_ID = 'reminder-sweep';

/**
 * At boot: refuse a Redis that may evict keys, plan once, and register the sweeper (a BullMQ job
 * scheduler) that re-plans whatever is missing, e.g. after Redis lost its data.
 */
@Injectable()
export class SweeperService implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue,
    private readonly plan: PlanRemindersHandler,
    @Inject(APP_CONFIG) private readonly env: RemindersEnv,
    @Inject(REMINDERS_REDIS) private readonly redis: IORedis,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SweeperService.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    await assertNoEviction(this.redis);
    await this.queue.upsertJobScheduler(SWEEP_SCHEDULER_ID, { every: this.env.REMINDER_SWEEP_EVERY_MS }, { name: JobNames.sweep, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
    const r = await this.plan.execute();
    this.logger.info({ ...r, sweepEveryMs: this.env.REMINDER_SWEEP_EVERY_MS }, 'reminders planned at boot; sweeper scheduled');
  }
}
