import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@pledge/platform';
import { JobsOptions, Queue } from 'bullmq';
import { JobNames, REMINDERS_QUEUE, RemindersEnv } from '../config';
import { ReminderClock } from './clock';
import { deliveryJobId, reminderJobId } from './ids';

/** Data of a `send` job: the reminder id only (the row is the truth). */
export interface SendJobData {
  reminderId: string;
}

/** Data of a `deliver` job: the delivery's reminder id and channel only. */
export interface DeliverJobData {
  reminderId: string;
  channel: string;
}

const BULK = 500;

/**
 * Puts reminder and delivery jobs on the BullMQ queue, with deterministic job ids (`rem-<uuid>`,
 * `dlv-<uuid>-<channel>`): adding an id that exists is ignored by BullMQ, so enqueueing twice never creates two
 * jobs. Jobs whose time is past but that are stuck (finished or failed while their row still waits, or lost
 * with Redis' data) are re-created by {@link repair}.
 */
@Injectable()
export class ReminderJobs {
  constructor(
    @InjectQueue(REMINDERS_QUEUE) readonly queue: Queue,
    private readonly clock: ReminderClock,
    @Inject(APP_CONFIG) private readonly env: RemindersEnv,
  ) {}

  sendOptions(fireAt: Date): JobsOptions {
    return {
      delay: this.clock.delayUntil(fireAt),
      attempts: 10,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 3600, count: 5000 },
      removeOnFail: { age: 14 * 24 * 3600 },
    };
  }

  deliverOptions(): JobsOptions {
    return {
      attempts: this.env.REMINDER_DELIVERY_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.env.REMINDER_DELIVERY_BACKOFF_MS },
      removeOnComplete: { age: 3600, count: 5000 },
      removeOnFail: { age: 14 * 24 * 3600 },
    };
  }

  /** One delayed `send` job per reminder (ids only), in bulk; existing job ids are left alone. */
  async enqueueReminders(rows: readonly { id: string; fireAt: Date }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BULK) {
      await this.queue.addBulk(
        rows.slice(i, i + BULK).map((r) => ({
          name: JobNames.send,
          data: { reminderId: r.id } satisfies SendJobData,
          opts: { ...this.sendOptions(r.fireAt), jobId: reminderJobId(r.id) },
        })),
      );
    }
  }

  async enqueueDeliveries(rows: readonly { reminderId: string; channel: string }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BULK) {
      await this.queue.addBulk(
        rows.slice(i, i + BULK).map((r) => ({
          name: JobNames.deliver,
          data: { reminderId: r.reminderId, channel: r.channel } satisfies DeliverJobData,
          opts: { ...this.deliverOptions(), jobId: deliveryJobId(r.reminderId, r.channel) },
        })),
      );
    }
  }

  /**
   * Re-creates the jobs of rows that should be running by now but whose job is gone (Redis lost it) or
   * finished/failed while the row still waits. Returns how many were re-created.
   */
  async repair(kind: 'send' | 'deliver', rows: readonly { reminderId: string; channel?: string }[]): Promise<number> {
    let repaired = 0;
    for (const r of rows) {
      const jobId = kind === 'send' ? reminderJobId(r.reminderId) : deliveryJobId(r.reminderId, r.channel!);
      const state = await this.queue.getJobState(jobId);
      if (state === 'waiting' || state === 'delayed' || state === 'active' || state === 'prioritized' || state === 'waiting-children') continue;
      if (state !== 'unknown') await this.queue.remove(jobId).catch(() => undefined);
      if (kind === 'send') await this.enqueueReminders([{ id: r.reminderId, fireAt: this.clock.now() }]);
      else await this.enqueueDeliveries([{ reminderId: r.reminderId, channel: r.channel! }]);
      repaired++;
    }
    return repaired;
  }
}
