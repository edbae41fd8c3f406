/**
 * Issue 14 unit-test fixture: a small 2026–2030 catalogue (its own version id, TEST-2026-2030: two commune criteria
 * with three indicators, taken from the 2021–2025 catalogue's structure, no district tier) for the pure functions of
 * the commune programme (tests/unit/domain/commune-programme-day.spec.ts). The end-to-end test loads the real
 * 2026–2030 programme's catalogue from the XLSX template instead (tests/support/catalogue-workbook.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './env';

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
