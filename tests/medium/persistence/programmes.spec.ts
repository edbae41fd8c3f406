import { createDataSource, loadSeeds, MIGRATIONS_TABLE } from '@pledge/persistence';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { REPO_ROOT } from '../../support/env';
import { createTestDatabase, TestDatabase } from '../../support/template-db';

/** Issue 14: programmes, dated parents and the pledges' programme in PostgreSQL (migration and seed loader). */
describe('programmes and dated parents (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const hashPassword = async (p: string) => `test-hash:${p}`;
  const parentOn = async (unitId: string, day: string): Promise<string[]> =>
    (await ds.query(`SELECT parent_id FROM unit_parent WHERE unit_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR $2 <= valid_to)`, [unitId, day])).map(
      (r: { parent_id: string }) => r.parent_id,
    );

  beforeAll(async () => {
    db = await createTestDatabase('programmes'); // the template is already migrated and seeded
    ds = createDataSource({ url: db.url });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('the seeds load both programmes, their targets and the commune groups as unknown (null), not invented', async () => {
    const rows = await ds.query(`SELECT id, catalogue_version, target_kind FROM programme ORDER BY period_from`);
    expect(rows).toEqual([
      { id: '2021-2025', catalogue_version: 'NTM-2021-2025', target_kind: 'district' },
      { id: '2026-2030', catalogue_version: 'NTM-2026-2030', target_kind: 'commune' },
    ]);
    const groups = await ds.query(`SELECT unit_id, group_code FROM programme_unit_group WHERE programme_id = '2026-2030' ORDER BY unit_id`);
    expect(groups.map((g: { unit_id: string }) => g.unit_id)).toEqual(['82-30028', '82-30130', '82-30154', '82-30157', '82-30163']);
    expect(groups.every((g: { group_code: string | null }) => g.group_code === null)).toBe(true);
  });

  it('the migration, run over a database that holds units and pledges, fills the dated parents and puts every pledge in 2021-2025', async () => {
    // undo the migrations down to and including Programmes (later ones, e.g. the catalogue status, go first)
    const programmesApplied = async () => (await ds.query<unknown[]>(`SELECT 1 FROM ${MIGRATIONS_TABLE} WHERE name = 'Programmes1795910000000'`)).length > 0;
    expect(await programmesApplied()).toBe(true);
    while (await programmesApplied()) await ds.undoLastMigration();
    expect((await ds.query(`SELECT to_regclass('unit_parent') AS t`))[0].t).toBeNull();
    await ds.runMigrations();
    expect(await parentOn('874-30145-A01', '2025-06-30')).toEqual(['30145']);
    expect(await parentOn('874-30145-A01', '2025-07-01')).toEqual(['82-30130']);
    expect(await parentOn('874-30133-A02', '2026-12-07')).toEqual(['82-30154']);
    expect(await parentOn('30145', '2025-06-30')).toEqual(['874']);
    expect(await parentOn('30145', '2025-07-01')).toEqual([]);
    const pending = await ds.query(
      `SELECT unit_id, former_parent_id, to_char(effective_on, 'YYYY-MM-DD') AS effective_on, candidates FROM unit_parent_pending ORDER BY unit_id`,
    );
    expect(pending.map((p: { unit_id: string }) => p.unit_id)).toEqual(['874-30157-A01', '874-30157-A02', '874-30157-A03', '874-30157-A04']);
    expect(pending[0].candidates).toEqual([
      { successorId: '82-30130', share: 'part' },
      { successorId: '82-30157', share: 'remainder' },
    ]);
    expect(await parentOn('874-30157-A01', '2025-07-01')).toEqual([]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM unit_parent WHERE parent_id LIKE '82-%' AND valid_from = '2025-07-01'`);
    expect(n).toBe(51);
    const programmes = await ds.query(`SELECT DISTINCT programme_id FROM pledge`);
    expect(programmes).toEqual([{ programme_id: '2021-2025' }]);
  });

  it("reloading the seeds (even forced) keeps an administrator's decision on a pending hamlet", async () => {
    await ds.query(
      `INSERT INTO unit_parent (unit_id, valid_from, valid_to, parent_id, source, recorded_by) VALUES ('874-30157-A01', '2025-07-01', NULL, '82-30157', 'decision', 'admin')`,
    );
    await ds.query(`UPDATE unit_parent_pending SET decided_at = now(), decided_by = 'admin' WHERE unit_id = '874-30157-A01'`);
    const summary = await loadSeeds(ds, { dir: join(REPO_ROOT, 'seeds'), hashPassword, force: true });
    expect(summary.unitParents).toBe(0);
    expect(await parentOn('874-30157-A01', '2026-12-07')).toEqual(['82-30157']);
    expect(await parentOn('874-30157-A02', '2026-12-07')).toEqual([]);
  });
});
