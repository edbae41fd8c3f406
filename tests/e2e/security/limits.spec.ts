import { startApp } from '../../support/apps';
import { TEST_PASSWORD } from '../../support/env';
import { startSystem, TestSystem } from '../../support/system';
import { call, logIn } from '../intake-support';

/**
 * Issue 11, points 2 and 3 (limits that cannot be dodged, every parameter validated): failed log-ins are limited per
 * account with growing delays whatever address the client claims; X-Forwarded-For is believed only from configured
 * proxies; the read API and the live stream have per-account limits and the streams a cap; the queue board's login
 * limit counts failures per account; an unknown or repeated query parameter is a 400 everywhere (the progress
 * endpoints of issue 12 included: the check runs before any handler).
 */
describe('limits and parameters (issue 11, points 2 and 3)', () => {
  let sys: TestSystem;
  let intake: string;
  let dashboard: string;
  let board: string;

  beforeAll(async () => {
    sys = await startSystem('sec-limits', [], {
      LOGIN_FREE_FAILURES: '3',
      LOGIN_MAX_DELAY_SECONDS: '600',
      RATE_LIMIT_LOGIN: '1000',
      READ_RATE_LIMIT_PER_ACCOUNT: '20',
      LIVE_MAX_STREAMS_PER_ACCOUNT: '2',
      LIVE_HEARTBEAT_SECONDS: '1',
    });
    // intake believes X-Forwarded-For from this machine (as behind the dashboard): a client can claim any address
    await sys.start('intake', { TRUST_PROXY: 'loopback' });
    await sys.start('dashboard');
    await sys.start('reminders');
    intake = sys.url('intake');
    dashboard = sys.url('dashboard');
    board = sys.url('reminders');
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const login = (username: string, password: string, forwardedFor: string) =>
    call(`${intake}/api/v1/auth/login`, { body: { username, password }, headers: { 'x-forwarded-for': forwardedFor } });

  it('limits failed log-ins per account with growing delays, whatever address the client claims; other accounts go on', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 3; i++) answers.push((await login('canbo.30133', `sai mật khẩu ${i}`, `203.0.113.${i + 1}`)).status);
    expect(answers).toEqual([401, 401, 401]);
    // even the right password, from yet another address, must wait now
    const waiting = await login('canbo.30133', TEST_PASSWORD, '198.51.100.7');
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(waiting.body.details[0]).toMatchObject({ field: 'username', problem: 'rate_limited_login' });
    // an unknown username is answered the same way (nothing tells which accounts exist)
    for (let i = 0; i < 3; i++) await login('khong-co-ai', `sai ${i}`, `203.0.113.${i + 1}`);
    expect((await login('khong-co-ai', 'sai nữa', '198.51.100.8')).status).toBe(429);
    expect((await login('canbo.30136', TEST_PASSWORD, '203.0.113.1')).status).toBe(200);
    // the delay grows with each failure
    const waits: number[] = [];
    for (let i = 0; i < 2; i++) {
      const first = await login('canbo.30139', `x${i}`, '203.0.113.9');
      expect(first.status).toBe(401);
    }
    const third = await login('canbo.30139', 'x3', '203.0.113.9');
    expect(third.status).toBe(401);
    waits.push(Number((await login('canbo.30139', 'x4', '203.0.113.9')).headers.get('retry-after')));
    expect(waits[0]).toBeGreaterThanOrEqual(1);
  });

  it('believes X-Forwarded-For only from configured proxies: without TRUST_PROXY a claimed address changes nothing', async () => {
    const strict = await startApp('intake', { env: { ...sys.env, RATE_LIMIT_LOGIN: '2', BULLMQ_PREFIX: `${sys.env.BULLMQ_PREFIX}-strict` } });
    try {
      const answers: number[] = [];
      for (let i = 0; i < 3; i++)
        answers.push(
          (
            await call(`${strict.url}/api/v1/auth/login`, {
              body: { username: `ai-do-${i}`, password: 'x' },
              headers: { 'x-forwarded-for': `203.0.113.${i + 20}` },
            })
          ).status,
        );
      expect(answers).toEqual([401, 401, 429]);
    } finally {
      await strict.stop();
    }
    // "trust everyone" is refused at start
    for (const TRUST_PROXY of ['true', '1', '3']) {
      const refused = await startApp('intake', { env: { ...sys.env, TRUST_PROXY }, waitHealthy: false });
      expect(await refused.exited).toBe(1);
    }
  });

  it('limits the read API per account (all endpoints together), not the health check', async () => {
    const a = await logIn(intake, 'lanhdao.1');
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await call(`${dashboard}/api/v1/units?format=flat`, { token: a.accessToken })).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    const limited = await call(`${dashboard}/api/v1/criteria`, { token: a.accessToken });
    expect(limited.status).toBe(429);
    expect(limited.body.details[0].problem).toBe('rate_limited_account');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const b = await logIn(intake, 'lanhdao.2');
    expect((await call(`${dashboard}/api/v1/units?format=flat`, { token: b.accessToken })).status).toBe(200);
    for (let i = 0; i < 30; i++) expect((await fetch(`${dashboard}/health`)).status).toBe(200);
  });

  it('the live stream is for logged-in accounts, capped per account, and ends when the token stops', async () => {
    expect((await fetch(`${dashboard}/api/v1/live/progress`)).status).toBe(401);
    const s = await logIn(intake, 'canbo.30133');
    const open = (token: string) => {
      const ctl = new AbortController();
      return fetch(`${dashboard}/api/v1/live/progress?token=${encodeURIComponent(token)}`, { signal: ctl.signal }).then((res) => ({
        res,
        close: () => ctl.abort(),
      }));
    };
    const first = await open(s.accessToken);
    const second = await open(s.accessToken);
    expect([first.res.status, second.res.status]).toEqual([200, 200]);
    const third = await open(s.accessToken);
    expect(third.res.status).toBe(429);
    expect(((await third.res.json()) as { details: { problem: string }[] }).details[0].problem).toBe('too_many_streams');
    first.close();
    second.close();
    // logging out ends the stream: the next check (every ping) finds the session revoked
    const reader = (await open(s.accessToken)).res.body!.getReader();
    await call(`${intake}/api/v1/auth/logout`, { body: { refreshToken: s.refreshToken } });
    const t0 = Date.now();
    while (!(await reader.read()).done) if (Date.now() - t0 > 15_000) throw new Error('the stream did not end');
  });

  it('the queue board counts failed log-ins per account, not successes and not per address', async () => {
    const form = (username: string, password: string, address: string) =>
      fetch(`${board}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: board, 'x-forwarded-for': address },
        body: new URLSearchParams({ username, password }).toString(),
        redirect: 'manual',
      });
    for (let i = 0; i < 6; i++) expect((await form('quantri', TEST_PASSWORD, '192.0.2.1')).status).toBe(303);
    for (let i = 0; i < 3; i++) expect((await form('quantri', `sai ${i}`, `192.0.2.${i + 10}`)).status).toBe(401);
    const refused = await form('quantri', TEST_PASSWORD, '192.0.2.99');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect((await form('lanhdao.1', TEST_PASSWORD, '192.0.2.1')).status).toBe(403); // another account: not limited
  });

  it('an unknown or repeated query parameter is a 400 naming it, on every app (no silent default)', async () => {
    const s = await logIn(intake, 'lanhdao.2'); // the board test above made quantri wait; lanhdao.1 used up its reads
    const sec = await logIn(intake, 'bithu.874-30133-a01');
    const urls: [string, string][] = [
      [`${dashboard}/api/v1/units?format=flat&formt=tree`, s.accessToken],
      [`${dashboard}/api/v1/units/874-30133-A01?x=1`, s.accessToken],
      [`${dashboard}/api/v1/units/874-30133-A01/readings?criterio=XA-04`, s.accessToken],
      [`${dashboard}/api/v1/criteria?verison=NTM-2021-2025`, s.accessToken],
      [`${dashboard}/api/v1/pledges?cel=874-30133-A01`, s.accessToken],
      [`${dashboard}/api/v1/progress?asof=2025-01-01`, s.accessToken],
      [`${dashboard}/api/v1/progress/trend?evry=month`, s.accessToken],
      [`${dashboard}/api/v1/reporting?periode=2025-05`, s.accessToken],
      [`${dashboard}/api/v1/rankings?levl=cell`, s.accessToken],
      [`${dashboard}/api/v1/evaluations/2025?x=1`, s.accessToken],
      [`${dashboard}/api/v1/inbox?unreed=true`, s.accessToken],
      [`${dashboard}/api/v1/reminders?stat=sent`, s.accessToken],
      [`${dashboard}/api/v1/exports/district-report.csv?tabel=cells`, s.accessToken],
      [`${intake}/api/v1/submissions?limt=5`, sec.accessToken],
      [`${intake}/api/v1/communes/30133/submissions?limt=5`, s.accessToken],
      [`${intake}/api/v1/auth/me?debug=1`, s.accessToken],
    ];
    for (const [url, token] of urls) {
      const res = await call(url, { token });
      expect({ url, status: res.status, problems: (res.body.details ?? []).map((d: { problem: string }) => d.problem) }).toEqual({
        url,
        status: 400,
        problems: expect.arrayContaining([expect.stringMatching(/unknown_parameter|unknown_field/)]),
      });
    }
    const twice = await call(`${dashboard}/api/v1/units?format=flat&format=tree`, { token: s.accessToken });
    expect(twice.status).toBe(400);
    expect(twice.body.details[0]).toMatchObject({ field: '(query).format', problem: 'repeated_parameter' });
    const badValue = await call(`${dashboard}/api/v1/inbox?limit=lots`, { token: s.accessToken });
    expect(badValue.status).toBe(400);
    expect((await call(`${board}/health?x=1`)).status).toBe(400);
  });
});
