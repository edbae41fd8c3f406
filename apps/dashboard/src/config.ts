import { authEnvSchema, baseEnvSchema, databaseEnvSchema, httpEnvSchema, kafkaEnvSchema } from '@pledge/platform';
import { z } from 'zod';

export const dashboardEnvSchema = baseEnvSchema
  .extend(databaseEnvSchema.shape)
  .extend(authEnvSchema.shape)
  .extend(httpEnvSchema.shape)
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
  });

export type DashboardEnv = z.infer<typeof dashboardEnvSchema>;
