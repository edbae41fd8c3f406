import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@pledge/platform';
import type { RemindersEnv } from '../config';

/**
 * The reminders' notion of "now". In production it is the real clock; tests shift it with
 * REMINDER_CLOCK_OFFSET_MS (e.g. to 06:59:50 on a due date) while BullMQ delays stay real time: a job for an
 * instant `at` is delayed by `at − now()` real milliseconds.
 */
@Injectable()
export class ReminderClock {
  readonly offsetMs: number;

  constructor(@Inject(APP_CONFIG) env: Pick<RemindersEnv, 'REMINDER_CLOCK_OFFSET_MS'>) {
    this.offsetMs = env.REMINDER_CLOCK_OFFSET_MS;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Real milliseconds from now until the instant `at` of this clock (0 when past). */
  delayUntil(at: Date): number {
    return Math.max(0, at.getTime() - this.now().getTime());
  }

  /** The real epoch milliseconds at which this clock shows `at` (for BullMQ's moveToDelayed). */
  realTimeOf(at: Date): number {
    return at.getTime() - this.offsetMs;
  }
}
