/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (page.evaluate callbacks run in the browser)
import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../support/env';
import { startSystem, TestSystem } from '../../support/system';
import { programmeDays, readTemplate, validValues } from '../import-support';
import { accessibilityProblems } from './support/axe';
import { DESKTOP, launchBrowser, LaunchedBrowser, newContext } from './support/browser';
import { logIn } from './support/pages';
import { ensureWebBuilt, WEB_DIST } from './support/web-build';

const ARTIFACTS = join(REPO_ROOT, 'tests', '.artifacts', 'browser');
const ROWS = 5000;

/**
 * A commune officer imports a spreadsheet from the web app: downloads the template from the import page, uploads the
 * filled-in file, sees the progress bar while it is processed and then every wrong row with its column and reason
 * (Vietnamese, or English with the switch). While ingest is stopped the reports wait on Kafka, and the header's status
 * line says how many ("Đang cập nhật: còn N báo cáo"); it goes away once they are in the figures.
 */
describe('spreadsheet import and the backlog on the status line, in a browser against the running system', () => {
  let sys: TestSystem;
  let pg: Client;
  let chromium: LaunchedBrowser;
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    sys = await startSystem('browser-import', ['projector', 'intake']); // ingest starts later in the test
    await sys.start('dashboard', { INTAKE_URL: sys.url('intake'), WEB_DIST_DIR: WEB_DIST });
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    chromium = await launchBrowser();
    ctx = await newContext(chromium.browser, sys.url('dashboard'), DESKTOP);
    page = await ctx.newPage();
  });

  afterAll(async () => {
    await page?.screenshot({ path: join(ARTIFACTS, 'import-last.png'), fullPage: true }).catch(() => undefined);
    await ctx?.close();
    await chromium?.close();
    await pg?.end();
    await sys?.stop();
  });

  it('takes a filled-in template from the import page: progress bar, then the wrong rows by row, column and reason; the status line counts the reports not yet in the figures', async () => {
    await logIn(page, 'canbo.30133', /\/review/);
    await page.getByRole('link', { name: 'Nhập từ Excel' }).click();
    await page.waitForURL(/\/import$/);
    await page.getByRole('heading', { level: 1, name: 'Nhập số liệu từ bảng tính' }).waitFor();
    expect(await accessibilityProblems(page, 'import page')).toEqual([]);

    await page.getByLabel('Ngày số liệu (không bắt buộc)').fill('2025-06-30');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()]);
    expect(download.suggestedFilename()).toBe('mau-nhap-so-lieu-30133-2025-06-30.xlsx');
    const { header, pairs } = await readTemplate(readFileSync(await download.path()), pg);

    // the officer fills in a history: every row of the template for as many days as it takes, two of them wrong
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Số liệu');
    sheet.addRow(header);
    const days = programmeDays();
    for (let i = 0; i < ROWS; i++) {
      const p = pairs[i % pairs.length];
      const [value, numerator, denominator] = validValues(p, i);
      sheet.addRow([
        p.unitCode,
        null,
        p.criterionCode,
        p.indicatorCode,
        null,
        null,
        new Date(`${days[Math.floor(i / pairs.length)]}T00:00:00Z`),
        value,
        numerator,
        denominator,
      ]);
    }
    const pct = pairs.findIndex((p) => p.kind === 'percentage');
    sheet.getRow(pct + 2).getCell(9).value = 999; // numerator above the denominator
    sheet.getRow(ROWS + 1).getCell(7).value = '31/02/2024'; // no such day
    const file = join(ARTIFACTS, 'import-upload.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));

    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-upload').click();
    await page.locator('[data-testid=import-progress] progress').waitFor({ timeout: 60_000 });
    await page.getByTestId('import-result').waitFor({ timeout: 120_000 });
    const rows = await page.locator('[data-testid=import-problems] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        row: tr.getAttribute('data-row'),
        column: tr.getAttribute('data-column'),
        problem: tr.getAttribute('data-problem'),
        text: tr.textContent,
      })),
    );
    expect(rows).toEqual([
      { row: String(pct + 2), column: 'numerator', problem: 'exceeds_denominator', text: expect.stringContaining('Tử số (999) không được lớn hơn mẫu số') },
      { row: String(ROWS + 1), column: 'asOf', problem: 'invalid_date', text: expect.stringContaining('"31/02/2024" không phải ngày hợp lệ') },
    ]);
    expect(await page.getByTestId('import-stored').textContent()).toBe('4.998 dòng đã lưu');
    expect(await page.getByTestId('import-invalid').textContent()).toBe('2 dòng có lỗi');
    expect(await accessibilityProblems(page, 'import result')).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'import-result.png'), fullPage: true });

    // English: the reasons in English
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import readings from a spreadsheet' }).waitFor();
    expect(await page.locator('[data-testid=import-problems] tbody tr').first().textContent()).toContain('numerator (999) is greater than denominator');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();

    // ingest is not running: the 4,998 reports wait on Kafka, and the status line says so
    const status = page.getByTestId('backlog-status');
    await status.waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=backlog-status]')?.textContent === 'Đang cập nhật: còn 4.998 báo cáo', undefined, {
      timeout: 60_000,
    });
    await page.screenshot({ path: join(ARTIFACTS, 'backlog-status.png') });
    await sys.start('ingest');
    await status.waitFor({ state: 'detached', timeout: 180_000 });
    expect(
      Number(
        (await pg.query(`SELECT count(*)::int AS n FROM rm_reading_history h JOIN event_store e USING (event_id) WHERE e.reported_by = 'canbo.30133'`)).rows[0]
          .n,
      ),
    ).toBe(4998);
  });
});
