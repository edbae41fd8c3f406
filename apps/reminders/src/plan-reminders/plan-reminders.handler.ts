import { Inject, Injectable } from '@nestjs/common';
import { composeReminder, planReminders, type PlannedReminder, type ReminderSubject } from '@pledge/domain';
import type { ReminderDeliveryRow, ReminderRow } from '@pledge/persistence';
import { APP_CONFIG } from '@pledge/platform';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import type { RemindersEnv } from '../config';
import { ReminderClock } from '../shared/clock';
import { stableUuid } from '../shared/ids';
import { reminderMetrics } from '../shared/metrics';
import { reminderPolicyOf } from '../shared/policy';
import { ReminderJobs } from '../shared/reminder-jobs';
import { ReminderSnapshotLoader } from '../shared/reminder-snapshot.loader';

/** Serialises reconciliations (listener, sweeper, several instances) with a transaction-level advisory lock. */
const PLAN_LOCK_KEY = 874_2025_06;
const CHUNK = 5000;

export interface PlanResult {
  planned: number;
  updated: number;
  cancelled: number;
  enqueued: number;
  repaired: number;
}

/**
 * Use case "plan reminders": reconciles the `reminder` table with what libs/domain's planReminders says should
 * exist now (pledge items, missing reports, escalations, digests):
 * - messages that should exist and do not are inserted as `planned` (unique dedupe key; ON CONFLICT DO NOTHING:
 *   a key that was ever sent is never planned again, so planning twice never sends twice); a message cancelled
 *   before its time comes back when it is wanted again (an item met, then corrected below its target);
 * - planned messages whose subject changed (an item met, waived or added) get the new subject;
 * - planned messages that should no longer exist (item met or waived, due date changed, cell reported) are
 *   cancelled, with the reason.
 * Then every planned row firing within REMINDER_ENQUEUE_AHEAD_MS gets its delayed job (ids only), and rows or
 * deliveries whose job went missing get a new one (after Redis lost its data).
 * Triggered at boot, by the projector's NOTIFY progress_changed, and by the sweeper (a BullMQ job scheduler).
 */
@Injectable()
export class PlanRemindersHandler {
  private readonly policy;

  constructor(
    private readonly ds: DataSource,
    private readonly snapshots: ReminderSnapshotLoader,
    private readonly jobs: ReminderJobs,
    private readonly clock: ReminderClock,
    @Inject(APP_CONFIG) private readonly env: RemindersEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(PlanRemindersHandler.name);
    this.policy = reminderPolicyOf(env);
  }

