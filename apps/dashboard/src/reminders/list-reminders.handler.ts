import { Injectable } from '@nestjs/common';
import { ApiError, type ApiErrorDetail } from '@pledge/platform';
import { DataSource } from 'typeorm';
import type { ReminderListDto } from './list-reminders.dto';

const STATUSES = ['planned', 'sending', 'sent', 'cancelled', 'failed'];
const KINDS = ['pledge_due', 'report_missing', 'escalation', 'digest'];

export interface ListRemindersQuery {
  status?: string;
  kind?: string;
  unitId?: string;
  pledgeItemId?: string;
  recipient?: string;
  limit?: string;
}

/** Query "reminders": the reminder rows (the truth written by apps/reminders) with their deliveries. */
@Injectable()
export class ListRemindersHandler {
  constructor(private readonly ds: DataSource) {}

  async execute(q: ListRemindersQuery): Promise<ReminderListDto> {
    const details: ApiErrorDetail[] = [];
    if (q.status !== undefined && !STATUSES.includes(q.status)) {
      details.push({
        field: 'status',
        problem: 'invalid',
        message: `status phải là một trong: ${STATUSES.join(', ')}`,
        messageEn: `status must be one of ${STATUSES.join(', ')}`,
      });
    }
    if (q.kind !== undefined && !KINDS.includes(q.kind)) {
      details.push({
        field: 'kind',
        problem: 'invalid',
        message: `kind phải là một trong: ${KINDS.join(', ')}`,
        messageEn: `kind must be one of ${KINDS.join(', ')}`,
      });
    }
    const limit = q.limit === undefined ? 100 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      details.push({
        field: 'limit',
        problem: 'out_of_range',
        message: 'limit phải là số nguyên từ 1 đến 1000',
        messageEn: 'limit must be a whole number from 1 to 1000',
      });
    }
    if (details.length) throw ApiError.validation(details);
    // the columns are named as the DTO's fields (AS "fireAt" …): the rows are the answer's items
    const items = await this.ds.query<ReminderListDto['items']>(
      `SELECT r.id, r.kind, r.status, r.channels, r.fire_at AS "fireAt", r.dispatched_at AS "dispatchedAt", r.sent_at AS "sentAt",
              r.cancel_reason AS "cancelReason", r.unit_id AS "unitId", r.pledge_item_id AS "pledgeItemId",
              COALESCE(ARRAY(SELECT jsonb_array_elements_text(r.subject->'itemIds')), '{}') AS "pledgeItemIds",
              a.username AS recipient, r.content->>'title' AS title,
              COALESCE((SELECT json_agg(json_build_object('channel', d.channel, 'status', d.status, 'attempts', d.attempts,
                                                          'deliveredAt', d.delivered_at, 'lastError', d.last_error) ORDER BY d.id)
                          FROM reminder_delivery d WHERE d.reminder_id = r.id), '[]') AS deliveries
         FROM reminder r LEFT JOIN account a ON a.id = r.recipient_account_id
        WHERE ($1::text IS NULL OR r.status = $1) AND ($2::text IS NULL OR r.kind = $2) AND ($3::text IS NULL OR r.unit_id = $3)
          AND ($4::text IS NULL OR r.pledge_item_id = $4 OR r.subject->'itemIds' ? $4) AND ($5::text IS NULL OR a.username = $5)
        ORDER BY COALESCE(r.sent_at, r.dispatched_at, r.fire_at) DESC, r.id LIMIT $6`,
      [q.status ?? null, q.kind ?? null, q.unitId ?? null, q.pledgeItemId ?? null, q.recipient ?? null, limit],
    );
    return { items };
  }
}
