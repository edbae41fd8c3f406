import { authEnvSchema, baseEnvSchema, databaseEnvSchema, httpEnvSchema, kafkaEnvSchema, redisEnvSchema, trustProxyFromEnv } from '@pledge/platform';
import { z } from 'zod';

const perMinute = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

export const dashboardEnvSchema = baseEnvSchema
  .extend(databaseEnvSchema.shape)
  .extend(authEnvSchema.shape)
  .extend(httpEnvSchema.shape)
  .extend(redisEnvSchema.shape)
  // Kafka only to measure the pipeline's backlog (consumer lag); the read API never waits for it
  .extend(kafkaEnvSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** The intake app, to which /api/v1/auth/*, /api/v1/updates* and /api/v1/submissions* are proxied (one origin for the PWA). */
    INTAKE_URL: z.string().url('must be a URL (http or https)').default('http://127.0.0.1:3001'),
    /** The built web app (Vite output); default: apps/dashboard/web/dist of the repository. */
    WEB_DIST_DIR: z.string().optional(),
    /** Seconds between keep-alive comments on the live (Server-Sent Events) stream. */
    LIVE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(20),
    /** Requests per minute per account to the read API (all endpoints together; the intake's paths count at the intake). */
    READ_RATE_LIMIT_PER_ACCOUNT: perMinute(300),
    /** Requests per minute per client address, logged in or not (generous: phones on one carrier share an address). */
    READ_RATE_LIMIT_PER_ADDRESS: perMinute(1200),
    /** Live streams (GET /api/v1/live/progress) one account may keep open at once (several tabs and devices). */
    LIVE_MAX_STREAMS_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(5),
    /** Live streams this dashboard instance keeps open at once, all accounts together; more are refused with 503. */
    LIVE_MAX_STREAMS: z.coerce.number().int().min(1).max(100_000).default(500),
    /** Where the read API's rate-limit counters live: `redis` (shared by every instance) or `memory`. */
    RATE_LIMIT_STORAGE: z.enum(['redis', 'memory']).default('redis'),
    /** The proxies whose X-Forwarded-For is believed (see libs/platform trustProxyFromEnv); default: nobody's. */
    TRUST_PROXY: trustProxyFromEnv,
    /**
     * Longest a programme day the projector does not keep may take to compute on demand (off the request thread);
     * past it the request answers 503 computation_timeout.
     */
    DASHBOARD_COMPUTE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  });

export type DashboardEnv = z.infer<typeof dashboardEnvSchema>;
