import type { RateLimit, ReminderPolicy } from '@pledge/domain';
import type { RemindersEnv } from '../config';

/** The planning rules' tuning, from the validated environment. */
export function reminderPolicyOf(env: RemindersEnv): ReminderPolicy {
  return {
    timeZone: env.REMINDER_TIMEZONE,
    sendTime: env.REMINDER_SEND_TIME,
    quietHours: env.REMINDER_QUIET_HOURS,
    dueOffsetsDays: env.REMINDER_DUE_OFFSETS_DAYS,
    overdueEveryDays: env.REMINDER_OVERDUE_EVERY_DAYS,
    overdueHorizonDays: env.REMINDER_OVERDUE_HORIZON_DAYS,
    reportBeforeDays: env.REMINDER_REPORT_BEFORE_DAYS,
    reportAfterDays: env.REMINDER_REPORT_AFTER_DAYS,
    escalateAfterDays: env.REMINDER_ESCALATE_AFTER_DAYS,
    digestWeekday: env.REMINDER_DIGEST_WEEKDAY,
    kinds: env.REMINDER_KINDS,
    planAheadDays: env.REMINDER_PLAN_AHEAD_DAYS,
  };
}

export function rateLimitOf(env: RemindersEnv): RateLimit | null {
  return env.REMINDER_RATE_LIMIT;
}
