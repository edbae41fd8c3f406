import { Controller, Get, INestApplication, MessageEvent, Sse } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Test } from '@nestjs/testing';
import {
  AllowPendingPasswordChange,
  AllowQueryToken,
  assertCanSubmitFor,
  AuthModule,
  canReadCell,
  canReadCommune,
  canReviewCell,
  CurrentUser,
  JWT_AUDIENCE,
  JWT_ISSUER,
  PasswordHasher,
  Principal,
  Public,
  resolveAuthEnv,
  Roles,
  TokenService,
} from '@pledge/auth';
import { ApiExceptionFilter, generateSecret, keyIdOf } from '@pledge/platform';
import { of } from 'rxjs';
import request from 'supertest';

/** @pledge/auth as another app uses it: a Nest app importing AuthModule.forRoot(), real JWTs, real argon2. */
const SECRET = generateSecret(); // tests make their own secrets: none is written in the repository
const KID = keyIdOf(SECRET);

@Controller()
class ProbeController {
  @Public()
  @Get('open')
  open(@CurrentUser() user?: Principal) {
    return { user: user?.username ?? null };
  }

  @Get('me')
  me(@CurrentUser() user: Principal) {
    return user;
  }

  @AllowPendingPasswordChange()
  @Get('me/account')
  account(@CurrentUser() user: Principal) {
    return { username: user.username, mustChangePassword: !!user.mustChangePassword };
  }

  @Roles('commune_officer', 'district_leader')
  @Get('officers')
  officers() {
    return { ok: true };
  }

  @Sse('stream')
  stream() {
    return of({ data: 'hello' } as MessageEvent);
  }

  @AllowQueryToken()
  @Get('hand-written-stream')
  handWritten() {
    return { ok: true };
  }
}

const secretary: Principal = {
  accountId: '5d0c7d8e-4f7b-4c39-9f8e-7e5c1c7b0a01',
  username: 'bithu.874-30133-a01',
  role: 'secretary',
  unitId: '874-30133-A01',
  communeId: '30133',
};
const officer: Principal = {
  accountId: '5d0c7d8e-4f7b-4c39-9f8e-7e5c1c7b0a02',
  username: 'canbo.30133',
  role: 'commune_officer',
  unitId: '30133',
  communeId: '30133',
};
const leader: Principal = { accountId: '5d0c7d8e-4f7b-4c39-9f8e-7e5c1c7b0a03', username: 'lanhdao.1', role: 'district_leader', unitId: '874', communeId: null };

