import { createDataSource, loadSeeds, SeedValidationError } from '@pledge/persistence';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { REPO_ROOT } from '../../support/env';
import { createTestDatabase, TestDatabase } from '../../support/template-db';
import { seedCounts } from '../../support/seed-counts';

/** seeds/ → PostgreSQL: idempotent, validated, and respectful of what administrators changed. */
describe('seed loader (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const hashPassword = async (p: string) => `test-hash:${p}`;

  beforeAll(async () => {
    db = await createTestDatabase('seedloader'); // the template is already migrated and seeded
    ds = createDataSource({ url: db.url });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('loading the seeds again changes nothing', async () => {
    const summary = await loadSeeds(ds, { dir: join(REPO_ROOT, 'seeds'), hashPassword });
    expect(Object.values(summary).every((n) => n === 0)).toBe(true);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM admin_unit WHERE kind IN ('hamlet', 'ward')`);
    expect(n).toBe(seedCounts.cells);
  });

  it('seeds accounts that must change their shared password at first login when asked (production), and not otherwise', async () => {
    const flags = async () =>
      (await ds.query(`SELECT DISTINCT must_change_password AS f FROM account WHERE username LIKE 'bithu.%'`)).map((r: { f: boolean }) => r.f);
    expect(await flags()).toEqual([false]); // development and tests: the template's accounts
    const summary = await loadSeeds(ds, { dir: join(REPO_ROOT, 'seeds'), hashPassword, force: true, mustChangePassword: true });
    expect(summary.accounts).toBe(seedCounts.accounts());
    expect(await flags()).toEqual([true]);
    await loadSeeds(ds, { dir: join(REPO_ROOT, 'seeds'), hashPassword, force: true });
    expect(await flags()).toEqual([false]);
  });

  it("keeps an administrator's unit rename and threshold change even when forced", async () => {
    const [cell] = await ds.query(`SELECT id, name FROM admin_unit WHERE placeholder AND kind = 'hamlet' ORDER BY id LIMIT 1`);
    await ds.query(`UPDATE admin_unit SET name = 'Ấp Mới Đặt Tên', placeholder = false WHERE id = $1`, [cell.id]);
    await ds.query(
      `INSERT INTO unit_name_revision (unit_id, old_name, old_placeholder, new_name, new_placeholder, changed_by) VALUES ($1, $2, true, 'Ấp Mới Đặt Tên', false, 'quantri')`,
      [cell.id, cell.name],
    );
    const [ind] = await ds.query(`SELECT catalogue_version, criterion_code, code FROM indicator WHERE kind = 'percentage' ORDER BY 1, 2, 3 LIMIT 1`);
    await ds.query(
      `UPDATE indicator SET threshold = '77'::jsonb, threshold_changed_at = now(), threshold_changed_by = 'quantri' WHERE catalogue_version = $1 AND criterion_code = $2 AND code = $3`,
      [ind.catalogue_version, ind.criterion_code, ind.code],
    );

    await loadSeeds(ds, { dir: join(REPO_ROOT, 'seeds'), hashPassword, force: true });

    const [after] = await ds.query(`SELECT name, placeholder FROM admin_unit WHERE id = $1`, [cell.id]);
    expect(after).toEqual({ name: 'Ấp Mới Đặt Tên', placeholder: false });
    const [t] = await ds.query(`SELECT threshold FROM indicator WHERE catalogue_version = $1 AND criterion_code = $2 AND code = $3`, [
      ind.catalogue_version,
      ind.criterion_code,
      ind.code,
    ]);
    expect(t.threshold).toBe(77);
  });

  it('refuses a broken seed file before writing anything, naming the file, the place and the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seeds-'));
    cpSync(join(REPO_ROOT, 'seeds'), dir, { recursive: true });
    const units = JSON.parse(readFileSync(join(dir, 'units.json'), 'utf8'));
    units.units.push({ ...units.units.find((u: { kind: string }) => u.kind === 'hamlet'), id: '874-99999-A01', parentId: '99999' });
    writeFileSync(join(dir, 'units.json'), JSON.stringify(units));
    const before = await ds.query(`SELECT count(*)::int AS n FROM admin_unit`);

    const attempt = loadSeeds(ds, { dir, hashPassword });
    await expect(attempt).rejects.toBeInstanceOf(SeedValidationError);
    await expect(attempt).rejects.toThrow(/units\.json.*unit 874-99999-A01 has unknown parentId 99999/);
    expect(await ds.query(`SELECT count(*)::int AS n FROM admin_unit`)).toEqual(before);
  });
});
