import { catalogueVersionOn } from '@pledge/domain';
import {
  buildCatalogueTemplate,
  CatalogueRefused,
  createDataSource,
  importCatalogue,
  listCatalogueVersions,
  loadReferenceRows,
  loadSeeds,
  loadSubmissionReference,
  publishCatalogue,
  referenceFromRows,
} from '@pledge/persistence';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { BROKEN_2026, fillCatalogueTemplate, SMALL_2026 } from '../../support/catalogue-workbook';
import { REPO_ROOT } from '../../support/env';
import { createTestDatabase, TestDatabase } from '../../support/template-db';

/** Catalogue versions in PostgreSQL: drafts are invisible to the figures, an upload is all or nothing, published is final. */
describe('catalogue store (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('catalogues');
    ds = createDataSource({ url: db.url });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const rowsOf = async (version: string) => ({
    criteria: await ds.query<{ code: string; name_vi: string }[]>(`SELECT code, name_vi FROM criterion WHERE catalogue_version = $1 ORDER BY position`, [
      version,
    ]),
    indicators: await ds.query<unknown[]>(`SELECT criterion_code, code FROM indicator WHERE catalogue_version = $1 ORDER BY criterion_code, position`, [
      version,
    ]),
  });
  const governing = async (day: string) => {
    const ref = referenceFromRows(await loadReferenceRows(ds));
    if (!ref.ok) throw new Error(JSON.stringify(ref.issues));
    const sub = await loadSubmissionReference(ds);
    return {
      reference: catalogueVersionOn(ref.value.catalogues, day)?.id,
      versions: ref.value.catalogues.map((c) => c.id),
      submissions: catalogueVersionOn(sub.versions, day)?.id,
    };
  };

  it('after migration and seeds: 2021–2025 published, the 2026–2030 draft seeded with its 10 criteria and invisible to the figures', async () => {
    const list = await listCatalogueVersions(ds);
    expect(list.map((v) => [v.id, v.status, v.criteria, v.indicators])).toEqual([
      ['NTM-2021-2025', 'published', 42, expect.any(Number)],
      ['NTM-2026-2030', 'draft', 10, 0],
    ]);
    expect(await governing('2027-03-01')).toEqual({ reference: 'NTM-2021-2025', versions: ['NTM-2021-2025'], submissions: 'NTM-2021-2025' });
  });

  it('publishing the seeded draft is refused with what is missing', async () => {
    const err = await publishCatalogue(ds, 'NTM-2026-2030', 'quantri').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogueRefused);
    const refused = err as CatalogueRefused;
    expect(refused.kind).toBe('incomplete');
    expect(refused.problems.filter((p) => p.problem === 'no_indicators')).toHaveLength(10);
    expect(refused.problems.map((p) => p.problem)).toContain('no_standard');
    expect((await listCatalogueVersions(ds)).find((v) => v.id === 'NTM-2026-2030')?.status).toBe('draft');
  });

  it('a file with errors: every problem listed, nothing stored', async () => {
    const before = await rowsOf('NTM-2026-2030');
    const file = await fillCatalogueTemplate(await buildCatalogueTemplate(), BROKEN_2026);
    const err = (await importCatalogue(ds, { file }, 'quantri').catch((e: unknown) => e)) as CatalogueRefused;
    expect(err).toBeInstanceOf(CatalogueRefused);
    expect(err.kind).toBe('invalid');
    expect(err.problems.map((p) => [p.sheet?.split(' - ')[1], p.row, p.column, p.problem])).toEqual(
      expect.arrayContaining([
        ['Version', 6, 'B', 'not_a_date'],
        ['Criteria', 4, 'A', 'duplicate_code'],
        ['Indicators', 2, 'E', 'unknown_value'],
        ['Indicators', 3, 'K', 'not_a_number'],
        ['Indicators', 4, 'A', 'unknown_criterion'],
      ]),
    );
    expect(await rowsOf('NTM-2026-2030')).toEqual(before);
  });

  it('a failure while storing leaves the previous draft whole (one transaction)', async () => {
    const before = await rowsOf('NTM-2026-2030');
    const file = await fillCatalogueTemplate(await buildCatalogueTemplate(), SMALL_2026);
    const boom = new Error('disk full (simulated)');
    await expect(
      importCatalogue(ds, { file }, 'quantri', {
        onProgress: (step, done) => {
          if (step === 'store' && done === 2) throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect(await rowsOf('NTM-2026-2030')).toEqual(before);
  });

  it('a valid file replaces the draft wholesale; published, it governs 2026–2030; re-import is refused (409) and the seed loader leaves it alone', async () => {
    const file = await fillCatalogueTemplate(await buildCatalogueTemplate(), SMALL_2026);
    const draft = await importCatalogue(ds, { file }, 'quantri');
    expect(draft).toMatchObject({ id: 'NTM-2026-2030', status: 'draft', criteria: 2, indicators: 3 });
    expect((await rowsOf('NTM-2026-2030')).criteria.map((c) => c.code)).toEqual(['TC-01', 'TC-02']);
    expect((await governing('2027-03-01')).reference).toBe('NTM-2021-2025');

    const published = await publishCatalogue(ds, 'NTM-2026-2030', 'quantri');
    expect(published).toMatchObject({ status: 'published', publishedBy: 'quantri' });
    expect(await governing('2027-03-01')).toEqual({ reference: 'NTM-2026-2030', versions: ['NTM-2021-2025', 'NTM-2026-2030'], submissions: 'NTM-2026-2030' });
    expect((await governing('2025-06-01')).reference).toBe('NTM-2021-2025');

    const again = (await importCatalogue(ds, { file }, 'quantri').catch((e: unknown) => e)) as CatalogueRefused;
    expect(again).toBeInstanceOf(CatalogueRefused);
    expect(again.kind).toBe('published');
    await expect(publishCatalogue(ds, 'NTM-2026-2030', 'quantri')).rejects.toMatchObject({ kind: 'published' });

    await loadSeeds(ds, { dir: join(REPO_ROOT, 'seeds'), hashPassword: async (p) => `test-hash:${p}`, force: true });
    expect(await rowsOf('NTM-2026-2030')).toMatchObject({ criteria: [{ code: 'TC-01' }, { code: 'TC-02' }] });
    expect((await listCatalogueVersions(ds)).map((v) => [v.id, v.status])).toEqual([
      ['NTM-2021-2025', 'published'],
      ['NTM-2026-2030', 'published'],
    ]);
    const audit = await ds.query<{ action: string }[]>(
      `SELECT action FROM audit_log WHERE entity = 'catalogue_version' AND entity_id = 'NTM-2026-2030' ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['replace_draft', 'publish']);
  });

  it('JSON in the seed format is accepted as a draft of its version', async () => {
    const doc = { ...SMALL_JSON, version: 'TEST-JSON-1' };
    const v = await importCatalogue(ds, { json: doc }, 'quantri');
    expect(v).toMatchObject({ id: 'TEST-JSON-1', status: 'draft', criteria: 1, indicators: 1 });
  });
});

const SMALL_JSON = {
  version: 'X',
  titleVi: 'Thử',
  titleEn: 'Test',
  periodFrom: '2031-01-01',
  periodTo: '2035-12-31',
  deadline: '2035-12-31',
  reportingPeriod: { every: 'month', dueDay: 5 },
  criteria: [
    {
      code: 'T-1',
      appliesTo: 'commune',
      tier: 'ntm',
      nameVi: 'Thử',
      nameEn: 'Test',
      source: 'test',
      indicators: [
        {
          code: '1',
          nameVi: 'Thử',
          nameEn: 'Test',
          kind: 'boolean',
          unit: 'có/không',
          comparator: '==',
          threshold: null,
          thresholdSource: 'test',
          thresholdConfidence: 'unknown',
          rollup: { method: 'none' },
          reportedBy: 'commune',
        },
      ],
    },
  ],
  tiers: [],
};