describe('@pledge/auth in an app', () => {
  let app: INestApplication;
  let tokens: TokenService;
  const env = { ...process.env };

  beforeAll(async () => {
    process.env.JWT_SECRET = SECRET;
    process.env.JWT_TTL_SECONDS = '60';
    const mod = await Test.createTestingModule({ imports: [AuthModule.forRoot()], controllers: [ProbeController] }).compile();
    app = mod.createNestApplication();
    app.useGlobalFilters(new ApiExceptionFilter());
    await app.init();
    tokens = app.get(TokenService);
  });

  afterAll(async () => {
    await app?.close();
    process.env = env;
  });

  const bearer = async (p: Principal) => `Bearer ${(await tokens.issue(p, { passwordHash: 'test-hash' })).accessToken}`;

  it('lets a valid token through and exposes the principal', async () => {
    const res = await request(app.getHttpServer())
      .get('/me')
      .set('authorization', await bearer(secretary))
      .expect(200);
    expect(res.body).toEqual(secretary);
  });

  it('answers 401 token_missing without a token, with the shared bilingual body and WWW-Authenticate', async () => {
    const res = await request(app.getHttpServer()).get('/me').expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body).toMatchObject({ statusCode: 401, error: 'unauthenticated', details: [{ field: 'authorization', problem: 'token_missing' }] });
    expect(res.body.message).toMatch(/đăng nhập/);
    expect(res.body.messageEn).toMatch(/token/);
  });

  it('answers 401 token_expired for an expired token', async () => {
    const jwt = new JwtService();
    const expired = jwt.sign(
      {
        sub: secretary.accountId,
        username: secretary.username,
        role: 'secretary',
        unitId: secretary.unitId,
        typ: 'access',
        exp: Math.floor(Date.now() / 1000) - 60,
      },
      { secret: SECRET, algorithm: 'HS256', issuer: JWT_ISSUER, audience: JWT_AUDIENCE, keyid: KID },
    );
    const res = await request(app.getHttpServer()).get('/me').set('authorization', `Bearer ${expired}`).expect(401);
    expect(res.body.details[0].problem).toBe('token_expired');
    expect(res.headers['www-authenticate']).toContain('invalid_token');
  });

  it.each([
    [
      'signed with another secret',
      () =>
        new JwtService().sign(
          { sub: 'x', username: 'x', role: 'administrator', unitId: '874', typ: 'access' },
          { secret: generateSecret(), issuer: JWT_ISSUER, audience: JWT_AUDIENCE, keyid: KID },
        ),
    ],
    [
      'unsigned (alg none)',
      () =>
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', username: 'x', role: 'administrator', unitId: '874', typ: 'access' })).toString('base64url')}.`,
    ],
    [
      'without the typ claim',
      () =>
        new JwtService().sign(
          { sub: 'x', username: 'x', role: 'administrator', unitId: '874' },
          { secret: SECRET, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, keyid: KID },
        ),
    ],
    [
      'with an unknown role',
      () =>
        new JwtService().sign(
          { sub: 'x', username: 'x', role: 'god', unitId: '874', typ: 'access' },
          { secret: SECRET, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, keyid: KID },
        ),
    ],
    [
      'for another audience',
      () =>
        new JwtService().sign(
          { sub: 'x', username: 'x', role: 'administrator', unitId: '874', typ: 'access' },
          { secret: SECRET, issuer: JWT_ISSUER, audience: 'other', keyid: KID },
        ),
    ],
    ['that is not a JWT', () => 'garbage'],
  ])('answers 401 token_invalid for a token %s', async (_what, make) => {
    const res = await request(app.getHttpServer()).get('/me').set('authorization', `Bearer ${make()}`).expect(401);
    expect(res.body.details[0].problem).toBe('token_invalid');
  });

  it('answers 403 role_not_allowed when @Roles excludes the role, and lets listed roles through', async () => {
    const res = await request(app.getHttpServer())
      .get('/officers')
      .set('authorization', await bearer(secretary))
      .expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, error: 'forbidden', details: [{ field: 'role', problem: 'role_not_allowed' }] });
    expect(res.body.details[0].messageEn).toMatch(/commune officer, district leader/);
    await request(app.getHttpServer())
      .get('/officers')
      .set('authorization', await bearer(officer))
      .expect(200);
    await request(app.getHttpServer())
      .get('/officers')
      .set('authorization', await bearer(leader))
      .expect(200);
  });

  it('lets an account whose password somebody else set only reach @AllowPendingPasswordChange() routes (403 password_change_required elsewhere)', async () => {
    const pending = await bearer({ ...secretary, mustChangePassword: true });
    const res = await request(app.getHttpServer()).get('/me').set('authorization', pending).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, details: [{ field: 'password', problem: 'password_change_required' }] });
    expect(res.body.details[0].message).toMatch(/đổi mật khẩu/);
    expect((await request(app.getHttpServer()).get('/me/account').set('authorization', pending).expect(200)).body).toEqual({
      username: secretary.username,
      mustChangePassword: true,
    });
    expect(
      (
        await request(app.getHttpServer())
          .get('/me')
          .set('authorization', await bearer(secretary))
          .expect(200)
      ).body.mustChangePassword,
    ).toBeUndefined();
  });

  it('needs no token on @Public() routes and /health, but still reads a valid one', async () => {
    expect((await request(app.getHttpServer()).get('/open').expect(200)).body).toEqual({ user: null });
    expect(
      (
        await request(app.getHttpServer())
          .get('/open')
          .set('authorization', await bearer(officer))
          .expect(200)
      ).body,
    ).toEqual({ user: 'canbo.30133' });
    await request(app.getHttpServer()).get('/health').expect(404); // not 401: the guard lets it through (no such route here)
  });

  it('accepts ?token= only on @Sse() and @AllowQueryToken() GET handlers', async () => {
    const token = (await tokens.issue(secretary, { passwordHash: 'test-hash' })).accessToken;
    await request(app.getHttpServer()).get(`/me?token=${token}`).expect(401);
    const sse = await request(app.getHttpServer()).get(`/stream?token=${token}`).expect(200);
    expect(sse.text).toContain('data: hello');
    await request(app.getHttpServer()).get('/stream').expect(401);
    await request(app.getHttpServer()).get(`/hand-written-stream?token=${token}`).expect(200);
  });
});

