import {
  authEnvSchema,
  baseEnvSchema,
  databaseEnvSchema,
  httpEnvSchema,
  kafkaEnvSchema,
  loginLimitEnvSchema,
  redisEnvSchema,
  trustProxyFromEnv,
} from '@pledge/platform';
import { z } from 'zod';

const perMinute = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

export const intakeEnvSchema = baseEnvSchema
  .extend(databaseEnvSchema.shape)
  .extend(kafkaEnvSchema.shape)
  .extend(authEnvSchema.shape)
  .extend(httpEnvSchema.shape)
  .extend(redisEnvSchema.shape)
  .extend(loginLimitEnvSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    /** How often the outbox relay looks for unpublished rows when nothing woke it (ms). */
    OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60000).default(500),
    OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
    /** Lifetime of a refresh token (a logged-in phone), in days; each refresh rotates it. */
    REFRESH_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /**
     * A refresh token presented again within this many seconds after its rotation is a client retry (the answer was
     * lost) and rotates again; later it is a replay of a stolen token and the whole session is revoked.
     */
    REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
    /** Requests per minute per account (all endpoints together). */
    RATE_LIMIT_PER_ACCOUNT: perMinute(120),
    /** Requests per minute per client address. Generous: phones on one carrier often share an address (CGNAT). */
    RATE_LIMIT_PER_ADDRESS: perMinute(600),
    /** Log-in attempts per minute per client address, whatever the usernames (failures per account: LOGIN_FREE_FAILURES). */
    RATE_LIMIT_LOGIN: perMinute(30),
    /**
     * Where rate-limit counters live: `redis` (shared by every intake instance; falls back to this
     * instance's memory while Redis is unreachable) or `memory` (one instance only).
     */
    RATE_LIMIT_STORAGE: z.enum(['redis', 'memory']).default('redis'),
    /**
     * The proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, loopback/linklocal/uniquelocal), e.g.
     * `loopback` when phones come through the dashboard on the same machine. Default false: nobody's.
     */
    TRUST_PROXY: trustProxyFromEnv,
    /** Largest accepted request body (a month's batch of criteria fits comfortably). */
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/, 'e.g. 64kb or 1mb')
      .default('256kb'),
    /** How long the in-memory copy of units and catalogue is trusted before it is reloaded (ms). */
    REFERENCE_CACHE_MS: z.coerce.number().int().min(0).default(60000),
    /** Most updates in one batch. */
    BATCH_MAX_ITEMS: z.coerce.number().int().min(1).max(500).default(60),
    /** Largest spreadsheet of readings accepted for import (bytes; 413 above). */
    IMPORT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024)
      .default(20 * 1024 * 1024),
    /** Most rows of readings in one spreadsheet (the import fails with too_many_rows above). */
    IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
    /** How often the import runner looks for queued spreadsheets when nothing woke it (ms). */
    IMPORT_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  });

export type IntakeEnv = z.infer<typeof intakeEnvSchema>;
