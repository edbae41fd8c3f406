import { getSession, LoginAnswer, sessionFromLogin, setSession } from '../auth/session';

/** The system's error body (libs/platform ApiErrorBody): Vietnamese first, English available. */
export interface ApiErrorDetail {
  field: string;
  problem: string;
  message: string;
  messageEn: string;
}
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  messageEn: string;
  details?: ApiErrorDetail[];
}

/**
 * A failed call. `offline` when the request never got an answer from our server (no connection, the intake
 * unreachable behind the dashboard, a gateway error): worth retrying later. Otherwise `status` and `body` say why.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
    readonly offline: boolean,
  ) {
    super(body?.messageEn ?? (offline ? 'offline' : `HTTP ${status}`));
  }

  /** Worth trying again later (connection, gateway, rate limit, server error). */
  get transient(): boolean {
    return this.offline || this.status === 429 || this.status === 408 || this.status >= 500;
  }
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Send the access token (default true when signed in). */
  auth?: boolean;
  /** Send this access token instead of the session's (a login not made a session yet); never refreshed. */
  token?: string;
  /** A multipart body (a file upload) instead of JSON; the browser sets its content type. */
  form?: FormData;
  signal?: AbortSignal;
}

let refreshing: Promise<boolean> | null = null;

/** Use the refresh token, if the server gave one, to get a new access token. One refresh at a time. */
export function refreshSession(): Promise<boolean> {
  const s = getSession();
  if (!s?.refreshToken) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ refreshToken: s.refreshToken }),
      });
      if (!res.ok) {
        if (res.status === 401 || res.status === 400) setSession(null);
        return false;
      }
      const answer = (await res.json()) as LoginAnswer;
      const next = sessionFromLogin({ refreshToken: s.refreshToken, ...answer });
      next.user.displayName ??= s.user.displayName;
      setSession(next);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function once(path: string, opts: CallOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const token = opts.token ?? (opts.auth !== false ? getSession()?.accessToken : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(path, {
    method: opts.method ?? (opts.body !== undefined || opts.form ? 'POST' : 'GET'),
    headers,
    body: opts.form ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    signal: opts.signal,
    cache: 'no-store',
  });
}

/** The raw response of a call (for downloads); refreshes an expired token once. */
export async function apiResponse(path: string, opts: CallOptions = {}): Promise<Response> {
  let res: Response;
  try {
    res = await once(path, opts);
    if (res.status === 401 && opts.auth !== false && !opts.token && getSession()?.refreshToken && (await refreshSession())) res = await once(path, opts);
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiProblem(0, null, true);
  }
  if (!res.ok) {
    let body: ApiErrorBody | null;
    try {
      body = (await res.json()) as ApiErrorBody;
    } catch {
      body = null;
    }
    if (res.status === 401 && opts.auth !== false && !opts.token && getSession()) setSession(null);
    throw new ApiProblem(res.status, body, res.status === 502 || res.status === 504);
  }
  return res;
}

/** Call our API and parse the JSON answer; throws ApiProblem. */
export async function api<T>(path: string, opts: CallOptions = {}): Promise<T> {
  const res = await apiResponse(path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
