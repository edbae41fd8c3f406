import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { assertTestDatabase, databaseName, REPO_ROOT, TEST_PASSWORD, testEnv, withDatabase } from './env';

/**
 * One template database (DATABASE_URL_TEST, e.g. pledge_test) holds the migrated schema and the
 * seeds; every test file clones it into a database of its own (CREATE DATABASE ... TEMPLATE, a
 * file copy taking a fraction of a second), so test files never see each other's rows.
 * Rebuilding the template takes an exclusive advisory lock; cloning takes a shared one.
 */
const TEMPLATE_LOCK = 874_2025_02;

function filesDigest(dirs: string[]): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|json)$/.test(f)) h.update(p).update(readFileSync(p));
    }
  };
  for (const d of dirs) walk(d);
  h.update(TEST_PASSWORD); // the seeded accounts carry its hash: a new test password rebuilds the template
  return h.digest('hex').slice(0, 16);
}

async function admin(): Promise<Client> {
  const c = new Client({ connectionString: withDatabase(testEnv.databaseUrl, 'postgres') });
  await c.connect();
  return c;
}

/** Make sure the template database reflects the current migrations and seeds; rebuild if not. */
export async function prepareTemplateDatabase(build: (url: string) => Promise<void>): Promise<void> {
  assertTestDatabase(testEnv.databaseUrl);
  const name = databaseName(testEnv.databaseUrl);
  const digest = filesDigest([join(REPO_ROOT, 'libs/persistence/src/migrations'), join(REPO_ROOT, 'libs/persistence/src/seeding'), join(REPO_ROOT, 'seeds')]);
  const c = await admin();
  try {
    await c.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const cur = await c.query(`SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = $1`, [name]);
    if (cur.rows[0]?.d === `template ${digest}`) return;
    await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
    await c.query(`DROP DATABASE IF EXISTS "${name}"`);
    await c.query(`CREATE DATABASE "${name}"`);
    await build(testEnv.databaseUrl);
    await c.query(`COMMENT ON DATABASE "${name}" IS 'template ${digest}'`);
  } finally {
    await c.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => undefined);
    await c.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file: a clone of the migrated, seeded template. */
export async function createTestDatabase(label = 'db'): Promise<TestDatabase> {
  const template = databaseName(testEnv.databaseUrl);
  const name = `${template}_${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const c = await admin();
  try {
    await c.query('SELECT pg_advisory_lock_shared($1)', [TEMPLATE_LOCK]);
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (err) {
        // another clone of the same template at the same instant: PostgreSQL refuses; try again
        if (attempt < 20 && /being accessed by other users/.test((err as Error).message)) {
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
          continue;
        }
        throw err;
      }
    }
  } finally {
    await c.query('SELECT pg_advisory_unlock_shared($1)', [TEMPLATE_LOCK]).catch(() => undefined);
    await c.end();
  }
  const url = withDatabase(testEnv.databaseUrl, name);
  return {
    name,
    url,
    drop: async () => {
      const d = await admin();
      try {
        await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await d.end();
      }
    },
  };
}
