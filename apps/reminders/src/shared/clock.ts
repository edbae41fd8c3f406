import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, SystemClock } from '@pledge/platform';
import type { RemindersEnv } from '../config';

/**
 * The reminders' notion of "now": the app's {@link Clock} (the real clock in production) shifted by
 * REMINDER_CLOCK_OFFSET_MS, with which tests move it (e.g. to 06:59:50 on a due date) while BullMQ delays stay real
 * time: a job for an instant `at` is delayed by `at − now()` real milliseconds.
 */
@Injectable()
export class ReminderClock extends Clock {
  readonly offsetMs: number;

  constructor(
    @Inject(APP_CONFIG) env: Pick<RemindersEnv, 'REMINDER_CLOCK_OFFSET_MS'>,
    private readonly base: Clock = new SystemClock(),
  ) {
    super();
    this.offsetMs = env.REMINDER_CLOCK_OFFSET_MS;
  }

  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }

  /** Real milliseconds from now until the instant `at` of this clock (0 when past). */
  delayUntil(at: Date): number {
    return Math.max(0, at.getTime() - this.now().getTime());
  }

  /** The real epoch milliseconds at which this clock shows `at` (for BullMQ's moveToDelayed; the base clock runs in real time). */
  realTimeOf(at: Date): number {
    return at.getTime() - this.offsetMs;
  }
}
