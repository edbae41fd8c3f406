import { baseEnvSchema, boolFromEnv, databaseEnvSchema, httpEnvSchema, kafkaEnvSchema } from '@pledge/platform';
import { z } from 'zod';

export const projectorEnvSchema = baseEnvSchema
  .extend(databaseEnvSchema.shape)
  .extend(kafkaEnvSchema.shape)
  .extend(httpEnvSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3003),
    /** Name of the projection (checkpoint rows). */
    PROJECTION_NAME: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .default('read-models'),
    /** Most bytes fetched per partition and batch (kafkajs maxBytesPerPartition): bounds one transaction. */
    PROJECTOR_MAX_BYTES_PER_PARTITION: z.coerce
      .number()
      .int()
      .min(1024)
      .default(4 * 1024 * 1024),
    /** Partition batches folded at the same time (each holds one database connection). */
    PROJECTOR_PARTITIONS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /** Consumer group session timeout: how long a dead instance keeps its partitions (the broker allows 6000..300000). */
    PROJECTOR_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300000).default(30000),
    PROJECTOR_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60000).default(3000),
    PROJECTOR_REBALANCE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600000).default(60000),
    /** Consume ntm.criterion-recorded (false: an instance that only runs the status refresher). */
    PROJECTOR_CONSUMER: boolFromEnv.default(true),
    /** Run the status refresher (derived read models); one instance at a time does, elected by an advisory lock. */
    PROJECTOR_STATUS_REFRESHER: boolFromEnv.default(true),
    /** The refresher runs after each batch signal, and at least this often. */
    PROJECTOR_REFRESH_INTERVAL_MS: z.coerce.number().int().min(50).max(600000).default(1000),
    /** How often the refresher re-reads the reference data (units, catalogue, pledges) to notice an administrator's edits. */
    PROJECTOR_REFERENCE_RELOAD_MS: z.coerce.number().int().min(1000).default(60000),
    /**
     * Under load, the most of the time the status refresher works (0.05..1): after a round of T ms it pauses
     * T × (1 − duty) / duty ms, so that the fold keeps the cores (1: rounds back to back).
     */
    PROJECTOR_REFRESH_DUTY: z.coerce.number().min(0.05).max(1).default(0.5),
    /**
     * Today's days are derived first; the other stored days of the same units (period ends) wait while new batches keep
     * coming, at most this long.
     */
    PROJECTOR_LATER_MAX_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
    /** Most dirty units one refresh takes on (the rest wait for the next round). */
    PROJECTOR_REFRESH_MAX_UNITS: z.coerce.number().int().min(1).default(5000),
  });

export type ProjectorEnv = z.infer<typeof projectorEnvSchema>;
