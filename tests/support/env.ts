/**
 * Where the tests find the real services. Defaults match scripts/lib.sh and the README; override
 * with the same variables. The test database must have "test" in its name (a guard against
 * running the suite against real data).
 */
export const testEnv = {
  databaseUrl: process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/pledge_test',
  redisUrl: process.env.REDIS_URL_TEST ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  kafkaBrokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
};

/** Password of the seeded accounts in the test database (the template is seeded with it). */
export const TEST_PASSWORD = 'matkhau-thu-nghiem-2025';

export const REPO_ROOT = require('node:path').resolve(__dirname, '..', '..') as string;

export function databaseName(url: string): string {
  return new URL(url).pathname.replace(/^\//, '');
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function assertTestDatabase(url: string): void {
  if (!/test/i.test(databaseName(url))) {
    throw new Error(`Refusing to run tests against database "${databaseName(url)}": its name must contain "test" (set DATABASE_URL_TEST).`);
  }
}
