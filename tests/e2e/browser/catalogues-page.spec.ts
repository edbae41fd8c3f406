/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (page.evaluate callbacks run in the browser)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { BROKEN_2026, fillCatalogueTemplate, SMALL_2026 } from '../../support/catalogue-workbook';
import { REPO_ROOT } from '../../support/env';
import { startSystem, TestSystem } from '../../support/system';
import { accessibilityProblems } from './support/axe';
import { DESKTOP, launchBrowser, LaunchedBrowser, newContext } from './support/browser';
import { logIn } from './support/pages';
import { ensureWebBuilt, WEB_DIST } from './support/web-build';

const ARTIFACTS = join(REPO_ROOT, 'tests', '.artifacts', 'browser');
const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');

/**
 * The administrator's "Bộ tiêu chí" page: the versions with their status, the template download, an upload with
 * mistakes shown as a table of sheet, row, column and reason (screenshot docs/screenshots/catalogue-import-errors.png),
 * the corrected file stored as a draft, and the publish button.
 */
describe('criteria catalogues page, in a browser against the running system', () => {
  let sys: TestSystem;
  let chromium: LaunchedBrowser;
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    sys = await startSystem('browser-catalogues', ['intake']);
    await sys.start('dashboard', { INTAKE_URL: sys.url('intake'), WEB_DIST_DIR: WEB_DIST });
    chromium = await launchBrowser();
    ctx = await newContext(chromium.browser, sys.url('dashboard'), DESKTOP);
    page = await ctx.newPage();
  });

  afterAll(async () => {
    await page?.screenshot({ path: join(ARTIFACTS, 'catalogues-last.png'), fullPage: true }).catch(() => undefined);
    await ctx?.close();
    await chromium?.close();
    await sys?.stop();
  });

  const statusOf = (version: string) => page.locator(`[data-testid=catalogue-versions] tr[data-version="${version}"]`).getAttribute('data-status');

  it('lists the versions, downloads the template, shows every problem of a wrong file, stores the corrected one and publishes it', async () => {
    await logIn(page, 'quantri', /\/dashboard/);
    await page.getByRole('link', { name: 'Bộ tiêu chí' }).click();
    await page.waitForURL(/\/catalogues$/);
    await page.getByRole('heading', { level: 1, name: 'Bộ tiêu chí' }).waitFor();
    await page.locator('[data-testid=catalogue-versions] tr[data-version="NTM-2026-2030"]').waitFor();
    expect(await statusOf('NTM-2021-2025')).toBe('published');
    expect(await statusOf('NTM-2026-2030')).toBe('draft');
    expect(await accessibilityProblems(page, 'catalogues page')).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('catalogue-template').click()]);
    const template = readFileSync(await download.path());
    const broken = join(ARTIFACTS, 'catalogue-broken.xlsx');
    writeFileSync(broken, await fillCatalogueTemplate(template, BROKEN_2026));
    await page.getByTestId('catalogue-file').setInputFiles(broken);
    await page.getByTestId('catalogue-upload').click();
    await page.getByTestId('catalogue-problems').waitFor();
    const rows = await page
      .locator('[data-testid=catalogue-problems] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute('data-sheet'), tr.getAttribute('data-row'), tr.getAttribute('data-column'), tr.getAttribute('data-problem')]),
      );
    expect(rows).toEqual(
      expect.arrayContaining([
        ['Phiên bản - Version', '6', 'B', 'not_a_date'],
        ['Tiêu chí - Criteria', '4', 'A', 'duplicate_code'],
        ['Chỉ tiêu - Indicators', '2', 'E', 'unknown_value'],
        ['Chỉ tiêu - Indicators', '3', 'K', 'not_a_number'],
        ['Chỉ tiêu - Indicators', '4', 'A', 'unknown_criterion'],
      ]),
    );
    expect(await page.locator('[data-testid=catalogue-problems]').textContent()).toContain('Tiêu chí TC-09 không có ở trang Tiêu chí');
    expect(await accessibilityProblems(page, 'catalogue problems')).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'catalogue-import-errors.png'), fullPage: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'catalogue-import-errors.png'), fullPage: true });
    expect(await statusOf('NTM-2026-2030')).toBe('draft');

    const good = join(ARTIFACTS, 'catalogue-small.xlsx');
    writeFileSync(good, await fillCatalogueTemplate(template, SMALL_2026));
    await page.getByTestId('catalogue-file').setInputFiles(good);
    await page.getByTestId('catalogue-upload').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=catalogue-done]')?.textContent?.includes('2 tiêu chí, 3 chỉ tiêu'));
    expect(await page.getByTestId('catalogue-problems').count()).toBe(0);

    await page.getByTestId('catalogue-publish-NTM-2026-2030').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=catalogue-versions] tr[data-version="NTM-2026-2030"]')?.getAttribute('data-status') === 'published',
    );
    expect(await page.getByTestId('catalogue-done').textContent()).toContain('Đã công bố phiên bản NTM-2026-2030');
  });
});
