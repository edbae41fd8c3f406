import { Inject, Injectable } from '@nestjs/common';
import { checkCriterionRecordedSchema, MAX_IDS_IN_SIGNAL, type ReadingsChangedSignal } from '@pledge/contracts';
import type { ProjectionCheckpointRow } from '@pledge/persistence';
import { APP_CONFIG } from '@pledge/platform';
import { PinoLogger } from 'nestjs-pino';
import { Counter, Histogram, register } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import type { ProjectorEnv } from '../config';
import { foldBatchSql } from '../read-models/fold-sql';
import { PROGRESS_CHANGED_CHANNEL, PROJECTION_LOCK } from '../read-models/locks';
import { liveTables, type ReadModelTables } from '../read-models/tables';

const counter = (name: string, help: string) => (register.getSingleMetric(name) as Counter) ?? new Counter({ name, help, labelNames: ['outcome'] });
const projected = counter('projector_events_total', 'Messages of ntm.criterion-recorded by outcome (applied, duplicate, skipped, rejected)');
const batchSeconds =
  (register.getSingleMetric('projector_batch_seconds') as Histogram) ??
  new Histogram({
    name: 'projector_batch_seconds',
    help: 'Time to fold one partition batch (one transaction)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });

export interface PartitionBatch {
  /** Bare topic name (without KAFKA_TOPIC_PREFIX). */
  topic: string;
  partition: number;
  /** Offsets are strings (Kafka int64), ascending. */
  messages: { offset: string; value: Buffer | null }[];
}

export interface AppliedBatch {
  /** Offsets below the stored checkpoint, skipped (applied before a crash or by another instance). */
  skipped: number;
  /** Events folded for the first time. */
  applied: number;
  /** Events already folded (same eventId), ignored. */
  duplicates: number;
  /** Messages that are not a recorded event (not JSON, fields missing): logged and skipped, never blocking. */
  rejected: number;
  /** Readings whose state changed (the event was the newest for its unit and indicator). */
  changed: number;
  nextOffset: string | null;
  /** Units whose rows changed (for the change signal). */
  units: string[];
}

/** Why a message cannot be folded (null when it can): the recorded event's JSON Schema (libs/contracts), field by field. */
export function problemOf(value: Buffer | null): string | null {
  if (!value || value.length === 0) return 'empty message';
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    return 'not JSON';
  }
  const check = checkCriterionRecordedSchema(parsed);
  return check.ok ? null : check.reasons.map((r) => `${r.field}: ${r.problem}`).join('; ');
}

/** A PostgreSQL error about the data of a statement (class 22 data exception, 23 integrity violation), not the database. */
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/**
 * Use case "project a batch of recorded events": fold one partition's batch into rm_reading_history and rm_reading
 * in ONE transaction together with the partition checkpoint (projection_checkpoint), queue the units for the status
 * refresher (reporting periods, statuses), and NOTIFY progress_changed. Idempotent: offsets below the checkpoint are
 * skipped, an eventId seen before is ignored, an older reading arriving late goes to the history only.
 */
@Injectable()
export class ProjectReadingsHandler {
  private readonly tables: ReadModelTables;
  private readonly sql: string;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly env: ProjectorEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ProjectReadingsHandler.name);
    this.tables = liveTables(ds);
    this.sql = foldBatchSql(this.tables);
  }

  async execute(batch: PartitionBatch): Promise<AppliedBatch> {
    const end = batchSeconds.startTimer();
    const result = await this.ds.transaction((m) => this.applyInTransaction(m, batch));
    end();
    projected.inc({ outcome: 'applied' }, result.applied);
    projected.inc({ outcome: 'duplicate' }, result.duplicates);
    projected.inc({ outcome: 'skipped' }, result.skipped);
    projected.inc({ outcome: 'rejected' }, result.rejected);
    return result;
  }

  /** The fold itself, inside the caller's transaction (also used by tests). */
  async applyInTransaction(m: EntityManager, batch: PartitionBatch): Promise<AppliedBatch> {
    const projection = this.env.PROJECTION_NAME;
    await m.query(`SELECT pg_advisory_xact_lock_shared($1)`, [PROJECTION_LOCK]);
    await m.query(`INSERT INTO projection_checkpoint (projection, topic, partition, next_offset) VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING`, [
      projection,
      batch.topic,
      batch.partition,
    ]);
    const [cp] = await m.query<Pick<ProjectionCheckpointRow, 'next_offset'>[]>(
      `SELECT next_offset FROM projection_checkpoint WHERE projection = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
      [projection, batch.topic, batch.partition],
    );
    const from = BigInt(cp.next_offset);
    const unseen = batch.messages.filter((x) => BigInt(x.offset) >= from);
    const result: AppliedBatch = {
      skipped: batch.messages.length - unseen.length,
      applied: 0,
      duplicates: 0,
      rejected: 0,
      changed: 0,
      nextOffset: null,
      units: [],
    };
    if (unseen.length === 0) return result;
    result.nextOffset = (BigInt(unseen[unseen.length - 1].offset) + 1n).toString();
    // every message is checked against the recorded event's JSON Schema (libs/contracts); one that is not a recorded
    // event is logged and skipped: it never blocks the partition
    const valid: { offset: string; value: Buffer }[] = [];
    for (const x of unseen) {
      const problem = problemOf(x.value);
      if (problem === null) valid.push({ offset: x.offset, value: x.value! });
      else {
        result.rejected++;
        this.logger.error({ topic: batch.topic, partition: batch.partition, offset: x.offset, problem }, 'message skipped: not a recorded event');
      }
    }
    const folded = { events: 0, changed: 0, units: new Set<string>() };
    const fold = async (values: Buffer[]) => {
      const [out] = await rawQuery<{ events: number; changed: number; units: string[] }>(m, this.sql, [joinJson(values)]);
      folded.events += out.events;
      folded.changed += out.changed;
      for (const u of out.units) folded.units.add(u);
    };
    if (valid.length > 0) {
      try {
        await m.query('SAVEPOINT fold');
        await fold(valid.map((x) => x.value));
        await m.query('RELEASE SAVEPOINT fold');
      } catch (err) {
        // a value the schema allows but PostgreSQL cannot store (e.g. a number beyond its range): fold the messages one
        // by one and skip those the database refuses as data; any other error is the database's, retried by the consumer
        await m.query('ROLLBACK TO SAVEPOINT fold');
        if (!isDataError(err)) throw err;
        for (const x of valid) {
          await m.query('SAVEPOINT one');
          try {
            await fold([x.value]);
            await m.query('RELEASE SAVEPOINT one');
          } catch (one) {
            await m.query('ROLLBACK TO SAVEPOINT one');
            if (!isDataError(one)) throw one;
            result.rejected++;
            this.logger.error(
              { topic: batch.topic, partition: batch.partition, offset: x.offset, problem: (one as Error).message },
              'message skipped: the database refuses its data',
            );
          }
        }
      }
    }
    result.applied = folded.events;
    result.duplicates = unseen.length - result.rejected - folded.events;
    result.changed = folded.changed;
    result.units = [...folded.units].sort();
    await m.query(`UPDATE projection_checkpoint SET next_offset = $4, updated_at = now() WHERE projection = $1 AND topic = $2 AND partition = $3`, [
      projection,
      batch.topic,
      batch.partition,
      result.nextOffset,
    ]);
    if (result.applied > 0) {
      const signal: ReadingsChangedSignal = {
        kind: 'readings',
        hamlets: result.units.slice(0, MAX_IDS_IN_SIGNAL),
        applied: result.applied,
        partition: batch.partition,
      };
      await m.query(`SELECT pg_notify($1, $2)`, [PROGRESS_CHANGED_CHANNEL, JSON.stringify(signal)]);
    }
    return result;
  }
}

/**
 * Runs a statement on the transaction's own pg connection, bypassing TypeORM's query logging (a refused batch
 * would otherwise be printed whole) and its result mapping.
 */
async function rawQuery<T = Record<string, unknown>>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const client = (await m.queryRunner!.connect()) as { query(sql: string, params: unknown[]): Promise<{ rows: T[] }> };
  return (await client.query(sql, params)).rows;
}

/** The raw message values as one JSON array text, without parsing them in JavaScript. */
export function joinJson(values: (Buffer | null)[]): string {
  const parts: Buffer[] = [Buffer.from('[')];
  const comma = Buffer.from(',');
  values.forEach((v, i) => {
    if (i > 0) parts.push(comma);
    parts.push(v && v.length ? v : Buffer.from('null'));
  });
  parts.push(Buffer.from(']'));
  return Buffer.concat(parts).toString('utf8');
}
