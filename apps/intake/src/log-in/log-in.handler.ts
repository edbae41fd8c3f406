import { Inject, Injectable } from '@nestjs/common';
import { IssuedAccessToken, LoginAttempts, PasswordHasher, Principal, Role, TokenService, unauthenticated } from '@pledge/auth';
import { AccountEntity, AuthSessionEntity } from '@pledge/persistence';
import { APP_CONFIG, ApiError, isKnownSecret } from '@pledge/platform';
import { assertAcceptablePassword } from '../manage-accounts/password-rules';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { IntakeEnv } from '../config';

export interface SessionTokens extends IssuedAccessToken {
  /** Opaque `<session id>.<secret>`; exchange it at POST /api/v1/auth/refresh. Rotated on every use. */
  refreshToken: string;
  refreshExpiresAt: string;
  account: AccountView;
}

export interface AccountView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  communeId: string | null;
  /** The password was set by somebody else: only changing it (and reading the account) is allowed until then. */
  mustChangePassword: boolean;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Use case "log in": password check (argon2id), a short-lived access token (JWT) and a refresh
 * token for the device (auth_session). Also refresh (rotation with replay detection), logout and
 * changing one's own password.
 */
@Injectable()
export class LogInHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
    private readonly hasher: PasswordHasher,
    @Inject(APP_CONFIG) private readonly env: IntakeEnv,
    private readonly logger: PinoLogger,
    private readonly attempts: LoginAttempts,
  ) {
    this.logger.setContext(LogInHandler.name);
  }

  /**
   * Failed attempts are counted per username (LoginAttempts: growing delays, whatever the client's address); while
   * one must wait, the answer is 429 before the password is even looked at. A password written in this repository
   * (an old development default) never opens an account, even when it is the account's: an administrator resets it.
   */
  async logIn(username: string, password: string, userAgent?: string): Promise<SessionTokens> {
    const wait = await this.attempts.waitSeconds(username);
    if (wait > 0) throw LoginAttempts.limited(wait);
    const account = await this.ds.getRepository(AccountEntity).findOneBy({ username: username.trim().toLowerCase().normalize('NFC') });
    const ok = (await this.hasher.verify(account?.passwordHash, password)) && !isKnownSecret(password);
    if (!account || !ok) {
      if (account && isKnownSecret(password))
        this.logger.warn({ username: account.username }, 'login refused: the password is one written in the repository; an administrator must reset it');
      const next = await this.attempts.failed(username);
      this.logger.info({ username, nextAttemptInSeconds: next }, 'login refused: bad credentials');
      throw unauthenticated('bad_credentials', 'password');
    }
    if (!account.active) throw unauthenticated('account_disabled', 'username');
    await this.attempts.succeeded(username);
    if (this.hasher.needsRehash(account.passwordHash)) {
      account.passwordHash = await this.hasher.hash(password);
      await this.ds.getRepository(AccountEntity).update({ id: account.id }, { passwordHash: account.passwordHash });
    }
    const now = new Date();
    const secret = randomBytes(32).toString('base64url');
    const session: Partial<AuthSessionEntity> = {
      id: randomUUID(),
      accountId: account.id,
      tokenHash: sha256(secret),
      previousTokenHash: null,
      lastUsedAt: now,
      expiresAt: this.refreshExpiry(now),
      userAgent: userAgent?.slice(0, 300) ?? null,
    };
    await this.ds.getRepository(AuthSessionEntity).insert(session);
    this.logger.info({ username: account.username, sessionId: session.id }, 'logged in');
    return this.answer(account, session.id!, `${session.id}.${secret}`, session.expiresAt!);
  }

  /**
   * Rotates the refresh token. Presenting the previous one again within REFRESH_REUSE_GRACE_SECONDS is a client retry (a lost
   * answer) and rotates again; later, or any older one, is a replay of a stolen token: the whole session is revoked
   * (committed, whatever is answered) and every access token of it stops (AccessCheck).
   */
  async refresh(refreshToken: string): Promise<SessionTokens> {
    const [id, secret] = refreshToken.split('.');
    if (!id || !secret || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw unauthenticated('refresh_invalid', 'refreshToken');
    const outcome = await this.ds.transaction(async (m): Promise<SessionTokens | 'refresh_invalid' | 'account_disabled'> => {
      const session = await m.getRepository(AuthSessionEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      const now = new Date();
      if (!session || session.revokedAt || session.expiresAt <= now) return 'refresh_invalid';
      const presented = sha256(secret);
      if (!sameHash(presented, session.tokenHash)) {
        const isPrevious = session.previousTokenHash !== null && sameHash(presented, session.previousTokenHash);
        if (!isPrevious || now.getTime() - session.lastUsedAt.getTime() > this.env.REFRESH_REUSE_GRACE_SECONDS * 1000) {
          if (isPrevious) {
            // committed with this transaction: the answer below is a 401, not a rollback
            await m.getRepository(AuthSessionEntity).update({ id }, { revokedAt: now, revokedReason: 'token_reuse' });
            this.logger.warn({ sessionId: id }, 'an old refresh token was replayed: session revoked');
          }
          return 'refresh_invalid';
        }
        // a retry of a refresh whose answer was lost (phones on rural networks): rotate again
      }
      const account = await m.getRepository(AccountEntity).findOneBy({ id: session.accountId });
      if (!account || !account.active) {
        await m.getRepository(AuthSessionEntity).update({ id }, { revokedAt: now, revokedReason: 'account_disabled' });
        return 'account_disabled';
      }
      const next = randomBytes(32).toString('base64url');
      const expiresAt = this.refreshExpiry(now);
      await m.getRepository(AuthSessionEntity).update({ id }, { previousTokenHash: presented, tokenHash: sha256(next), lastUsedAt: now, expiresAt });
      return this.answer(account, id, `${id}.${next}`, expiresAt, m);
    });
    if (typeof outcome === 'string') throw unauthenticated(outcome, 'refreshToken');
    return outcome;
  }

  async logOut(refreshToken: string): Promise<void> {
    const [id, secret] = refreshToken.split('.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/i.test(id)) return;
    await this.ds.query(`UPDATE auth_session SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1 AND token_hash = $2 AND revoked_at IS NULL`, [
      id,
      sha256(secret),
    ]);
  }

  async changePassword(principal: Principal, currentPassword: string, newPassword: string): Promise<void> {
    const account = await this.ds.getRepository(AccountEntity).findOneByOrFail({ id: principal.accountId });
    if (!(await this.hasher.verify(account.passwordHash, currentPassword))) throw unauthenticated('bad_credentials', 'currentPassword');
    if (newPassword === currentPassword)
      throw ApiError.validation([
        {
          field: 'newPassword',
          problem: 'unchanged',
          message: 'Mật khẩu mới phải khác mật khẩu cũ',
          messageEn: 'the new password must differ from the current one',
        },
      ]);
    assertAcceptablePassword(newPassword, account, 'newPassword');
    const hash = await this.hasher.hash(newPassword);
    await this.ds.transaction(async (m) => {
      await m.getRepository(AccountEntity).update({ id: account.id }, { passwordHash: hash, mustChangePassword: false });
      await m
        .getRepository(AuthSessionEntity)
        .update({ accountId: account.id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: 'password_changed' });
      await m.query(`INSERT INTO audit_log (actor, entity, entity_id, action) VALUES ($1, 'account', $2, 'password_changed')`, [
        principal.username,
        account.username,
      ]);
    });
  }

  async me(principal: Principal): Promise<AccountView> {
    const account = await this.ds.getRepository(AccountEntity).findOneBy({ id: principal.accountId });
    if (!account) throw unauthenticated('token_invalid');
    return this.view(account, principal.communeId);
  }

  private refreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.env.REFRESH_TTL_DAYS * 86_400_000);
  }

  private async answer(
    account: AccountEntity,
    sessionId: string,
    refreshToken: string,
    refreshExpiresAt: Date,
    m: EntityManager = this.ds.manager,
  ): Promise<SessionTokens> {
    const communeId = await communeOf(m, account);
    const view = this.view(account, communeId);
    const issued = await this.tokens.issue(
      {
        accountId: account.id,
        username: account.username,
        role: account.role,
        unitId: account.unitId,
        communeId,
        sessionId,
        ...(account.mustChangePassword ? { mustChangePassword: true } : {}),
      },
      { passwordHash: account.passwordHash },
    );
    return { ...issued, refreshToken, refreshExpiresAt: refreshExpiresAt.toISOString(), account: view };
  }

  private view(a: AccountEntity, communeId: string | null): AccountView {
    return { id: a.id, username: a.username, displayName: a.displayName, role: a.role, unitId: a.unitId, communeId, mustChangePassword: a.mustChangePassword };
  }
}

/** The commune an account belongs to: its cell's parent (secretary), its own unit (officer), none (district roles). */
export async function communeOf(m: EntityManager, a: Pick<AccountEntity, 'role' | 'unitId'>): Promise<string | null> {
  if (a.role === 'commune_officer') return a.unitId;
  if (a.role !== 'secretary') return null;
  const [row] = await m.query<{ parent_id: string | null }[]>(`SELECT parent_id FROM admin_unit WHERE id = $1`, [a.unitId]);
  return row?.parent_id ?? null;
}
