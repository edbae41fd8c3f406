/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (page.evaluate callbacks run in the browser)
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../support/env';
import { eventually } from '../../support/eventually';
import { TEST_PASSWORD } from '../../support/global-setup';
import { startSystem, TestSystem } from '../../support/system';
import { accessibilityProblems } from './support/axe';
import { DESKTOP, launchBrowser, LaunchedBrowser, newContext, PHONE } from './support/browser';
import { countPosts, logIn, tokenOf } from './support/pages';
import { ensureWebBuilt, WEB_DIST } from './support/web-build';
import { seedCounts } from '../../support/seed-counts';

/**
 * The dashboard's reporting completeness, its trend chart and the officers' own figures, in a real browser against
 * the whole running system (intake → Kafka → ingest → projector → dashboard):
 * - the cells that have not reported for the period (November 2025, the latest due on the view date 31/12/2025) are
 *   the ones GET /api/v1/reporting names, commune by commune, and the list follows a missing cell that reports;
 * - a commune officer reports the commune's own figure (XA-07) from the web page, and the commune's criterion turns
 *   "met" on the dashboard;
 * - the trend chart is drawn from GET /api/v1/progress/trend alone, whose points are the figures of
 *   GET /api/v1/progress?asOf= on those days.
 */
const COMMUNE = '30133'; // Xã Tân Quới
const CELLS = ['874-30133-A01', '874-30133-A02', '874-30133-A03', '874-30133-A04', '874-30133-A05'];
const LEADER = 'lanhdao.1';
const OFFICER = 'canbo.30133';
const ARTIFACTS = join(REPO_ROOT, 'tests', '.artifacts', 'browser');

interface ReportingAnswer {
  period: { start: string; due: string; label: { vi: string; en: string } };
  cellsExpected: number;
  cellsReported: number;
  cellsLate: number;
  notReported: { id: string; name: string; placeholder: boolean; communeId: string }[];
  late: { id: string; daysLate: number }[];
  perCommune: { id: string; notReported: string[]; late: string[] }[];
}

