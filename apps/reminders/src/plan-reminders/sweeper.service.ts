import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@pledge/platform';
import { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { JobNames, REMINDERS_QUEUE, RemindersEnv } from '../config';
import { PlanRemindersHandler } from './plan-reminders.handler';

export const SWEEP_SCHEDULER_ID = 'reminder-sweep';

/**
 * The sweeper: a BullMQ job scheduler ("reminder-sweep", every REMINDER_SWEEP_EVERY_MS) whose `sweep` job
 * re-plans and re-enqueues whatever is missing. The scheduler itself lives in Redis; if Redis loses its data the
 * scheduler goes too, so an in-process watchdog checks it on the same period and re-registers it (and sweeps at
 * once) when it is gone. At boot: register, then plan once.
 */
@Injectable()
export class SweeperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private watchdog?: NodeJS.Timeout;
  private checking = false;

  constructor(
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue,
    private readonly plan: PlanRemindersHandler,
    @Inject(APP_CONFIG) private readonly env: RemindersEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SweeperService.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.REMINDER_ROLE === 'worker') return;
    await this.register();
    try {
      const r = await this.plan.execute();
      this.logger.info({ ...r, sweepEveryMs: this.env.REMINDER_SWEEP_EVERY_MS }, 'reminders planned at boot; sweeper scheduled');
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 'planning at boot failed; the sweeper will retry');
    }
    this.watchdog = setInterval(() => void this.check(), this.env.REMINDER_SWEEP_EVERY_MS);
    this.watchdog.unref();
  }

  onApplicationShutdown(): void {
    if (this.watchdog) clearInterval(this.watchdog);
  }

  private register() {
    return this.queue.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.env.REMINDER_SWEEP_EVERY_MS },
      { name: JobNames.sweep, data: {}, opts: { removeOnComplete: 50, removeOnFail: 50 } },
    );
  }

  /** Re-registers the scheduler if Redis lost it, and sweeps at once in that case. */
  async check(): Promise<boolean> {
    if (this.checking) return false;
    this.checking = true;
    try {
      if (await this.queue.getJobScheduler(SWEEP_SCHEDULER_ID)) return false;
      this.logger.warn('the sweeper job scheduler is missing from Redis (data lost?): re-registering it and re-planning now');
      await this.register();
      await this.plan.execute();
      return true;
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 'sweeper watchdog failed');
      return false;
    } finally {
      this.checking = false;
    }
  }
}
