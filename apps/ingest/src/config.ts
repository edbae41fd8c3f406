import { baseEnvSchema, databaseEnvSchema, httpEnvSchema, kafkaEnvSchema } from '@pledge/platform';
import { z } from 'zod';

export const ingestEnvSchema = baseEnvSchema
  .extend(databaseEnvSchema.shape)
  .extend(kafkaEnvSchema.shape)
  .extend(httpEnvSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3002),
    /** How long the in-memory copy of units and catalogue is trusted before it is reloaded (ms). */
    REFERENCE_CACHE_MS: z.coerce.number().int().min(0).default(60000),
  });

export type IngestEnv = z.infer<typeof ingestEnvSchema>;

/**
 * Topic names for @EventPattern decorators, which are evaluated when the class is defined, before
 * Nest builds the config; they read the same KAFKA_TOPIC_PREFIX the validated config does.
 */
export const topicAtBoot = (bare: string): string => `${process.env.KAFKA_TOPIC_PREFIX ?? ''}${bare}`;
