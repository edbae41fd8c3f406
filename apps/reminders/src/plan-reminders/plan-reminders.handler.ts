import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@pledge/platform';
import { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JobNames, REMINDERS_QUEUE, RemindersEnv } from '../config';
import { planDueReminders } from './schedule';

/** Deterministic UUID (v5-like) from a dedupe key, so a reminder row's id is stable across re-planning. */
export function stableUuid(key: string): string {
  const h = createHash('sha1').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** BullMQ job id of a reminder: deterministic, no ':' (BullMQ refuses it), never all digits. */
export const reminderJobId = (reminderId: string) => `rem-${reminderId}`;

/**
 * Use case "plan reminders": turns active pledge items into reminder rows (the truth, unique by
 * dedupe key) and makes sure every planned row has its delayed BullMQ job (carrying the id only).
 * Safe to run any number of times: planning twice never sends twice.
 */
@Injectable()
export class PlanRemindersHandler {
  constructor(
    private readonly ds: DataSource,
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly env: RemindersEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(PlanRemindersHandler.name);
  }

  async execute(now = new Date()): Promise<{ planned: number; enqueued: number }> {
    const items: { id: string; cell_id: string; due_date: string; account_id: string | null }[] = await this.ds.query(
      `SELECT pi.id, pi.cell_id, to_char(pi.due_date, 'YYYY-MM-DD') AS due_date,
              (SELECT a.id FROM account a WHERE a.unit_id = pi.cell_id AND a.role = 'secretary' AND a.active ORDER BY a.username LIMIT 1) AS account_id
         FROM pledge_item pi
        WHERE pi.status = 'active' AND pi.due_date >= (now() AT TIME ZONE $1)::date`,
      [this.env.REMINDER_TIMEZONE],
    );
    let planned = 0;
    for (const item of items) {
      if (!item.account_id) continue;
      const plans = planDueReminders(item.due_date, this.env.REMINDER_DUE_OFFSETS_DAYS, now, {
        sendTime: this.env.REMINDER_SEND_TIME,
        timeZone: this.env.REMINDER_TIMEZONE,
        quiet: this.env.REMINDER_QUIET_HOURS,
      });
      for (const p of plans) {
        const dedupeKey = `pledge_due-${item.id}-${item.due_date}-d${p.offsetDays}-${item.account_id}`;
        const res = await this.ds.query(
          `INSERT INTO reminder (id, dedupe_key, kind, recipient_account_id, channel, pledge_item_id, unit_id, subject, fire_at, status)
           VALUES ($1, $2, 'pledge_due', $3, 'inbox', $4, $5, $6, $7, 'planned') ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
          [stableUuid(dedupeKey), dedupeKey, item.account_id, item.id, item.cell_id, JSON.stringify({ dueDate: item.due_date, offsetDays: p.offsetDays }), p.fireAt],
        );
        planned += res.length;
      }
    }
    const enqueued = await this.enqueuePlanned(now);
    if (planned || enqueued) this.logger.info({ planned, enqueued }, 'reminders planned');
    return { planned, enqueued };
  }

  /** Every planned row gets its delayed job; existing job ids are ignored by BullMQ (no duplicates). */
  async enqueuePlanned(now = new Date()): Promise<number> {
    const rows: { id: string; fire_at: Date }[] = await this.ds.query(`SELECT id, fire_at FROM reminder WHERE status = 'planned' ORDER BY fire_at`);
    let added = 0;
    for (const r of rows) {
      const jobId = reminderJobId(r.id);
      if (await this.queue.getJob(jobId)) continue;
      await this.queue.add(
        JobNames.send,
        { reminderId: r.id },
        {
          jobId,
          delay: Math.max(0, new Date(r.fire_at).getTime() - now.getTime()),
          attempts: 5,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: { age: 24 * 3600, count: 10000 },
          removeOnFail: { age: 14 * 24 * 3600 },
        },
      );
      added++;
    }
    return added;
  }
}
