import { Controller, Inject, MessageEvent, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@pledge/auth';
import { APP_CONFIG } from '@pledge/platform';
import { Gauge, register } from 'prom-client';
import { finalize, interval, map, merge, Observable, of } from 'rxjs';
import type { DashboardEnv } from '../config';
import { ProgressSignalService } from './progress-signal.service';

const clients =
  (register.getSingleMetric('dashboard_live_clients') as Gauge) ??
  new Gauge({ name: 'dashboard_live_clients', help: 'Browsers connected to the live progress stream' });

/**
 * Live progress for the dashboard pages (Server-Sent Events). Events:
 * - `hello` on connect (the page then reads the progress it shows);
 * - `progress` {hamlets, applied, resync, at} after the projector committed changes (the page re-reads);
 * - `ping` every LIVE_HEARTBEAT_SECONDS, so proxies keep the stream open and the page notices a dead one.
 * The stream carries no figures, only "something changed", so it needs no login; the page falls back to polling
 * when the stream cannot be opened.
 */
@ApiTags('live')
@Public()
@Controller('api/v1/live')
export class StreamProgressHttpController {
  constructor(
    private readonly signal: ProgressSignalService,
    @Inject(APP_CONFIG) private readonly config: DashboardEnv,
  ) {}

  @Sse('progress')
  @ApiOperation({ summary: 'Server-Sent Events: a `progress` event each time the projected progress changes' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'event stream (hello, progress, ping)' })
  stream(): Observable<MessageEvent> {
    clients.inc();
    return merge(
      of<MessageEvent>({ type: 'hello', retry: 3000, data: { listening: this.signal.connected, at: new Date().toISOString() } }),
      this.signal.changes.pipe(map((c): MessageEvent => ({ type: 'progress', data: c }))),
      interval(this.config.LIVE_HEARTBEAT_SECONDS * 1000).pipe(map((): MessageEvent => ({ type: 'ping', data: { at: new Date().toISOString() } }))),
    ).pipe(finalize(() => clients.dec()));
  }
}
