import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { SSE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { forbidden, passwordChangeRequired, unauthenticated } from './auth-errors';
import { IS_PUBLIC_KEY, PENDING_PASSWORD_KEY, QUERY_TOKEN_KEY, ROLES_KEY } from './decorators';
import type { Principal } from './principal';
import { ROLE_LABELS, Role } from './roles';
import { TokenService } from './token.service';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export interface AuthModuleOptions {
  /**
   * Register {@link AuthGuard} as a global guard (APP_GUARD): every route needs a token unless it is
   * `@Public()` or under `publicPaths`. Default true. With false, use `@UseGuards(AuthGuard)` where needed.
   */
  globalGuard?: boolean;
  /**
   * Path prefixes that need no token, for routes of shared modules that cannot carry `@Public()`.
   * Default `['/health', '/metrics']` (terminus and Prometheus controllers).
   */
  publicPaths?: string[];
}

export const DEFAULT_PUBLIC_PATHS = ['/health', '/metrics'];

type AuthedRequest = Request & { user?: Principal };

/** The token of the request: `Authorization: Bearer <token>`; `?token=` only when `allowQuery` (SSE). */
export function tokenOf(req: Pick<Request, 'headers' | 'query'>, allowQuery: boolean): string | undefined {
  const h = req.headers.authorization;
  if (typeof h === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    if (m) return m[1];
    return h; // present but not "Bearer <token>": verify() will call it invalid
  }
  if (allowQuery) {
    const q = req.query?.token;
    if (typeof q === 'string' && q) return q;
  }
  return undefined;
}

/**
 * Authentication and role check in one guard, so that the order of guards never matters:
 *
 * 1. `@Public()` handler or a `publicPaths` route → allowed (a valid token, if sent, still sets req.user);
 * 2. otherwise the access token is required: missing → 401 token_missing; expired → 401
 *    token_expired; anything else wrong → 401 token_invalid (all with `WWW-Authenticate: Bearer`);
 * 3. an account that must change its password (token claim `pwc`) → 403 password_change_required, except on
 *    `@AllowPendingPasswordChange()` handlers;
 * 4. `@Roles(...)` present and the account's role not listed → 403 role_not_allowed.
 *
 * The token comes from `Authorization: Bearer …`. A `?token=` query parameter is accepted ONLY on GET
 * handlers declared with `@Sse()` (or marked `@AllowQueryToken()`): EventSource cannot send headers.
 * Scope (which cell, which commune) is checked by the handler with the helpers of scope.ts.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly publicPaths: string[];

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @Inject(AUTH_OPTIONS) options: AuthModuleOptions,
  ) {
    this.publicPaths = options.publicPaths ?? DEFAULT_PUBLIC_PATHS;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true; // Kafka/RPC handlers are not HTTP requests
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const targets = [ctx.getHandler(), ctx.getClass()];
    const isPublic =
      this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets) === true ||
      this.publicPaths.some((p) => req.path === p || req.path.startsWith(p.endsWith('/') ? p : `${p}/`));
    const allowQuery =
      req.method === 'GET' &&
      (this.reflector.get<boolean>(SSE_METADATA, ctx.getHandler()) === true || this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN_KEY, targets) === true);
    const token = tokenOf(req, allowQuery);

    if (isPublic) {
      if (token) req.user = await this.tokens.verify(token).catch(() => undefined);
      return true;
    }
    if (!token) this.fail(ctx, 'token_missing');
    try {
      req.user = await this.tokens.verify(token);
    } catch (err) {
      this.challenge(ctx, 'invalid_token');
      throw err;
    }
    if (req.user.mustChangePassword && this.reflector.getAllAndOverride<boolean>(PENDING_PASSWORD_KEY, targets) !== true) {
      throw passwordChangeRequired();
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && roles.length > 0 && !roles.includes(req.user.role)) {
      const allowed = roles.map((r) => ROLE_LABELS[r]);
      throw forbidden(
        'role',
        'role_not_allowed',
        `Chỉ ${allowed.map((a) => a.vi).join(', ')} được thực hiện thao tác này (tài khoản của bạn: ${ROLE_LABELS[req.user.role].vi})`,
        `Only ${allowed.map((a) => a.en).join(', ')} may do this (your account: ${ROLE_LABELS[req.user.role].en})`,
      );
    }
    return true;
  }

  private challenge(ctx: ExecutionContext, error?: string): void {
    const res = ctx.switchToHttp().getResponse<Response>();
    if (!res.headersSent) res.setHeader('WWW-Authenticate', error ? `Bearer error="${error}"` : 'Bearer');
  }

  private fail(ctx: ExecutionContext, reason: 'token_missing'): never {
    this.challenge(ctx);
    throw unauthenticated(reason);
  }
}
