import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AuthEnv } from '@pledge/platform';
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

/**
 * Signs and verifies access tokens: JWT, HS256 only (the algorithm is pinned on verification), with
 * JWT_SECRET, lifetime JWT_TTL_SECONDS, issuer and audience checked, 5 s of clock tolerance.
 * Verification needs no database: any app that shares JWT_SECRET can check a token on its own.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(AUTH_ENV) private readonly env: AuthEnv,
  ) {}

  /** The access token of `principal` (only an app that authenticates people, i.e. intake's login, calls this). */
  async issue(principal: Principal, now: Date = new Date()): Promise<IssuedAccessToken> {
    const ttl = this.env.JWT_TTL_SECONDS;
    const accessToken = await this.jwt.signAsync(claimsOf(principal), {
      algorithm: 'HS256',
      secret: this.env.JWT_SECRET,
      expiresIn: ttl,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: ttl, expiresAt: new Date(now.getTime() + ttl * 1000).toISOString() };
  }

  /** The principal of a valid token; throws the 401 ApiError (token_expired / token_invalid) otherwise. */
  async verify(token: string): Promise<Principal> {
    let claims: unknown;
    try {
      claims = await this.jwt.verifyAsync(token, {
        algorithms: ['HS256'],
        secret: this.env.JWT_SECRET,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        clockTolerance: 5,
      });
    } catch (err) {
      throw unauthenticated((err as Error).name === 'TokenExpiredError' ? 'token_expired' : 'token_invalid');
    }
    const principal = principalOf(claims);
    if (!principal) throw unauthenticated('token_invalid');
    return principal;
  }
}
