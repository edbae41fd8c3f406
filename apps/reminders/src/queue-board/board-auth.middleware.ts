import { Injectable, NestMiddleware } from '@nestjs/common';
import { forbidden, passwordChangeRequired, TokenService, tokenOf, unauthenticated } from '@pledge/auth';
import { toApiErrorBody } from '@pledge/platform';
import type { NextFunction, Request, Response } from 'express';
import { BOARD_COOKIE, cookieOf, LOGIN_ROUTE } from './board-session';

/**
 * Guards bull-board (/admin/queues): an administrator's access token, from `Authorization: Bearer …` or from the
 * HttpOnly cookie set by the login form (/admin/login). A browser without one is sent to the login form; other
 * callers get the shared 401/403 error body.
 */
@Injectable()
export class BoardAuthMiddleware implements NestMiddleware {
  constructor(private readonly tokens: TokenService) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const token = tokenOf(req, false) ?? cookieOf(req, BOARD_COOKIE);
    try {
      if (!token) throw unauthenticated('token_missing');
      const principal = await this.tokens.verify(token);
      if (principal.role !== 'administrator') {
        throw forbidden('role', 'role_not_allowed', 'Chỉ quản trị viên được xem hàng đợi nhắc việc', 'Only administrators may open the reminder queues');
      }
      if (principal.mustChangePassword) {
        throw passwordChangeRequired();
      }
      next();
    } catch (err) {
      const body = toApiErrorBody(err);
      if (body.statusCode === 401 && req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) {
        res.redirect(302, `${LOGIN_ROUTE}?next=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      if (body.statusCode === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(body.statusCode).json(body);
    }
  }
}