  async execute(): Promise<PlanResult> {
    const now = this.clock.now();
    const snapshot = await this.snapshots.load(null, now, this.env.REMINDER_TIMEZONE);
    const desired = planReminders(snapshot, this.policy, now);
    const result = await this.ds.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [PLAN_LOCK_KEY]);
      const planned = await this.store(m, desired, now);
      const byKey = new Map(desired.map((d) => [d.dedupeKey, d]));
      const open = await m.query<(Pick<ReminderRow, 'id' | 'dedupe_key' | 'pledge_item_id'> & { subject: ReminderSubject })[]>(
        `SELECT id, dedupe_key, subject, pledge_item_id FROM reminder WHERE status = 'planned'`,
      );
      let updated = 0;
      const cancel: { id: string; reason: string }[] = [];
      for (const row of open) {
        const want = byKey.get(row.dedupe_key);
        if (!want) {
          const outcome = composeReminder(row.subject, snapshot, this.policy, now);
          cancel.push({ id: row.id, reason: 'cancel' in outcome ? outcome.cancel : 'replanned' });
          continue;
        }
        if (canonical(row.subject) !== canonical(want.subject)) {
          await m.query(`UPDATE reminder SET subject = $2, pledge_item_id = $3, updated_at = now() WHERE id = $1 AND status = 'planned'`, [
            row.id,
            JSON.stringify(want.subject),
            singleItem(want.subject),
          ]);
          updated++;
        }
      }
      for (let i = 0; i < cancel.length; i += CHUNK) {
        const part = cancel.slice(i, i + CHUNK);
        await m.query(
          `UPDATE reminder r SET status = 'cancelled', cancel_reason = c.reason, updated_at = now()
             FROM unnest($1::uuid[], $2::text[]) AS c(id, reason)
            WHERE r.id = c.id AND r.status = 'planned'`,
          [part.map((c) => c.id), part.map((c) => c.reason)],
        );
      }
      return { planned, updated, cancelled: cancel.length };
    });
    const { enqueued, repaired } = await this.enqueue();
    if (result.planned || result.updated || result.cancelled || repaired) this.logger.info({ ...result, enqueued, repaired }, 'reminders reconciled');
    reminderMetrics().planned.inc(result.planned);
    return { ...result, enqueued, repaired };
  }

  /**
   * Inserts the desired messages that do not exist yet, and revives those cancelled before their time; returns how
   * many were planned. Sent (and past) messages are never touched: a key is sent at most once.
   */
  async store(m: { query: DataSource['query'] }, desired: readonly PlannedReminder[], now: Date): Promise<number> {
    let planned = 0;
    for (let i = 0; i < desired.length; i += CHUNK) {
      const part = desired.slice(i, i + CHUNK);
      const res = await m.query<Pick<ReminderRow, 'id'>[]>(
        `INSERT INTO reminder (id, dedupe_key, kind, recipient_account_id, pledge_item_id, unit_id, subject, fire_at, status)
         SELECT id, dedupe_key, kind, recipient, item, unit, subject, fire_at, 'planned'
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[])
                AS t(id, dedupe_key, kind, recipient, item, unit, subject, fire_at)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
        [
          part.map((d) => stableUuid(d.dedupeKey)),
          part.map((d) => d.dedupeKey),
          part.map((d) => d.kind),
          part.map((d) => d.recipientId),
          part.map((d) => singleItem(d.subject)),
          part.map((d) => d.unitId),
          part.map((d) => JSON.stringify(d.subject)),
          part.map((d) => d.fireAt.toISOString()),
        ],
      );
      planned += res.length;
      // a message cancelled before its time (item met, then a correction made it unmet again) comes back; one whose
      // time has come and gone, and anything sent, stays as it is
      // an UPDATE without RETURNING answers [rows, affected count]
      const revived = await m.query<[unknown[], number]>(
        `UPDATE reminder r SET status = 'planned', cancel_reason = NULL, subject = t.subject, fire_at = t.fire_at, updated_at = now()
           FROM unnest($1::text[], $2::jsonb[], $3::timestamptz[]) AS t(dedupe_key, subject, fire_at)
          WHERE r.dedupe_key = t.dedupe_key AND r.status = 'cancelled' AND r.fire_at > $4 AND t.fire_at > $4`,
        [part.map((d) => d.dedupeKey), part.map((d) => JSON.stringify(d.subject)), part.map((d) => d.fireAt.toISOString()), now],
      );
      planned += Array.isArray(revived) && typeof revived[1] === 'number' ? revived[1] : 0;
    }
    return planned;
  }

  /**
   * Jobs for the planned rows firing soon and for the deliveries in progress; re-creates those that should have
   * run by now but have no live job.
   */
  async enqueue(): Promise<{ enqueued: number; repaired: number }> {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + this.env.REMINDER_ENQUEUE_AHEAD_MS);
    const rows = await this.ds.query<Pick<ReminderRow, 'id' | 'fire_at'>[]>(
      `SELECT id, fire_at FROM reminder WHERE status = 'planned' AND fire_at <= $1 ORDER BY fire_at`,
      [horizon],
    );
    await this.jobs.enqueueReminders(rows.map((r) => ({ id: r.id, fireAt: new Date(r.fire_at) })));
    const deliveries = await this.ds.query<Pick<ReminderDeliveryRow, 'reminder_id' | 'channel'>[]>(
      `SELECT d.reminder_id, d.channel FROM reminder_delivery d JOIN reminder r ON r.id = d.reminder_id
        WHERE r.status = 'sending' AND (d.status = 'pending' OR (d.status = 'sending' AND d.lease_until < now()))`,
    );
    await this.jobs.enqueueDeliveries(deliveries.map((d) => ({ reminderId: d.reminder_id, channel: d.channel })));
    // overdue by more than a minute: the job should have run; make sure one exists and can run
    const late = new Date(now.getTime() - 60_000);
    const stuck = await this.ds.query<Pick<ReminderRow, 'id'>[]>(
      `SELECT id FROM reminder WHERE status = 'planned' AND fire_at < $1 ORDER BY fire_at LIMIT 500`,
      [late],
    );
    const stuckDeliveries = await this.ds.query<Pick<ReminderDeliveryRow, 'reminder_id' | 'channel'>[]>(
      `SELECT d.reminder_id, d.channel FROM reminder_delivery d JOIN reminder r ON r.id = d.reminder_id
        WHERE r.status = 'sending' AND d.status IN ('pending', 'sending') AND d.updated_at < now() - interval '1 minute'
          AND (d.lease_until IS NULL OR d.lease_until < now()) LIMIT 500`,
    );
    const repaired =
      (await this.jobs.repair(
        'send',
        stuck.map((r) => ({ reminderId: r.id })),
      )) +
      (await this.jobs.repair(
        'deliver',
        stuckDeliveries.map((d) => ({ reminderId: d.reminder_id, channel: d.channel })),
      ));
    return { enqueued: rows.length + deliveries.length, repaired };
  }
}

/** JSON with object keys sorted (jsonb does not keep key order), to compare subjects. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function singleItem(subject: ReminderSubject): string | null {
  return subject.kind === 'pledge_due' && subject.itemIds.length === 1 ? subject.itemIds[0] : null;
}
