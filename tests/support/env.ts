import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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

export const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * The tests' own secrets, never written in the repository: generated on the first run into
 * `.var/test-secrets.json` (git-ignored, mode 0600) and kept, so that the seeded template database (whose accounts
 * carry the password's hash) stays valid between runs; delete the file to get new ones (the template is rebuilt).
 */
function testSecrets(): { password: string } {
  const file = process.env.PLEDGE_TEST_SECRETS_FILE ?? join(REPO_ROOT, '.var', 'test-secrets.json');
  if (!existsSync(file)) {
    mkdirSync(join(file, '..'), { recursive: true });
    const fresh = { password: `thu-nghiem ${randomBytes(12).toString('base64url')}` };
    try {
      writeFileSync(file, JSON.stringify(fresh), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return JSON.parse(readFileSync(file, 'utf8')) as { password: string };
}

/** Password of the seeded accounts in the test database (the template is seeded with it); generated, see testSecrets. */
export const TEST_PASSWORD: string = testSecrets().password;

/** A fresh random signing secret (JWT_SECRET) for one test system; tests never use a written one. */
export function newTestSecret(): string {
  return randomBytes(32).toString('base64url');
}

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
