import type { Request } from 'express';

/** Cookie holding the administrator's access token for the queue board (HttpOnly, SameSite=Strict, path /admin). */
export const BOARD_COOKIE = 'pledge_board_token';
export const BOARD_ROUTE = '/admin/queues';
export const LOGIN_ROUTE = '/admin/login';

/** The value of cookie `name` in the request's Cookie header. */
export function cookieOf(req: Pick<Request, 'headers'>, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}
