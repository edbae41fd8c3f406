import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, TEST_PASSWORD } from '../../support/env';
import { startSystem, TestSystem } from '../../support/system';
import { call, logIn } from '../intake-support';

/**
 * Issue 11, point 6 (web and board): CSRF protection on every cookie-authenticated state change (the queue board's
 * cookie; the same check guards every app); a Content-Security-Policy and the usual headers on every app;
 * `Cache-Control: no-store` on answers that carry tokens or scoped data; no public source maps.
 */
describe('headers, caching, CSRF and source maps (issue 11, point 6)', () => {
  let sys: TestSystem;
  let board: string;

  beforeAll(async () => {
    sys = await startSystem('sec-headers', ['ingest', 'projector', 'intake', 'reminders']);
    await sys.start('dashboard', { INTAKE_URL: sys.url('intake') });
    board = sys.url('reminders');
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('every app sends a same-origin Content-Security-Policy and the usual security headers', async () => {
    for (const app of ['ingest', 'projector', 'intake', 'dashboard', 'reminders'] as const) {
      for (const path of [
        '/health',
        '/api/v1/nowhere',
        ...(app === 'reminders' ? ['/admin/login'] : []),
        ...(app === 'dashboard' ? ['/', '/dashboard'] : []),
      ]) {
        const res = await fetch(`${sys.url(app)}${path}`);
        const csp = res.headers.get('content-security-policy') ?? '';
        const seen = {
          app,
          path,
          csp:
            /default-src 'self'/.test(csp) &&
            /script-src 'self'/.test(csp) &&
            /object-src 'none'/.test(csp) &&
            /frame-ancestors 'none'/.test(csp) &&
            !/upgrade-insecure-requests/.test(csp),
          nosniff: res.headers.get('x-content-type-options'),
          frame: res.headers.get('x-frame-options'),
          referrer: res.headers.get('referrer-policy'),
          poweredBy: res.headers.get('x-powered-by'),
        };
        expect(seen).toEqual({ app, path, csp: true, nosniff: 'nosniff', frame: 'SAMEORIGIN', referrer: 'no-referrer', poweredBy: null });
      }
    }
  });

  it('answers that carry tokens or scoped data are never stored by browsers or proxies', async () => {
    const intake = sys.url('intake');
    const dashboard = sys.url('dashboard');
    const login = await call(`${intake}/api/v1/auth/login`, { body: { username: 'bithu.874-30133-a01', password: TEST_PASSWORD } });
    expect(login.headers.get('cache-control')).toBe('no-store');
    const viaDashboard = await call(`${dashboard}/api/v1/auth/login`, { body: { username: 'bithu.874-30133-a01', password: TEST_PASSWORD } });
    expect(viaDashboard.status).toBe(200);
    expect(viaDashboard.headers.get('cache-control')).toBe('no-store');
    const refreshed = await call(`${intake}/api/v1/auth/refresh`, { body: { refreshToken: login.body.refreshToken } });
    expect(refreshed.headers.get('cache-control')).toBe('no-store');
    const token = refreshed.body.accessToken;
    for (const url of [
      `${intake}/api/v1/submissions`,
      `${intake}/api/v1/auth/me`,
      `${dashboard}/api/v1/progress/units/874-30133-A01`,
      `${dashboard}/api/v1/units/874-30133-A01/readings`,
      `${dashboard}/api/v1/pledges?cell=874-30133-A01`,
      `${dashboard}/api/v1/inbox`,
      `${dashboard}/api/v1/submissions`,
    ]) {
      const res = await call(url, { token });
      expect({ url, status: res.status, cache: res.headers.get('cache-control') }).toEqual({ url, status: 200, cache: 'no-store' });
    }
  });

  it('refuses a state change with the board’s cookie coming from another site, accepts it from the board itself', async () => {
    const form = (origin: string) =>
      fetch(`${board}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams({ username: 'quantri', password: TEST_PASSWORD }).toString(),
        redirect: 'manual',
      });
    const forged = await form('http://evil.example');
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { details: { problem: string }[] }).details[0].problem).toBe('cross_site_request');
    const ok = await form(board);
    expect(ok.status).toBe(303);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0];
    const pause = (headers: Record<string, string>) =>
      fetch(`${board}/admin/queues/api/queues/reminders/pause`, { method: 'PUT', headers: { cookie, ...headers } });
    const attempts: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: board },
      { referer: 'http://evil.example/page' },
      {},
    ];
    for (const headers of attempts) {
      const res = await pause(headers);
      expect({ headers, status: res.status }).toEqual({ headers, status: 403 });
    }
    expect([200, 204]).toContain((await pause({ origin: board })).status);
    expect([200, 204]).toContain(
      (await fetch(`${board}/admin/queues/api/queues/reminders/resume`, { method: 'PUT', headers: { cookie, 'sec-fetch-site': 'same-origin' } })).status,
    );
    // the same check guards every app: a cookie never authorises a cross-site state change
    const s = await logIn(sys.url('intake'), 'canbo.30133');
    const res = await call(`${sys.url('dashboard')}/api/v1/inbox/read-all`, {
      method: 'POST',
      token: s.accessToken,
      body: {},
      headers: { cookie: 'x=1', origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
  });

  it('publishes no source maps: the build has none and the dashboard serves none', async () => {
    const dist = join(REPO_ROOT, 'apps/dashboard/web/dist');
    expect(existsSync(join(dist, 'index.html'))).toBe(true);
    const files = readdirSync(join(dist, 'assets'));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const scripts = files.filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const f of scripts) expect(readFileSync(join(dist, 'assets', f), 'utf8')).not.toMatch(/sourceMappingURL=/);
    const res = await fetch(`${sys.url('dashboard')}/assets/${scripts[0]}.map`);
    expect(res.status).toBe(404);
  });
});
