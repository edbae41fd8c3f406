import { baseEnvSchema, databaseEnvSchema, httpEnvSchema, redisEnvSchema } from '@pledge/platform';
import { z } from 'zod';

const daysList = z
  .string()
  .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'comma-separated whole numbers of days, e.g. 30,7,1')
  .transform((v) => [...new Set(v.split(',').map((d) => Number(d.trim())))].sort((a, b) => b - a));

const quietHours = z
  .string()
  .regex(/^(off|\d{2}:\d{2}-\d{2}:\d{2})$/, 'HH:MM-HH:MM, or "off"')
  .transform((v) => (v === 'off' ? null : { from: v.split('-')[0], to: v.split('-')[1] }));

export const remindersEnvSchema = baseEnvSchema
  .extend(databaseEnvSchema.shape)
  .extend(redisEnvSchema.shape)
  .extend(httpEnvSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3004),
    /** Days before a pledge item's due date when its cell is reminded. */
    REMINDER_DUE_OFFSETS_DAYS: daysList.default([30, 7, 1]),
    /** Local time of day (Asia/Ho_Chi_Minh) at which day-based reminders fire. */
    REMINDER_SEND_TIME: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM').default('08:00'),
    /** No messages in this local window; they are held until it ends. "off" disables. */
    REMINDER_QUIET_HOURS: quietHours.prefault('21:00-07:00'),
    REMINDER_TIMEZONE: z.string().default('Asia/Ho_Chi_Minh'),
    /** How often the sweeper re-plans whatever is missing (ms). */
    REMINDER_SWEEP_EVERY_MS: z.coerce.number().int().min(200).default(5 * 60_000),
    REMINDER_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  });

export type RemindersEnv = z.infer<typeof remindersEnvSchema>;

export const REMINDERS_QUEUE = 'reminders';
export const REMINDERS_REDIS = Symbol('REMINDERS_REDIS');
export const JobNames = { send: 'send', sweep: 'sweep' } as const;
