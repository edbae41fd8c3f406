import { Admin, ITopicConfig, Kafka, logLevel, LogEntry, Partitioners, Producer, ProducerConfig } from 'kafkajs';
import type { KafkaEnv } from '../config/config';

/**
 * The one place that knows how to reach Kafka (kafkajs 2.2.4). Keeping Kafka access behind this
 * small module lets a maintained client replace kafkajs later without touching the apps.
 */

type PinoLike = { info: (o: object, m?: string) => void; warn: (o: object, m?: string) => void; error: (o: object, m?: string) => void; debug: (o: object, m?: string) => void };

/** Route kafkajs's own log lines into the app's structured logger. */
export function kafkaLogCreator(logger?: PinoLike) {
  return () =>
    ({ level, log }: LogEntry) => {
      if (!logger) return;
      const { message, ...extra } = log;
      const entry = { component: 'kafkajs', ...extra };
      if (level === logLevel.ERROR || level === logLevel.NOTHING) logger.error(entry, message);
      else if (level === logLevel.WARN) logger.warn(entry, message);
      else if (level === logLevel.INFO) logger.info(entry, message);
      else logger.debug(entry, message);
    };
}

export function createKafka(env: KafkaEnv, clientSuffix: string, logger?: PinoLike): Kafka {
  return new Kafka({
    clientId: `${env.KAFKA_CLIENT_ID}-${clientSuffix}`,
    brokers: env.KAFKA_BROKERS,
    connectionTimeout: env.KAFKA_CONNECTION_TIMEOUT_MS,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
  });
}

/** An idempotent producer (acks=all, one in-flight request, so retries never reorder or duplicate). */
export function createIdempotentProducer(kafka: Kafka, extra: Partial<ProducerConfig> = {}): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
    ...extra,
  });
}

/** Names topics and consumer groups under an optional prefix (KAFKA_TOPIC_PREFIX) that isolates test runs. */
export class KafkaNaming {
  constructor(private readonly prefix: string) {}
  topic(name: string): string {
    return `${this.prefix}${name}`;
  }
  group(name: string): string {
    return `${this.prefix}${name}`;
  }
  /** Strip the prefix again (for logs and API answers). */
  bare(topic: string): string {
    return this.prefix && topic.startsWith(this.prefix) ? topic.slice(this.prefix.length) : topic;
  }
}

/** Create the given topics if they do not exist yet; waits for leaders. Idempotent. */
export async function ensureTopics(admin: Admin, topics: ITopicConfig[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.topic));
  if (missing.length > 0) {
    try {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
    } catch (err) {
      // Another process may have created them in between: accept "already exists".
      const again = new Set(await admin.listTopics());
      if (!missing.every((t) => again.has(t.topic))) throw err;
    }
  }
  return missing.map((t) => t.topic);
}

/** Cheap liveness probe of the cluster: metadata of the brokers. */
export async function describeCluster(admin: Admin): Promise<{ brokers: number; controller: number | null }> {
  const c = await admin.describeCluster();
  return { brokers: c.brokers.length, controller: c.controller };
}
