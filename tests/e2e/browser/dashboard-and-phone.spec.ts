/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (page.evaluate callbacks run in the browser)
import ExcelJS from 'exceljs';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../support/env';
import { eventually } from '../../support/eventually';
import { startSystem, TestSystem } from '../../support/system';
import { accessibilityProblems } from './support/axe';

/** The password the browser test chooses for itself (generated: none is written in the repository). */
const OWN_PASSWORD = `mật khẩu riêng ${randomBytes(6).toString('base64url')}`;
import { DESKTOP, launchBrowser, LaunchedBrowser, newContext, PHONE } from './support/browser';
import { call, logIn as logInApi } from '../intake-support';
import { countPosts, heatmapCell, logIn, tokenOf } from './support/pages';
import { ensureWebBuilt, WEB_DIST } from './support/web-build';
import { seedCounts } from '../../support/seed-counts';

/**
 * The web app in a real browser (Debian's Chromium driven by playwright-core) against the whole running system:
 * five apps as processes, the real Kafka broker, PostgreSQL and Redis. A secretary on a phone-sized screen reports;
 * the district dashboard, open in another page, changes without a reload; a report made without a connection is
 * sent once when the connection returns; what the dashboard and its Excel export show is what GET
 * /api/v1/progress says; a commune officer returns a report with a comment that the secretary sees and corrects.
 */
const CELL = '874-30133-A01'; // Ấp Trung, Xã Tân Quới
const SECRETARY = 'bithu.874-30133-a01';
const OFFICER = 'canbo.30133';
const LEADER = 'lanhdao.1';
const ARTIFACTS = join(REPO_ROOT, 'tests', '.artifacts', 'browser');

/** The words the exported workbook uses for each status (Vietnamese, the default). */
const STATUS_VI: Record<string, string> = {
  met: 'Đạt',
  not_met: 'Chưa đạt',
  no_data: 'Chưa có số liệu',
  stale: 'Số liệu cũ',
  threshold_missing: 'Chưa có ngưỡng',
  undetermined: 'Chưa xác định',
};

interface ProgressAnswer {
  asOf: string;
  overall: { percent: number | null; text: { vi: string }; checks: { met: number; total: number } };
  standard: {
    status: string;
    label: { vi: string };
    conditions: { code: string; status: string; checks: { met: number; total: number } }[];
    blockers: { headline: { vi: string }; conditions: { code: string }[] };
  };
  communes: { id: string; cells: number; cellsReporting: number; standard: { metCriteria: number; totalCriteria: number } | null }[];
  heatmap: { columns: { code: string; appliesTo: string }[]; rows: { id: string; criteria: Record<string, string> }[] };
}

