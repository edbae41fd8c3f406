import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NotifyChannels, parseProgressSignal } from '@pledge/contracts';
import { APP_CONFIG } from '@pledge/platform';
import { PinoLogger } from 'nestjs-pino';
import { Client } from 'pg';
import type { RemindersEnv } from '../config';
import { PlanRemindersHandler } from './plan-reminders.handler';

/** The projector's channel (libs/contracts): reminders follow its derived models ("met", "reported"). */
export const PROGRESS_CHANGED_CHANNEL = NotifyChannels.progressChanged;

/**
 * Whether a `progress_changed` payload calls for re-planning: the projector's derived models changed (`status`), or
 * a payload that cannot be read (anything may have changed). New readings alone change nothing reminders read (the
 * `status` signal follows once they are derived); a rebuild reproduces the same rows.
 */
export function replanOn(payload: string | undefined): boolean {
  const signal = parseProgressSignal(payload);
  return signal === null || signal.kind === 'status';
}
const DEBOUNCE_MS = 300;

/**
 * Listens to the projector's `NOTIFY progress_changed` and re-plans shortly after each `status` signal (debounced, one
 * run at a time): an item met or a cell that reported gets its pending reminders cancelled within moments instead of at
 * the next sweep. Reconnects with backoff; re-plans after every reconnect (notifications may have been missed meanwhile).
 */
@Injectable()
export class ProgressListenerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private client?: Client;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private backoffMs = 500;

  constructor(
    private readonly plan: PlanRemindersHandler,
    @Inject(APP_CONFIG) private readonly env: RemindersEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ProgressListenerService.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.REMINDER_ROLE === 'worker') return;
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.env.DATABASE_URL, application_name: 'reminders-listener' });
    client.on('notification', (n) => {
      if (replanOn(n.payload)) this.schedule();
    });
    client.on('error', (err) => this.logger.warn({ err: err.message }, 'progress listener connection error'));
    client.on('end', () => {
      if (this.stopped || this.client !== client) return;
      const wait = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
      setTimeout(() => void this.connect(), wait).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PROGRESS_CHANGED_CHANNEL}`);
      this.client = client;
      this.backoffMs = 500;
      this.logger.info(`listening to ${PROGRESS_CHANGED_CHANNEL}`);
      this.schedule();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'progress listener could not connect; retrying');
      await client.end().catch(() => undefined);
      const wait = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
      setTimeout(() => void this.connect(), wait).unref();
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      await this.plan.execute();
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 're-planning after progress_changed failed');
    } finally {
      this.running = false;
      if (this.again && !this.stopped) {
        this.again = false;
        this.schedule();
      }
    }
  }
}
