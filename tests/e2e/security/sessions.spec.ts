import { hash } from 'argon2';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TEST_PASSWORD } from '../../support/env';
import { eventually } from '../../support/eventually';
import { repositorySecretCandidates } from '../../support/repo-secrets';
import { startSystem, TestSystem } from '../../support/system';
import { call, logIn, Session, update } from '../intake-support';

/**
 * Issue 11, point 5 (sessions and accounts): a replayed refresh token revokes the whole session (committed); disabling
 * an account or changing or resetting its password stops its access tokens within seconds, in every app; a password
 * policy (length, not the username, not common, not written in the repository); identifiers outside the caller's
 * scope answer exactly like unknown ones.
 */
describe('sessions and accounts (issue 11, point 5)', () => {
  let sys: TestSystem;
  let pg: Client;
  let intake: string;
  let dashboard: string;
  let admin: Session;
  const fresh = () => `mật khẩu riêng ${randomBytes(6).toString('base64url')}`;

  beforeAll(async () => {
    // a refresh token replayed at all after its rotation counts as stolen (the grace for lost answers is 0 here)
    sys = await startSystem('sec-sessions', ['intake', 'dashboard'], {
      REFRESH_REUSE_GRACE_SECONDS: '0',
      RATE_LIMIT_PER_ACCOUNT: '100000',
      RATE_LIMIT_PER_ADDRESS: '100000',
      RATE_LIMIT_LOGIN: '100000',
      READ_RATE_LIMIT_PER_ACCOUNT: '100000',
      READ_RATE_LIMIT_PER_ADDRESS: '100000',
    });
    intake = sys.url('intake');
    dashboard = sys.url('dashboard');
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    admin = await logIn(intake, 'quantri');
  });

  afterAll(async () => {
    await pg?.end();
    await sys?.stop();
  });

  /** The access token stops working in both apps within a few seconds (AUTH_REVOCATION_CHECK_MS = 2 s). */
  async function expectStopped(token: string): Promise<void> {
    const t0 = Date.now();
    for (const url of [`${dashboard}/api/v1/units?format=flat`, `${intake}/api/v1/auth/me`]) {
      const res = await eventually(
        () => call(url, { token }),
        (r) => r.status === 401,
        { timeoutMs: 10_000, what: `401 from ${url}` },
      );
      expect(res.body.details[0].problem).toBe('token_revoked');
    }
    expect(Date.now() - t0).toBeLessThan(10_000);
  }

  it('a refresh token replayed after its rotation revokes the whole session, committed: the newest tokens stop too', async () => {
    const s = await logIn(intake, 'bithu.874-30133-a01');
    const next = await call(`${intake}/api/v1/auth/refresh`, { body: { refreshToken: s.refreshToken } });
    expect(next.status).toBe(200);
    const replay = await call(`${intake}/api/v1/auth/refresh`, { body: { refreshToken: s.refreshToken } });
    expect(replay.status).toBe(401);
    const { rows } = await pg.query(`SELECT revoked_reason FROM auth_session WHERE id = $1`, [s.refreshToken.split('.')[0]]);
    expect(rows[0].revoked_reason).toBe('token_reuse');
    expect((await call(`${intake}/api/v1/auth/refresh`, { body: { refreshToken: next.body.refreshToken } })).status).toBe(401);
    await expectStopped(next.body.accessToken);
  });

  it('disabling an account stops its access tokens within seconds', async () => {
    const s = await logIn(intake, 'bithu.874-30133-a02');
    expect((await call(`${dashboard}/api/v1/units?format=flat`, { token: s.accessToken })).status).toBe(200);
    expect((await call(`${intake}/api/v1/accounts/bithu.874-30133-a02/disable`, { token: admin.accessToken, method: 'POST' })).status).toBe(200);
    await expectStopped(s.accessToken);
    await call(`${intake}/api/v1/accounts/bithu.874-30133-a02/enable`, { token: admin.accessToken, method: 'POST' });
  });

  it('changing one’s password, or an administrator resetting it, stops every access token of the account within seconds', async () => {
    const phone = await logIn(intake, 'bithu.874-30133-a03');
    const laptop = await logIn(intake, 'bithu.874-30133-a03');
    const mine = fresh();
    const changed = await call(`${intake}/api/v1/auth/password`, { token: laptop.accessToken, body: { currentPassword: TEST_PASSWORD, newPassword: mine } });
    expect(changed.status).toBe(204);
    await expectStopped(phone.accessToken);
    await expectStopped(laptop.accessToken);
    const again = await logIn(intake, 'bithu.874-30133-a03', mine);
    expect((await call(`${intake}/api/v1/accounts/bithu.874-30133-a03/password`, { token: admin.accessToken, body: {} })).status).toBe(200);
    await expectStopped(again.accessToken);
  });

  it('a password policy: long enough, not the username, not common, not written in the repository', async () => {
    const s = await logIn(intake, 'bithu.874-30133-a04');
    const tryPassword = (newPassword: string) =>
      call(`${intake}/api/v1/auth/password`, { token: s.accessToken, body: { currentPassword: TEST_PASSWORD, newPassword } });
    const written = repositorySecretCandidates().passwords.filter((p) => [...p].length >= 12);
    expect(written.length).toBeGreaterThan(0);
    const cases: [string, string][] = [
      ['bithu.874-30133-a04', 'contains_username'],
      ['Bithu.874-30133-A04!', 'contains_username'],
      ['short pw', 'too_short'],
      ['password123456', 'common_password'],
      ['qwertyuiop123', 'common_password'],
      ...written.map((p): [string, string] => [p, 'known_password']),
    ];
    for (const [pw, problem] of cases) {
      const res = await tryPassword(pw);
      expect({ pw, status: res.status, problems: (res.body?.details ?? []).map((d: { problem: string }) => d.problem) }).toEqual({
        pw,
        status: 400,
        problems: expect.arrayContaining([problem]),
      });
      expect(res.body.details?.[0]?.field).toBe('newPassword');
    }
    // an administrator cannot set such a password for someone either
    const username = 'bithu.874-30133-a09x';
    const created = await call(`${intake}/api/v1/accounts`, {
      token: admin.accessToken,
      body: { username, displayName: 'Thử', role: 'secretary', unitId: '874-30133-A04', password: username },
    });
    expect(created.status).toBe(400);
    expect(created.body.details[0]).toMatchObject({ field: 'password', problem: 'contains_username' });
    expect((await tryPassword(fresh())).status).toBe(204);
  });

  it('a password written in the repository opens no account, even when it is the account’s', async () => {
    const old = repositorySecretCandidates().passwords.filter((p) => [...p].length >= 12);
    await pg.query(`UPDATE account SET password_hash = $1 WHERE username = 'lanhdao.2'`, [await hash(old[0])]);
    const res = await call(`${intake}/api/v1/auth/login`, { body: { username: 'lanhdao.2', password: old[0] } });
    expect(res.status).toBe(401);
    expect(res.body.details[0].problem).toBe('bad_credentials');
  });

  it('identifiers outside the caller’s scope answer exactly like unknown ones (no existence or cell leaked)', async () => {
    const a01 = await logIn(intake, 'bithu.874-30133-a01');
    const a05 = await logIn(intake, 'bithu.874-30133-a05');
    const stranger = await logIn(intake, 'canbo.30136');
    const u = update();
    expect((await call(`${intake}/api/v1/updates`, { token: a01.accessToken, body: u })).status).toBe(202);
    const unknown = randomUUID();
    /** Status and body with the identifier asked for replaced, so that both answers can be compared. */
    const seen = async (url: string, id: string, token: string, body?: unknown) => {
      const res = await call(url.replace('{id}', encodeURIComponent(id)), { token, body });
      return { status: res.status, body: JSON.parse(JSON.stringify(res.body).split(id).join('{id}')) };
    };
    const pairs: [string, string, string, string, unknown?][] = [
      [`${intake}/api/v1/submissions/{id}`, u.eventId as string, unknown, a05.accessToken],
      [`${intake}/api/v1/submissions/{id}/verify`, u.eventId as string, unknown, stranger.accessToken, {}],
      [`${intake}/api/v1/submissions/{id}/corrections`, u.eventId as string, unknown, a05.accessToken, update({ hamletCode: '874-30133-A05' })],
      [`${intake}/api/v1/communes/{id}/submissions`, '30133', '39999', stranger.accessToken],
      [`${dashboard}/api/v1/units/{id}/readings`, '874-30133-A01', '874-39999-A01', a05.accessToken],
      [`${dashboard}/api/v1/progress/units/{id}`, '874-30133-A01', '874-39999-A01', a05.accessToken],
      [`${dashboard}/api/v1/pledges?cell={id}`, '874-30133-A01', '874-39999-A01', a05.accessToken],
      [`${dashboard}/api/v1/units/{id}/readings`, '30133', '39999', stranger.accessToken],
    ];
    for (const [url, inScopeOfOthers, missing, token, body] of pairs) {
      const other = await seen(url, inScopeOfOthers, token, body);
      const none = await seen(url, missing, token, body);
      expect({ url, other }).toEqual({ url, other: none });
      expect(other.status === 404 || other.status === 400).toBe(true);
    }
  });
});
