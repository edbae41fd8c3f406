import { isRole, Role } from './roles';

/**
 * Who is calling: the authenticated account, as carried by the access token. Available in a
 * controller through `@CurrentUser()`, and on the Express request as `req.user`.
 */
export interface Principal {
  /** Account id (UUID); the token's `sub`. */
  accountId: string;
  /** Login name, e.g. `bithu.874-30133-a01`; recorded as `reportedBy` on every event. */
  username: string;
  role: Role;
  /** The unit the account acts for: its cell (secretary), its commune (officer), the district (leader, administrator). */
  unitId: string;
  /**
   * The commune the account belongs to: the cell's commune for a secretary, the commune itself for an
   * officer; null for district-wide roles.
   */
  communeId: string | null;
  /**
   * The account's password was set by somebody else (an administrator, a production seed): until its owner changes
   * it, the token opens only the routes marked `@AllowPendingPasswordChange()` (403 password_change_required elsewhere).
   */
  mustChangePassword?: boolean;
  /** The device session (auth_session) the token was issued for; absent for tokens of the queue board's login. */
  sessionId?: string;
}

/** Claims of an access token (JWT, HS256). Standard claims `iat`, `exp`, `iss`, `aud` are added on signing. */
export interface AccessTokenClaims {
  sub: string;
  username: string;
  role: Role;
  unitId: string;
  communeId?: string;
  /** Present (true) while the account must change its password. */
  pwc?: true;
  /** The device session (auth_session id) of a login or refresh: logging out or revoking it ends the token too. */
  sid?: string;
  /**
   * A digest of the account's password hash when the token was issued: a changed or reset password no longer
   * matches, so the token stops working within AUTH_REVOCATION_CHECK_MS (see AccessCheck).
   */
  crd: string;
  /** Always "access": nothing else is ever signed with JWT_SECRET. */
  typ: 'access';
}

export function claimsOf(p: Principal, credentialDigest: string): AccessTokenClaims {
  return {
    sub: p.accountId,
    username: p.username,
    role: p.role,
    unitId: p.unitId,
    ...(p.communeId ? { communeId: p.communeId } : {}),
    ...(p.mustChangePassword ? { pwc: true as const } : {}),
    ...(p.sessionId ? { sid: p.sessionId } : {}),
    crd: credentialDigest,
    typ: 'access',
  };
}

/** The principal of verified claims, or null when the claims do not have the expected shape. */
export function principalOf(claims: unknown): Principal | null {
  if (!claims || typeof claims !== 'object') return null;
  const c = claims as Record<string, unknown>;
  if (c.typ !== 'access') return null;
  if (typeof c.sub !== 'string' || !c.sub) return null;
  if (typeof c.username !== 'string' || !c.username) return null;
  if (!isRole(c.role)) return null;
  if (typeof c.unitId !== 'string' || !c.unitId) return null;
  if (c.communeId !== undefined && typeof c.communeId !== 'string') return null;
  if (c.pwc !== undefined && c.pwc !== true) return null;
  if (c.sid !== undefined && (typeof c.sid !== 'string' || !UUID.test(c.sid))) return null;
  if (typeof c.crd !== 'string' || !c.crd) return null;
  if (!UUID.test(c.sub)) return null;
  return {
    accountId: c.sub,
    username: c.username,
    role: c.role,
    unitId: c.unitId,
    communeId: c.communeId ?? null,
    ...(c.pwc ? { mustChangePassword: true } : {}),
    ...(c.sid ? { sessionId: c.sid } : {}),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
