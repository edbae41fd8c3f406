/** The projector's handlers built in-process on a test database (no Nest, no Kafka): for the medium tier. */
import { createDataSource } from '@pledge/persistence';
import type { PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { projectorEnvSchema, type ProjectorEnv } from '../../../../apps/projector/src/config';
import { ProjectReadingsHandler, type PartitionBatch } from '../../../../apps/projector/src/project-readings/project-readings.handler';
import { derivedToday, loadReferenceModel } from '../../../../apps/projector/src/read-models/reference-model';
import { liveTables } from '../../../../apps/projector/src/read-models/tables';
import { RebuildReadModelsHandler, type RebuildProgress } from '../../../../apps/projector/src/rebuild-read-models/rebuild-read-models.handler';
import { ProjectionCache } from '../../../../apps/projector/src/refresh-status/projection-cache';
import { RefreshStatusHandler } from '../../../../apps/projector/src/refresh-status/refresh-status.handler';
import { StatusRefresherService } from '../../../../apps/projector/src/refresh-status/status-refresher.service';
import { BatchSignal } from '../../../../apps/projector/src/project-readings/project-readings.kafka.consumer';
import { planWork, storedPairs } from '../../../../apps/projector/src/refresh-status/plan-work';
import { deleteOrphanRows } from '../../../../apps/projector/src/refresh-status/refresh-status.handler';
import { writeDerivedBasis } from '../../../../apps/projector/src/refresh-status/status-refresher.service';

export const quietLogger = (): PinoLogger => {
  const errors: unknown[] = [];
  const noop = () => undefined;
  return {
    setContext: noop,
    info: noop,
    warn: noop,
    debug: noop,
    trace: noop,
    error: (...a: unknown[]) => void errors.push(a),
    errors,
  } as unknown as PinoLogger;
};

export const silentProgress: RebuildProgress = { phase: () => undefined, update: () => undefined, done: () => undefined };

export interface InProcessProjector {
  ds: DataSource;
  env: ProjectorEnv;
  fold: ProjectReadingsHandler;
  refresh: RefreshStatusHandler;
  rebuild: RebuildReadModelsHandler;
  /** Recompute every derived row from the current state (what the status refresher converges to). */
  refreshAll(): Promise<void>;
  /** Recompute the reporting periods (rm_cell_report) of every unit with readings, as the refresher's first step does. */
  refreshReports(): Promise<void>;
  /** What the running status refresher does: rounds until its queue is empty (everything, the first time). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export async function inProcessProjector(url: string): Promise<InProcessProjector> {
  const ds = createDataSource({ url, applicationName: 'projector-test' });
  await ds.initialize();
  const env = projectorEnvSchema.parse({ DATABASE_URL: url });
  const logger = quietLogger();
  const refresh = new RefreshStatusHandler(logger);
  const refreshReports = async () => {
    const units = (await ds.query(`SELECT DISTINCT hamlet_code FROM rm_reading_history`)).map((r: { hamlet_code: string }) => r.hamlet_code);
    const model = await loadReferenceModel(ds);
    await ds.transaction((m) => refresh.refreshReports(m, liveTables(ds), units, model));
  };
  const refresher = new StatusRefresherService(ds, refresh, new BatchSignal(), env, logger);
  return {
    ds,
    env,
    drain: () => refresher.drain(),
    fold: new ProjectReadingsHandler(ds, env, logger),
    refresh,
    rebuild: new RebuildReadModelsHandler(ds, refresh, logger),
    refreshReports,
    refreshAll: async () => {
      await refreshReports();
      const tables = liveTables(ds);
      const model = await loadReferenceModel(ds);
      const cache = new ProjectionCache(model);
      await cache.loadAll(ds, tables);
      const today = derivedToday(model, new Date());
      const { work, summaries } = planWork(model, today, 'all');
      const derived = await refresh.compute(ds, tables, model, cache, work, summaries);
      await ds.transaction(async (m) => {
        await deleteOrphanRows(m, tables, model, storedPairs(model, today));
        await refresh.write(m, tables, derived);
        await m.query(`DELETE FROM projection_dirty_batch`);
        await writeDerivedBasis(m, { today, reference: model.fingerprint });
      });
    },
    close: () => ds.destroy(),
  };
}

/** A partition batch of events at consecutive offsets from `first`. */
export function batchOf(partition: number, first: number, events: unknown[]): PartitionBatch {
  return {
    topic: 'ntm.criterion-recorded',
    partition,
    messages: events.map((e, i) => ({ offset: String(first + i), value: typeof e === 'string' ? Buffer.from(e) : Buffer.from(JSON.stringify(e)) })),
  };
}
