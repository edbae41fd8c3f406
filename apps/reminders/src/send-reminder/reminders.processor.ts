import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { JobNames, REMINDERS_QUEUE } from '../config';
import { PlanRemindersHandler } from '../plan-reminders/plan-reminders.handler';
import { SendReminderHandler } from './send-reminder.handler';

/** BullMQ worker of the reminders queue: jobs carry ids only; the database row is the truth. */
@Processor(REMINDERS_QUEUE, { concurrency: Number(process.env.REMINDER_WORKER_CONCURRENCY ?? 5) })
export class RemindersProcessor extends WorkerHost {
  constructor(
    private readonly send: SendReminderHandler,
    private readonly plan: PlanRemindersHandler,
    private readonly logger: PinoLogger,
  ) {
    super();
    this.logger.setContext(RemindersProcessor.name);
  }

  async process(job: Job<{ reminderId?: string }>): Promise<unknown> {
    switch (job.name) {
      case JobNames.send:
        return this.send.execute(job.data.reminderId!);
      case JobNames.sweep:
        return this.plan.execute();
      default:
        throw new Error(`unknown job name ${job.name}`);
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error) {
    this.logger.warn({ jobId: job?.id, name: job?.name, attemptsMade: job?.attemptsMade, err: err.message }, 'reminder job failed');
  }
}
