import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, DatabaseEnv } from '@pledge/platform';
import { PinoLogger } from 'nestjs-pino';
import { Client, Notification } from 'pg';
import { Gauge, register } from 'prom-client';

/** The projector's channel: one NOTIFY per committed batch that changed the read models. */
export const READINGS_CHANGED_CHANNEL = 'progress_changed';
/** This API's channel: an administrator changed units, thresholds or the evaluation settings (NOTIFY in the same transaction). */
export const REFERENCE_CHANGED_CHANNEL = 'reference_changed';

/** Which reporting units' readings changed; null: unknown (re-read everything). */
export interface ReadingsChange {
  readonly units: readonly string[] | null;
}

/** The projector names at most this many units per notification; a list this long may have been cut. */
const MAX_UNITS_NAMED = 100;

/**
 * What a `progress_changed` payload says about rm_reading: `{kind: "readings", hamlets: [...]}` names the units
 * whose readings changed; `kind: "status"` is about the projector's derived status tables only (nothing to
 * re-read here); anything else (a rebuild, an unknown or unreadable payload, a list that may be truncated) means
 * "re-read everything".
 */
export function readingsChangeOf(payload: string | undefined): ReadingsChange | 'ignore' {
  try {
    const p = JSON.parse(payload ?? '') as { kind?: unknown; hamlets?: unknown };
    if (p.kind === 'status') return 'ignore';
    if ((p.kind === 'readings' || p.kind === undefined) && Array.isArray(p.hamlets) && p.hamlets.length > 0 && p.hamlets.length < MAX_UNITS_NAMED) {
      if (p.hamlets.every((h): h is string => typeof h === 'string')) return { units: p.hamlets };
    }
  } catch {
    /* not JSON: re-read everything */
  }
  return { units: null };
}

const listenerUp =
  (register.getSingleMetric('dashboard_read_api_listener_up') as Gauge | undefined) ??
  new Gauge({ name: 'dashboard_read_api_listener_up', help: '1 while the read API LISTENs on progress_changed and reference_changed (its caches are in use)' });

/**
 * Tells the read API's caches when what they hold is out of date. LISTENs on a dedicated connection to
 * `progress_changed` (new readings) and `reference_changed` (administrators' edits, from any dashboard instance);
 * every notification bumps a generation counter, and a cached value is good only while the counters it was
 * computed under have not moved. While the connection is down the caches are bypassed (every request reads the
 * database), so a lost notification can never leave a stale answer.
 */
@Injectable()
export class ReadModelChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private client?: Client;
  private stopped = false;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
  private readings = 0;
  private reference = 0;
  private readonly readingsListeners: ((change: ReadingsChange) => void)[] = [];

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

  /** Calls `cb` with every change of the readings (before the generation moves on). */
  onReadingsChanged(cb: (change: ReadingsChange) => void): void {
    this.readingsListeners.push(cb);
  }

  private readingsChanged(change: ReadingsChange): void {
    for (const cb of this.readingsListeners) cb(change);
    this.readings++;
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
    this.readingsChanged({ units: null });
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
      const change = readingsChangeOf(n.payload);
      if (change !== 'ignore') this.readingsChanged(change);
    } else if (n.channel === REFERENCE_CHANGED_CHANNEL) this.reference++;
  }
}
