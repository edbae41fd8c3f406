import { HttpStatus, Injectable } from '@nestjs/common';
import { PasswordHasher, Principal, Role } from '@pledge/auth';
import { AccountEntity, AuthSessionEntity, type AdminUnitRow } from '@pledge/persistence';
import { ApiError } from '@pledge/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { assertAcceptablePassword } from './password-rules';

export interface ManagedAccount {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  active: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CreateAccountCommand {
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  password?: string;
}

/** Unit kinds an account of each role acts for. */
const UNIT_KINDS: Record<Role, string[]> = {
  secretary: ['hamlet', 'ward'],
  commune_officer: ['commune', 'town'],
  district_leader: ['district'],
  administrator: ['district'],
};

const view = (a: AccountEntity): ManagedAccount => ({
  id: a.id,
  username: a.username,
  displayName: a.displayName,
  role: a.role,
  unitId: a.unitId,
  active: a.active,
  mustChangePassword: a.mustChangePassword,
  createdAt: new Date(a.createdAt).toISOString(),
  updatedAt: new Date(a.updatedAt).toISOString(),
});

/** A password people can type on a phone: 4 groups of 4 letters/digits without look-alikes (≈ 80 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

const notFound = (username: string) =>
  new ApiError(HttpStatus.NOT_FOUND, 'not_found', `Không có tài khoản "${username}"`, `No account "${username}"`, [
    { field: 'username', problem: 'unknown_account', message: `Không có tài khoản "${username}"`, messageEn: `No account "${username}"` },
  ]);

/** Use case "manage accounts" (administrators): list, create, disable/enable, reset a password. Every change is audited. */
@Injectable()
export class ManageAccountsHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly hasher: PasswordHasher,
  ) {}

  async list(filter: { role?: Role; unitId?: string }): Promise<ManagedAccount[]> {
    const rows = await this.ds
      .getRepository(AccountEntity)
      .find({ where: { ...(filter.role ? { role: filter.role } : {}), ...(filter.unitId ? { unitId: filter.unitId } : {}) }, order: { username: 'ASC' } });
    return rows.map(view);
  }

  async create(actor: Principal, cmd: CreateAccountCommand): Promise<{ account: ManagedAccount; temporaryPassword?: string }> {
    const [unit] = await this.ds.query<Pick<AdminUnitRow, 'id' | 'kind'>[]>(`SELECT id, kind FROM admin_unit WHERE id = $1`, [cmd.unitId]);
    if (!unit)
      throw ApiError.validation([
        { field: 'unitId', problem: 'unknown_code', message: `Không có đơn vị mã "${cmd.unitId}"`, messageEn: `unknown unit "${cmd.unitId}"` },
      ]);
    if (!UNIT_KINDS[cmd.role].includes(unit.kind))
      throw ApiError.validation([
        {
          field: 'unitId',
          problem: 'wrong_unit_kind',
          message: `Vai trò ${cmd.role} cần đơn vị loại ${UNIT_KINDS[cmd.role].join('/')}, không phải ${unit.kind}`,
          messageEn: `role ${cmd.role} needs a unit of kind ${UNIT_KINDS[cmd.role].join('/')}, not ${unit.kind}`,
        },
      ]);
    if (cmd.password) assertAcceptablePassword(cmd.password, cmd, 'password');
    const temporaryPassword = cmd.password ? undefined : generatePassword();
    const hash = await this.hasher.hash(cmd.password ?? temporaryPassword!);
    const account = await this.ds.transaction(async (m) => {
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(AccountEntity)
        .values({
          id: randomUUID(),
          username: cmd.username,
          displayName: cmd.displayName,
          passwordHash: hash,
          role: cmd.role,
          unitId: cmd.unitId,
          active: true,
          mustChangePassword: true,
        })
        .orIgnore()
        .returning('*')
        .execute();
      if ((inserted.raw as unknown[]).length === 0)
        throw new ApiError(HttpStatus.CONFLICT, 'conflict', `Tên đăng nhập "${cmd.username}" đã có`, `Username "${cmd.username}" is taken`, [
          { field: 'username', problem: 'taken', message: 'Tên đăng nhập đã có', messageEn: 'username already taken' },
        ]);
      const a = await m.getRepository(AccountEntity).findOneByOrFail({ username: cmd.username });
      await audit(m, actor, a.username, 'created', null, { role: a.role, unitId: a.unitId, displayName: a.displayName });
      return a;
    });
    return { account: view(account), ...(temporaryPassword ? { temporaryPassword } : {}) };
  }

  async setActive(actor: Principal, username: string, active: boolean): Promise<ManagedAccount> {
    if (!active && username === actor.username)
      throw ApiError.validation([
        { field: 'username', problem: 'own_account', message: 'Không thể tự khóa tài khoản của mình', messageEn: 'you cannot disable your own account' },
      ]);
    return this.ds.transaction(async (m) => {
      const a = await m.getRepository(AccountEntity).findOne({ where: { username }, lock: { mode: 'pessimistic_write' } });
      if (!a) throw notFound(username);
      if (a.active !== active) {
        await m.getRepository(AccountEntity).update({ id: a.id }, { active });
        if (!active) await revokeSessions(m, a.id, 'account_disabled');
        await audit(m, actor, username, active ? 'enabled' : 'disabled', { active: a.active }, { active });
      }
      return view(await m.getRepository(AccountEntity).findOneByOrFail({ id: a.id }));
    });
  }

  async resetPassword(actor: Principal, username: string, password?: string): Promise<{ account: ManagedAccount; temporaryPassword?: string }> {
    const target = await this.ds.getRepository(AccountEntity).findOneBy({ username });
    if (!target) throw notFound(username);
    if (password) assertAcceptablePassword(password, target, 'password');
    const temporaryPassword = password ? undefined : generatePassword();
    const hash = await this.hasher.hash(password ?? temporaryPassword!);
    return this.ds.transaction(async (m) => {
      const a = await m.getRepository(AccountEntity).findOneBy({ username });
      if (!a) throw notFound(username);
      // a password somebody else knows: its owner replaces it at the next login
      await m.getRepository(AccountEntity).update({ id: a.id }, { passwordHash: hash, mustChangePassword: true });
      await revokeSessions(m, a.id, 'password_reset');
      await audit(m, actor, username, 'password_reset', null, null);
      return { account: view(await m.getRepository(AccountEntity).findOneByOrFail({ id: a.id })), ...(temporaryPassword ? { temporaryPassword } : {}) };
    });
  }
}

async function revokeSessions(m: EntityManager, accountId: string, reason: string): Promise<void> {
  await m.getRepository(AuthSessionEntity).update({ accountId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
}

async function audit(m: EntityManager, actor: Principal, username: string, action: string, before: unknown, after: unknown): Promise<void> {
  await m.query(`INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'account', $2, $3, $4, $5)`, [
    actor.username,
    username,
    action,
    before === null ? null : JSON.stringify(before),
    after === null ? null : JSON.stringify(after),
  ]);
}