describe('the web app in a browser, against the running system', () => {
  let sys: TestSystem;
  let pg: Client;
  let chromium: LaunchedBrowser;
  let leaderCtx: BrowserContext;
  let phoneCtx: BrowserContext;
  let dashboard: Page;
  let phone: Page;
  let firstEventId: string;
  let offlineEventId: string;

  const eventsFor = async (eventId: string) =>
    (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_store WHERE event_id = $1`, [eventId])).rows[0].n;

  const progressApi = async (token: string): Promise<ProgressAnswer> => {
    const res = await fetch(`${sys.url('dashboard')}/api/v1/progress`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as ProgressAnswer;
  };

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    sys = await startSystem('browser', ['ingest', 'projector', 'intake', 'reminders']);
    // the dashboard serves the pages and proxies log-in and submissions to this system's intake
    await sys.start('dashboard', { INTAKE_URL: sys.url('intake'), WEB_DIST_DIR: WEB_DIST, LIVE_HEARTBEAT_SECONDS: '5' });
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    chromium = await launchBrowser();
    leaderCtx = await newContext(chromium.browser, sys.url('dashboard'), DESKTOP);
    phoneCtx = await newContext(chromium.browser, sys.url('dashboard'), PHONE);
    dashboard = await leaderCtx.newPage();
    phone = await phoneCtx.newPage();
  });

  afterAll(async () => {
    await chromium?.close();
    await pg?.end();
    await sys?.stop();
  });

  it('serves the pages: any page address gets the app (revalidated), hashed assets are cached for a year, the API keeps its 404s', async () => {
    const page = await fetch(`${sys.url('dashboard')}/cells/${CELL}/criteria/AP-02`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const js = await fetch(`${sys.url('dashboard')}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const sw = await fetch(`${sys.url('dashboard')}/sw.js`);
    expect([sw.status, sw.headers.get('cache-control')]).toEqual([200, 'no-cache']);
    const manifest = await fetch(`${sys.url('dashboard')}/manifest.webmanifest`);
    expect(manifest.headers.get('content-type')).toMatch(/application\/manifest\+json/);
    expect((await manifest.json()) as { lang: string; display: string }).toMatchObject({ lang: 'vi', display: 'standalone' });
    const api = await fetch(`${sys.url('dashboard')}/api/v1/no-such-thing`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: string }).error).toBe('not_found');
    expect((await fetch(`${sys.url('dashboard')}/assets/missing-file.js`)).status).toBe(404);
  });

  it('a secretary reports from a phone; the dashboard open in another page changes without a reload', async () => {
    // the district leader's dashboard, live
    await logIn(dashboard, LEADER, /\/dashboard$/);
    await dashboard.getByRole('heading', { level: 1, name: /Tiến độ xây dựng huyện nông thôn mới/ }).waitFor();
    await expectAttr(heatmapCell(dashboard, CELL, 'AP-02'), 'data-status', 'no_data');
    await dashboard.getByTestId('connection-status').filter({ hasText: 'Trực tiếp' }).waitFor();
    await dashboard.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    let navigations = 0;
    dashboard.on('framenavigated', (f) => f === dashboard.mainFrame() && navigations++);

    // the secretary, on a phone-sized screen
    const posts = countPosts(phoneCtx, /^\/api\/v1\/updates$/);
    await logIn(phone, SECRETARY, /\/report$/);
    await phone.getByRole('heading', { level: 1, name: /Ấp Trung/ }).waitFor();
    await phone.locator('a[data-form="AP-02"]').click();
    const form = phone.getByTestId('criterion-form');
    await form.waitFor();
    // checked before sending, in plain Vietnamese: more households with power than households
    await phone.getByLabel('Số hộ sử dụng điện thường xuyên, an toàn').fill('120');
    await phone.getByLabel('Tổng số hộ').fill('100');
    await phone.getByLabel('Số liệu tính đến ngày').fill('30/06/2025');
    await phone.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await phone.getByText('Tử số (120) không được lớn hơn mẫu số (100)').first().waitFor();
    await phone.getByLabel('Số liệu tính đến ngày').fill('31/12/2099');
    await phone.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await phone.getByText('Ngày của số liệu không được ở tương lai').first().waitFor();
    expect(posts.count()).toBe(0);
    await phone.screenshot({ path: join(ARTIFACTS, 'phone-form-errors.png'), fullPage: true });

    await phone.getByLabel('Số hộ sử dụng điện thường xuyên, an toàn').fill('99');
    // figures of this month: the view day is the deadline 31/12/2025, and monthly figures older than November are stale
    await phone.getByLabel('Số liệu tính đến ngày').fill('15/12/2025');
    const expectedId = (await form.getAttribute('data-event-ids'))!;
    await phone.getByRole('button', { name: 'Gửi báo cáo' }).click();
    const result = phone.getByTestId('submit-result');
    await expectAttr(result, 'data-outcome', 'sent');
    firstEventId = (await result.getAttribute('data-event-ids'))!;
    expect(firstEventId).toBe(expectedId); // the eventId chosen when the form was created
    expect(posts.count()).toBe(1);

    // the dashboard follows without a reload, told by the live stream (it does not poll while the stream is up)
    await expectAttr(heatmapCell(dashboard, CELL, 'AP-02'), 'data-status', 'met', 45_000);
    await expectAttr(dashboard.getByTestId('computed-at'), 'data-live-cells', new RegExp(`(^|,)${CELL}(,|$)`));
    await dashboard.getByTestId('connection-status').filter({ hasText: 'Trực tiếp' }).waitFor();
    expect(await dashboard.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(navigations).toBe(0);
    const stored = await pg.query(`SELECT reported_by, criterion_code, payload FROM event_store WHERE event_id = $1`, [firstEventId]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]).toMatchObject({ reported_by: SECRETARY, criterion_code: 'XA-04' }); // AP-02 2.1 is judged on XA-04 4.2
    expect(stored.rows[0].payload.readings).toEqual([{ indicatorCode: '4.2', numerator: 99, denominator: 100 }]);
    await dashboard.screenshot({ path: join(ARTIFACTS, 'dashboard-after-report.png'), fullPage: true });
  });

  it('a report made without a connection waits on the phone and is sent once when the connection returns', async () => {
    const posts = countPosts(phoneCtx, /^\/api\/v1\/updates$/);
    await phone.goto('/report');
    await phone.locator('a[data-form="AP-03"]').click();
    const form = phone.getByTestId('criterion-form');
    await form.waitFor();
    // the app is installed: its service worker controls the page (and holds the app shell for offline starts)
    await eventually(
      () => phone.evaluate(() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)),
      (v) => v,
      {
        what: 'the service worker controlling the page',
      },
    );
    await phoneCtx.setOffline(true);
    await phone.getByTestId('connection-status').filter({ hasText: 'Mất kết nối' }).waitFor();
    await phone.locator('input[name="3.1.value"]').fill('0');
    await phone.getByLabel('Số hộ có nhà ở kiên cố hoặc bán kiên cố').fill('45');
    await phone.getByLabel('Tổng số hộ').fill('50');
    await phone.getByLabel('Số liệu tính đến ngày').fill('20/12/2025');
    await phone.getByRole('button', { name: 'Lưu và gửi khi có mạng' }).click();
    const result = phone.getByTestId('submit-result');
    await expectAttr(result, 'data-outcome', 'queued');
    offlineEventId = (await result.getAttribute('data-event-ids'))!;
    expect(offlineEventId).toMatch(/^[0-9a-f-]{36}$/);

    // it waits on the phone (IndexedDB), also across a reload without a connection (the service worker serves the app)
    await phone.goto('/report');
    const waiting = phone.locator(`[data-testid=outbox] li[data-event-id="${offlineEventId}"]`);
    await expectAttr(waiting, 'data-state', 'waiting');
    await phone.screenshot({ path: join(ARTIFACTS, 'phone-offline-waiting.png'), fullPage: true });
    expect(posts.count()).toBe(0);
    expect(await eventsFor(offlineEventId)).toBe(0);

    // the connection returns: sent once, stored once
    await phoneCtx.setOffline(false);
    await eventually(
      () => eventsFor(offlineEventId),
      (n) => n === 1,
      { what: 'the offline report in the event store', timeoutMs: 45_000 },
    );
    await waiting.waitFor({ state: 'detached' });
    await phone.locator(`[data-testid=my-submissions] li[data-event-id="${offlineEventId}"]`).waitFor();
    expect(posts.count()).toBe(1);
    expect(await eventsFor(offlineEventId)).toBe(1);
    const submissions = await pg.query(`SELECT count(*)::int AS n FROM submission WHERE event_id = $1`, [offlineEventId]);
    expect(submissions.rows[0].n).toBe(1);
  });

  it('the heatmap and the headline show what GET /api/v1/progress says', async () => {
    // both reports are in the read models (the offline one too), and the page has followed
    const secretaryToken = await tokenOf(phone);
    await eventually(
      async () => {
        const res = await fetch(`${sys.url('dashboard')}/api/v1/submissions/${offlineEventId}`, { headers: { authorization: `Bearer ${secretaryToken}` } });
        return ((await res.json()) as { status?: string }).status;
      },
      (st) => st === 'projected',
      { what: 'the offline report projected', timeoutMs: 45_000 },
    );
    await expectAttr(heatmapCell(dashboard, CELL, 'AP-03'), 'data-status', /^(met|not_met)$/, 45_000);
    await dashboard.reload();
    await dashboard.getByTestId('headline').waitFor();
    const p = await progressApi(await tokenOf(dashboard));

    await expectText(dashboard.getByTestId('overall-percent'), p.overall.text.vi);
    await expectText(dashboard.getByTestId('standard-label'), p.standard.label.vi);
    const conditions = await dashboard
      .locator('[data-testid=headline] li[data-condition]')
      .evaluateAll((els) => els.map((e) => ({ code: e.getAttribute('data-condition'), status: e.getAttribute('data-status') })));
    expect(conditions).toEqual(p.standard.conditions.map((c) => ({ code: c.code, status: c.status })));

    const shown = await dashboard.locator('table[data-testid=heatmap] tr[data-cell]').evaluateAll((rows) =>
      rows.map((r) => ({
        id: r.getAttribute('data-cell'),
        criteria: Object.fromEntries(
          [...r.querySelectorAll('td[data-criterion]')].map((td) => [td.getAttribute('data-criterion'), td.getAttribute('data-status')]),
        ),
      })),
    );
    expect(shown).toHaveLength(seedCounts.cells);
    const expected = p.heatmap.rows.map((r) => ({
      id: r.id,
      criteria: Object.fromEntries(Object.entries(r.criteria).filter(([code]) => p.heatmap.columns.some((c) => c.code === code))),
    }));
    expect(new Map(shown.map((r) => [r.id, r.criteria]))).toEqual(new Map(expected.map((r) => [r.id, r.criteria])));
    expect(shown.find((r) => r.id === CELL)!.criteria['AP-02']).toBe('met');

    const communes = await dashboard
      .locator('table[data-testid=communes] tr[data-commune]')
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-commune'), r.querySelector('[data-testid=criteria-met]')!.textContent.trim()]));
    expect(communes).toEqual(p.communes.map((c) => [c.id, c.standard ? `${c.standard.metCriteria}/${c.standard.totalCriteria}` : '–']));

    // what blocks the standard leads the headline, as the API says it (closest first)
    expect(await dashboard.getByTestId('blockers-headline').textContent()).toBe(p.standard.blockers.headline.vi);
    const blockerConditions = await dashboard
      .locator('[data-testid=blockers] li[data-blocker-condition]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-blocker-condition')));
    expect(blockerConditions).toEqual(p.standard.blockers.conditions.map((c) => c.code));
    // the deadline has passed: the headline is the programme's final result, in the past tense
    await dashboard.getByRole('heading', { name: /Kết quả cuối cùng của chương trình \(đánh giá tại ngày 31\/12\/2025\)/ }).waitFor();
    // English on request: the same figures, English words, dates as "31 Dec 2025"
    await dashboard.getByRole('button', { name: 'English' }).click();
    await dashboard.getByRole('heading', { level: 1, name: /Progress toward the new-rural district standard/ }).waitFor();
    await dashboard.getByRole('heading', { name: /Final result of the programme \(judged on 31 Dec 2025\)/ }).waitFor();
    await dashboard.getByRole('button', { name: 'Tiếng Việt' }).click();
    await dashboard.getByRole('heading', { name: /đánh giá tại ngày 31\/12\/2025/ }).waitFor();
    await dashboard.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });

  it('the Excel export downloads, opens, and holds the figures of GET /api/v1/progress', async () => {
    const p = await progressApi(await tokenOf(dashboard));
    const [download] = await Promise.all([dashboard.waitForEvent('download'), dashboard.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toBe(`bao-cao-tien-do-huyen-thanh-binh-${p.asOf}.xlsx`);
    const file = join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'Tổng hợp',
      'Những gì còn chặn chuẩn huyện',
      'Điều kiện chuẩn huyện',
      'Xã, thị trấn',
      'Chi bộ theo tiêu chí',
    ]);

    const summary = wb.getWorksheet('Tổng hợp')!;
    const value = (label: string) => {
      let found: ExcelJS.CellValue | undefined;
      summary.eachRow((row) => {
        if (row.getCell(1).value === label) found = row.getCell(2).value;
      });
      return found;
    };
    expect(value('Tiến độ chung (%)')).toBe(p.overall.percent);
    expect(value('Hạng mục đạt / tổng số')).toBe(`${p.overall.checks.met}/${p.overall.checks.total}`);
    expect(value('Chuẩn huyện nông thôn mới')).toBe(p.standard.label.vi);
    expect(value('Những gì còn chặn chuẩn huyện')).toBe(p.standard.blockers.headline.vi);
    expect((value('Số liệu tính đến ngày') as Date).toISOString().slice(0, 10)).toBe(p.asOf);

    const conditions = wb.getWorksheet('Điều kiện chuẩn huyện')!;
    const condRows = rowsOf(conditions);
    expect(condRows.map((r) => [r['Mã'], r['Trạng thái'], r['Hạng mục đạt'], r['Tổng hạng mục']])).toEqual(
      p.standard.conditions.map((c) => [c.code, STATUS_VI[c.status] ?? c.status, c.checks.met, c.checks.total]),
    );

    const communes = rowsOf(wb.getWorksheet('Xã, thị trấn')!);
    expect(communes.map((r) => [r['Mã'], r['Tiêu chí đạt'] ?? null, r['Chi bộ đã báo cáo']])).toEqual(
      p.communes.map((c) => [c.id, c.standard?.metCriteria ?? null, c.cellsReporting]),
    );

    const cells = rowsOf(wb.getWorksheet('Chi bộ theo tiêu chí')!);
    expect(cells).toHaveLength(p.heatmap.rows.length);
    for (const r of p.heatmap.rows) {
      const row = cells.find((x) => x['Mã'] === r.id)!;
      for (const col of p.heatmap.columns) {
        const header = Object.keys(row).find((h) => h.startsWith(`${col.code} `))!;
        expect([r.id, col.code, row[header] ?? '']).toEqual([r.id, col.code, r.criteria[col.code] ? STATUS_VI[r.criteria[col.code]] : '']);
      }
    }
    expect(cells.find((x) => x['Mã'] === CELL)!['AP-02 Điện']).toBe('Đạt');

    // the CSV table of the same report: status codes for other programs
    const csv = await (
      await fetch(`${sys.url('dashboard')}/api/v1/exports/district-report.csv`, { headers: { authorization: `Bearer ${await tokenOf(dashboard)}` } })
    ).text();
    const [header, ...lines] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const cols = header.split(',');
    const mine = lines.map((l) => l.split(',')).find((l) => l[cols.indexOf('cellId')] === CELL)!;
    expect(mine[cols.indexOf('AP-02')]).toBe('met');
    expect(lines).toHaveLength(seedCounts.cells);
  });

  it('a commune officer returns a report with a comment; the secretary sees it and sends a correction', async () => {
    const officerCtx = await newContext(chromium.browser, sys.url('dashboard'), PHONE);
    const officer = await officerCtx.newPage();
    try {
      await logIn(officer, OFFICER, /\/review$/);
      const item = officer.locator(`[data-testid=review-list] li[data-event-id="${firstEventId}"]`);
      await item.waitFor();
      await item.getByRole('button', { name: /Trả lại để sửa/ }).click();
      await item.getByText('Nhập ý kiến để chi bộ biết cần sửa gì').waitFor(); // a return needs a comment
      await item.getByLabel('Ý kiến gửi chi bộ').fill('Tổng số hộ chưa khớp với số liệu của xã, đề nghị kiểm tra lại');
      await item.getByRole('button', { name: /Trả lại để sửa/ }).click();
      await officer.getByRole('button', { name: 'Tất cả' }).click();
      await expectAttr(officer.locator(`[data-testid=review-list] li[data-event-id="${firstEventId}"]`), 'data-review', 'returned');
      // the other report is fine
      const other = officer.locator(`[data-testid=review-list] li[data-event-id="${offlineEventId}"]`);
      await other.getByRole('button', { name: /Xác nhận/ }).click();
      await expectAttr(other, 'data-review', 'verified');

      // the secretary sees the return and the comment
      await phone.goto('/report');
      // at the top of her page, under "to correct"
      const mine = phone.locator(`[data-testid=to-fix] li[data-event-id="${firstEventId}"]`);
      await expectAttr(mine, 'data-review', 'returned');
      await mine.getByText('Tổng số hộ chưa khớp với số liệu của xã, đề nghị kiểm tra lại').waitFor();
      await phone.screenshot({ path: join(ARTIFACTS, 'phone-returned.png'), fullPage: true });
      await mine.getByRole('link', { name: 'Sửa báo cáo này' }).click();
      await phone.getByText('Bạn đang sửa báo cáo ngày 15/12/2025').waitFor();
      await expectValue(phone.getByLabel('Số hộ sử dụng điện thường xuyên, an toàn'), '99');
      await phone.getByLabel('Tổng số hộ').fill('104');
      const corrections = countPosts(phoneCtx, /^\/api\/v1\/submissions\/[^/]+\/corrections$/);
      await phone.getByRole('button', { name: 'Gửi báo cáo' }).click();
      await phone.waitForURL(/\/report$/);
      expect(corrections.count()).toBe(1);
      await phone.getByTestId('to-fix').waitFor({ state: 'detached' }); // corrected: nothing left to correct
      const correction = await eventually(
        async () => (await pg.query(`SELECT event_id, payload FROM event_store WHERE payload->>'supersedes' = $1`, [firstEventId])).rows,
        (rows) => rows.length === 1,
        { what: 'the correction in the event store', timeoutMs: 45_000 },
      );
      expect(correction[0].payload.readings).toEqual([{ indicatorCode: '4.2', numerator: 99, denominator: 104 }]);
    } finally {
      await officerCtx.close();
    }
  });
  it("a reminder in the secretary's inbox shows in the header, opens the report page it links to and is then read", async () => {
    const [account] = (await pg.query(`SELECT id FROM account WHERE username = $1`, [SECRETARY])).rows;
    const messageId = randomUUID();
    await pg.query(`INSERT INTO inbox_message (id, account_id, title, body, link) VALUES ($1, $2, $3, $4, $5)`, [
      messageId,
      account.id,
      'Nhắc hạn giao ước thi đua: Ấp Trung',
      'Chi bộ Ấp Trung có 1 chỉ tiêu giao ước thi đua cần cập nhật kết quả:\n- Tiêu chí AP-02 Điện: hạn 31/12/2025',
      `http://pledge.example/submit?cell=${CELL}`,
    ]);
    await phone.goto('/report');
    await expectAttr(phone.getByTestId('inbox-link'), 'data-unread', '1', 70_000);
    await phone.getByTestId('inbox-link').click();
    const message = phone.locator(`[data-testid=inbox] li[data-message="${messageId}"]`);
    await message.getByText('Tiêu chí AP-02 Điện: hạn 31/12/2025', { exact: false }).waitFor();
    await message.getByRole('link', { name: 'Mở' }).click();
    await phone.waitForURL(/\/report$/);
    await expectAttr(phone.getByTestId('inbox-link'), 'data-unread', '0');
    const read = await pg.query(`SELECT read_at FROM inbox_message WHERE id = $1`, [messageId]);
    expect(read.rows[0].read_at).not.toBeNull();
  });

  it('a secretary whose password the administrator reset must choose her own at login, then reaches her report page', async () => {
    const admin = await logInApi(sys.url('intake'), 'quantri');
    const reset = await call<{ temporaryPassword: string }>(`${sys.url('intake')}/api/v1/accounts/bithu.874-30133-a02/password`, {
      token: admin.accessToken,
      body: {},
    });
    expect(reset.status).toBe(200);
    const { temporaryPassword } = reset.body;

    const ctx = await newContext(chromium.browser, sys.url('dashboard'), PHONE);
    try {
      const page = await ctx.newPage();
      await page.goto('/login');
      await page.getByLabel('Tên đăng nhập').fill('bithu.874-30133-a02');
      await page.getByLabel('Mật khẩu').fill(temporaryPassword);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
      await page.getByLabel('Mật khẩu mới (ít nhất 12 ký tự)').fill(OWN_PASSWORD);
      await page.getByLabel('Nhập lại mật khẩu mới').fill(`${OWN_PASSWORD}x`);
      await page.getByRole('button', { name: 'Đổi mật khẩu và tiếp tục' }).click();
      await page.getByText('Hai lần nhập mật khẩu mới không giống nhau').waitFor();
      await page.getByLabel('Nhập lại mật khẩu mới').fill(OWN_PASSWORD);
      await page.getByRole('button', { name: 'Đổi mật khẩu và tiếp tục' }).click();
      await page.waitForURL(/\/report$/);
      await page.getByRole('heading', { level: 1, name: /Ấp/ }).waitFor();
      const { rows } = await pg.query(`SELECT must_change_password FROM account WHERE username = 'bithu.874-30133-a02'`);
      expect(rows[0].must_change_password).toBe(false);
    } finally {
      await ctx.close();
    }
  });

  it('the pages pass the automatic accessibility checks (axe-core, WCAG 2.1 A and AA)', async () => {
    const check = async (page: Page, what: string) => expect(await accessibilityProblems(page, what)).toEqual([]);
    await dashboard.goto('/dashboard');
    await dashboard.getByTestId('headline').waitFor();
    await dashboard.locator('table[data-testid=ranking]').waitFor();
    await dashboard.getByTestId('reporting-summary').waitFor();
    await dashboard.getByTestId('trend-chart').waitFor();
    await check(dashboard, 'dashboard');
    await dashboard.goto(`/cells/${CELL}/criteria/AP-02`);
    await dashboard.getByTestId('readings-history').first().waitFor();
    await check(dashboard, 'reading history');
    await phone.goto('/report');
    await phone.locator('[data-testid=my-submissions]').waitFor();
    await check(phone, 'secretary home');
    await phone.goto('/report/AP-03');
    await phone.getByTestId('criterion-form').waitFor();
    await phone.getByLabel('Tổng số hộ').fill('-3');
    await phone.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await phone.getByTestId('form-errors').waitFor();
    await check(phone, 'form with errors');
  });
});

