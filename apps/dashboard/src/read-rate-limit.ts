import { ExecutionContext } from '@nestjs/common';
import { ThrottlerModuleOptions, ThrottlerStorageService } from '@nestjs/throttler';
import { tokenOf, TokenService } from '@pledge/auth';
import { FailOpenRedisThrottlerStorage } from '@pledge/platform';
import type { Request } from 'express';
import type { DashboardEnv } from './config';

/** Never limited: the health check and the metrics must answer whatever clients send. */
const UNLIMITED = /^\/(health|metrics)(\/|$)/;
const LIVE = /^\/api\/v1\/live\//;

/**
 * The read API's limits, each over one minute, counted in Redis (`<BULLMQ_PREFIX>:dashboard-rate:*`) so that they
 * hold across dashboard instances (in memory while Redis is unreachable):
 * - `address`: every request per client address (READ_RATE_LIMIT_PER_ADDRESS);
 * - `account`: every request with a valid token, per account, all endpoints together (READ_RATE_LIMIT_PER_ACCOUNT);
 * - `stream`: openings of the live stream per account (LIVE_MAX_STREAMS_PER_ACCOUNT × 6: reconnecting is fine,
 *   a loop is not). How many streams may be open at once is capped by the stream's controller.
 * The intake's paths proxied by the dashboard are counted by the intake.
 */
export function readRateLimitOptions(env: DashboardEnv, tokens: TokenService): ThrottlerModuleOptions {
  const reqOf = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<Request & { user?: { accountId: string } }>();
  const accountOf = async (req: Request & { user?: { accountId: string } }): Promise<string | null> => {
    if (req.user) return req.user.accountId;
    const token = tokenOf(req, LIVE.test(req.path));
    if (!token) return null;
    return (await tokens.verify(token).catch(() => null))?.accountId ?? null;
  };
  return {
    storage:
      env.RATE_LIMIT_STORAGE === 'redis'
        ? new FailOpenRedisThrottlerStorage(env.REDIS_URL, `${env.BULLMQ_PREFIX}:dashboard-rate:`)
        : new ThrottlerStorageService(),
    throttlers: [
      {
        name: 'address',
        ttl: 60_000,
        limit: env.READ_RATE_LIMIT_PER_ADDRESS,
        getTracker: (req) => (req as Request).ip ?? 'unknown',
        generateKey: (_c, t) => `address:${t}`,
        skipIf: (ctx) => UNLIMITED.test(reqOf(ctx).path),
      },
      {
        name: 'account',
        ttl: 60_000,
        limit: env.READ_RATE_LIMIT_PER_ACCOUNT,
        getTracker: async (req) => (await accountOf(req as Request)) ?? `anonymous:${(req as Request).ip}`,
        generateKey: (_c, t) => `account:${t}`,
        skipIf: (ctx) => UNLIMITED.test(reqOf(ctx).path) || !tokenOf(reqOf(ctx), LIVE.test(reqOf(ctx).path)),
      },
      {
        name: 'stream',
        ttl: 60_000,
        limit: env.LIVE_MAX_STREAMS_PER_ACCOUNT * 6,
        getTracker: async (req) => (await accountOf(req as Request)) ?? `anonymous:${(req as Request).ip}`,
        generateKey: (_c, t) => `stream:${t}`,
        skipIf: (ctx) => !LIVE.test(reqOf(ctx).path),
      },
    ],
  };
}
