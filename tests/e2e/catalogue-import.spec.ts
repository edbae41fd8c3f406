import { workbookOutline } from '@pledge/persistence';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { testDist } from '../support/apps';
import { BROKEN_2026, fillCatalogueTemplate, SMALL_2026 } from '../support/catalogue-workbook';
import { REPO_ROOT } from '../support/env';
import { startSystem, TestSystem } from '../support/system';
import { call, logIn, Session } from './intake-support';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** POST a file as multipart/form-data (field "file"). */
async function upload(url: string, token: string, file: Buffer, name = 'catalogue.xlsx') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)], { type: XLSX }), name);
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: await res.json() };
}

/**
 * An administrator loads the 2026–2030 catalogue through the dashboard's API: downloads the template (the committed
 * one's sheets and headers), uploads a filled-in copy with several mistakes (all listed by sheet, row and column,
 * nothing stored), uploads the corrected small catalogue (2 criteria, 3 indicators) as a draft, publishes it; a
 * secretary can do none of it; a published version cannot be replaced; the 2021–2025 catalogue reads as before. The
 * CLI's catalogue-template and catalogue-import do the same from the command line. Real apps, real PostgreSQL.
 */
describe('catalogue import (dashboard API and CLI, real PostgreSQL)', () => {
  let sys: TestSystem;
  let pg: Client;
  let admin: Session;
  let secretary: Session;
  let web: string;
  const artifacts = join(REPO_ROOT, 'tests', '.artifacts', 'catalogue-import');

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    sys = await startSystem('catalogues', ['intake']);
    await sys.start('dashboard', { INTAKE_URL: sys.url('intake') });
    web = sys.url('dashboard');
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    admin = await logIn(sys.url('intake'), 'quantri');
    secretary = await logIn(sys.url('intake'), 'bithu.874-30130-k01');
  });

  afterAll(async () => {
    await pg?.end();
    await sys?.stop();
  });

  const stored = async () =>
    (
      await pg.query(
        `SELECT (SELECT count(*) FROM criterion WHERE catalogue_version = 'NTM-2026-2030')::int AS criteria, (SELECT count(*) FROM indicator WHERE catalogue_version = 'NTM-2026-2030')::int AS indicators`,
      )
    ).rows[0];

  it('downloads the template, is told every mistake of a wrong file with nothing stored, stores the corrected one as a draft and publishes it', async () => {
    const criteria2021 = await call(`${web}/api/v1/criteria?version=NTM-2021-2025`, { token: admin.accessToken });
    expect(criteria2021.status).toBe(200);

    const res = await fetch(`${web}/api/v1/admin/catalogues/template.xlsx`, { headers: { authorization: `Bearer ${admin.accessToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(XLSX);
    const template = Buffer.from(await res.arrayBuffer());
    expect(await workbookOutline(template)).toEqual(await workbookOutline(readFileSync(join(REPO_ROOT, 'seeds', 'templates', 'catalogue-template.xlsx'))));

    const list = await call(`${web}/api/v1/admin/catalogues`, { token: admin.accessToken });
    expect(list.body.map((v: any) => [v.id, v.status, v.criteria, v.indicators])).toEqual([
      ['NTM-2021-2025', 'published', 42, expect.any(Number)],
      ['NTM-2026-2030', 'draft', 10, 0],
    ]);

    const broken = await fillCatalogueTemplate(template, BROKEN_2026);
    writeFileSync(join(artifacts, 'broken.xlsx'), broken);
    const refused = await upload(`${web}/api/v1/admin/catalogues`, admin.accessToken, broken);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('catalogue_invalid');
    expect(refused.body.details.map((d: any) => [d.sheet, d.row, d.column, d.problem])).toEqual(
      expect.arrayContaining([
        ['Phiên bản - Version', 6, 'B', 'not_a_date'],
        ['Tiêu chí - Criteria', 4, 'A', 'duplicate_code'],
        ['Chỉ tiêu - Indicators', 2, 'E', 'unknown_value'],
        ['Chỉ tiêu - Indicators', 3, 'K', 'not_a_number'],
        ['Chỉ tiêu - Indicators', 4, 'A', 'unknown_criterion'],
      ]),
    );
    for (const d of refused.body.details) expect(d.message && d.messageEn).toBeTruthy();
    expect(await stored()).toEqual({ criteria: 10, indicators: 0 });

    const incomplete = await call(`${web}/api/v1/admin/catalogues/NTM-2026-2030/publish`, { method: 'POST', token: admin.accessToken });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.details.filter((d: any) => d.problem === 'no_indicators')).toHaveLength(10);

    const good = await fillCatalogueTemplate(template, SMALL_2026);
    writeFileSync(join(artifacts, 'small-2026-2030.xlsx'), good);
    const draft = await upload(`${web}/api/v1/admin/catalogues`, admin.accessToken, good);
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ id: 'NTM-2026-2030', status: 'draft', criteria: 2, indicators: 3 });
    expect(await stored()).toEqual({ criteria: 2, indicators: 3 });
    const levels = (await pg.query(`SELECT attributes -> 'thresholdRules' AS rules FROM indicator WHERE catalogue_version = 'NTM-2026-2030' AND code = '2.1'`))
      .rows[0].rules;
    expect(levels.map((r: any) => [r.unitAttributes, r.threshold])).toEqual([
      [{ communeGroup: 1 }, 100],
      [{ communeGroup: 2 }, 90],
      [{ communeGroup: 3 }, 80],
    ]);

    // a secretary may not publish, list or upload
    expect((await call(`${web}/api/v1/admin/catalogues/NTM-2026-2030/publish`, { method: 'POST', token: secretary.accessToken })).status).toBe(403);
    expect((await call(`${web}/api/v1/admin/catalogues`, { token: secretary.accessToken })).status).toBe(403);
    expect((await upload(`${web}/api/v1/admin/catalogues`, secretary.accessToken, good)).status).toBe(403);
    expect((await call(`${web}/api/v1/admin/catalogues`)).status).toBe(401);

    const published = await call(`${web}/api/v1/admin/catalogues/NTM-2026-2030/publish`, { method: 'POST', token: admin.accessToken });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ id: 'NTM-2026-2030', status: 'published', publishedBy: 'quantri' });

    const again = await upload(`${web}/api/v1/admin/catalogues`, admin.accessToken, good);
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('catalogue_published');
    expect((await call(`${web}/api/v1/admin/catalogues/NTM-2026-2030/publish`, { method: 'POST', token: admin.accessToken })).status).toBe(409);

    // a published version changes through recorded revisions: here the level of commune group 3
    const revised = await call(`${web}/api/v1/admin/catalogues/NTM-2026-2030/criteria/TC-02/indicators/2.1/threshold`, {
      method: 'PATCH',
      token: admin.accessToken,
      body: { threshold: 85, source: 'QĐ 51/2025/QĐ-TTg, Phụ lục I (test)', confidence: 'found', communeGroup: 3, reason: 'test revision' },
    });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ communeGroup: 3, before: { threshold: 80 }, after: { threshold: 85 } });
    const rules = (await pg.query(`SELECT attributes -> 'thresholdRules' AS rules FROM indicator WHERE catalogue_version = 'NTM-2026-2030' AND code = '2.1'`))
      .rows[0].rules;
    expect(rules.map((r: any) => r.threshold)).toEqual([100, 90, 85]);
    const revision = (
      await pg.query(`SELECT unit_attributes, old_value, new_value, changed_by FROM threshold_revision WHERE catalogue_version = 'NTM-2026-2030'`)
    ).rows;
    expect(revision).toEqual([
      expect.objectContaining({
        unit_attributes: { communeGroup: 3 },
        old_value: expect.objectContaining({ threshold: 80 }),
        new_value: expect.objectContaining({ threshold: 85 }),
        changed_by: 'quantri',
      }),
    ]);

    // the 2021–2025 catalogue reads exactly as before
    // (the list of versions now names the published 2026–2030 one too; everything else is the same)
    const after = await call(`${web}/api/v1/criteria?version=NTM-2021-2025`, { token: admin.accessToken });
    expect(after.status).toBe(200);
    expect(criteria2021.body.versions).toEqual(['NTM-2021-2025']);
    expect(after.body.versions).toEqual(['NTM-2021-2025', 'NTM-2026-2030']);
    expect({ ...after.body, versions: null }).toEqual({ ...criteria2021.body, versions: null });
  });

  it('the CLI writes the same template and imports with every problem printed (nothing stored), then stores a JSON draft', () => {
    const cli = join(testDist(), 'apps', 'cli', 'src', 'main.js');
    const env = { ...process.env, DATABASE_URL: sys.db.url, NODE_ENV: 'test' };
    const out = join(artifacts, 'cli-template.xlsx');
    const t = spawnSync('node', [cli, 'catalogue-template', out], { env, encoding: 'utf8' });
    expect(t.status).toBe(0);
    return (async () => {
      expect(await workbookOutline(readFileSync(out))).toEqual(
        await workbookOutline(readFileSync(join(REPO_ROOT, 'seeds', 'templates', 'catalogue-template.xlsx'))),
      );
      const bad = spawnSync('node', [cli, 'catalogue-import', join(artifacts, 'broken.xlsx')], { env, encoding: 'utf8' });
      expect(bad.status).not.toBe(0);
      expect(bad.stdout).toContain('row 4, column A, criterionCode');
      expect(bad.stderr).toContain('nothing was stored');
      const doc = {
        version: 'CLI-TEST',
        titleVi: 'Thử',
        titleEn: 'Test',
        periodFrom: '2031-01-01',
        periodTo: '2035-12-31',
        deadline: '2035-12-31',
        reportingPeriod: { every: 'month', dueDay: 5 },
        criteria: [{ code: 'T-1', appliesTo: 'commune', tier: 'ntm', nameVi: 'Thử', nameEn: 'Test', source: 'test', indicators: [] }],
        tiers: [],
      };
      const json = join(artifacts, 'cli-test.json');
      writeFileSync(json, JSON.stringify(doc));
      const okRun = spawnSync('node', [cli, 'catalogue-import', json], { env, encoding: 'utf8' });
      expect(okRun.stderr).toBe('');
      expect(okRun.status).toBe(0);
      expect(okRun.stdout).toContain('CLI-TEST: draft (1 criteria, 0 indicators)');
      const publish = spawnSync('node', [cli, 'catalogue-import', json, '--publish'], { env, encoding: 'utf8' });
      expect(publish.status).not.toBe(0);
      expect(publish.stdout).toContain('criterion T-1');
      expect((await pg.query(`SELECT status FROM catalogue_version WHERE id = 'CLI-TEST'`)).rows).toEqual([{ status: 'draft' }]);
    })();
  });
});
