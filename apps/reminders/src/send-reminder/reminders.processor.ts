import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { JobNames, REMINDERS_QUEUE } from '../config';
import { DeliverReminderHandler } from '../deliver-reminder/deliver-reminder.handler';
import { PlanRemindersHandler } from '../plan-reminders/plan-reminders.handler';
import { ReminderClock } from '../shared/clock';
import { reminderMetrics } from '../shared/metrics';
import { ReminderJobs, type DeliverJobData, type SendJobData } from '../shared/reminder-jobs';
import { SendReminderHandler } from './send-reminder.handler';

const num = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);
const lockMs = num(process.env.REMINDER_JOB_LOCK_MS, 30_000);

/**
 * The BullMQ worker of the reminders queue. Jobs carry ids only; the database rows are the truth:
 * - `send` (rem-<uuid>): dispatch one reminder; postponed (moved back to delayed) when the row says "not yet",
 *   in quiet hours or over the recipient's rate limit; then one `deliver` job per external channel;
 * - `deliver` (dlv-<uuid>-<channel>): one e-mail or webhook delivery, retried with exponential backoff;
 * - `sweep` (the job scheduler "reminder-sweep"): re-plan and re-enqueue whatever is missing.
 * Job lock and stalled-check interval follow REMINDER_JOB_LOCK_MS, so a killed worker's job is taken over after it.
 */
@Processor(REMINDERS_QUEUE, {
  concurrency: num(process.env.REMINDER_WORKER_CONCURRENCY, 10),
  lockDuration: lockMs,
  stalledInterval: lockMs,
  maxStalledCount: 5,
})
export class RemindersProcessor extends WorkerHost implements OnApplicationShutdown {
  constructor(
    private readonly send: SendReminderHandler,
    private readonly deliver: DeliverReminderHandler,
    private readonly plan: PlanRemindersHandler,
    private readonly jobs: ReminderJobs,
    private readonly clock: ReminderClock,
    private readonly logger: PinoLogger,
  ) {
    super();
    this.logger.setContext(RemindersProcessor.name);
  }

  async process(job: Job, token?: string): Promise<unknown> {
    switch (job.name) {
      case JobNames.send: {
        const { reminderId } = job.data as SendJobData;
        const out = await this.send.execute(reminderId);
        if (out.result === 'postponed') return this.delay(job, token, out.until);
        if (out.result === 'dispatched' && out.external.length) {
          await this.jobs.enqueueDeliveries(out.external.map((channel) => ({ reminderId, channel })));
        }
        return out;
      }
      case JobNames.deliver: {
        const { reminderId, channel } = job.data as DeliverJobData;
        const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const out = await this.deliver.execute(reminderId, channel, finalAttempt);
        if (out.result === 'postponed') return this.delay(job, token, out.until);
        if (out.result === 'busy') return this.delay(job, token, new Date(out.until.getTime() + 200 + this.clock.offsetMs));
        if (out.result === 'failed') throw new UnrecoverableError(out.error);
        return out;
      }
      case JobNames.sweep:
        return this.plan.execute();
      default:
        throw new UnrecoverableError(`unknown job name ${job.name}`);
    }
  }

  /** SIGTERM: stop taking jobs and wait for the active ones (BullMQ worker.close), then let Nest close the rest. */
  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.worker.close();
    this.logger.info({ signal }, 'reminders worker closed');
  }

  /** Puts the job back to delayed until `until` (an instant of the reminders' clock) without using an attempt. */
  private async delay(job: Job, token: string | undefined, until: Date): Promise<never> {
    await job.moveToDelayed(Math.max(Date.now() + 1, this.clock.realTimeOf(until)), token);
    throw new DelayedError();
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error) {
    reminderMetrics().jobFailures.inc({ name: job?.name ?? 'unknown' });
    this.logger.warn({ jobId: job?.id, name: job?.name, attemptsMade: job?.attemptsMade, err: err.message }, 'reminder job attempt failed');
  }

  @OnWorkerEvent('error')
  onError(err: Error) {
    this.logger.error({ err: err.message }, 'reminders worker error');
  }
}
