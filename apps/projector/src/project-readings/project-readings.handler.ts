import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@pledge/platform';
import { PinoLogger } from 'nestjs-pino';
import { Counter, Histogram, register } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import type { ProjectorEnv } from '../config';
import { foldBatchSql } from '../read-models/fold-sql';
import { PROGRESS_CHANGED_CHANNEL, PROJECTION_LOCK } from '../read-models/locks';
import { liveTables, type ReadModelTables } from '../read-models/tables';

const counter = (name: string, help: string) =>
  (register.getSingleMetric(name) as Counter) ?? new Counter({ name, help, labelNames: ['outcome'] });
const projected = counter('projector_events_total', 'Messages of ntm.criterion-recorded by outcome (applied, duplicate, skipped, rejected)');
const batchSeconds =
  (register.getSingleMetric('projector_batch_seconds') as Histogram) ??
  new Histogram({ name: 'projector_batch_seconds', help: 'Time to fold one partition batch (one transaction)', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

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

/** The signal sent after a committed batch that changed something (see README "Projections"). */
export interface ReadingsChangedSignal {
  kind: 'readings';
  hamlets: string[];
  applied: number;
  partition: number;
}

const REQUIRED: [string, string][] = [
  ['eventId', 'string'],
  ['hamletCode', 'string'],
  ['communeCode', 'string'],
  ['criterionCode', 'string'],
  ['asOf', 'string'],
  ['reportedAt', 'string'],
  ['reportedBy', 'string'],
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why a message cannot be folded (null when it can); only used when the fast path refused the batch. */
export function problemOf(value: Buffer | null): string | null {
  if (!value || value.length === 0) return 'empty message';
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(value.toString('utf8'));
  } catch {
    return 'not JSON';
  }
  if (!e || typeof e !== 'object' || Array.isArray(e)) return 'not a JSON object';
  for (const [k, t] of REQUIRED) if (typeof e[k] !== t) return `${k} missing or not a ${t}`;
  if (!UUID.test(e.eventId as string)) return 'eventId is not a UUID';
  if (e.supersedes !== undefined && (typeof e.supersedes !== 'string' || !UUID.test(e.supersedes))) return 'supersedes is not a UUID';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(e.asOf as string) || Number.isNaN(Date.parse(e.asOf as string))) return 'asOf is not a date';
  if (Number.isNaN(Date.parse(e.reportedAt as string))) return 'reportedAt is not an instant';
  if (!Array.isArray(e.readings)) return 'readings missing';
  for (const r of e.readings as Record<string, unknown>[]) {
    if (!r || typeof r.indicatorCode !== 'string') return 'a reading has no indicatorCode';
    for (const k of ['numerator', 'denominator']) if (r[k] !== undefined && (typeof r[k] !== 'number' || !Number.isFinite(r[k]))) return `${k} is not a number`;
    if (r.value !== undefined && typeof r.value !== 'number' && typeof r.value !== 'boolean') return 'value is not a number or yes/no';
  }
  return null;
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
    await m.query(
      `INSERT INTO projection_checkpoint (projection, topic, partition, next_offset) VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING`,
      [projection, batch.topic, batch.partition],
    );
    const [cp] = await m.query(
      `SELECT next_offset FROM projection_checkpoint WHERE projection = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
      [projection, batch.topic, batch.partition],
    );
    const from = BigInt(cp.next_offset);
    const unseen = batch.messages.filter((x) => BigInt(x.offset) >= from);
    const result: AppliedBatch = { skipped: batch.messages.length - unseen.length, applied: 0, duplicates: 0, rejected: 0, changed: 0, nextOffset: null, units: [] };
    if (unseen.length === 0) return result;
    result.nextOffset = (BigInt(unseen[unseen.length - 1].offset) + 1n).toString();
    const fresh = unseen.filter((x) => x.value && x.value.length > 0);
    result.rejected = unseen.length - fresh.length;
    let values = fresh.map((x) => x.value);
    let out: { events: number; changed: number; units: string[] } = { events: 0, changed: 0, units: [] };
    if (values.length > 0) {
      try {
        await m.query('SAVEPOINT fold');
        [out] = await rawQuery<typeof out>(m, this.sql, [joinJson(values)]);
        await m.query('RELEASE SAVEPOINT fold');
      } catch (err) {
        // a message that is not a recorded event must not block the partition: find it, log it, fold the rest
        await m.query('ROLLBACK TO SAVEPOINT fold');
        const bad = fresh.map((x) => ({ offset: x.offset, problem: problemOf(x.value) })).filter((x) => x.problem !== null);
        if (bad.length === 0) throw err; // the messages are fine: a database problem, retried by the consumer
        for (const b of bad) this.logger.error({ topic: batch.topic, partition: batch.partition, offset: b.offset, problem: b.problem }, 'message skipped: not a recorded event');
        result.rejected += bad.length;
        const badOffsets = new Set(bad.map((b) => b.offset));
        values = fresh.filter((x) => !badOffsets.has(x.offset)).map((x) => x.value);
        if (values.length) [out] = await m.query(this.sql, [joinJson(values)]);
      }
    }
    result.applied = out.events;
    result.duplicates = values.length - out.events;
    result.changed = out.changed;
    result.units = out.units;
    await m.query(`UPDATE projection_checkpoint SET next_offset = $4, updated_at = now() WHERE projection = $1 AND topic = $2 AND partition = $3`, [
      projection,
      batch.topic,
      batch.partition,
      result.nextOffset,
    ]);
    if (result.applied > 0) {
      const signal: ReadingsChangedSignal = { kind: 'readings', hamlets: result.units.slice(0, 100), applied: result.applied, partition: batch.partition };
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
