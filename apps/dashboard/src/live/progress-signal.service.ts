import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@pledge/platform';
import { PinoLogger } from 'nestjs-pino';
import { Client, Notification } from 'pg';
import { Gauge, register } from 'prom-client';
import { bufferTime, filter, map, Observable, share, Subject } from 'rxjs';
import { NotifyChannels, parseProgressSignal } from '@pledge/contracts';
import type { DashboardEnv } from '../config';

/** The projector's NOTIFY channel (libs/contracts): its read models changed. */
export const PROGRESS_CHANGED_CHANNEL = NotifyChannels.progressChanged;

/** What the browser receives: which cells changed (empty when unknown: re-read everything). */
export interface ProgressChange {
  /** The projector's kinds of change merged into this event: readings, status, rebuilt (see the projector's README). */
  kinds: string[];
  hamlets: string[];
  applied: number;
  /** true after the listener reconnected: notifications may have been missed, re-read everything. */
  resync: boolean;
  at: string;
}

const listening =
  (register.getSingleMetric('dashboard_live_listener_up') as Gauge) ??
  new Gauge({ name: 'dashboard_live_listener_up', help: '1 while the dashboard LISTENs on progress_changed' });

/**
 * LISTENs on PostgreSQL channel `progress_changed` over a dedicated connection (a pooled connection would
 * lose the LISTEN when returned to the pool) and turns notifications into a shared stream of changes,
 * merged over 250 ms so that a busy projector does not flood the browsers. The connection is re-opened
 * with back-off when it drops; the first change after a reconnect is marked `resync`.
 */
@Injectable()
export class ProgressSignalService implements OnApplicationBootstrap, OnApplicationShutdown {
  private client?: Client;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private attempt = 0;
  private readonly raw = new Subject<ProgressChange>();
  readonly changes: Observable<ProgressChange>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: DashboardEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ProgressSignalService.name);
    this.changes = this.raw.pipe(
      bufferTime(250),
      filter((batch) => batch.length > 0),
      map((batch) => mergeChanges(batch)),
      share(),
    );
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.raw.complete();
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'dashboard-live' });
    client.on('notification', (n: Notification) => this.onNotification(n));
    client.on('error', (err) => this.onLost(client, err));
    client.on('end', () => this.onLost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${PROGRESS_CHANGED_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      this.onLost(client, err as Error);
      return;
    }
    const reconnected = this.attempt > 0;
    this.client = client;
    this.attempt = 0;
    listening.set(1);
    this.logger.info({ channel: PROGRESS_CHANGED_CHANNEL, reconnected }, 'listening for progress changes');
    if (reconnected) this.raw.next({ kinds: [], hamlets: [], applied: 0, resync: true, at: new Date().toISOString() });
  }

  private onLost(client: Client, err: Error): void {
    if (this.stopped) return;
    if (this.client && this.client !== client) return;
    if (this.client === client) this.client = undefined;
    listening.set(0);
    clearTimeout(this.retryTimer);
    this.attempt++;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(this.attempt, 6));
    this.logger.warn({ err: err.message, retryInMs: delay }, 'progress listener lost its connection; reconnecting');
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private onNotification(n: Notification): void {
    if (n.channel !== PROGRESS_CHANGED_CHANNEL) return;
    this.raw.next(parseNotification(n.payload));
  }
}

/** What the browser is told of a `progress_changed` payload (libs/contracts ProgressChangedSignal). */
export function parseNotification(payload: string | undefined): ProgressChange {
  const at = new Date().toISOString();
  const p = parseProgressSignal(payload);
  if (!p) return { kinds: [], hamlets: [], applied: 0, resync: false, at };
  return { kinds: [p.kind], hamlets: [...p.hamlets], applied: p.applied, resync: false, at };
}

export function mergeChanges(batch: ProgressChange[]): ProgressChange {
  const hamlets = new Set<string>();
  for (const c of batch) for (const h of c.hamlets) hamlets.add(h);
  return {
    kinds: [...new Set(batch.flatMap((c) => c.kinds))].sort(),
    hamlets: [...hamlets].sort().slice(0, 200),
    applied: batch.reduce((s, c) => s + c.applied, 0),
    resync: batch.some((c) => c.resync),
    at: batch[batch.length - 1].at,
  };
}
