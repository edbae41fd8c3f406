/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { BROKEN_2026, fillCatalogueTemplate, SMALL_2026 } from '../../support/catalogue-workbook';
import { REPO_ROOT } from '../../support/env';
import { eventually } from '../../support/eventually';
import { TEST_PASSWORD } from '../../support/global-setup';
import { startSystem, TestSystem } from '../../support/system';
import { accessibilityProblems } from './support/axe';
import { DESKTOP, launchBrowser, LaunchedBrowser, newContext } from './support/browser';
import { logIn } from './support/pages';
import { ensureWebBuilt, WEB_DIST } from './support/web-build';

const ARTIFACTS = join(REPO_ROOT, 'tests', '.artifacts', 'browser');
const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CELL = '874-30136-A01'; // a hamlet of the former Tân Huề, under Xã Tân Long (82-30154) since 01/07/2025

/**
 * Issue 14 in a browser, against the whole running system (intake → Kafka → ingest → projector → dashboard): the
 * programmes page's picker opens on the programme in force (2026–2030, its communes with their group "chưa xác định"
 * and their cells, the hamlets awaiting a decision); picking 2021–2025 shows the archive. Once an administrator has
 * loaded and published the 2026–2030 catalogue, they re-sign a hamlet's pledge on the web page (a wrong pledge first:
 * each problem next to its field, nothing stored), its secretary reports, and the 2026–2030 commune view shows the
 * commune's figure and the hamlet's pledge item.
 */
