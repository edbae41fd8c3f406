import { ArgumentsHost, Catch, ExceptionFilter, ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler/dist/throttler.guard.interface';
import type { Request, Response } from 'express';
import type { RemindersEnv } from '../config';

/** The queue board's login attempts, counted per network address (ADMIN_LOGIN_LIMIT; in this process's memory). */
export function adminLoginLimitOptions(env: RemindersEnv): ThrottlerModuleOptions {
  const limit = env.ADMIN_LOGIN_LIMIT;
  return {
    throttlers: [
      {
        name: 'admin-login',
        ttl: limit?.windowMs ?? 60_000,
        limit: limit?.max ?? 1,
        skipIf: () => limit === null,
        getTracker: (req) => (req as Request).ip ?? 'unknown',
      },
    ],
  };
}

/** Thrown when an address has used up its login attempts; carries how long to wait. */
export class AdminLoginLimited extends ThrottlerException {
  constructor(
    readonly waitSeconds: number,
    readonly limit: number,
  ) {
    super(`too many login attempts; try again in ${waitSeconds} s`);
  }
}

@Injectable()
export class AdminLoginThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(ctx: ExecutionContext, d: ThrottlerLimitDetail): Promise<void> {
    throw new AdminLoginLimited(Math.max(1, Math.ceil(d.timeToBlockExpire || d.timeToExpire)), d.limit);
  }
}

/** Answers a throttled login with the login form again (429, Retry-After), in Vietnamese with the English beside it. */
@Catch(AdminLoginLimited)
export class AdminLoginLimitedFilter implements ExceptionFilter {
  constructor(private readonly render: (error: string) => string) {}

  catch(e: AdminLoginLimited, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const minutes = Math.ceil(e.waitSeconds / 60);
    res
      .status(429)
      .setHeader('retry-after', String(e.waitSeconds))
      .setHeader('cache-control', 'no-store')
      .type('html')
      .send(this.render(`Đăng nhập quá nhiều lần từ địa chỉ này; vui lòng thử lại sau ${minutes} phút (too many login attempts from this address; try again in ${minutes} min).`));
  }
}
