/// <reference lib="dom" />
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../support/env';
import { startSystem, TestSystem } from '../../support/system';
import { accessibilityProblems } from './support/axe';
import { DESKTOP, launchBrowser, LaunchedBrowser, newContext } from './support/browser';
import { logIn } from './support/pages';
import { ensureWebBuilt, WEB_DIST } from './support/web-build';

const ARTIFACTS = join(REPO_ROOT, 'tests', '.artifacts', 'browser');
const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');

/**
 * Issue 14 in a browser: the programmes page's picker opens on the programme in force (2026–2030, its communes with
 * their group "chưa xác định" and their cells, the hamlets awaiting a decision); picking 2021–2025 shows the archive.
 */
describe('programme picker and the 2026–2030 commune view, in a browser against the running system', () => {
  let sys: TestSystem;
  let chromium: LaunchedBrowser;
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    sys = await startSystem('browser-programmes', ['intake']);
    await sys.start('dashboard', { INTAKE_URL: sys.url('intake'), WEB_DIST_DIR: WEB_DIST });
    chromium = await launchBrowser();
    ctx = await newContext(chromium.browser, sys.url('dashboard'), DESKTOP);
    page = await ctx.newPage();
  });

  afterAll(async () => {
    await ctx?.close();
    await chromium?.close();
    await sys?.stop();
  });

  const shoot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
    copyFileSync(join(ARTIFACTS, name), join(SCREENSHOTS, name));
  };

  it('opens on the programme in force, shows its communes, groups and cells; 2021–2025 is the archive', async () => {
    await logIn(page, 'lanhdao.1', /\/dashboard/);
    await page.getByRole('link', { name: 'Chương trình' }).click();
    await page.waitForURL(/\/programmes$/);
    await page.getByRole('heading', { level: 1, name: 'Chương trình nông thôn mới' }).waitFor();
    const picker = page.getByTestId('programme-picker');
    expect(await picker.inputValue()).toBe('2026-2030');
    await page.getByTestId('programme-commune-82-30154').waitFor();
    expect(await page.getByTestId('programme-commune-82-30154').innerText()).toMatch(/Xã Tân Long\s+chưa xác định\s+21/);
    expect(await page.getByTestId('programme-status').innerText()).toBe('Đang thực hiện');
    expect(await page.getByTestId('programme-pending').locator('li').count()).toBe(4);
    expect(await accessibilityProblems(page, 'programmes page')).toEqual([]);
    await shoot('programme-2026-2030-communes.png');

    await picker.selectOption('2021-2025');
    await page.getByTestId('programme-archive').waitFor();
    expect(await page.getByTestId('programme-status').innerText()).toBe('Đã kết thúc (lưu trữ)');
    expect(await page.getByRole('link', { name: 'Tải báo cáo (Excel)' }).getAttribute('href')).toBe('/api/v1/exports/district.xlsx?programme=2021-2025');
    await shoot('programme-picker-archive.png');
  });
});
