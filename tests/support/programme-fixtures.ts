/**
 * Issue 14 test fixture: publishes a small 2026–2030 catalogue through the seed loader (the code path `cli seed`
 * takes): a copy of seeds/ with one more catalogue file (its own version id, TEST-2026-2030: two commune criteria with
 * three indicators, taken from the 2021–2025 catalogue's structure, no district tier) and one more programme
 * (TEST-2026-2030, the five new communes, groups unknown) pointing at it. Nothing of the real seeds changes. Used by
 * the unit tests of the commune programme and the indicator mapping's end-to-end test; the programme's own end-to-end
 * test loads the real 2026–2030 catalogue from the XLSX template instead (tests/support/catalogue-workbook.ts).
 */
import { createDataSource, loadSeeds } from '@pledge/persistence';
import { NotifyChannels } from '@pledge/contracts';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './env';

export const TEST_PROGRAMME = 'TEST-2026-2030';
export const TEST_VERSION = 'TEST-2026-2030';

type Json = any;

/** The test catalogue: the first two commune criteria of 2021–2025 whose indicators cells report, three indicators in all. */
export function testCatalogue(): Json {
  const old = JSON.parse(readFileSync(join(REPO_ROOT, 'seeds', 'catalogue', 'NTM-2021-2025.json'), 'utf8'));
  const criteria: Json[] = [];
  let left = 3;
  for (const c of old.criteria as Json[]) {
    if (c.appliesTo !== 'commune' || c.tier !== 'ntm' || left === 0) continue;
    const indicators = (c.indicators as Json[])
      .filter((i) => (i.reportedBy ?? 'cell') === 'cell' && !i.readingOf && !i.yearly && i.kind === 'percentage')
      .slice(0, Math.min(2, left));
    if (indicators.length === 0) continue;
    left -= indicators.length;
    criteria.push({ ...c, source: `test fixture (structure of ${c.code} 2021–2025)`, indicators });
    if (criteria.length === 2) break;
  }
  const tiers = (old.tiers as Json[]).filter((t) => t.appliesTo === 'commune' && t.base);
  return {
    ...old,
    version: TEST_VERSION,
    titleVi: 'Bộ tiêu chí thử nghiệm 2026–2030',
    titleEn: 'Test catalogue 2026–2030',
    status: 'published',
    periodFrom: '2026-01-01',
    periodTo: '2030-12-31',
    deadline: '2030-12-31',
    tiers,
    districtConditions: [],
    criteria,
  };
}

/** Loads the test catalogue and programme into the database at `url` and tells the running apps (reference_changed). */
export async function publishTestProgramme(url: string): Promise<{ criteria: { code: string; indicators: string[] }[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'programme-fixture-'));
  try {
    cpSync(join(REPO_ROOT, 'seeds'), dir, { recursive: true });
    const catalogue = testCatalogue();
    writeFileSync(join(dir, 'catalogue', `${TEST_VERSION}.json`), JSON.stringify(catalogue, null, 2));
    const programmes = JSON.parse(readFileSync(join(dir, 'programmes.json'), 'utf8'));
    const next = programmes.programmes.find((p: Json) => p.id === '2026-2030');
    programmes.programmes.push({
      ...next,
      id: TEST_PROGRAMME,
      catalogueVersion: TEST_VERSION,
      titleVi: `${next.titleVi} (thử nghiệm)`,
      titleEn: `${next.titleEn} (test)`,
    });
    writeFileSync(join(dir, 'programmes.json'), JSON.stringify(programmes, null, 2));
    const ds = createDataSource({ url });
    await ds.initialize();
    try {
      await loadSeeds(ds, { dir, hashPassword: async (p) => `unused:${p}` });
      await ds.query(`SELECT pg_notify($1, $2)`, [NotifyChannels.referenceChanged, JSON.stringify({ entity: 'seed' })]);
    } finally {
      await ds.destroy();
    }
    return { criteria: catalogue.criteria.map((c: Json) => ({ code: c.code, indicators: c.indicators.map((i: Json) => i.code) })) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
