import { Controller, Inject, MessageEvent, Req, Sse, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AuthGuard, CurrentUser, Principal, tokenOf, TokenService } from '@pledge/auth';
import { APP_CONFIG, ApiError } from '@pledge/platform';
import type { Request } from 'express';
import { Gauge, register } from 'prom-client';
import { concatMap, filter, finalize, from, interval, map, merge, Observable, of, share, takeUntil, timer } from 'rxjs';
import type { DashboardEnv } from '../config';
import { ProgressSignalService } from './progress-signal.service';

const clients =
  (register.getSingleMetric('dashboard_live_clients') as Gauge) ??
  new Gauge({ name: 'dashboard_live_clients', help: 'Browsers connected to the live progress stream' });

/** Seconds since the epoch at which a JWT expires (its `exp`), or null. */
function expiryOf(token: string): number | null {
  try {
    const exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}

/**
 * Live progress for the dashboard pages (Server-Sent Events). Events:
 * - `hello` on connect (the page then reads the progress it shows);
 * - `progress` {hamlets, applied, resync, at} after the projector committed changes (the page re-reads);
 * - `ping` every LIVE_HEARTBEAT_SECONDS, so proxies keep the stream open and the page notices a dead one.
 *
 * For logged-in accounts only (the token as `?token=`, EventSource cannot send headers; the URL is logged redacted).
 * Bounded: at most LIVE_MAX_STREAMS_PER_ACCOUNT open streams per account (429 beyond) and LIVE_MAX_STREAMS per
 * instance (503 beyond); openings per account per minute are rate-limited (read-rate-limit.ts). A stream ends when its
 * token expires or stops being valid (checked at every ping: logout, password change, disabled account); the page
 * then reopens it with its current token.
 */
@ApiTags('live')
@UseGuards(AuthGuard)
@Controller('api/v1/live')
export class StreamProgressHttpController {
  private open = 0;
  private readonly perAccount = new Map<string, number>();

  constructor(
    private readonly signal: ProgressSignalService,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: DashboardEnv,
  ) {}

  @Sse('progress')
  @ApiOperation({ summary: 'Server-Sent Events: a `progress` event each time the projected progress changes (logged-in accounts; ?token=<access token>)' })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'token', required: true, description: 'the access token (EventSource cannot send an Authorization header)' })
  @ApiOkResponse({ description: 'event stream (hello, progress, ping)' })
  @ApiTooManyRequestsResponse({ description: 'too many open streams for this account' })
  stream(@CurrentUser() me: Principal, @Req() req: Request): Observable<MessageEvent> {
    const mine = this.perAccount.get(me.accountId) ?? 0;
    if (mine >= this.config.LIVE_MAX_STREAMS_PER_ACCOUNT) {
      throw new ApiError(429, 'too_many_requests', 'Tài khoản này đang mở quá nhiều luồng cập nhật trực tiếp', 'This account has too many live streams open', [
        {
          field: '(request)',
          problem: 'too_many_streams',
          message: `Tối đa ${this.config.LIVE_MAX_STREAMS_PER_ACCOUNT} luồng cùng lúc cho mỗi tài khoản; hãy đóng bớt thẻ trình duyệt`,
          messageEn: `at most ${this.config.LIVE_MAX_STREAMS_PER_ACCOUNT} streams at once per account; close some browser tabs`,
        },
      ]);
    }
    if (this.open >= this.config.LIVE_MAX_STREAMS) {
      throw new ApiError(
        503,
        'unavailable',
        'Máy chủ đang phục vụ quá nhiều luồng trực tiếp; trang sẽ tự cập nhật định kỳ',
        'Too many live streams on this server; the page will poll instead',
      );
    }
    this.open++;
    this.perAccount.set(me.accountId, mine + 1);
    clients.inc();
    const token = tokenOf(req, true)!;
    const exp = expiryOf(token);
    const heartbeat = interval(this.config.LIVE_HEARTBEAT_SECONDS * 1000).pipe(
      concatMap(() =>
        from(
          this.tokens.verify(token).then(
            () => true,
            () => false,
          ),
        ),
      ),
      share(),
    );
    const end = merge(timer(exp ? Math.max(0, exp * 1000 - Date.now()) : 0), heartbeat.pipe(filter((valid) => !valid)));
    return merge(
      of<MessageEvent>({ type: 'hello', retry: 3000, data: { listening: this.signal.connected, at: new Date().toISOString() } }),
      this.signal.changes.pipe(map((c): MessageEvent => ({ type: 'progress', data: c }))),
      heartbeat.pipe(map((): MessageEvent => ({ type: 'ping', data: { at: new Date().toISOString() } }))),
    ).pipe(
      takeUntil(end),
      finalize(() => {
        this.open--;
        const left = (this.perAccount.get(me.accountId) ?? 1) - 1;
        if (left > 0) this.perAccount.set(me.accountId, left);
        else this.perAccount.delete(me.accountId);
        clients.dec();
      }),
    );
  }
}
