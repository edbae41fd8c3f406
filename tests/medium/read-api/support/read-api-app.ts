import { INestApplication, Module, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthModule, TokenService, type Principal } from '@pledge/auth';
import { PersistenceModule } from '@pledge/persistence';
import { ApiExceptionFilter, AppConfigModule, LoggingModule } from '@pledge/platform';
import { Client } from 'pg';
import { dashboardEnvSchema } from '../../../../apps/dashboard/src/config';
import { newTestSecret } from '../../../support/env';
import { createTestDatabase, TestDatabase } from '../../../support/template-db';
import { inProcessProjector, type InProcessProjector } from '../../projector/support/in-process';

/**
 * The dashboard's read API in-process (its own modules only, on a clone of the seeded template database), with
 * real PostgreSQL and real tokens: requests go through express, libs/auth's guard and the shared error filter.
 */
export interface ReadApiApp {
  db: TestDatabase;
  app: INestApplication;
  url: string;
  pg: Client;
  /** An access token of a seeded account. */
  tokenFor(username: string): Promise<string>;
  /** GET as `username` (default a district leader; null: without a token). */
  get<T = any>(path: string, username?: string | null): Promise<{ status: number; body: T }>;
  send<T = any>(method: string, path: string, body: unknown, username?: string | null): Promise<{ status: number; body: T }>;
  /** NOTIFY as the projector does after writing read models directly. */
  notifyReadings(): Promise<void>;
  /** The projector's status refresher (in-process): derive every queued change (everything the first time). */
  project(): Promise<void>;
  close(): Promise<void>;
}

export async function startReadApi(label: string, modules: Type<unknown>[]): Promise<ReadApiApp> {
  const db = await createTestDatabase(label);
  process.env.DATABASE_URL = db.url;
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
  process.env.NODE_ENV = 'test';
  process.env.JWT_SECRET ??= newTestSecret();
  process.env.RATE_LIMIT_STORAGE ??= 'memory';

  @Module({
    imports: [
      AppConfigModule.forRoot(dashboardEnvSchema),
      LoggingModule.forRoot('dashboard-test'),
      PersistenceModule.forRoot('dashboard-test'),
      AuthModule.forRoot({ globalGuard: false }),
      ...modules,
    ],
  })
  class ReadApiTestModule {}

  const moduleRef = await Test.createTestingModule({ imports: [ReadApiTestModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new ApiExceptionFilter());
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  const tokens = app.get(TokenService);
  let projector: InProcessProjector | undefined;

  // issued afresh each time: a token is bound to the account's current password hash (a forced seed reload changes it)
  const tokenFor = async (username: string): Promise<string> => {
    const { rows } = await pg.query(
      `SELECT a.id, a.username, a.role, a.unit_id, a.password_hash, CASE WHEN a.role = 'secretary' THEN u.parent_id WHEN a.role = 'commune_officer' THEN a.unit_id END AS commune_id
         FROM account a JOIN admin_unit u ON u.id = a.unit_id WHERE a.username = $1`,
      [username],
    );
    if (!rows[0]) throw new Error(`no seeded account ${username}`);
    const principal: Principal = { accountId: rows[0].id, username, role: rows[0].role, unitId: rows[0].unit_id, communeId: rows[0].commune_id ?? null };
    return (await tokens.issue(principal, { passwordHash: rows[0].password_hash })).accessToken;
  };

  const send = async (method: string, path: string, body: unknown, username: string | null = 'lanhdao.1') => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (username) headers.authorization = `Bearer ${await tokenFor(username)}`;
    const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  return {
    db,
    app,
    url,
    pg,
    tokenFor,
    get: (path, username = 'lanhdao.1') => send('GET', path, undefined, username),
    send,
    notifyReadings: async () => {
      await pg.query(`SELECT pg_notify('progress_changed', '{}')`);
    },
    project: async () => {
      projector ??= await inProcessProjector(db.url);
      await projector.drain();
    },
    close: async () => {
      await projector?.close();
      await pg.end().catch(() => undefined);
      await app.close();
      await db.drop();
    },
  };
}
