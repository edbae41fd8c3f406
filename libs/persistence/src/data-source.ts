import { join } from 'node:path';
import { DataSource, DataSourceOptions, Logger as TypeOrmLogger } from 'typeorm';
import { ShortQueryLogger } from './query-logger';

/**
 * TypeORM data source of the whole system. Entities and migrations are found by file name, so a
 * new table is one new *.entities.ts file plus one migration; nothing else to register.
 * synchronize is always false: the schema changes only through migrations.
 */
export const ENTITY_GLOB = join(__dirname, 'entities', '*.entities.{ts,js}');
export const MIGRATION_GLOB = join(__dirname, 'migrations', '*-*.{ts,js}');
export const MIGRATIONS_TABLE = 'schema_migrations';

export interface DataSourceConfig {
  url: string;
  poolSize?: number;
  applicationName?: string;
  logger?: TypeOrmLogger;
}

export function dataSourceOptions(cfg: DataSourceConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: cfg.url,
    entities: [ENTITY_GLOB],
    migrations: [MIGRATION_GLOB],
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: false,
    synchronize: false,
    logging: ['error', 'warn', 'migration'],
    logger: cfg.logger ?? new ShortQueryLogger(['error', 'warn', 'migration']),
    applicationName: cfg.applicationName ?? 'pledge',
    extra: {
      max: cfg.poolSize ?? 10,
      // fail fast instead of hanging when PostgreSQL is down
      connectionTimeoutMillis: 5000,
    },
  };
}

export function createDataSource(cfg: DataSourceConfig): DataSource {
  return new DataSource(dataSourceOptions(cfg));
}

/** Key of the PostgreSQL advisory lock held while migrating (one migrator at a time). */
export const MIGRATION_LOCK_KEY = 874_2025_01;

/**
 * Run pending migrations under a session-level advisory lock, so several processes starting at once
 * migrate exactly once (immich habit). Returns the names of the migrations that ran.
 */
export async function runMigrationsLocked(ds: DataSource): Promise<string[]> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await qr.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await qr.release();
  }
}
