import { ExecutionContext } from '@nestjs/common';
import { ThrottlerModuleOptions, ThrottlerStorageService } from '@nestjs/throttler';
import { Principal, tokenOf, TokenService } from '@pledge/auth';
import { FailOpenRedisThrottlerStorage } from '@pledge/platform';
import type { IntakeEnv } from '../config';

type Req = {
  ip?: string;
  path?: string;
  user?: Principal;
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
};

export const LOGIN_PATH = '/api/v1/auth/login';

/**
 * Three limits, each over one minute (failed log-ins per account are limited separately, with growing delays:
 * LoginAttempts in the log-in handler):
 * - `address`: every request, per client address (RATE_LIMIT_PER_ADDRESS);
 * - `account`: every authenticated request, per account, all endpoints together (RATE_LIMIT_PER_ACCOUNT);
 * - `login`: log-in attempts per client address, whatever the usernames (RATE_LIMIT_LOGIN), against trying many accounts.
 * The client address is the socket's, or X-Forwarded-For's when the request came through a proxy named in TRUST_PROXY.
 */
export function rateLimitOptions(env: IntakeEnv, tokens: TokenService): ThrottlerModuleOptions {
  const ip = (req: Req) => req.ip ?? 'unknown';
  const accountOf = async (req: Req): Promise<string | null> => {
    if (req.user) return req.user.accountId;
    const token = tokenOf(req as never, false);
    if (!token) return null;
    return (await tokens.verify(token).catch(() => null))?.accountId ?? null;
  };
  const reqOf = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<Req>();
  return {
    storage:
      env.RATE_LIMIT_STORAGE === 'redis'
        ? new FailOpenRedisThrottlerStorage(env.REDIS_URL, `${env.BULLMQ_PREFIX}:intake-rate:`)
        : new ThrottlerStorageService(),
    throttlers: [
      { name: 'address', ttl: 60_000, limit: env.RATE_LIMIT_PER_ADDRESS, getTracker: (req) => ip(req as Req), generateKey: (_c, t) => `address:${t}` },
      {
        name: 'account',
        ttl: 60_000,
        limit: env.RATE_LIMIT_PER_ACCOUNT,
        getTracker: async (req) => (await accountOf(req as Req)) ?? `anonymous:${ip(req as Req)}`,
        generateKey: (_c, t) => `account:${t}`,
        skipIf: (ctx) => !tokenOf(reqOf(ctx) as never, false) && !reqOf(ctx).user,
      },
      {
        name: 'login',
        ttl: 60_000,
        limit: env.RATE_LIMIT_LOGIN,
        getTracker: (req) => ip(req as Req),
        generateKey: (_c, t) => `login:${t}`,
        skipIf: (ctx) => reqOf(ctx).path !== LOGIN_PATH,
      },
    ],
  };
}
