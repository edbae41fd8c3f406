/**
 * The signed-in account: the access token issued by POST /api/v1/auth/login (proxied to the intake), its
 * claims (role, unit) read from the token, and the refresh token when the server issues one. Kept in
 * localStorage so that a secretary who opens the app offline is still signed in and her waiting reports can be
 * sent when the connection returns.
 */
export type Role = 'secretary' | 'commune_officer' | 'district_leader' | 'administrator';

export interface SessionUser {
  accountId: string;
  username: string;
  role: Role;
  unitId: string;
  communeId: string | null;
  displayName?: string;
}

export interface Session {
  accessToken: string;
  refreshToken?: string;
  /** ms since epoch */
  expiresAt: number;
  user: SessionUser;
}

const KEY = 'pledge.session';
type Listener = (s: Session | null) => void;
const listeners = new Set<Listener>();
let current: Session | null = load();

function load(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(s: Session | null): void {
  current = s;
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
  for (const l of listeners) l(s);
}

export function onSessionChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The claims of a JWT (not verified here: the server verifies every request). */
export function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = decodeURIComponent(
    atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    )
      .split('')
      .map((c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'))
      .join(''),
  );
  return JSON.parse(json) as Record<string, unknown>;
}

export interface LoginAnswer {
  accessToken: string;
  refreshToken?: string;
  expiresIn?: number;
  expiresAt?: string;
  account?: { displayName?: string; username?: string; mustChangePassword?: boolean };
  user?: { displayName?: string; username?: string };
}

export function sessionFromLogin(a: LoginAnswer): Session {
  const c = decodeClaims(a.accessToken);
  const exp = typeof c.exp === 'number' ? c.exp * 1000 : a.expiresAt ? Date.parse(a.expiresAt) : Date.now() + (a.expiresIn ?? 900) * 1000;
  return {
    accessToken: a.accessToken,
    refreshToken: a.refreshToken,
    expiresAt: exp,
    user: {
      accountId: String(c.sub ?? ''),
      username: String(c.username ?? a.account?.username ?? a.user?.username ?? ''),
      role: c.role as Role,
      unitId: String(c.unitId ?? ''),
      communeId: typeof c.communeId === 'string' ? c.communeId : null,
      displayName: a.account?.displayName ?? a.user?.displayName,
    },
  };
}

/** Where each role starts. */
export function homeOf(role: Role | undefined): string {
  switch (role) {
    case 'secretary':
      return '/report';
    case 'commune_officer':
      return '/review';
    default:
      return '/dashboard';
  }
}