/** Poll an attribute until it matches (the page changes on its own: live updates, background sends). */
async function expectAttr(locator: ReturnType<Page['locator']>, name: string, want: string | RegExp, timeoutMs = 20_000): Promise<void> {
  await eventually(
    () => locator.getAttribute(name, { timeout: 2000 }).catch(() => null),
    (v) => v !== null && (typeof want === 'string' ? v === want : want.test(v)),
    { what: `${name}=${want}`, timeoutMs, intervalMs: 200 },
  );
}

async function expectText(locator: ReturnType<Page['locator']>, want: string): Promise<void> {
  await eventually(
    () => locator.innerText({ timeout: 2000 }).then((s) => s.trim()),
    (v) => v === want,
    { what: `text "${want}"`, timeoutMs: 10_000 },
  );
}

async function expectValue(locator: ReturnType<Page['locator']>, want: string): Promise<void> {
  await eventually(
    () => locator.inputValue({ timeout: 2000 }),
    (v) => v === want,
    { what: `value "${want}"`, timeoutMs: 10_000 },
  );
}

/** A worksheet's rows as objects keyed by the header row. */
function rowsOf(sheet: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] {
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
  const out: Record<string, ExcelJS.CellValue>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const o: Record<string, ExcelJS.CellValue> = {};
    (row.values as ExcelJS.CellValue[]).forEach((v, i) => {
      if (header[i]) o[header[i]] = v;
    });
    out.push(o);
  });
  return out;
}