describe('scope helpers', () => {
  const cellA01 = { id: '874-30133-A01', communeId: '30133' };
  const otherCommuneCell = { id: '874-30136-A02', communeId: '30136' };

  it('a secretary acts for exactly one cell', () => {
    expect(() => assertCanSubmitFor(secretary, '874-30133-A01')).not.toThrow();
    expect(() => assertCanSubmitFor(secretary, '874-30133-A02')).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanSubmitFor(officer, '874-30133-A01')).toThrow(expect.objectContaining({ status: 403 }));
    expect(canReadCell(secretary, cellA01)).toBe(true);
    expect(canReadCell(secretary, { id: '874-30133-A02', communeId: '30133' })).toBe(false);
  });

  it('a commune officer reads and reviews the cells of one commune; a leader reads all and reviews none', () => {
    expect(canReadCell(officer, cellA01)).toBe(true);
    expect(canReadCell(officer, otherCommuneCell)).toBe(false);
    expect(canReviewCell(officer, cellA01)).toBe(true);
    expect(canReviewCell(officer, otherCommuneCell)).toBe(false);
    expect(canReadCommune(officer, '30133')).toBe(true);
    expect(canReadCommune(officer, '30136')).toBe(false);
    expect(canReadCell(leader, otherCommuneCell)).toBe(true);
    expect(canReviewCell(leader, cellA01)).toBe(false);
    expect(canReadCommune(secretary, '30133')).toBe(false);
  });
});

describe('PasswordHasher and configuration', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const h = new PasswordHasher();
    const hash = await h.hash('mật khẩu đúng');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await h.verify(hash, 'mật khẩu đúng')).toBe(true);
    expect(await h.verify(hash, 'mật khẩu sai')).toBe(false);
    expect(await h.verify('not-a-hash', 'x')).toBe(false);
    expect(await h.verify(null, 'x')).toBe(false);
  });

  it('refuses a missing, short or predictable JWT secret in every mode, and accepts a random one', () => {
    for (const NODE_ENV of ['production', 'development', 'test']) {
      expect(() => resolveAuthEnv(undefined, { NODE_ENV })).toThrow(/JWT_SECRET: is required/);
      expect(() => resolveAuthEnv(undefined, { NODE_ENV, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32 characters/);
      expect(() => resolveAuthEnv(undefined, { NODE_ENV, JWT_SECRET: 'ab'.repeat(20) })).toThrow(/JWT_SECRET: is too predictable/);
      expect(resolveAuthEnv(undefined, { NODE_ENV, JWT_SECRET: generateSecret() }).JWT_TTL_SECONDS).toBe(900);
    }
    const same = generateSecret();
    expect(() => resolveAuthEnv(undefined, { JWT_SECRET: same, JWT_SECRET_PREVIOUS: same })).toThrow(/JWT_SECRET_PREVIOUS: must differ/);
  });
});
