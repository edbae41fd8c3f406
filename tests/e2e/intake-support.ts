import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TEST_PASSWORD } from '../support/global-setup';

/** Helpers shared by the intake/ingest end-to-end tests (real apps, real services). */

export interface Session {
  accessToken: string;
  refreshToken: string;
  account: { id: string; username: string; role: string; unitId: string; communeId: string | null; mustChangePassword: boolean };
}

export async function logIn(intakeUrl: string, username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await fetch(`${intakeUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login of ${username} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Session;
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON request; `body` as a string is sent as is (to send broken JSON). */
export async function call<T = any>(
  url: string,
  opts: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const res = await fetch(url, {
    method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** A valid update for cell 874-30133-A01 (XA-04 4.2 is a percentage reported by cells). */
export function update(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: randomUUID(),
    hamletCode: '874-30133-A01',
    criterionCode: 'XA-04',
    readings: [{ indicatorCode: '4.2', numerator: 412, denominator: 420 }],
    asOf: '2025-06-30',
    ...overrides,
  };
}

export async function countRows(pg: Client, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pg.query(`SELECT count(*)::int AS n FROM (${sql}) q`, params);
  return rows[0].n;
}