describe('programme picker, re-signing a pledge and the 2026–2030 commune view, in a browser against the running system', () => {
  let sys: TestSystem;
  let chromium: LaunchedBrowser;
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    sys = await startSystem('browser-programmes', ['ingest', 'projector', 'intake']);
    await sys.start('dashboard', { INTAKE_URL: sys.url('intake'), WEB_DIST_DIR: WEB_DIST, LIVE_HEARTBEAT_SECONDS: '5' });
    chromium = await launchBrowser();
    ctx = await newContext(chromium.browser, sys.url('dashboard'), DESKTOP);
    page = await ctx.newPage();
  });

  afterAll(async () => {
    await page?.screenshot({ path: join(ARTIFACTS, 'programmes-last.png'), fullPage: true }).catch(() => undefined);
    await ctx?.close();
    await chromium?.close();
    await sys?.stop();
  });

  const shoot = async (name: string): Promise<void> => {
    await page.evaluate(() => window.scrollTo(0, 0)); // the header sticks to the top of the window: shoot from the top
    await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
    copyFileSync(join(ARTIFACTS, name), join(SCREENSHOTS, name));
  };
  const tokenFor = async (username: string): Promise<string> => {
    const res = await fetch(`${sys.url('intake')}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: TEST_PASSWORD }),
    });
    expect([username, res.status]).toEqual([username, 200]);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  /** The problems the re-signing page shows, each as field:problem, in the order shown. */
  const shownProblems = () =>
    page.locator('[data-testid=resign-error]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-field')}:${e.getAttribute('data-problem')}`));

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
    // no figures while the programme's catalogue is a draft; a leader is not offered re-signing
    expect(await page.getByTestId('programme-communes').innerText()).toContain('bộ tiêu chí của chương trình chưa được công bố');
    expect(await page.getByTestId('programme-resign-link').count()).toBe(0);
    expect(await accessibilityProblems(page, 'programmes page')).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'programme-2026-2030-unpublished.png'), fullPage: true });

    await picker.selectOption('2021-2025');
    await page.getByTestId('programme-archive').waitFor();
    expect(await page.getByTestId('programme-status').innerText()).toBe('Đã kết thúc (lưu trữ)');
    expect(await page.getByRole('link', { name: 'Tải báo cáo (Excel)' }).getAttribute('href')).toBe('/api/v1/exports/district.xlsx?programme=2021-2025');
    await shoot('programme-picker-archive.png');
  });

  it("an administrator re-signs a hamlet's pledge on the web page (every problem next to its field first), its secretary reports, and the commune view shows the figure", async () => {
    // the administrator loads the 2026–2030 catalogue from the template (a wrong file is refused) and publishes it
    // (the catalogues page itself is tested by catalogues-page.spec.ts)
    const web = sys.url('dashboard');
    const admin = await tokenFor('quantri');
    const template = Buffer.from(
      await (await fetch(`${web}/api/v1/admin/catalogues/template.xlsx`, { headers: { authorization: `Bearer ${admin}` } })).arrayBuffer(),
    );
    const upload = async (content: typeof SMALL_2026) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await fillCatalogueTemplate(template, content))], { type: XLSX }), 'catalogue.xlsx');
      return (await fetch(`${web}/api/v1/admin/catalogues`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form })).status;
    };
    expect(await upload(BROKEN_2026)).toBe(422);
    expect(await upload(SMALL_2026)).toBe(201);
    const published = await fetch(`${web}/api/v1/admin/catalogues/NTM-2026-2030/publish`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    expect(published.status).toBe(200);

    // the administrator's programmes page offers re-signing for the programme in force
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await logIn(page, 'quantri', /\/dashboard/);
    await page.getByRole('link', { name: 'Chương trình' }).click();
    await page.waitForURL(/\/programmes$/);
    await page.getByTestId('programme-resign-link').click();
    await page.waitForURL(/\/programmes\/pledges\?programme=2026-2030$/);
    await page.getByRole('heading', { level: 1, name: 'Ký lại giao ước cho chương trình mới' }).waitFor();
    expect(await page.getByTestId('resign-programme').inputValue()).toBe('2026-2030');
    // only the indicators the hamlets report are offered: TC-02 2.2 (1.1 and 2.1 are the commune's)
    await page.getByTestId('resign-item-0-criterion').waitFor();
    expect(
      await page
        .getByTestId('resign-item-0-criterion')
        .locator('option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(['', 'TC-02']);

    // a wrong pledge: signed before the programme, an item due after it, the same indicator twice
    await page.getByTestId('resign-cell').selectOption(CELL);
    await page.getByTestId('resign-signed-on').fill('2025-12-31');
    await page.getByTestId('resign-item-0-criterion').selectOption('TC-02');
    expect(await page.getByTestId('resign-item-0-indicator').inputValue()).toBe('2.2');
    expect(await page.getByTestId('resign-item-0-comparator').inputValue()).toBe('>=');
    await page.getByTestId('resign-item-0-value').fill('2');
    await page.getByTestId('resign-item-0-due').fill('2031-01-01');
    await page.getByTestId('resign-add-item').click();
    await page.getByTestId('resign-item-1-criterion').selectOption('TC-02');
    await page.getByTestId('resign-item-1-value').fill('1');
    await page.getByTestId('resign-item-1-due').fill('2027-12-31');
    await page.getByTestId('resign-submit').click();
    await page.getByTestId('resign-problems').waitFor();
    expect(await shownProblems()).toEqual(['signedOn:outside_programme', 'items[0].dueDate:outside_programme', 'items[1]:duplicate']);
    expect(await page.getByTestId('resign-problems').innerText()).toContain('Có 3 lỗi, chưa lưu gì');
    // each next to its field, which is marked for assistive technology
    expect(await page.getByTestId('resign-signed-on').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('resign-item-0-due').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#resign-item-0-due-err').innerText()).toContain('Hạn 2031-01-01 phải từ ngày ký đến hạn chót của chương trình');
    expect(await page.getByTestId('resign-item-1').locator('[data-testid=resign-error]').innerText()).toContain('lặp lại');
    expect(await accessibilityProblems(page, 're-signing page with problems')).toEqual([]);
    await shoot('programme-resign-errors.png');
    // the same problems in English
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('#resign-item-0-due-err').innerText()).toContain("must lie between the signing day and the programme's deadline");
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    // nothing was stored: the hamlet has no 2026–2030 pledge item
    const progress = async () =>
      (await (await fetch(`${web}/api/v1/progress?programme=2026-2030`, { headers: { authorization: `Bearer ${admin}` } })).json()) as {
        cells: { id: string; readings: number; items: { itemId: string; status: string }[] }[];
      };
    expect((await progress()).cells.find((c) => c.id === CELL)?.items).toEqual([]);

    // corrected: signed on 01/03/2026, one item (at least 2 cultural venues by 31/12/2027)
    await page.getByTestId('resign-signed-on').fill('2026-03-01');
    await page.getByTestId('resign-item-0-due').fill('2027-12-31');
    await page.getByRole('button', { name: 'Bỏ hạng mục 2' }).click();
    await page.getByTestId('resign-submit').click();
    await page.getByTestId('resign-done').waitFor();
    expect(await page.getByTestId('resign-done').innerText()).toContain(`Đã ký lại giao ước PL-2026-2030-${CELL}`);
    expect(await page.getByTestId('resign-done').innerText()).toContain('TC-02 2.2 Số điểm sinh hoạt văn hóa: ≥ 2 điểm, hạn 31/12/2027');
    expect(await page.getByTestId('resign-problems').count()).toBe(0);
    expect((await progress()).cells.find((c) => c.id === CELL)?.items.map((i) => i.itemId)).toEqual([`PL-2026-2030-${CELL}-01`]);

    // the hamlet's secretary reports 3 cultural venues at the end of November 2026
    const eventId = randomUUID();
    const sent = await fetch(`${sys.url('intake')}/api/v1/updates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(`bithu.${CELL.toLowerCase()}`)}` },
      body: JSON.stringify({ eventId, hamletCode: CELL, criterionCode: 'TC-02', readings: [{ indicatorCode: '2.2', value: 3 }], asOf: '2026-11-30' }),
    });
    expect(sent.status).toBe(202);
    await eventually(progress, (p) => p.cells.find((c) => c.id === CELL)?.readings === 1, {
      what: 'the 2026 report in the commune view',
      timeoutMs: 300_000,
      intervalMs: 1000,
    });

    // the 2026–2030 commune view: Xã Tân Long's figure, indicator by indicator, and the hamlet's pledge item
    await page.getByRole('link', { name: 'Về trang chương trình' }).click();
    await page.waitForURL(/\/programmes$/);
    // (the page may first show the figures it read before the report, then the new ones)
    await page.waitForFunction(() => /\s1\/21\s+1\s/.test(document.querySelector<HTMLElement>('[data-testid=programme-figures-82-30154]')?.innerText ?? ''));
    expect(await page.getByTestId('programme-figures-82-30154').innerText()).toMatch(/^Xã Tân Long\s/);
    await page.getByTestId('programme-details-82-30154').click();
    const row = page.getByTestId('programme-indicator-TC-02-2.2');
    await row.waitFor();
    expect(await row.getAttribute('data-value')).toBe('3');
    expect(await row.innerText()).toMatch(/Số điểm sinh hoạt văn hóa\s+3 điểm\s+.*\s+1\/21/);
    const cellRow = page.getByTestId(`programme-cell-${CELL}`);
    expect(await cellRow.innerText()).toMatch(/\s1\s+01:/);
    expect(await cellRow.locator('[data-status]').getAttribute('data-status')).toBe('met');
    expect(await accessibilityProblems(page, '2026–2030 commune view')).toEqual([]);
    await shoot('programme-2026-2030-communes.png');
  });
});
