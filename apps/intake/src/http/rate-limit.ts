import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ExecutionContext, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModuleOptions, ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler/dist/throttler.guard.interface';
import { Principal, tokenOf, TokenService } from '@pledge/auth';
import { ApiError } from '@pledge/platform';
import IORedis from 'ioredis';
import type { IntakeEnv } from '../config';

/**
 * Rate-limit counters in Redis, so that the limits hold across several intake instances (the outbox
 * relay is built for several instances). When Redis cannot be reached, the counters fall back to this
 * instance's memory: a Redis outage weakens the limits, it never stops secretaries from submitting.
 */
export class FailOpenRedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: ThrottlerStorageRedisService;
  private readonly memory = new ThrottlerStorageService();
  private warned = false;

  constructor(redisUrl: string, keyPrefix: string) {
    // commands wait for a (re)connection at most 500 ms, then the memory takes over for that request
    const client = new IORedis(redisUrl, { keyPrefix, maxRetriesPerRequest: 1, commandTimeout: 500, connectTimeout: 2000 });
    client.on('error', () => undefined); // reported once per outage below
    this.redis = new ThrottlerStorageRedisService(client);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    try {
      const r = await this.redis.increment(key, ttl, limit, blockDuration, throttlerName);
      this.warned = false;
      return r;
    } catch (err) {
      if (!this.warned) this.logger.warn(`Redis unreachable for rate limits (${(err as Error).message}); counting in memory meanwhile`);
      this.warned = true;
      return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  onModuleDestroy(): void {
    this.redis.redis.disconnect();
    this.memory.onApplicationShutdown();
  }
}

type Req = { ip?: string; path?: string; user?: Principal; body?: unknown; headers: Record<string, string | string[] | undefined>; query: Record<string, unknown> };

export const LOGIN_PATH = '/api/v1/auth/login';

/**
 * Three limits, each over one minute:
 * - `address`: every request, per client address (RATE_LIMIT_PER_ADDRESS);
 * - `account`: every authenticated request, per account, all endpoints together (RATE_LIMIT_PER_ACCOUNT);
 * - `login`: login attempts per address and username (RATE_LIMIT_LOGIN), against password guessing.
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
    storage: env.RATE_LIMIT_STORAGE === 'redis' ? new FailOpenRedisThrottlerStorage(env.REDIS_URL, `${env.BULLMQ_PREFIX}:intake-rate:`) : new ThrottlerStorageService(),
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
        getTracker: (req) => {
          const u = (req as Req).body as { username?: unknown } | undefined;
          return `${ip(req as Req)}|${typeof u?.username === 'string' ? u.username.trim().toLowerCase() : ''}`;
        },
        generateKey: (_c, t) => `login:${t}`,
        skipIf: (ctx) => reqOf(ctx).path !== LOGIN_PATH,
      },
    ],
  };
}

const LIMIT_TEXT: Record<string, [string, string]> = {
  address: ['Địa chỉ mạng này gửi quá nhiều yêu cầu', 'Too many requests from this address'],
  account: ['Tài khoản này gửi quá nhiều yêu cầu', 'Too many requests from this account'],
  login: ['Đăng nhập sai quá nhiều lần', 'Too many login attempts'],
};

/** The throttler guard, answering 429 with the shared bilingual error body and Retry-After. */
@Injectable()
export class IntakeThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(ctx: ExecutionContext, d: ThrottlerLimitDetail): Promise<void> {
    const [vi, en] = LIMIT_TEXT[d.key.split(':')[0]] ?? LIMIT_TEXT.address;
    const wait = Math.max(1, Math.ceil(d.timeToBlockExpire || d.timeToExpire));
    ctx.switchToHttp().getResponse<{ header(name: string, value: string): void }>().header('Retry-After', String(wait));
    throw new ApiError(429, 'too_many_requests', `${vi}; vui lòng thử lại sau ${wait} giây`, `${en}; try again in ${wait} s`, [
      { field: '(request)', problem: `rate_limited_${d.key.split(':')[0]}`, message: `Tối đa ${d.limit} yêu cầu mỗi phút`, messageEn: `at most ${d.limit} requests per minute` },
    ]);
  }
}
