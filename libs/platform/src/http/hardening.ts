import { textProblem, unsafeText, unsafeTextFields, type UnsafeText } from '@pledge/domain';
import type { NextFunction, Request, Response } from 'express';
import type { ApiErrorBody } from './api-error';

/**
 * Defences every HTTP app of the system applies before any handler (bootstrapHttpApp): a same-origin
 * Content-Security-Policy, `Cache-Control: no-store` unless a route says otherwise, an Origin check on state changes a
 * browser could be tricked into (CSRF), and the refusal of control characters and invalid Unicode in any text.
 */

/**
 * The Content-Security-Policy of every app (pages, the queue board, OpenAPI's page, JSON): same origin only; inline
 * styles allowed (ECharts and bull-board set style attributes); no `upgrade-insecure-requests` (plain http on an
 * office network must keep working).
 */
export const CSP_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export const CSP_HEADER = Object.entries(CSP_DIRECTIVES)
  .map(([k, v]) => `${k} ${v.join(' ')}`)
  .join('; ');

/**
 * Nothing is kept by browsers or proxies unless the route says so: answers carry tokens or data scoped to an account.
 * Static files of the web app set their own caching (apps/dashboard/src/web).
 */
export function noStoreByDefault(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Content types a cross-site HTML form (or a no-CORS fetch) can send without a preflight. */
const SIMPLE_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;

const originOf = (url: string | undefined): string | null => {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * CSRF protection by origin (OWASP "verify origin with standard headers"): a state change (POST/PUT/PATCH/DELETE)
 * that a browser would send on its own, i.e. one carrying a cookie or a form-like body, must come from this app's own
 * origin: `Sec-Fetch-Site: same-origin` (or `none`, typed by the user), else an `Origin` (else `Referer`) equal to the
 * request's own host or to one of `trustedOrigins` (PUBLIC_BASE_URL); a request with none of these headers (not a
 * browser) passes only without a cookie. Otherwise 403 `cross_site_request`. Requests authenticated by an
 * `Authorization` header and sent as JSON cannot be forged by another site (CORS is never enabled), so API clients
 * need nothing.
 */
export function sameOriginForBrowserStateChanges(trustedOrigins: string[]) {
  const trusted = new Set(trustedOrigins.map((o) => originOf(o)).filter((o): o is string => !!o));
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!UNSAFE_METHODS.has(req.method)) return next();
    const browserLike = req.headers.cookie !== undefined || SIMPLE_TYPES.test(String(req.headers['content-type'] ?? ''));
    if (!browserLike) return next();
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin ?? req.headers.referer;
    let ok: boolean;
    if (typeof site === 'string') ok = site === 'same-origin' || site === 'none';
    else if (origin !== undefined) {
      const claimed = originOf(req.headers.origin !== undefined ? (req.headers.origin === 'null' ? undefined : req.headers.origin) : req.headers.referer);
      ok = claimed !== null && new Set([`${req.protocol}://${req.headers.host}`, ...trusted]).has(claimed);
    } else {
      // no browser metadata at all: not a browser (a browser sends Origin with every cross-site POST); only a request
      // carrying a cookie must prove where it comes from
      ok = req.headers.cookie === undefined;
    }
    if (ok) return next();
    const body: ApiErrorBody = {
      statusCode: 403,
      error: 'forbidden',
      message: 'Yêu cầu thay đổi dữ liệu phải xuất phát từ chính trang của hệ thống',
      messageEn: 'A state change must come from the system’s own pages',
      details: [
        {
          field: '(headers).origin',
          problem: 'cross_site_request',
          message: 'Yêu cầu đến từ một trang khác (Origin/Sec-Fetch-Site): bị từ chối để chống giả mạo yêu cầu (CSRF)',
          messageEn: 'The request comes from another site (Origin/Sec-Fetch-Site): refused against cross-site request forgery (CSRF)',
        },
      ],
    };
    res.status(403).setHeader('Cache-Control', 'no-store').json(body);
  };
}

function reject(res: Response, problems: UnsafeText[]): void {
  const body: ApiErrorBody = {
    statusCode: 400,
    error: 'validation_failed',
    message: 'Dữ liệu gửi lên không hợp lệ',
    messageEn: 'The submitted data is invalid',
    details: problems,
  };
  res.status(400).setHeader('Cache-Control', 'no-store').json(body);
}

/**
 * Control characters (NUL, ...) and invalid Unicode (lone surrogates, broken percent-encoding) anywhere in the
 * request, i.e. the path, the query, a header or any string or key of the parsed body, are a clear 400 naming the
 * field (`control_character`, `invalid_unicode`), never a 500 from the database further down. Tab, line feed and
 * carriage return stay allowed in bodies (notes, comments).
 */
export function rejectUnsafeText(req: Request, res: Response, next: NextFunction): void {
  const problems: UnsafeText[] = [];
  for (const segment of req.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      problems.push(unsafeText('(path)', 'invalid_unicode'));
      break;
    }
    const p = textProblem(decoded);
    if (p) {
      problems.push(unsafeText('(path)', p));
      break;
    }
  }
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : [value ?? '']) {
      // header values arrive as Latin-1 text: only control characters (tab allowed) can be wrong
      const p = textProblem(v.replace(/\t/g, ' '));
      if (p === 'control_character') problems.push(unsafeText(`(headers).${name}`, p));
    }
  }
  problems.push(...unsafeTextFields(req.query, '(query)'));
  if (req.body !== undefined && typeof req.body === 'object') problems.push(...unsafeTextFields(req.body));
  if (problems.length) return reject(res, problems.slice(0, 20));
  next();
}
