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
    /** Partition batches validated and stored at once (each its own database and Kafka transaction). */
    INGEST_PARTITIONS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
    /** Bytes fetched per partition and request: bounds one batch (≈ 2,500 updates per MiB). */
    INGEST_MAX_BYTES_PER_PARTITION: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    /**
     * How long the broker keeps a Kafka transaction of this app open at most (ms). A crashed instance's open
     * transaction is aborted sooner, when its partitions are assigned again.
     */
    INGEST_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(900_000).default(30_000),
    INGEST_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300_000).default(30_000),
    INGEST_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  });

export type IngestEnv = z.infer<typeof ingestEnvSchema>;
