#!/usr/bin/env node
/**
 * Screenshots of the web app for docs/screenshots (shown in the README, section "Screens"), taken with Debian's
 * Chromium through playwright-core against a running system (`npm start`).
 *
 *   node tests/e2e/browser/support/screenshots.cjs [--seed-demo] [--url http://127.0.0.1:3000] [--out docs/screenshots]
 *
 * --seed-demo first submits illustrative readings through the secretaries' own API (log-in, then
 * POST /api/v1/updates/batch for each cell at six dates from 2023 to November 2025: the last one is the reporting
 * period the dashboard shows for the deadline 31/12/2025; some cells report it late, some not at all), so that the
 * pages have something to show. It writes into the system's database: use it on a development system only. Passwords: DEV_SEED_PASSWORD
 * (required: the password the development system was seeded with; none is written in the repository).
 */
'use strict';
const { mkdirSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { randomUUID } = require('node:crypto');
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const BASE = opt('--url', 'http://127.0.0.1:3000').replace(/\/$/, '');
const OUT = resolve(opt('--out', join(__dirname, '..', '..', '..', '..', 'docs', 'screenshots')));
const PASSWORD = process.env.DEV_SEED_PASSWORD;
if (!PASSWORD) {
  console.error('Set DEV_SEED_PASSWORD to the seeded accounts\' password of the development system (no password is written in the repository).');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DEMO_DATES = ['2023-06-30', '2023-12-31', '2024-06-30', '2024-12-31', '2025-06-30', '2025-11-28'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function call(path, { token, body, method } = {}) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(BASE + path, {
      method: method || (body ? 'POST' : 'GET'),
      headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status === 429 && attempt < 20) {
      await sleep(1000 * Number(res.headers.get('retry-after') || 5));
      continue;
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method || (body ? 'POST' : 'GET')} ${path}: ${res.status} ${text.slice(0, 400)}`);
    return text ? JSON.parse(text) : undefined;
  }
}

const logIn = async (username) => (await call('/api/v1/auth/login', { body: { username, password: PASSWORD } })).accessToken;

/** A small deterministic generator per cell (mulberry32), so the demo is the same every time. */
function rng(seedText) {
  let h = 1779033703;
  for (const c of seedText) h = Math.imul(h ^ c.charCodeAt(0), 3432918353);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The readings a cell reports (as the web app's forms do: `readingOf` goes to the referenced indicator). */
function reportable(criteria, kind) {
  const fields = [];
  const covered = new Set();
  for (const c of criteria.filter((x) => x.appliesTo === kind)) {
    for (const i of c.indicators.filter((x) => x.reportedBy === 'cell')) {
      const target = i.readingOf || { criterionCode: c.code, indicatorCode: i.code };
      covered.add(`${target.criterionCode}|${target.indicatorCode}`);
      fields.push({ indicator: i, target });
    }
  }
  const communeKind = kind === 'hamlet' ? 'commune' : 'town';
  for (const c of criteria.filter((x) => x.appliesTo === communeKind)) {
    for (const i of c.indicators.filter((x) => x.reportedBy === 'cell' && !x.readingOf && !covered.has(`${c.code}|${x.code}`))) {
      fields.push({ indicator: i, target: { criterionCode: c.code, indicatorCode: i.code } });
    }
  }
  return fields;
}

function demoReading(field, quality, k, rand) {
  const i = field.indicator;
  const time = k / (DEMO_DATES.length - 1);
  const lowerIsBetter = i.threshold && (i.threshold.comparator === '<=' || i.threshold.comparator === '<');
  switch (i.kind) {
    case 'percentage': {
      const km = i.fraction && /km|ha|tấn/.test(i.fraction.unit);
      const den = km ? Math.round((4 + rand() * 20) * 10) / 10 : 80 + Math.floor(rand() * 320);
      let share = lowerIsBetter ? 0.14 - 0.12 * quality * time + rand() * 0.01 : 0.6 + 0.42 * quality * (0.35 + 0.65 * time) + rand() * 0.02;
      share = Math.max(0, Math.min(1, share));
      const num = km ? Math.round(den * share * 10) / 10 : Math.round(den * share);
      return { indicatorCode: field.target.indicatorCode, numerator: Math.min(num, den), denominator: den };
    }
    case 'boolean':
      return { indicatorCode: field.target.indicatorCode, value: rand() < 0.25 + 0.75 * quality * time };
    case 'count':
      if (i.threshold && i.threshold.comparator !== '>=' && i.threshold.value === 0) {
        return { indicatorCode: field.target.indicatorCode, value: Math.max(0, Math.round((1 - quality * time) * 6 - 1)) };
      }
      return { indicatorCode: field.target.indicatorCode, value: 250 + Math.floor(rand() * 900) };
    default:
      return { indicatorCode: field.target.indicatorCode, value: Math.round((42 + 26 * quality * time + rand() * 3) * 10) / 10 };
  }
}

async function seedDemo() {
  const leader = await logIn('lanhdao.1');
  const progress = await call('/api/v1/progress', { token: leader });
  const { criteria } = await call('/api/v1/criteria', { token: leader });
  const before = progress.readings;
  let batches = 0;
  for (const cell of progress.heatmap.rows) {
    const rand = rng(cell.id);
    const quality = 0.35 + 0.65 * rand();
    const token = await logIn(`bithu.${cell.id.toLowerCase()}`);
    const fields = reportable(criteria, cell.kind);
    for (let k = 0; k < DEMO_DATES.length; k++) {
      const lastPeriod = k === DEMO_DATES.length - 1;
      if (lastPeriod && quality < 0.5) continue; // some cells have not reported this period
      // November's report was due on 05/12/2025: a few cells sent it late
      const reportedAt = lastPeriod && quality < 0.6 ? '2025-12-09T09:00:00+07:00' : `${DEMO_DATES[k]}T09:00:00+07:00`;
      const byTarget = new Map();
      for (const f of fields) {
        const list = byTarget.get(f.target.criterionCode) || [];
        list.push(demoReading(f, quality, k, rand));
        byTarget.set(f.target.criterionCode, list);
      }
      const items = [...byTarget.entries()].map(([criterionCode, readings]) => ({
        eventId: randomUUID(),
        hamletCode: cell.id,
        criterionCode,
        readings,
        asOf: DEMO_DATES[k],
        reportedAt,
        note: 'Số liệu minh họa (demo)',
      }));
      await call('/api/v1/updates/batch', { token, body: { items } });
      batches++;
    }
    process.stdout.write(`\rseeded ${cell.id} (${batches} batches)   `);
  }
  process.stdout.write('\n');
  // wait until the projector has folded them (the count stops moving)
  let last = -1;
  for (let i = 0; i < 120; i++) {
    const p = await call('/api/v1/progress', { token: leader });
    if (p.readings > before && p.readings === last) break;
    last = p.readings;
    await sleep(2000);
  }
  console.log(`demo readings in force: ${last}`);
}

/** The commune officer returns the secretary's newest report with a comment (shown on the phone). */
async function returnOne() {
  const officer = await logIn('canbo.30133');
  const { items } = await call('/api/v1/communes/30133/submissions?hamletCode=874-30133-A01&reviewStatus=none&limit=5', { token: officer });
  const newest = items.find((x) => x.status !== 'rejected' && x.status !== 'accepted');
  if (!newest) return;
  await call(`/api/v1/submissions/${newest.eventId}/return`, {
    token: officer,
    body: { comment: 'Tổng số hộ chưa khớp với sổ theo dõi của xã (412 hộ), đề nghị kiểm tra lại' },
  });
}

async function shoot() {
  mkdirSync(OUT, { recursive: true });
  await returnOne();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const vn = { locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', baseURL: BASE };
  const login = async (page, username) => {
    await page.goto('/login');
    await page.fill('#username', username);
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  };
  const settle = (page) => page.waitForLoadState('networkidle').catch(() => undefined).then(() => sleep(800));
  try {
    // district leader, desktop
    const desk = await browser.newContext({ ...vn, viewport: { width: 1366, height: 900 } });
    const d = await desk.newPage();
    await login(d, 'lanhdao.1');
    const unstick = () => d.addStyleTag({ content: '.app-header{position:relative!important}' });
    await d.goto('/dashboard');
    await d.getByTestId('headline').waitFor();
    await settle(d);
    await unstick();
    await d.getByTestId('trend-chart').waitFor();
    await d.getByTestId('reporting-summary').waitFor();
    await settle(d);
    await d.screenshot({ path: join(OUT, 'dashboard.png'), clip: { x: 0, y: 0, width: 1366, height: 1450 }, fullPage: true });
    await d.locator('section:has(> h2#heatmap-title)').screenshot({ path: join(OUT, 'dashboard-heatmap.png') });
    await d.locator('section[data-testid=reporting]').screenshot({ path: join(OUT, 'dashboard-reporting.png') });
    // an earlier day: the trend carried forward to the deadline
    await d.goto('/dashboard?asOf=2025-09-30');
    await d.getByTestId('trend-forecast').waitFor();
    await settle(d);
    await unstick();
    await d.locator('section:has(> h2#trend-title)').screenshot({ path: join(OUT, 'dashboard-trend.png') });
    await d.goto('/cells/874-30133-A01/criteria/AP-02');
    await d.getByTestId('readings-history').first().waitFor();
    await settle(d);
    await d.screenshot({ path: join(OUT, 'drill-down-history.png'), fullPage: false });
    await desk.close();

    // secretary, phone
    const phone = await browser.newContext({ ...vn, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const s = await phone.newPage();
    await login(s, 'bithu.874-30133-a01');
    await s.getByRole('heading', { level: 1 }).waitFor();
    await settle(s);
    await s.screenshot({ path: join(OUT, 'phone-report-home.png') });
    await s.goto('/report/AP-03');
    await s.getByTestId('criterion-form').waitFor();
    await s.fill('input[name="3.1.value"]', '2,5');
    await s.getByLabel('Số hộ có nhà ở kiên cố hoặc bán kiên cố').fill('412');
    await s.getByLabel('Tổng số hộ').fill('398');
    await s.click('button[type=submit]');
    await s.getByTestId('form-errors').waitFor();
    await s.evaluate(() => window.scrollTo(0, 0));
    await s.screenshot({ path: join(OUT, 'phone-form-errors.png') });
    await s.fill('input[name="3.1.value"]', '0');
    await s.getByLabel('Số hộ có nhà ở kiên cố hoặc bán kiên cố').fill('371');
    await phone.setOffline(true);
    await s.click('button[type=submit]');
    await s.getByTestId('submit-result').waitFor();
    await s.goto('/report').catch(() => undefined);
    await s.getByTestId('outbox').waitFor();
    await s.screenshot({ path: join(OUT, 'phone-offline-waiting.png') });
    await phone.setOffline(false);
    await s.getByTestId('outbox').waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
    await phone.close();

    // commune officer, phone
    const off = await browser.newContext({ ...vn, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const o = await off.newPage();
    await login(o, 'canbo.30133');
    await o.getByRole('heading', { level: 1 }).waitFor();
    await settle(o);
    await o.screenshot({ path: join(OUT, 'phone-review.png') });
    // the commune's own figures: the indicators the commune reports itself, with the secretaries' form
    await o.goto('/report');
    await o.locator('a[data-form="XA-07"]').waitFor();
    await settle(o);
    await o.screenshot({ path: join(OUT, 'phone-commune-figures.png') });
    await off.close();
  } finally {
    await browser.close();
  }
  console.log(`screenshots in ${OUT}`);
}

(async () => {
  if (args.includes('--seed-demo')) await seedDemo();
  await shoot();
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
