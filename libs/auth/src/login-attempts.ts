import { Logger, OnModuleDestroy } from '@nestjs/common';
import { DEFAULT_LOGIN_DELAY, loginDelaySeconds, type LoginDelayPolicy } from '@pledge/domain';
import { APP_CONFIG, ApiError, type LoginLimitEnv } from '@pledge/platform';
import { createHash } from 'node:crypto';
import IORedis from 'ioredis';

/** How long a run of failures is remembered after the last one (s). */
const FORGET_AFTER_S = 24 * 3600;

/**
 * Failed log-ins per account, with growing delays (libs/domain loginDelaySeconds), whatever address the attempts
 * come from: an attacker who changes address (or claims another in X-Forwarded-For) keeps the account's count.
 * Counted per username as typed (lowercased, NFC), known or not, so that the answers do not reveal which usernames
 * exist. Only failures count; a success clears them. Kept in Redis (keys `<prefix>:login-failures:<sha256>`) so every
 * instance of every app that logs people in (intake, the queue board) shares them; while Redis is unreachable this
 * process counts in memory.
 */
export class LoginAttempts implements OnModuleDestroy {
  private readonly logger = new Logger('LoginAttempts');
  private readonly redis: IORedis | null;
  private readonly memory = new Map<string, { n: number; until: number; at: number }>();
  private warned = false;

  constructor(
    redisUrl: string | null,
    private readonly prefix: string,
    private readonly policy: LoginDelayPolicy = DEFAULT_LOGIN_DELAY,
  ) {
    this.redis = redisUrl ? new IORedis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 500, connectTimeout: 2000, lazyConnect: true }) : null;
    this.redis?.on('error', () => undefined);
  }

  private key(username: string): string {
    const id = createHash('sha256').update(username.normalize('NFC').trim().toLowerCase(), 'utf8').digest('hex');
    return `${this.prefix}:login-failures:${id}`;
  }

  /** Seconds the next attempt for `username` must still wait (0: go ahead). */
  async waitSeconds(username: string, now = Date.now()): Promise<number> {
    const key = this.key(username);
    const until = await this.use(
      async (r) => Number((await r.hget(key, 'until')) ?? 0),
      () => this.memory.get(key)?.until ?? 0,
    );
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  /** A failed attempt: counts it and returns the wait it imposes on the next one (s). */
  async failed(username: string, now = Date.now()): Promise<number> {
    const key = this.key(username);
    const n = await this.use(
      async (r) => {
        const [[, count]] = (await r.multi().hincrby(key, 'n', 1).expire(key, FORGET_AFTER_S).exec()) as [[Error | null, number]];
        return count;
      },
      () => {
        const cur = this.memory.get(key);
        const next = { n: (cur && now - cur.at < FORGET_AFTER_S * 1000 ? cur.n : 0) + 1, until: cur?.until ?? 0, at: now };
        this.memory.set(key, next);
        if (this.memory.size > 100_000) this.memory.delete(this.memory.keys().next().value!);
        return next.n;
      },
    );
    const wait = loginDelaySeconds(n, this.policy);
    if (wait > 0) {
      const until = now + wait * 1000;
      await this.use(
        async (r) => void (await r.hset(key, 'until', String(until))),
        () => void (this.memory.get(key)!.until = until),
      );
    }
    return wait;
  }

  /** A successful log-in: the account's failures are forgotten. */
  async succeeded(username: string): Promise<void> {
    const key = this.key(username);
    await this.use(
      async (r) => void (await r.del(key)),
      () => void this.memory.delete(key),
    );
  }

  /** 429 rate_limited_login with Retry-After. */
  static limited(waitSeconds: number): ApiError {
    return new ApiError(
      429,
      'too_many_requests',
      `Đăng nhập sai quá nhiều lần; vui lòng thử lại sau ${waitSeconds} giây`,
      `Too many failed log-ins; try again in ${waitSeconds} s`,
      [
        {
          field: 'username',
          problem: 'rate_limited_login',
          message: `Tài khoản này đăng nhập sai nhiều lần liên tiếp: chờ ${waitSeconds} giây trước lần thử sau`,
          messageEn: `this account had many failed log-ins in a row: wait ${waitSeconds} s before the next attempt`,
        },
      ],
    ).retryAfter(waitSeconds);
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }

  private async use<T>(withRedis: (r: IORedis) => Promise<T>, inMemory: () => T): Promise<T> {
    if (!this.redis) return inMemory();
    try {
      if (this.redis.status === 'wait') await this.redis.connect().catch(() => undefined);
      const v = await withRedis(this.redis);
      this.warned = false;
      return v;
    } catch (err) {
      if (!this.warned) this.logger.warn(`Redis unreachable for log-in limits (${(err as Error).message}); counting in memory meanwhile`);
      this.warned = true;
      return inMemory();
    }
  }
}

/**
 * LoginAttempts for an app whose validated configuration has REDIS_URL, BULLMQ_PREFIX (key prefix),
 * LOGIN_FREE_FAILURES and LOGIN_MAX_DELAY_SECONDS; counts in memory when RATE_LIMIT_STORAGE is `memory`.
 */
export const loginAttemptsProvider = {
  provide: LoginAttempts,
  inject: [APP_CONFIG],
  useFactory: (env: LoginLimitEnv & { REDIS_URL: string; BULLMQ_PREFIX: string; RATE_LIMIT_STORAGE?: string }) =>
    new LoginAttempts(env.RATE_LIMIT_STORAGE === 'memory' ? null : env.REDIS_URL, env.BULLMQ_PREFIX, {
      free: env.LOGIN_FREE_FAILURES,
      baseSeconds: 1,
      maxSeconds: env.LOGIN_MAX_DELAY_SECONDS,
    }),
};
