import { authEnvSchema, baseEnvSchema, databaseEnvSchema, httpEnvSchema, kafkaEnvSchema } from '@pledge/platform';
import { z } from 'zod';

export const intakeEnvSchema = baseEnvSchema
  .extend(databaseEnvSchema.shape)
  .extend(kafkaEnvSchema.shape)
  .extend(authEnvSchema.shape)
  .extend(httpEnvSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    /** How often the outbox relay looks for unpublished rows when nothing woke it (ms). */
    OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60000).default(500),
    OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
  });

export type IntakeEnv = z.infer<typeof intakeEnvSchema>;
