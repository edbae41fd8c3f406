import { baseEnvSchema, databaseEnvSchema, httpEnvSchema, kafkaEnvSchema } from '@pledge/platform';
import { z } from 'zod';

export const projectorEnvSchema = baseEnvSchema
  .extend(databaseEnvSchema.shape)
  .extend(kafkaEnvSchema.shape)
  .extend(httpEnvSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3003),
    /** Name of the projection (checkpoint rows and consumer group). */
    PROJECTION_NAME: z.string().regex(/^[a-z0-9-]+$/).default('read-models'),
    PROJECTOR_MAX_BYTES_PER_PARTITION: z.coerce.number().int().min(1024).default(4 * 1024 * 1024),
  });

export type ProjectorEnv = z.infer<typeof projectorEnvSchema>;
