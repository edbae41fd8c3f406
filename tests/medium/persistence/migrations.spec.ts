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

  it('let only `npm run demo -- --remove` delete an event, and only one listed as demonstration data', async () => {
    const insert = (id: string) =>
      ds.query(
        `INSERT INTO event_store (event_id, hamlet_code, commune_code, criterion_code, as_of, reported_at, reported_by, payload)
         VALUES ($1, '874-30133-A01', '30133', 'AP-01', '2025-01-01', now(), 'x', '{}')`,
        [id],
      );
    const demo = '00000000-0000-4000-8000-00000000d001';
    const real = '00000000-0000-4000-8000-00000000d002';
    await insert(demo);
    await insert(real);
    await ds.query(`INSERT INTO demo_event (event_id, hamlet_code) VALUES ($1, '874-30133-A01')`, [demo]);
    // without the removal's setting: refused, even for a demonstration event
    await expect(ds.query(`DELETE FROM event_store WHERE event_id = $1`, [demo])).rejects.toThrow(/append-only/);
    const removing = (sql: string, id: string) =>
      ds.transaction(async (m) => {
        await m.query(`SELECT set_config('pledge.remove_demo', 'on', true)`);
        await m.query(sql, [id]);
      });
    // with it: a real event is still refused, a listed one goes
    await expect(removing(`DELETE FROM event_store WHERE event_id = $1`, real)).rejects.toThrow(/append-only/);
    await expect(removing(`UPDATE event_store SET reported_by = 'y' WHERE event_id = $1`, demo)).rejects.toThrow(/append-only/);
    await removing(`DELETE FROM event_store WHERE event_id = $1`, demo);
    expect((await ds.query(`SELECT event_id FROM event_store WHERE event_id IN ($1, $2)`, [demo, real])).map((r: { event_id: string }) => r.event_id)).toEqual([
      real,
    ]);
  });
});
