import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

@ApiTags('reminders')
@Controller('api/v1/reminders')
export class ListRemindersHttpController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Reminders (planned, sent, cancelled, failed) with their deliveries, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: ['planned', 'sent', 'cancelled', 'failed'] })
  @ApiQuery({ name: 'limit', required: false })
  async list(@Query('status') status?: string, @Query('limit') limit?: string) {
    const n = Math.min(Math.max(Number(limit) || 100, 1), 1000);
    const rows = await this.ds.query(
      `SELECT r.id, r.kind, r.channel, r.status, r.fire_at AS "fireAt", r.sent_at AS "sentAt", r.unit_id AS "unitId",
              r.pledge_item_id AS "pledgeItemId", a.username AS recipient,
              COALESCE((SELECT json_agg(json_build_object('channel', d.channel, 'deliveredAt', d.delivered_at) ORDER BY d.id)
                          FROM reminder_delivery d WHERE d.reminder_id = r.id), '[]') AS deliveries
         FROM reminder r LEFT JOIN account a ON a.id = r.recipient_account_id
        WHERE ($1::text IS NULL OR r.status = $1)
        ORDER BY COALESCE(r.sent_at, r.fire_at) DESC LIMIT $2`,
      [status ?? null, n],
    );
    return { items: rows };
  }
}
