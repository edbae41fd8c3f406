import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ExecutionContext, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler/dist/throttler.guard.interface';
import IORedis from 'ioredis';
import { ApiError } from './api-error';

/**
 * Rate-limit counters in Redis, so that the limits hold across several instances of an app. When Redis cannot be
 * reached, the counters fall back to this instance's memory: a Redis outage weakens the limits, it never stops
 * people from submitting or reading.
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

/** What each named limit says when it is reached (Vietnamese, English); the key's first segment names the limit. */
const LIMIT_TEXT: Record<string, [string, string]> = {
  address: ['Địa chỉ mạng này gửi quá nhiều yêu cầu', 'Too many requests from this address'],
  account: ['Tài khoản này gửi quá nhiều yêu cầu', 'Too many requests from this account'],
  login: ['Đăng nhập quá nhiều lần từ địa chỉ này', 'Too many login attempts from this address'],
  stream: ['Tài khoản này mở quá nhiều luồng cập nhật trực tiếp', 'Too many live streams opened by this account'],
};

/** The throttler guard of the HTTP apps, answering 429 with the shared bilingual error body and Retry-After. */
@Injectable()
export class ApiThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(ctx: ExecutionContext, d: ThrottlerLimitDetail): Promise<void> {
    const name = d.key.split(':')[0];
    const [vi, en] = LIMIT_TEXT[name] ?? LIMIT_TEXT.address;
    const wait = Math.max(1, Math.ceil(d.timeToBlockExpire || d.timeToExpire));
    const perMinute = Math.round((d.limit * 60_000) / d.ttl);
    ctx.switchToHttp().getResponse<{ header(name: string, value: string): void }>().header('Retry-After', String(wait));
    throw new ApiError(429, 'too_many_requests', `${vi}; vui lòng thử lại sau ${wait} giây`, `${en}; try again in ${wait} s`, [
      {
        field: '(request)',
        problem: `rate_limited_${name}`,
        message: `Tối đa ${perMinute} yêu cầu mỗi phút`,
        messageEn: `at most ${perMinute} requests per minute`,
      },
    ]);
  }
}
