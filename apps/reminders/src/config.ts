import { REMINDER_KINDS, type ReminderKind } from '@pledge/domain';
import {
  authEnvSchema,
  baseEnvSchema,
  databaseEnvSchema,
  httpEnvSchema,
  loginLimitEnvSchema,
  redisEnvSchema,
  secretFromEnv,
  trustProxyFromEnv,
  urlFromEnv,
} from '@pledge/platform';
import { z } from 'zod';

const daysList = (allowZero: boolean) =>
  z
    .string()
    .regex(/^\s*(none|\d+(\s*,\s*\d+)*)\s*$/, 'comma-separated whole numbers of days, e.g. 30,7,1 (or "none")')
    .transform((v) =>
      v.trim() === 'none' ? [] : [...new Set(v.split(',').map((d) => Number(d.trim())))].filter((d) => allowZero || d > 0).sort((a, b) => b - a),
    );

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'HH:MM or HH:MM:SS (24-hour clock)');

const quietHours = z
  .string()
  .regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'HH:MM-HH:MM (local time), or "off"')
  .transform((v) => (v === 'off' ? null : { from: v.split('-')[0], to: v.split('-')[1] }));

/** "5/1h", "10/30m", "20/1d" or "off": at most N messages per recipient in any such window. */
const rateLimit = z
  .string()
  .regex(/^(off|\d+\/\d+[smhd])$/, 'N/<duration> (e.g. 5/1h, 10/30m, 20/1d), or "off"')
  .transform((v) => {
    if (v === 'off') return null;
    const [n, d] = v.split('/');
    const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[d.slice(-1) as 's' | 'm' | 'h' | 'd'];
    return { max: Math.max(1, Number(n)), windowMs: Number(d.slice(0, -1)) * unit };
  });

const kinds = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  )
  .refine(
    (v) => v.every((k) => k === 'none' || (REMINDER_KINDS as readonly string[]).includes(k)),
    `comma-separated kinds among ${REMINDER_KINDS.join(', ')} (or "none")`,
  )
  .transform((v) => new Set(v.filter((k) => k !== 'none')) as ReadonlySet<ReminderKind>);

const optionalUrl = (protocols: string[]) => urlFromEnv(protocols).optional();

