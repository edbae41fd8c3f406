/**
 * The committed template (seeds/templates/catalogue-template.xlsx) is what the generator makes: same sheets, same
 * column headers (and the version sheet's field labels). Compared by outline, not bytes (exceljs stamps zip dates).
 * After changing the columns in libs/domain catalogue-template.ts: UPDATE_CATALOGUE_TEMPLATE=1 npx jest --selectProjects unit tests/unit/catalogues
 */
import { catalogueFromWorkbook, CATALOGUE_SHEETS, sheetNameOf } from '@pledge/domain';
import { buildCatalogueTemplate, readCatalogueWorkbook, workbookOutline } from '@pledge/persistence';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const COMMITTED = join(__dirname, '..', '..', '..', 'seeds', 'templates', 'catalogue-template.xlsx');

describe('catalogue template', () => {
  it('the committed template has the generator’s sheets and headers', async () => {
    const generated = await buildCatalogueTemplate();
    if (process.env.UPDATE_CATALOGUE_TEMPLATE === '1') {
      mkdirSync(dirname(COMMITTED), { recursive: true });
      writeFileSync(COMMITTED, generated);
    }
    expect(existsSync(COMMITTED)).toBe(true);
    const want = await workbookOutline(generated);
    const have = await workbookOutline(readFileSync(COMMITTED));
    expect(have).toEqual(want);
    expect(want.map((s) => s.sheet)).toEqual(['version', 'criteria', 'indicators', 'instructions'].map((k) => sheetNameOf(CATALOGUE_SHEETS[k as 'version'])));
    const indicators = want.find((s) => s.sheet === sheetNameOf(CATALOGUE_SHEETS.indicators))!;
    expect(indicators.headers).toEqual(expect.arrayContaining(['Mức đạt xã nhóm 1 / Level, commune group 1', 'Mức đạt xã nhóm 3 / Level, commune group 3']));
  });

  it('the empty template reads back as a workbook whose problems name every required version field and the empty criteria sheet', async () => {
    const read = await readCatalogueWorkbook(await buildCatalogueTemplate());
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const outcome = catalogueFromWorkbook(read.workbook);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const fields = outcome.problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining(['version', 'titleVi', 'titleEn', 'periodFrom', 'periodTo', 'deadline', 'reportingEvery', 'reportingDueDay', '(sheet)']),
    );
    const version = outcome.problems.find((p) => p.field === 'version')!;
    expect(version).toMatchObject({ sheet: sheetNameOf(CATALOGUE_SHEETS.version), row: 2, column: 'B', problem: 'required' });
  });

  it('a file that is not a workbook is one problem, not a crash', async () => {
    const read = await readCatalogueWorkbook(Buffer.from('not a zip'));
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems[0]).toMatchObject({ field: '(file)', problem: 'not_xlsx' });
  });
});
