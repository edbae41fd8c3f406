import { Inject, Injectable, Optional } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { keyIdOf, type AuthEnv } from '@pledge/platform';
import { AccessCheck, credentialDigest } from './access-check';
import { AUTH_ENV, JWT_AUDIENCE, JWT_ISSUER } from './auth-config';
import { unauthenticated } from './auth-errors';
import { claimsOf, Principal, principalOf } from './principal';

export interface IssuedAccessToken {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the token expires (JWT_TTL_SECONDS). */
  expiresIn: number;
  expiresAt: string;
}

/** What binds a token to the account's current state: its password hash now (and the device session, if any). */
export interface TokenBinding {
  /** The account's password hash (argon2 PHC string) at issue time; only a digest of it goes into the token. */
  passwordHash: string;
}

/**
 * Signs and verifies access tokens: JWT, HS256 only (the algorithm is pinned on verification), lifetime
 * JWT_TTL_SECONDS, issuer and audience checked, 5 s of clock tolerance.
 *
 * Keys rotate: tokens are signed with JWT_SECRET and carry its key id (`kid`, a digest of the key); verification
 * accepts the key named by `kid` when it is JWT_SECRET or JWT_SECRET_PREVIOUS, and nothing else (no `kid`, or a
 * key id of neither, is 401 token_invalid).
 *
 * A valid signature is not enough: {@link AccessCheck} (when the app has a database) also requires the account to be
 * active, its password unchanged since the token was issued and the token's session not revoked, so disabling an
 * account, a password change or reset, a logout or a replayed refresh token stop the token within seconds.
 */
@Injectable()
export class TokenService {
  private readonly keys: Map<string, string>;
  private readonly currentKid: string;

  constructor(
    private readonly jwt: JwtService,
    @Inject(AUTH_ENV) private readonly env: Pick<AuthEnv, 'JWT_SECRET' | 'JWT_TTL_SECONDS'> & Partial<AuthEnv>,
    @Optional() private readonly access?: AccessCheck,
  ) {
    this.currentKid = keyIdOf(env.JWT_SECRET);
    this.keys = new Map([[this.currentKid, env.JWT_SECRET]]);
    if (env.JWT_SECRET_PREVIOUS) this.keys.set(keyIdOf(env.JWT_SECRET_PREVIOUS), env.JWT_SECRET_PREVIOUS);
  }

  /** The access token of `principal` (intake's login and refresh, the queue board's login). */
  async issue(principal: Principal, binding: TokenBinding, now: Date = new Date()): Promise<IssuedAccessToken> {
    const ttl = this.env.JWT_TTL_SECONDS;
    const accessToken = await this.jwt.signAsync(claimsOf(principal, credentialDigest(binding.passwordHash)), {
      algorithm: 'HS256',
      secret: this.env.JWT_SECRET,
      keyid: this.currentKid,
      expiresIn: ttl,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: ttl, expiresAt: new Date(now.getTime() + ttl * 1000).toISOString() };
  }

  /** The principal of a valid, unrevoked token; throws the 401 ApiError (token_expired / token_invalid / token_revoked) otherwise. */
  async verify(token: string): Promise<Principal> {
    const secret = this.keys.get(this.kidOf(token) ?? '');
    if (!secret) throw unauthenticated('token_invalid');
    let claims: Record<string, unknown>;
    try {
      claims = await this.jwt.verifyAsync(token, {
        algorithms: ['HS256'],
        secret,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        clockTolerance: 5,
      });
    } catch (err) {
      throw unauthenticated((err as Error).name === 'TokenExpiredError' ? 'token_expired' : 'token_invalid');
    }
    const principal = principalOf(claims);
    if (!principal) throw unauthenticated('token_invalid');
    if (this.access && !(await this.access.allows(principal, String(claims.crd)))) throw unauthenticated('token_revoked');
    return principal;
  }

  private kidOf(token: string): string | undefined {
    try {
      const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown };
      return typeof header.kid === 'string' ? header.kid : undefined;
    } catch {
      return undefined;
    }
  }
}
