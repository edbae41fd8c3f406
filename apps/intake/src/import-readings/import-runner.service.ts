import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@pledge/platform';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import type { IntakeEnv } from '../config';
import { ImportReadingsHandler, ImportSignal } from './import-readings.handler';

/** How often a job is taken up again at most before it is given up (a file that crashes the process every time). */
const MAX_ATTEMPTS = 5;

/**
 * Works off uploaded spreadsheets, one at a time per intake instance: claims the oldest queued job (or one whose
 * instance died: its lease lapsed) with FOR UPDATE SKIP LOCKED, so several intake instances share the work, and runs
 * ImportReadingsHandler.process on it. Woken by an upload; otherwise looks every IMPORT_POLL_MS. The job row is the
 * truth: a job interrupted by a shutdown or crash is taken up again and stores nothing twice. On SIGTERM the current
 * step finishes and the loop stops.
 */
@Injectable()
export class ImportRunnerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private woken = false;

  constructor(
    private readonly ds: DataSource,
    private readonly handler: ImportReadingsHandler,
    private readonly signal: ImportSignal,
    @Inject(APP_CONFIG) private readonly env: IntakeEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ImportRunnerService.name);
  }

  onApplicationBootstrap(): void {
    this.signal.on('uploaded', () => {
      this.woken = true;
      this.wake?.();
    });
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        worked = await this.once();
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'import runner: a round failed; the job is taken up again later');
      }
      if (!this.running) break;
      if (worked || this.woken) {
        this.woken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.env.IMPORT_POLL_MS);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** Claims and processes one job; false when there was none. */
  private async once(): Promise<boolean> {
    await this.ds.query(
      `UPDATE reading_import SET status = 'failed', phase = NULL, file = NULL, finished_at = now(), lease_until = NULL,
              failure = jsonb_build_object('problem', 'gave_up', 'message', 'Không xử lý được tệp sau nhiều lần thử', 'messageEn', 'the file could not be processed after several attempts')
        WHERE status = 'processing' AND lease_until < now() AND attempts >= $1`,
      [MAX_ATTEMPTS],
    );
    const [claimed]: { id: string }[] = await this.ds.query(
      `WITH next AS (
         SELECT id FROM reading_import
          WHERE status = 'queued' OR (status = 'processing' AND lease_until < now() AND attempts < $1)
          ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE reading_import r SET status = 'processing', phase = 'reading', attempts = attempts + 1, started_at = coalesce(started_at, now()),
                lease_until = now() + interval '60 seconds'
           FROM next WHERE r.id = next.id
         RETURNING r.id
       )
       SELECT id FROM claimed`,
      [MAX_ATTEMPTS],
    );
    if (!claimed) return false;
    this.logger.info({ id: claimed.id }, 'import runner: processing a spreadsheet');
    await this.handler.process(claimed.id, async () => {
      if (!this.running) throw new Error('shutting down: the job is taken up again at the next start');
    });
    return true;
  }
}
