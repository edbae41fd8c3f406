import { Inject, Injectable, Optional } from '@nestjs/common';
import type { AuthEnv } from '@pledge/platform';
import { ApiError, isDatabaseUnavailableError } from '@pledge/platform';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AUTH_ENV } from './auth-config';
import type { Principal } from './principal';

/** The digest of a password hash that a token carries (`crd`): changes whenever the password changes. */
export function credentialDigest(passwordHash: string): string {
  return createHash('sha256').update(`pledge-credential:${passwordHash}`, 'utf8').digest('base64url').slice(0, 22);
}

interface Verdict {
  ok: boolean;
  at: number;
}

/** Most remembered verdicts; beyond that the oldest half is forgotten (bounds memory whatever clients send). */
const MAX_ENTRIES = 20_000;

/**
 * Is the account behind a validly signed token still allowed in? Active, its password unchanged since the token was
 * issued (the token's `crd` = digest of the password hash), and the token's session (`sid`) neither revoked nor
 * expired. One indexed query per account and session, remembered AUTH_REVOCATION_CHECK_MS (2 s): disabling an
 * account, changing or resetting its password, logging out or a replayed refresh token stop its access tokens within
 * that time, in every app that verifies tokens. Without a database (a unit test wiring only the auth module) every
 * signed token passes. When the database cannot answer, the request is refused with 503 rather than let through.
 */
@Injectable()
export class AccessCheck {
  private readonly verdicts = new Map<string, Verdict>();
  private readonly ttlMs: number;

  constructor(
    @Inject(AUTH_ENV) env: Partial<AuthEnv>,
    @Optional() private readonly ds?: DataSource,
  ) {
    this.ttlMs = env.AUTH_REVOCATION_CHECK_MS ?? 2000;
  }

  async allows(p: Principal, crd: string): Promise<boolean> {
    if (!this.ds) return true;
    const key = `${p.accountId}|${p.sessionId ?? ''}|${crd}`;
    const now = Date.now();
    const known = this.verdicts.get(key);
    if (known && now - known.at < this.ttlMs) return known.ok;
    let rows: { active: boolean; password_hash: string; session_ok: boolean | null }[];
    try {
      rows = await this.ds.query(
        `SELECT a.active, a.password_hash,
                CASE WHEN $2::uuid IS NULL THEN NULL ELSE (s.id IS NOT NULL AND s.revoked_at IS NULL AND s.expires_at > now()) END AS session_ok
           FROM account a LEFT JOIN auth_session s ON s.id = $2::uuid AND s.account_id = a.id
          WHERE a.id = $1::uuid`,
        [p.accountId, p.sessionId ?? null],
      );
    } catch (e) {
      // PostgreSQL restarting: the same 503 "database_unavailable" (nothing stored, send again) as every other request
      if (isDatabaseUnavailableError(e)) throw e;
      throw new ApiError(
        503,
        'unavailable',
        'Không kiểm tra được phiên đăng nhập, vui lòng thử lại sau',
        'The session cannot be checked right now; please try again later',
      );
    }
    const r = rows[0];
    const ok = !!r && r.active && credentialDigest(r.password_hash) === crd && r.session_ok !== false;
    if (this.verdicts.size >= MAX_ENTRIES) [...this.verdicts.keys()].slice(0, MAX_ENTRIES / 2).forEach((k) => this.verdicts.delete(k));
    this.verdicts.set(key, { ok, at: now });
    return ok;
  }
}
