import { Counter, Gauge, Histogram, register } from 'prom-client';

/** Prometheus metrics of the reminders app (default registry, served at GET /metrics). */
export interface ReminderMetrics {
  planned: Counter;
  dispatched: Counter<'kind' | 'outcome'>;
  deliveries: Counter<'channel' | 'outcome'>;
  jobFailures: Counter<'name'>;
  fireDelay: Histogram;
  queueJobs: Gauge<'state'>;
}

let metrics: ReminderMetrics | undefined;

function get<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

/** The metrics (created once per process). `queueJobs` is filled by {@link setQueueDepthCollector}. */
export function reminderMetrics(): ReminderMetrics {
  metrics ??= {
    planned: get('reminders_planned_total', () => new Counter({ name: 'reminders_planned_total', help: 'Reminder messages planned (new rows)' })),
    dispatched: get(
      'reminders_dispatched_total',
      () =>
        new Counter({
          name: 'reminders_dispatched_total',
          help: 'Reminders picked up when due, by outcome (dispatched, cancelled, postponed)',
          labelNames: ['kind', 'outcome'],
        }),
    ),
    deliveries: get(
      'reminders_deliveries_total',
      () =>
        new Counter({
          name: 'reminders_deliveries_total',
          help: 'Deliveries by channel and outcome (delivered, retry, failed)',
          labelNames: ['channel', 'outcome'],
        }),
    ),
    jobFailures: get(
      'reminders_job_failures_total',
      () => new Counter({ name: 'reminders_job_failures_total', help: 'BullMQ job attempts that failed, by job name', labelNames: ['name'] }),
    ),
    fireDelay: get(
      'reminders_fire_delay_seconds',
      () =>
        new Histogram({
          name: 'reminders_fire_delay_seconds',
          help: "Delay between a reminder's planned time and its dispatch",
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
        }),
    ),
    queueJobs: get(
      'reminders_queue_jobs',
      () =>
        new Gauge({
          name: 'reminders_queue_jobs',
          help: 'Jobs in the reminders queue by state (waiting, delayed, active, failed, completed)',
          labelNames: ['state'],
        }),
    ),
  };
  return metrics;
}

/** Fills reminders_queue_jobs on each scrape from `counts()` (BullMQ getJobCounts). */
export function setQueueDepthCollector(counts: () => Promise<Record<string, number>>): void {
  const gauge = reminderMetrics().queueJobs as Gauge<'state'> & { collect?: () => Promise<void> };
  (gauge as unknown as { collect: () => Promise<void> }).collect = async () => {
    try {
      const c = await counts();
      for (const [state, n] of Object.entries(c)) gauge.set({ state }, n);
    } catch {
      // Redis unreachable: keep the last values; /health reports the outage
    }
  };
}