export const remindersEnvSchema = baseEnvSchema
  .extend(databaseEnvSchema.shape)
  .extend(redisEnvSchema.shape)
  .extend(httpEnvSchema.shape)
  .extend(authEnvSchema.shape)
  .extend(loginLimitEnvSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3004),
    /** The proxies whose X-Forwarded-For is believed (see libs/platform trustProxyFromEnv); default: nobody's. */
    TRUST_PROXY: trustProxyFromEnv,
    /**
     * all: plan (at boot, on NOTIFY progress_changed, sweeper scheduler and its watchdog) and work the queue;
     * worker: only work the queue (extra instances to scale out sending; one "all" instance is enough).
     */
    REMINDER_ROLE: z.enum(['all', 'worker']).default('all'),
    /** Days before a pledge item's due date when its cell is reminded (the due day itself always is). */
    REMINDER_DUE_OFFSETS_DAYS: daysList(false).default([30, 7, 1]),
    /** After the due date, remind every this many days (0: never). */
    REMINDER_OVERDUE_EVERY_DAYS: z.coerce.number().int().min(0).max(365).default(7),
    /**
     * Nothing is reminded or escalated about an item more than this many days after its due date: old items are
     * left to the dashboard, so that a fresh start on old data does not flood the cells.
     */
    REMINDER_OVERDUE_HORIZON_DAYS: z.coerce.number().int().min(0).max(3650).default(60),
    /** Report nudges: days before and after the periodic report's due day (catalogue reportingPeriod). */
    REMINDER_REPORT_BEFORE_DAYS: daysList(false).default([3]),
    REMINDER_REPORT_AFTER_DAYS: daysList(true).default([1, 7]),
    /** Days late after which the commune officer gets a summary. */
    REMINDER_ESCALATE_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(7),
    /** ISO weekday of the district leaders' digest (1 = Monday … 7 = Sunday; 0 = none). */
    REMINDER_DIGEST_WEEKDAY: z.coerce.number().int().min(0).max(7).default(1),
    /** Which kinds of reminder are planned (pledge_due, report_missing, escalation, digest). */
    REMINDER_KINDS: kinds.default(new Set(REMINDER_KINDS)),
    /** Occurrences further ahead are planned by a later sweep. */
    REMINDER_PLAN_AHEAD_DAYS: z.coerce.number().int().min(1).max(3650).default(40),
    /** Local time of day (REMINDER_TIMEZONE) at which day-based reminders fire. */
    REMINDER_SEND_TIME: timeOfDay.default('08:00'),
    /** No messages in this local window; they are held until it ends. "off" disables. */
    REMINDER_QUIET_HOURS: quietHours.prefault('21:00-07:00'),
    REMINDER_TIMEZONE: z
      .string()
      .default('Asia/Ho_Chi_Minh')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone, e.g. Asia/Ho_Chi_Minh'),
    /** At most N messages per recipient per window; more are postponed, never dropped. */
    REMINDER_RATE_LIMIT: rateLimit.prefault('6/1h'),
    /** How often the sweeper re-plans and re-enqueues whatever is missing (ms). */
    REMINDER_SWEEP_EVERY_MS: z.coerce
      .number()
      .int()
      .min(200)
      .default(5 * 60_000),
    /** Planned reminders firing within this window have their delayed BullMQ job; later ones get it from a later sweep. */
    REMINDER_ENQUEUE_AHEAD_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .default(6 * 3_600_000),
    /** Jobs one worker process runs at once. */
    REMINDER_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
    /** BullMQ job lock (and stalled-job check interval): how soon a crashed worker's job is taken over. */
    REMINDER_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
    /** A delivery claimed by a worker is another worker's to retry after this long (must exceed the send timeouts). */
    REMINDER_DELIVERY_LEASE_MS: z.coerce.number().int().min(500).default(60_000),
    /** Attempts and first backoff (doubled each time) of an e-mail or webhook delivery. */
    REMINDER_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    REMINDER_DELIVERY_BACKOFF_MS: z.coerce.number().int().min(10).default(30_000),
    /** E-mail channel: SMTP server (smtp:// or smtps://user:pass@host:port); unset = no e-mail. */
    REMINDER_SMTP_URL: optionalUrl(['smtp', 'smtps']),
    REMINDER_MAIL_FROM: z.string().default('"Giao ước thi đua Thanh Bình" <nhac-han@thanhbinh.local>'),
    /** Webhook channel (an SMS or Zalo gateway): URL receiving signed POSTs; unset = no webhook. */
    REMINDER_WEBHOOK_URL: optionalUrl(['http', 'https']),
    /** HMAC-SHA256 key of the webhook signature (required with REMINDER_WEBHOOK_URL): a random secret (libs/platform secretFromEnv). */
    REMINDER_WEBHOOK_SECRET: secretFromEnv().optional(),
    /** Timeout of one e-mail (each SMTP phase) or webhook send. */
    REMINDER_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /**
     * TESTS ONLY: the reminders' clock runs this many ms ahead of (or behind) the real one, so a test can put
     * "now" just before 07:00 or a due date. Refused when NODE_ENV=production.
     */
    REMINDER_CLOCK_OFFSET_MS: z.coerce.number().int().default(0),
  })
  .superRefine((env, ctx) => {
    if (env.REMINDER_WEBHOOK_URL && !env.REMINDER_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['REMINDER_WEBHOOK_SECRET'], message: 'required when REMINDER_WEBHOOK_URL is set (signs every POST)' });
    }
    if (env.REMINDER_CLOCK_OFFSET_MS !== 0 && env.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['REMINDER_CLOCK_OFFSET_MS'], message: 'is for tests only; must be 0 when NODE_ENV=production' });
    }
    if (env.REMINDER_DELIVERY_LEASE_MS <= env.REMINDER_SEND_TIMEOUT_MS && (env.REMINDER_WEBHOOK_URL || env.REMINDER_SMTP_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['REMINDER_DELIVERY_LEASE_MS'],
        message: 'must be longer than REMINDER_SEND_TIMEOUT_MS (a send in progress must finish within its lease)',
      });
    }
  });

export type RemindersEnv = z.infer<typeof remindersEnvSchema>;

export const REMINDERS_QUEUE = 'reminders';
export const REMINDERS_REDIS = Symbol('REMINDERS_REDIS');
export const JobNames = { send: 'send', deliver: 'deliver', sweep: 'sweep' } as const;
