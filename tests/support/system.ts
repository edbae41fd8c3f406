import { ensureProjectTopics } from '@pledge/platform';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { AppName, RunningApp, startApp } from './apps';
import { newTestSecret, REPO_ROOT, testEnv } from './env';
import { createTestDatabase, TestDatabase } from './template-db';

/**
 * A whole system for one test file, isolated from every other test file and test run: its own
 * database (a clone of the seeded template), its own Kafka topic/group prefix, its own BullMQ
 * prefix, and the apps it asks for on free ports, all against the real broker, PostgreSQL and Redis.
 */
export interface TestSystem {
  db: TestDatabase;
  prefix: string;
  env: Record<string, string>;
  apps: Partial<Record<AppName, RunningApp>>;
  kafka: Kafka;
  topic(bare: string): string;
  /** Starts (or starts again) one app; `port` to come back where it was (an app already pointing at it). */
  start(name: AppName, extraEnv?: Record<string, string>, port?: number): Promise<RunningApp>;
  url(name: AppName): string;
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** A database to use instead of a fresh clone of the template on the shared server (e.g. a private PostgreSQL's). */
  db?: TestDatabase;
}

export async function startSystem(label: string, apps: AppName[], extraEnv: Record<string, string> = {}, opts: SystemOptions = {}): Promise<TestSystem> {
  const db = opts.db ?? (await createTestDatabase(label));
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  const artifactsDir = join(REPO_ROOT, 'tests', '.artifacts', `${label}-${prefix.slice(0, -1)}`);
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    REDIS_URL: testEnv.redisUrl,
    KAFKA_BROKERS: testEnv.kafkaBrokers,
    KAFKA_TOPIC_PREFIX: prefix,
    BULLMQ_PREFIX: prefix.slice(0, -1),
    KAFKA_UPDATES_PARTITIONS: '3',
    KAFKA_RECORDED_PARTITIONS: '3',
    JWT_SECRET: newTestSecret(),
    ...extraEnv,
  };
  // the topics are made on the brokers the apps use (a test may give a private broker or cluster), replicated as
  // `cli topics` does it: by the cluster's size unless KAFKA_REPLICATION_FACTOR / KAFKA_MIN_INSYNC_REPLICAS say otherwise
  const kafka = new Kafka({ clientId: `test-${label}`, brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const num = (v?: string) => (v ? Number(v) : undefined);
    await ensureProjectTopics(admin, {
      prefix,
      partitions: { updates: Number(env.KAFKA_UPDATES_PARTITIONS), recorded: Number(env.KAFKA_RECORDED_PARTITIONS) },
      env: { KAFKA_REPLICATION_FACTOR: num(env.KAFKA_REPLICATION_FACTOR), KAFKA_MIN_INSYNC_REPLICAS: num(env.KAFKA_MIN_INSYNC_REPLICAS) },
    });
  } finally {
    await admin.disconnect();
  }
  const sys: TestSystem = {
    db,
    prefix,
    env,
    apps: {},
    kafka,
    topic: (bare) => prefix + bare,
    url: (name) => {
      const a = sys.apps[name];
      if (!a) throw new Error(`${name} is not running in this test system`);
      return a.url;
    },
    start: async (name, more = {}, port) => {
      const a = await startApp(name, { env: { ...env, ...more }, artifactsDir, port });
      sys.apps[name] = a;
      return a;
    },
    stop: async () => {
      await Promise.all(Object.values(sys.apps).map((a) => a.stop()));
      const adm = kafka.admin();
      await adm.connect().catch(() => undefined);
      const topics = (await adm.listTopics().catch(() => [] as string[])).filter((t) => t.startsWith(prefix));
      if (topics.length) await adm.deleteTopics({ topics }).catch(() => undefined);
      await adm.disconnect().catch(() => undefined);
      await db.drop();
    },
  };
  for (const a of apps) await sys.start(a);
  return sys;
}
