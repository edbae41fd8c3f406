#!/usr/bin/env node
/**
 * Screenshots of the web app for docs/screenshots (shown in the README, section "Screens"), taken with Debian's
 * Chromium through playwright-core against a running system (`npm start`).
 *
 *   node tests/e2e/browser/support/screenshots.cjs [--seed-demo] [--url http://127.0.0.1:3000] [--out docs/screenshots]
 *
 * --seed-demo first loads the demonstration data (`npm run demo`: illustrative readings through the secretaries' own
 * API, marked as such; remove with `npm run demo -- --remove`), so that the pages have something to show. Passwords: DEV_SEED_PASSWORD
 * (required: the password the development system was seeded with; none is written in the repository).
 */
'use strict';
const { mkdirSync } = require('node:fs');
const { join, resolve } = require('node:path');
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
  console.error("Set DEV_SEED_PASSWORD to the seeded accounts' password of the development system (no password is written in the repository).");
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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

/** The demonstration data of `npm run demo` (apps/cli: the same readings, marked as demonstration data). */
async function seedDemo() {
  const { execFileSync } = require('node:child_process');
  execFileSync(process.execPath, [join(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js'), 'demo', '--url', BASE], {
    stdio: 'inherit',
  });
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
  const settle = (page) =>
    page
      .waitForLoadState('networkidle')
      .catch(() => undefined)
      .then(() => sleep(800));
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
    await s
      .getByTestId('outbox')
      .waitFor({ state: 'detached', timeout: 30_000 })
      .catch(() => undefined);
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
