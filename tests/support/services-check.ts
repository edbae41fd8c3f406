import { Kafka, logLevel } from 'kafkajs';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { testEnv } from './env';

/**
 * The suite needs the real broker, database and Redis. If one is missing it fails loudly, with
 * the command that starts it; it never skips.
 */
export async function assertServicesUp(env: { databaseUrl: string; redisUrl: string; kafkaBrokers: string } = testEnv): Promise<void> {
  const problems: string[] = [];
  const pg = new Client({ connectionString: env.databaseUrl.replace(/\/[^/]*$/, '/postgres'), connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (err) {
    problems.push(`PostgreSQL (${new URL(env.databaseUrl).host}): ${(err as Error).message}`);
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new IORedis(env.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    problems.push(`Redis (${env.redisUrl}): ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
  const admin = new Kafka({
    clientId: 'test-check',
    brokers: env.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 1 },
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (err) {
    problems.push(`Kafka (${env.kafkaBrokers}): ${(err as Error).message}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  if (problems.length) {
    throw new Error(
      `The test suite runs against real services, and these are not reachable:\n  - ${problems.join('\n  - ')}\n` +
        `Start them with: bash scripts/services.sh up   (npm test does this for you)`,
    );
  }
}
