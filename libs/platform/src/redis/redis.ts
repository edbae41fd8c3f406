import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import IORedis, { RedisOptions } from 'ioredis';
import { withTimeout } from '../kafka/kafka-health.indicator';

/**
 * ioredis connection options for BullMQ. Workers need maxRetriesPerRequest: null (blocking
 * commands); producers fail fast with enableOfflineQueue false (BullMQ "going to production").
 */
export function redisOptionsFromUrl(redisUrl: string, role: 'worker' | 'producer'): RedisOptions {
  const u = new URL(redisUrl);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    db: u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0,
    username: u.username || undefined,
    password: u.password || undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: role === 'worker' ? null : 3,
    enableOfflineQueue: role === 'worker',
    lazyConnect: false,
  };
}

/** Refuse to run BullMQ on a Redis that may evict keys: jobs and locks would vanish silently. */
export async function assertNoEviction(redis: IORedis): Promise<void> {
  const res = (await redis.config('GET', 'maxmemory-policy')) as string[];
  const policy = res?.[1];
  if (policy && policy !== 'noeviction') {
    throw new Error(
      `Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction" (run: redis-cli CONFIG SET maxmemory-policy noeviction, ` +
        `or set it in redis.conf). Refusing to start so that no reminder is lost.`,
    );
  }
}

@Injectable()
export class RedisHealthIndicator {
  constructor(private readonly indicator: HealthIndicatorService) {}

  async check(redis: IORedis, key = 'redis', timeoutMs = 2000) {
    const h = this.indicator.check(key);
    try {
      const pong = await withTimeout(redis.ping(), timeoutMs);
      return h.up({ reply: pong });
    } catch (err) {
      return h.down({ message: (err as Error).message });
    }
  }
}
