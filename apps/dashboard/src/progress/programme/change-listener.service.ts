import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { mayBeTruncated, NotifyChannels, parseProgressSignal, type ReferenceChangedSignal } from '@pledge/contracts';
import { APP_CONFIG, DatabaseEnv } from '@pledge/platform';
import { PinoLogger } from 'nestjs-pino';
import { Client, Notification } from 'pg';
import { Gauge, register } from 'prom-client';

/** The projector's channel (libs/contracts): its read models changed. */
export const READINGS_CHANGED_CHANNEL = NotifyChannels.progressChanged;
/** Administrators' edits of the reference data (NOTIFY in the same transaction), from any dashboard instance or `cli seed`. */
export const REFERENCE_CHANGED_CHANNEL = NotifyChannels.referenceChanged;

/** NOTIFYs `reference_changed` (libs/contracts ReferenceChangedSignal) in the caller's transaction. */
export async function notifyReferenceChanged(m: { query(sql: string, params?: unknown[]): Promise<unknown> }, signal: ReferenceChangedSignal): Promise<void> {
  await m.query(`SELECT pg_notify($1, $2)`, [REFERENCE_CHANGED_CHANNEL, JSON.stringify(signal)]);
}

/** What a change notification says: which days of the derived read models changed, or that the readings did. */
export type ChangeOf = { kind: 'readings' } | { kind: 'derived'; days: readonly string[] | null } | { kind: 'everything' };

/**
 * What a `progress_changed` payload (libs/contracts ProgressChangedSignal) says: `readings` (rm_reading and the
 * history changed: days computed on demand are out of date), `status` naming the stored days it recomputed (those are
 * out of date; all of them when the list may have been cut), and anything else (a rebuild, an unreadable payload):
 * everything.
 */
export function changeOf(payload: string | undefined): ChangeOf {
  const signal = parseProgressSignal(payload);
  if (!signal || signal.kind === 'rebuilt') return { kind: 'everything' };
  if (signal.kind === 'readings') return { kind: 'readings' };
  return { kind: 'derived', days: signal.full || mayBeTruncated(signal.days.length) || signal.days.length === 0 ? null : signal.days };
}

const listenerUp =
  (register.getSingleMetric('dashboard_read_api_listener_up') as Gauge | undefined) ??
  new Gauge({ name: 'dashboard_read_api_listener_up', help: '1 while the read API LISTENs on progress_changed and reference_changed (its caches are in use)' });

/**
 * Tells the read API's caches when what they hold is out of date. LISTENs on a dedicated connection to
 * `progress_changed` (the projector) and `reference_changed` (administrators' edits, from any dashboard instance);
 * notifications bump generation counters — `readings` (the history changed), `derived` (stored days changed; per day
 * when the signal names them) and `reference` — and a cached value is good only while the counters it was computed
 * under have not moved. While the connection is down the caches are bypassed (every request reads the database), so a
 * lost notification can never leave a stale answer.
 */
@Injectable()
export class ReadModelChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private client?: Client;
  private stopped = false;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
  private readings = 0;
  private reference = 0;
  private derived = 0;
  private readonly derivedDays = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly env: DatabaseEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ReadModelChangeListener.name);
  }

  /** True while LISTEN is active: cached values may be served. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Counters to stamp a cached value with (take them BEFORE reading the database). */
  get generations(): { readings: number; reference: number } {
    return { readings: this.readings, reference: this.reference };
  }

  /** The generation of a stored day's rows (take it BEFORE reading them). */
  derivedGeneration(day: string): string {
    return `${this.derived}.${this.derivedDays.get(day) ?? 0}`;
  }

  private everythingChanged(): void {
    this.readings++;
    this.derived++;
    this.derivedDays.clear();
  }

  /** Called by this instance's own administrators' edits (the NOTIFY reaches the other instances). */
  referenceChanged(): void {
    this.reference++;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.env.DATABASE_URL, application_name: 'dashboard-read-api-listen' });
    client.on('notification', (n: Notification) => this.onNotification(n));
    client.on('error', (err) => this.onLost(client, err));
    client.on('end', () => this.onLost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${READINGS_CHANGED_CHANNEL}`);
      await client.query(`LISTEN ${REFERENCE_CHANGED_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      this.onLost(client, err as Error);
      return;
    }
    // anything may have changed while nobody listened
    this.everythingChanged();
    this.reference++;
    this.client = client;
    this.attempt = 0;
    listenerUp.set(1);
    this.logger.info({ channels: [READINGS_CHANGED_CHANNEL, REFERENCE_CHANGED_CHANNEL] }, 'read API caches follow the change notifications');
  }

  private onLost(client: Client, err: Error): void {
    if (this.stopped) return;
    if (this.client && this.client !== client) return;
    const wasListening = this.client === client;
    this.client = undefined;
    listenerUp.set(0);
    if (!wasListening && this.retryTimer) return;
    clearTimeout(this.retryTimer);
    this.attempt++;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(this.attempt, 6));
    this.logger.warn({ err: err.message, retryInMs: delay }, 'read API change listener lost its connection; caches bypassed until it is back');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }

  private onNotification(n: Notification): void {
    if (n.channel === READINGS_CHANGED_CHANNEL) {
      const change = changeOf(n.payload);
      if (change.kind === 'readings') this.readings++;
      else if (change.kind === 'everything') this.everythingChanged();
      else if (change.days === null) {
        this.derived++;
        this.derivedDays.clear();
      } else for (const day of change.days) this.derivedDays.set(day, (this.derivedDays.get(day) ?? 0) + 1);
    } else if (n.channel === REFERENCE_CHANGED_CHANNEL) this.reference++;
  }
}
