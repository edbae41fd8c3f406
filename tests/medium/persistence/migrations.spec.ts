import { createDataSource, runMigrationsLocked } from '@pledge/persistence';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../support/template-db';

/** Schema changes only through migrations: the entities must describe exactly what they create. */
describe('migrations (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('migrations');
    ds = createDataSource({ url: db.url });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('leave no difference between the entities and the database schema', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are all applied, and applying them again (several migrators at once) changes nothing', async () => {
    const again = await Promise.all([runMigrationsLocked(ds), runMigrationsLocked(ds)]);
    expect(again).toEqual([[], []]);
    expect(await ds.showMigrations()).toBe(false);
  });

  it('keep the event store append-only', async () => {
    await ds.query(
      `INSERT INTO event_store (event_id, hamlet_code, commune_code, criterion_code, as_of, reported_at, reported_by, payload)
       VALUES ('00000000-0000-4000-8000-000000000001', '874-30133-A01', '30133', 'AP-01', '2025-01-01', now(), 'x', '{}')`,
    );
    await expect(ds.query(`UPDATE event_store SET reported_by = 'y'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM event_store`)).rejects.toThrow(/append-only/);
  });
});