describe('reporting completeness, the trend and the communes’ own figures, in a browser against the running system', () => {
  let sys: TestSystem;
  let pg: Client;
  let chromium: LaunchedBrowser;
  let leaderCtx: BrowserContext;
  let dashboard: Page;

  const api = async <T = any>(path: string, token: string): Promise<T> => {
    const res = await fetch(`${sys.url('dashboard')}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect([path, res.status]).toEqual([path, 200]);
    return (await res.json()) as T;
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
  /** A secretary's month report through the intake (as the phone sends it): housing figures of one day. */
  const report = async (cell: string, asOf: string, reportedAt: string): Promise<string> => {
    const eventId = randomUUID();
    const res = await fetch(`${sys.url('intake')}/api/v1/updates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(`bithu.${cell.toLowerCase()}`)}` },
      body: JSON.stringify({
        eventId,
        schemaVersion: 1,
        hamletCode: cell,
        criterionCode: 'XA-09',
        readings: [
          { indicatorCode: '9.1', value: asOf < '2025-01-01' ? 2 : 0 },
          { indicatorCode: '9.2', numerator: asOf < '2025-01-01' ? 60 : 85, denominator: 100 },
        ],
        asOf,
        reportedAt,
      }),
    });
    expect([cell, asOf, res.status]).toEqual([cell, asOf, 202]);
    return eventId;
  };
  const projected = (eventIds: string[]) =>
    eventually(
      async () =>
        (await pg.query<{ n: number }>(`SELECT count(DISTINCT event_id)::int AS n FROM rm_reading_history WHERE event_id = ANY($1::uuid[])`, [eventIds]))
          .rows[0].n,
      (n) => n === eventIds.length,
      { what: `${eventIds.length} reports in the read models`, timeoutMs: 60_000 },
    );
  /** What the reporting section shows: the cells named as not reported and as late, commune by commune. */
  const shownReporting = (page: Page) =>
    page.locator('[data-testid=reporting-communes] tr[data-commune]').evaluateAll((rows) =>
      rows.map((r) => ({
        id: r.getAttribute('data-commune'),
        notReported: [...r.querySelectorAll('li[data-state=not_reported]')].map((li) => li.getAttribute('data-cell')),
        late: [...r.querySelectorAll('li[data-state=late]')].map((li) => li.getAttribute('data-cell')),
      })),
    );

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    sys = await startSystem('browser-reporting', ['ingest', 'projector', 'intake']);
    await sys.start('dashboard', { INTAKE_URL: sys.url('intake'), WEB_DIST_DIR: WEB_DIST, LIVE_HEARTBEAT_SECONDS: '5' });
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    // Xã Tân Quới's hamlets report housing at mid-2024 and mid-2025; for November 2025 two report on time (by 05/12),
    // one late (08/12), two not at all
    const ids: string[] = [];
    for (const cell of CELLS) {
      ids.push(await report(cell, '2024-06-30', '2024-07-02T09:00:00+07:00'));
      ids.push(await report(cell, '2025-06-30', '2025-07-02T09:00:00+07:00'));
    }
    ids.push(await report(CELLS[0], '2025-11-28', '2025-12-02T09:00:00+07:00'));
    ids.push(await report(CELLS[2], '2025-11-30', '2025-12-05T23:30:00+07:00'));
    ids.push(await report(CELLS[3], '2025-11-30', '2025-12-08T09:00:00+07:00'));
    await projected(ids);
    chromium = await launchBrowser();
    leaderCtx = await newContext(chromium.browser, sys.url('dashboard'), DESKTOP);
    dashboard = await leaderCtx.newPage();
    await logIn(dashboard, LEADER, /\/dashboard$/);
  });

  afterAll(async () => {
    await chromium?.close();
    await pg?.end();
    await sys?.stop();
  });

  it('documents both read endpoints in OpenAPI', async () => {
    const doc = (await (await fetch(`${sys.url('dashboard')}/api/docs-json`)).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    };
    expect(doc.paths['/api/v1/reporting']?.get?.parameters?.map((p) => p.name).sort()).toEqual(['asOf', 'period', 'programme', 'version']);
    expect(doc.paths['/api/v1/progress/trend']?.get?.parameters?.map((p) => p.name).sort()).toEqual(['asOf', 'every', 'programme', 'version']);
  });

  it('names the cells that have not reported for the period as GET /api/v1/reporting does, and follows a missing cell that reports', async () => {
    const token = await tokenOf(dashboard);
    const section = dashboard.getByTestId('reporting');
    await section.getByRole('heading', { name: 'Tình hình báo cáo kỳ tháng 11/2025' }).waitFor();
    // the period is the one the view date (the deadline 31/12/2025) requires, and the page says so
    await section.getByText('Kỳ báo cáo tháng 11/2025 (hạn nộp 05/12/2025): kỳ gần nhất đã đến hạn tại ngày xem 31/12/2025', { exact: false }).waitFor();
    const sameAsApi = async () => {
      const r = await api<ReportingAnswer>('/api/v1/reporting', token);
      const want = r.perCommune.map((c) => ({ id: c.id, notReported: c.notReported, late: c.late }));
      await eventually(
        () => shownReporting(dashboard),
        (shown) => JSON.stringify(shown) === JSON.stringify(want),
        { what: 'the reporting table as the API says', timeoutMs: 30_000 },
      );
      const summary = dashboard.getByTestId('reporting-summary');
      expect([await summary.getAttribute('data-expected'), await summary.getAttribute('data-reported'), await summary.getAttribute('data-late')]).toEqual([
        String(r.cellsExpected),
        String(r.cellsReported),
        String(r.cellsLate),
      ]);
      return r;
    };
    const before = await eventually(
      () => api<ReportingAnswer>('/api/v1/reporting', token),
      (r) => r.cellsReported === 3,
      {
        what: 'the November reports in the reporting summary',
        timeoutMs: 60_000,
      },
    );
    expect(before).toMatchObject({ period: { start: '2025-11-01', due: '2025-12-05' }, cellsExpected: seedCounts.cells, cellsLate: 1 });
    expect(before.late).toEqual([expect.objectContaining({ id: CELLS[3], daysLate: 3 })]);
    expect(before.notReported.map((c) => c.id)).toEqual(expect.arrayContaining([CELLS[1], CELLS[4]]));
    expect(before.notReported).toHaveLength(52);
    await sameAsApi();
    // placeholder names are shown as such
    const a02 = dashboard.locator(`[data-testid=reporting-communes] li[data-state=not_reported][data-cell="${CELLS[1]}"]`);
    await a02.locator('[data-placeholder=true]').getByText('tên tạm').waitFor();
    expect(await a02.innerText()).toContain('Ấp [placeholder 02]');
    await dashboard.locator('section[data-testid=reporting]').screenshot({ path: join(ARTIFACTS, 'dashboard-reporting.png') });

    // the missing A02 reports its November figures now (late); the page follows without a reload
    await dashboard.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await report(CELLS[1], '2025-11-30', new Date().toISOString());
    await dashboard.locator(`[data-testid=reporting-communes] li[data-state=late][data-cell="${CELLS[1]}"]`).waitFor({ timeout: 60_000 });
    await a02.waitFor({ state: 'detached' });
    const after = await sameAsApi();
    expect(after.notReported.map((c) => c.id)).not.toContain(CELLS[1]);
    expect(after.late.map((c) => c.id)).toEqual([CELLS[1], CELLS[3]]);
    expect(after.cellsReported).toBe(4);
    expect(await dashboard.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

    // in English on request
    await dashboard.getByRole('button', { name: 'English' }).click();
    await section.getByRole('heading', { name: 'Reporting for November 2025' }).waitFor();
    await section.getByText('provisional name').first().waitFor();
    await dashboard.getByRole('button', { name: 'Tiếng Việt' }).click();
  });

  it('a commune officer reports the commune’s own figure from the web page; the commune’s criterion turns met on the dashboard', async () => {
    const token = await tokenOf(dashboard);
    const communeRow = () =>
      api<{ communes: { id: string; criteriaStatus: Record<string, string>; standard: { metCriteria: number; totalCriteria: number } }[] }>(
        '/api/v1/progress',
        token,
      ).then((p) => p.communes.find((c) => c.id === COMMUNE)!);
    const before = await communeRow();
    expect(before.criteriaStatus['XA-07']).toBe('no_data');
    const metCell = dashboard.locator(`table[data-testid=communes] tr[data-commune="${COMMUNE}"] [data-testid=criteria-met]`);
    await eventually(
      () => metCell.innerText(),
      (v) => v.trim() === `${before.standard.metCriteria}/${before.standard.totalCriteria}`,
      { what: 'the commune row' },
    );

    const officerCtx = await newContext(chromium.browser, sys.url('dashboard'), PHONE);
    const officer = await officerCtx.newPage();
    try {
      const posts = countPosts(officerCtx, /^\/api\/v1\/updates$/);
      await logIn(officer, OFFICER, /\/review$/);
      await officer.getByRole('link', { name: 'Số liệu của xã' }).click();
      await officer.getByRole('heading', { level: 1, name: 'Số liệu của Xã Tân Quới' }).waitFor();
      // only the indicators the commune reports itself: commune criteria, none of the hamlets' forms
      await officer.locator('a[data-form="XA-07"]').waitFor();
      const forms = await officer.locator('a[data-form]').evaluateAll((as) => as.map((a) => a.getAttribute('data-form')!));
      expect(forms.every((f) => f.startsWith('XA-'))).toBe(true);
      expect(forms).toEqual(expect.arrayContaining(['XA-01', 'XA-07', 'XA-18', 'XA-NC']));
      expect(forms).not.toContain('XA-09'); // housing is reported by the hamlets
      expect(await accessibilityProblems(officer, 'officer’s own figures')).toEqual([]);
      await officer.screenshot({ path: join(ARTIFACTS, 'phone-commune-figures.png'), fullPage: true });

      await officer.locator('a[data-form="XA-07"]').click();
      const form = officer.getByTestId('criterion-form');
      await form.waitFor();
      // checked before sending, like the secretaries' forms: nothing filled in
      await officer.getByRole('button', { name: 'Gửi báo cáo' }).click();
      await officer.getByTestId('form-errors').getByText('Hãy điền ít nhất một chỉ tiêu').waitFor();
      await officer.locator('fieldset[data-indicator="7"]').getByRole('radio', { name: 'Có', exact: true }).check();
      await officer.getByLabel('Số liệu tính đến ngày').fill('15/12/2025');
      const expectedId = (await form.getAttribute('data-event-ids'))!;
      await officer.getByRole('button', { name: 'Gửi báo cáo' }).click();
      const result = officer.getByTestId('submit-result');
      await eventually(
        () => result.getAttribute('data-outcome', { timeout: 2000 }).catch(() => null),
        (v) => v === 'sent',
        { what: 'the report sent' },
      );
      expect(await result.getAttribute('data-event-ids')).toBe(expectedId);
      expect(posts.count()).toBe(1);

      // stored for the commune itself, by the officer
      const stored = await eventually(
        async () => (await pg.query(`SELECT hamlet_code, criterion_code, reported_by, payload FROM event_store WHERE event_id = $1`, [expectedId])).rows,
        (rows) => rows.length === 1,
        { what: 'the commune’s figure in the event store', timeoutMs: 45_000 },
      );
      expect(stored[0]).toMatchObject({ hamlet_code: COMMUNE, criterion_code: 'XA-07', reported_by: OFFICER });
      expect(stored[0].payload.readings).toEqual([{ indicatorCode: '7', value: true }]);

      // the dashboard, open all along, counts one more criterion met for the commune
      await eventually(
        () => metCell.innerText(),
        (v) => v.trim() === `${before.standard.metCriteria + 1}/${before.standard.totalCriteria}`,
        {
          what: 'one more criterion met in the commune row of the dashboard',
          timeoutMs: 60_000,
        },
      );
      expect((await communeRow()).criteriaStatus['XA-07']).toBe('met');
      // its drill-down shows XA-07 met
      await dashboard.locator(`table[data-testid=communes] tr[data-commune="${COMMUNE}"] a`).click();
      await dashboard.locator('details[data-criterion="XA-07"] summary .chip[data-status="met"]').first().waitFor();

      // the officer's page lists it with its status; it is not in the officer's review of the cells' reports
      await officer.goto('/report');
      await eventually(
        () =>
          officer
            .locator(`[data-testid=my-submissions] li[data-event-id="${expectedId}"]`)
            .getAttribute('data-status', { timeout: 2000 })
            .catch(() => null),
        (s) => s === 'projected',
        { what: 'the officer’s submission shown as projected', timeoutMs: 30_000 },
      );
      await officer.goto('/review');
      await officer.getByRole('heading', { level: 1 }).waitFor();
      await officer.getByRole('button', { name: 'Tất cả' }).click();
      await officer.locator('[data-testid=review-list]').waitFor();
      expect(await officer.locator(`[data-testid=review-list] li[data-event-id="${expectedId}"]`).count()).toBe(0);
    } finally {
      await officerCtx.close();
    }

    // a district leader's own page offers the district criteria only
    const leaderPhone = await newContext(chromium.browser, sys.url('dashboard'), PHONE);
    try {
      const page = await leaderPhone.newPage();
      await logIn(page, LEADER, /\/dashboard$/);
      await page.goto('/report');
      await page.getByRole('heading', { level: 1, name: /^Số liệu của Huyện Thanh Bình/ }).waitFor();
      await page.locator('a[data-form="HUYEN-01"]').waitFor();
      const forms = await page.locator('a[data-form]').evaluateAll((as) => as.map((a) => a.getAttribute('data-form')!));
      // the nine district criteria and the residents' satisfaction measure (condition DK-05)
      expect(forms).toEqual(['HUYEN-01', 'HUYEN-02', 'HUYEN-03', 'HUYEN-04', 'HUYEN-05', 'HUYEN-06', 'HUYEN-07', 'HUYEN-08', 'HUYEN-09', 'HUYEN-HL']);
    } finally {
      await leaderPhone.close();
    }
  });

  it('draws the trend from GET /api/v1/progress/trend alone, whose points are what GET /api/v1/progress?asOf= says on those days', async () => {
    const token = await tokenOf(dashboard);
    const asked: string[] = [];
    dashboard.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/v1/progress')) asked.push(u.pathname + u.search);
    });
    await dashboard.goto('/dashboard?asOf=2025-09-30');
    const chart = dashboard.getByTestId('trend-chart');
    await chart.waitFor();
    await dashboard.getByTestId('trend-forecast').waitFor();
    // one request for the whole chart; no per-quarter calls of GET /api/v1/progress
    expect([...new Set(asked)].sort()).toEqual(['/api/v1/progress/trend?every=quarter&asOf=2025-09-30', '/api/v1/progress?asOf=2025-09-30']);

    type Trend = {
      asOf: string;
      points: {
        asOf: string;
        overall: { progress: number | null; percent: number | null; checks: unknown };
        communesAtStandard: number;
        pledges: { actualPercent: number; actualProgress: number; expectedProgress: number; status: string };
      }[];
      forecast: { pledges: { points: { asOf: string; value: number }[] } };
    };
    const trend = await api<Trend>('/api/v1/progress/trend?every=quarter&asOf=2025-09-30', token);
    expect(trend.points.map((p) => p.asOf).slice(-3)).toEqual(['2025-03-31', '2025-06-30', '2025-09-30']);
    // the chart's data table holds the endpoint's figures
    const rows = await dashboard
      .locator('table[data-testid=trend-table] tr[data-as-of]')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute('data-as-of'), tr.getAttribute('data-overall'), tr.getAttribute('data-pledges'), tr.getAttribute('data-communes')]),
      );
    expect(rows).toEqual(
      trend.points.map((p) => [
        p.asOf,
        p.overall.percent === null ? '' : String(p.overall.percent),
        String(p.pledges.actualPercent),
        String(p.communesAtStandard),
      ]),
    );
    expect(await chart.getAttribute('data-points')).toBe(String(trend.points.length));

    // the endpoint's points are the progress figures of those days
    type Progress = {
      overall: { progress: number | null; percent: number | null; checks: unknown };
      communes: { standard: { status: string } | null }[];
      forecast: { actualProgress: number; expectedProgress: number; status: string };
    };
    const moved = trend.points.filter((p) => p.pledges.actualProgress > 0);
    expect(moved.length).toBeGreaterThanOrEqual(2); // the housing figures of 2024 and 2025 moved the pledges
    for (const day of ['2024-06-30', '2025-06-30']) {
      const point = trend.points.find((p) => p.asOf === day)!;
      const p = await api<Progress>(`/api/v1/progress?asOf=${day}`, token);
      expect([day, point.overall, point.communesAtStandard, point.pledges.actualProgress, point.pledges.expectedProgress, point.pledges.status]).toEqual([
        day,
        { progress: p.overall.progress, percent: p.overall.percent, checks: p.overall.checks },
        p.communes.filter((c) => c.standard?.status === 'met').length,
        p.forecast.actualProgress,
        p.forecast.expectedProgress,
        p.forecast.status,
      ]);
    }
    expect(trend.forecast.pledges.points.at(-1)!.asOf).toBe('2025-12-31');
    await dashboard.locator('section:has(> h2#trend-title)').screenshot({ path: join(ARTIFACTS, 'dashboard-trend.png') });
  });
});
