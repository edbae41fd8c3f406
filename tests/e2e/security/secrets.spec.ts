import { JwtService } from '@nestjs/jwt';
import { keyIdOf } from '@pledge/platform';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppName, startApp } from '../../support/apps';
import { REPO_ROOT } from '../../support/env';
import { eventually } from '../../support/eventually';
import { repositorySecretCandidates } from '../../support/repo-secrets';
import { startSystem, TestSystem } from '../../support/system';
import { call, logIn } from '../intake-support';

/**
 * Issue 11, point 1 (secrets): no usable default secret anywhere. The run command's secrets (`scripts/run.sh
 * secrets`, what `npm start` does on its first start) are random and private; every app refuses to start, in every
 * mode, with a missing, short, predictable or known secret (any value written in this repository); no token signed
 * with a value written in the repository is accepted; signing keys rotate (current + previous, `kid`).
 */
const readEnvFile = (file: string): Record<string, string> =>
  Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

describe('secrets (issue 11, point 1)', () => {
  let dir: string;
  let secretsFile: string;
  let secrets: Record<string, string>;
  let sys: TestSystem;
  let pg: Client;
  const candidates = repositorySecretCandidates();
  const written = [...new Set([...candidates.secrets, ...candidates.passwords])];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pledge-secrets-'));
    secretsFile = join(dir, 'secrets.env');
    // the apps get exactly what the run command gives them: its generated secrets, or nothing at all
    try {
      execFileSync('bash', [join(REPO_ROOT, 'scripts/run.sh'), 'secrets'], { env: { ...process.env, PLEDGE_SECRETS_FILE: secretsFile }, stdio: 'pipe' });
      secrets = readEnvFile(secretsFile);
    } catch {
      secrets = {};
    }
    sys = await startSystem('sec-secrets', [], {
      JWT_SECRET: secrets.JWT_SECRET ?? '',
      RATE_LIMIT_PER_ADDRESS: '100000',
      READ_RATE_LIMIT_PER_ADDRESS: '100000',
    });
    await Promise.all((['intake', 'dashboard', 'reminders'] as AppName[]).map((a) => sys.start(a)));
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await sys?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the run command generates strong random secrets, kept private (mode 0600), and a new file has new ones', () => {
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    expect(secrets.JWT_SECRET.length).toBeGreaterThanOrEqual(48);
    expect(secrets.INITIAL_ADMIN_PASSWORD.length).toBeGreaterThanOrEqual(16);
    const other = join(dir, 'other.env');
    execFileSync('bash', [join(REPO_ROOT, 'scripts/run.sh'), 'secrets'], { env: { ...process.env, PLEDGE_SECRETS_FILE: other }, stdio: 'pipe' });
    expect(readEnvFile(other).JWT_SECRET).not.toBe(secrets.JWT_SECRET);
    expect(written).not.toContain(secrets.JWT_SECRET);
  });

  it('answers 401 token_invalid, in every app, to a token signed with any secret or password written in the repository', async () => {
    expect(written.length).toBeGreaterThan(10);
    const [admin] = (await pg.query(`SELECT id FROM account WHERE username = 'quantri'`)).rows;
    const realKid = keyIdOf(secrets.JWT_SECRET ?? ''); // an attacker reads it from any token the system issued
    const claims = { sub: admin.id, username: 'quantri', role: 'administrator', unitId: '874', typ: 'access', crd: 'x' };
    const jwt = new JwtService();
    const targets = [`${sys.url('intake')}/api/v1/accounts`, `${sys.url('dashboard')}/api/v1/units`, `${sys.url('reminders')}/admin/queues/api/queues`];
    for (const secret of written) {
      for (const keyid of [realKid, keyIdOf(secret), undefined]) {
        const token = jwt.sign(claims, {
          secret,
          algorithm: 'HS256',
          issuer: 'thanh-binh-pledge',
          audience: 'thanh-binh-pledge-api',
          expiresIn: 300,
          ...(keyid ? { keyid } : {}),
        });
        for (const url of targets) {
          const res = await call(url, { token });
          expect({ secret, url, status: res.status, problem: res.body?.details?.[0]?.problem }).toEqual({ secret, url, status: 401, problem: 'token_invalid' });
        }
      }
    }
  });

  it('every app that signs or verifies refuses to start, in every mode, with a missing, short, predictable or written secret', async () => {
    const longWritten = written.filter((v) => v.length >= 32);
    expect(longWritten.length).toBeGreaterThan(0);
    const apps: AppName[] = ['intake', 'dashboard', 'reminders'];
    const cases: { app: AppName; NODE_ENV: string; JWT_SECRET: string }[] = [
      ...apps.flatMap((app) => ['development', 'test', 'production'].map((NODE_ENV) => ({ app, NODE_ENV, JWT_SECRET: '' }))),
      ...apps.map((app) => ({ app, NODE_ENV: 'production', JWT_SECRET: longWritten[0] })),
      ...['short-secret', 'a'.repeat(64), ...longWritten].map((JWT_SECRET) => ({ app: 'intake' as const, NODE_ENV: 'development', JWT_SECRET })),
    ];
    const outcome = async (c: (typeof cases)[number]) => {
      const started = await startApp(c.app, { env: { ...sys.env, NODE_ENV: c.NODE_ENV, JWT_SECRET: c.JWT_SECRET }, waitHealthy: false });
      const code = await started.exited;
      // the process has ended; its last lines reach the log file a moment later
      const says = await eventually(
        async () => /JWT_SECRET/.test(readFileSync(started.logFile, 'utf8')),
        (v) => v,
        { timeoutMs: 5000 },
      ).catch(() => false);
      return { ...c, code, says };
    };
    const results: Awaited<ReturnType<typeof outcome>>[] = [];
    for (let i = 0; i < cases.length; i += 4) results.push(...(await Promise.all(cases.slice(i, i + 4).map(outcome))));
    expect(results).toEqual(cases.map((c) => ({ ...c, code: 1, says: true })));
  }, 600_000);

  it('rotates signing keys: after rotation a token of the previous key works until it expires, one of neither key never', async () => {
    const before = await logIn(sys.url('intake'), 'lanhdao.1');
    execFileSync('bash', [join(REPO_ROOT, 'scripts/run.sh'), 'rotate-jwt'], { env: { ...process.env, PLEDGE_SECRETS_FILE: secretsFile }, stdio: 'pipe' });
    const rotated = readEnvFile(secretsFile);
    expect(rotated.JWT_SECRET_PREVIOUS).toBe(secrets.JWT_SECRET);
    expect(rotated.JWT_SECRET).not.toBe(secrets.JWT_SECRET);
    const port = sys.apps.dashboard!.port;
    await sys.apps.dashboard!.stop();
    await sys.start('dashboard', { JWT_SECRET: rotated.JWT_SECRET, JWT_SECRET_PREVIOUS: rotated.JWT_SECRET_PREVIOUS }, port);
    expect((await call(`${sys.url('dashboard')}/api/v1/units`, { token: before.accessToken })).status).toBe(200);
    // once the previous key is dropped, its tokens stop
    await sys.apps.dashboard!.stop();
    await sys.start('dashboard', { JWT_SECRET: rotated.JWT_SECRET, JWT_SECRET_PREVIOUS: '' }, port);
    const old = await call(`${sys.url('dashboard')}/api/v1/units`, { token: before.accessToken });
    expect(old.status).toBe(401);
    expect(old.body.details[0].problem).toBe('token_invalid');
  });
});
