import { topicSpecs, type TopicReplication } from '@pledge/contracts';
import { Admin, ITopicConfig, Kafka, logLevel, LogEntry, Partitioners, Producer, ProducerConfig } from 'kafkajs';
import type { KafkaEnv } from '../config/config';

/**
 * The one place that knows how to reach Kafka (kafkajs 2.2.4). Keeping Kafka access behind this
 * small module lets a maintained client replace kafkajs later without touching the apps.
 */

type PinoLike = {
  info: (o: object, m?: string) => void;
  warn: (o: object, m?: string) => void;
  error: (o: object, m?: string) => void;
  debug: (o: object, m?: string) => void;
};

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
    // after a broker dies its partitions get new leaders within seconds: retry often rather than long
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 2000 },
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

/**
 * Replication of the project's topics on a cluster of `brokers` brokers. Unset values follow the cluster's size:
 * factor min(3, brokers); min.insync.replicas 1 up to two replicas, otherwise a majority of them (3 → 2, 5 → 3),
 * so that one broker can be lost (or restarted for an upgrade) while producers with acks=all go on. An explicit
 * choice the cluster cannot honour is refused with the reason.
 */
export function replicationFor(brokers: number, requested: { factor?: number; minInSyncReplicas?: number } = {}): TopicReplication {
  const factor = requested.factor ?? Math.max(1, Math.min(3, brokers));
  if (factor > brokers) {
    throw new Error(
      `KAFKA_REPLICATION_FACTOR=${factor}, but the cluster has ${brokers} broker${brokers === 1 ? '' : 's'}: a topic cannot have more replicas than brokers`,
    );
  }
  const minInSyncReplicas = requested.minInSyncReplicas ?? (factor <= 2 ? 1 : Math.floor(factor / 2) + 1);
  if (minInSyncReplicas > factor) {
    throw new Error(`KAFKA_MIN_INSYNC_REPLICAS=${minInSyncReplicas} exceeds the replication factor ${factor}: no write could ever be acknowledged`);
  }
  return { factor, minInSyncReplicas };
}

/** The replication to create topics with on the cluster `admin` reaches (KAFKA_REPLICATION_FACTOR / KAFKA_MIN_INSYNC_REPLICAS, else by its size). */
export async function clusterReplication(
  admin: Admin,
  env: Pick<KafkaEnv, 'KAFKA_REPLICATION_FACTOR' | 'KAFKA_MIN_INSYNC_REPLICAS'> = {},
): Promise<TopicReplication> {
  const { brokers } = await admin.describeCluster();
  return replicationFor(brokers.length, { factor: env.KAFKA_REPLICATION_FACTOR, minInSyncReplicas: env.KAFKA_MIN_INSYNC_REPLICAS });
}

/**
 * Create the project's topics under `prefix` (idempotent), replicated as {@link clusterReplication} says. Returns
 * the replication used, the topics created, and the existing topics that have fewer replicas than that (Kafka does
 * not add replicas to an existing topic by itself: see docs/operations.md, "More brokers").
 */
export async function ensureProjectTopics(
  admin: Admin,
  opts: { prefix?: string; partitions: { updates: number; recorded: number }; env?: Pick<KafkaEnv, 'KAFKA_REPLICATION_FACTOR' | 'KAFKA_MIN_INSYNC_REPLICAS'> },
): Promise<{ replication: TopicReplication; created: string[]; underReplicated: string[] }> {
  const replication = await clusterReplication(admin, opts.env);
  const topics = topicSpecs(opts.partitions, replication).map((t) => ({ ...t, topic: `${opts.prefix ?? ''}${t.topic}` }));
  const created = await ensureTopics(admin, topics);
  const existing = topics.filter((t) => !created.includes(t.topic)).map((t) => t.topic);
  const underReplicated: string[] = [];
  if (existing.length) {
    const meta = await admin.fetchTopicMetadata({ topics: existing });
    for (const t of meta.topics) if (t.partitions.some((p) => p.replicas.length < replication.factor)) underReplicated.push(t.name);
  }
  return { replication, created, underReplicated };
}

/** Cheap liveness probe of the cluster: metadata of the brokers. */
export async function describeCluster(admin: Admin): Promise<{ brokers: number; controller: number | null }> {
  const c = await admin.describeCluster();
  return { brokers: c.brokers.length, controller: c.controller };
}
