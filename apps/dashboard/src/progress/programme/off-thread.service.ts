import { HttpStatus, Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ProgrammeDay } from '@pledge/domain';
import { ApiError, APP_CONFIG } from '@pledge/platform';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PinoLogger } from 'nestjs-pino';
import { Counter, register } from 'prom-client';
import { DataSource } from 'typeorm';
import type { DashboardEnv } from '../../config';
import { ComputeDayState, type ComputeDayRequest } from './compute-day';
import { runTask, type OffThreadResult, type OffThreadTask } from './off-thread-tasks';
import type { FromWorker, ToWorker } from './read-api.worker';

const WORKER_FILE = join(__dirname, 'read-api.worker.js');

const outcomes =
  (register.getSingleMetric('dashboard_read_api_off_thread_total') as Counter<'kind' | 'outcome'> | undefined) ??
  new Counter({
    name: 'dashboard_read_api_off_thread_total',
    help: 'Work done off the request thread (programme days the projector does not keep, XLSX reports), by kind and outcome',
    labelNames: ['kind', 'outcome'],
  });

/** 503 when a computation outlives its limit (the worker is ended; the next request starts a new one). */
export function computationTimedOut(ms: number): ApiError {
  const s = Math.max(1, Math.round(ms / 1000));
  return new ApiError(
    HttpStatus.SERVICE_UNAVAILABLE,
    'computation_timeout',
    `Tính toán vượt quá ${s} giây; vui lòng thử lại sau, hoặc chọn ngày cuối một kỳ báo cáo (số liệu đã được tính sẵn)`,
    `The computation took longer than ${s} s; try again later, or choose the last day of a reporting period (its figures are kept ready)`,
  );
}

/**
 * The read API's work off the request thread (./off-thread-tasks): programme days the projector does not keep and the
 * XLSX reports, on one worker thread (the compiled ./read-api.worker; the request thread only where none exists, i.e.
 * tests running the TypeScript sources), each task limited to DASHBOARD_COMPUTE_TIMEOUT_MS — past it the worker is
 * ended and the request answers 503 computation_timeout.
 */
@Injectable()
export class OffThreadService implements OnApplicationShutdown {
  private worker?: Worker;
  private next = 0;
  private readonly pending = new Map<number, { resolve: (d: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout; kind: string }>();
  private inThread?: ComputeDayState;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly env: DashboardEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(OffThreadService.name);
  }

  /** True when computations run on a worker thread. */
  get offThread(): boolean {
    return __filename.endsWith('.js') && existsSync(WORKER_FILE);
  }

  /** The programme of a district on a day the projector does not keep (libs/domain programmeOnDay). */
  compute(request: ComputeDayRequest): Promise<ProgrammeDay> {
    return this.run({ kind: 'day', request });
  }

  run<T extends OffThreadTask>(task: T): Promise<OffThreadResult<T>> {
    if (!this.offThread) {
      this.inThread ??= new ComputeDayState(this.ds);
      return runTask(this.inThread, task).then((d) => (outcomes.inc({ kind: task.kind, outcome: 'done' }), d as OffThreadResult<T>));
    }
    const worker = this.ensureWorker();
    const id = ++this.next;
    const limit = this.env.DASHBOARD_COMPUTE_TIMEOUT_MS;
    return new Promise<OffThreadResult<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        outcomes.inc({ kind: task.kind, outcome: 'timeout' });
        this.logger.warn(
          { kind: task.kind, request: task.kind === 'day' ? task.request : undefined, limitMs: limit },
          'work off the request thread took too long; its worker is ended',
        );
        this.restart(computationTimedOut(limit));
      }, limit);
      this.pending.set(id, { resolve: resolve as (d: unknown) => void, reject, timer, kind: task.kind });
      worker.postMessage({ id, task } satisfies ToWorker);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_FILE, { workerData: { databaseUrl: this.env.DATABASE_URL } });
    w.unref();
    w.on('message', (m: FromWorker) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.ok) {
        outcomes.inc({ kind: p.kind, outcome: 'done' });
        p.resolve(m.result);
      } else {
        outcomes.inc({ kind: p.kind, outcome: 'failed' });
        p.reject(new Error(m.message));
      }
    });
    w.on('error', (err) => this.restart(err));
    w.on('exit', (code) => {
      if (this.worker === w) this.restart(new Error(`the computing thread exited (${code})`));
    });
    this.worker = w;
    return w;
  }

  /** Ends the worker; every computation in flight fails with `err`. */
  private restart(err: Error): void {
    const w = this.worker;
    this.worker = undefined;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
      this.pending.delete(id);
    }
    void w?.terminate();
  }

  async onApplicationShutdown(): Promise<void> {
    this.restart(new Error('shutting down'));
  }
}
