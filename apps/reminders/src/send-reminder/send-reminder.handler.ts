import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

export type SendOutcome = 'sent' | 'skipped';

/**
 * Use case "send one reminder": re-read the row (the truth); if it is still planned, deliver it to
 * the recipient's in-app inbox and mark it sent, all in one transaction, so a retry or a second
 * worker can never deliver it twice.
 */
@Injectable()
export class SendReminderHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SendReminderHandler.name);
  }

  async execute(reminderId: string): Promise<SendOutcome> {
    return this.ds.transaction(async (m) => {
      const [r] = await m.query(
        `SELECT r.id, r.kind, r.recipient_account_id, r.subject, r.unit_id, r.pledge_item_id, u.name AS unit_name,
                pi.criterion_code, to_char(pi.due_date, 'DD/MM/YYYY') AS due_vi
           FROM reminder r
           LEFT JOIN admin_unit u ON u.id = r.unit_id
           LEFT JOIN pledge_item pi ON pi.id = r.pledge_item_id
          WHERE r.id = $1 AND r.status = 'planned' FOR UPDATE OF r SKIP LOCKED`,
        [reminderId],
      );
      if (!r) return 'skipped';
      const title = `Nhắc hạn giao ước: ${r.unit_name ?? r.unit_id}`;
      const body = `Chỉ tiêu ${r.criterion_code ?? ''} của ${r.unit_name ?? r.unit_id} đến hạn ngày ${r.due_vi ?? ''}. Vui lòng cập nhật kết quả.`;
      await m.query(
        `INSERT INTO inbox_message (id, account_id, reminder_id, title, body, link) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (reminder_id) WHERE reminder_id IS NOT NULL DO NOTHING`,
        [randomUUID(), r.recipient_account_id, r.id, title, body, `/submit?cell=${encodeURIComponent(r.unit_id ?? '')}`],
      );
      await m.query(`INSERT INTO reminder_delivery (reminder_id, channel, delivered_at, detail) VALUES ($1, 'inbox', now(), $2)`, [
        r.id,
        JSON.stringify({ title }),
      ]);
      await m.query(`UPDATE reminder SET status = 'sent', sent_at = now(), attempts = attempts + 1 WHERE id = $1 AND status = 'planned'`, [r.id]);
      this.logger.info({ reminderId: r.id, kind: r.kind }, 'reminder delivered');
      return 'sent';
    });
  }
}
