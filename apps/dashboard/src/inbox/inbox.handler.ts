import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiError, type ApiErrorDetail } from '@pledge/platform';
import { accountContactOf, chosenChannelsOf, inboxMessageOf, type AccountRow, type InboxListRow, type InboxMessageRow } from '@pledge/persistence';
import { DataSource } from 'typeorm';
import { INBOX_CHANNELS, InboxMessageDto, InboxPageDto, MarkAllReadDto, MarkReadDto, NotificationPreferencesDto } from './inbox.dto';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

const notFound = () => new ApiError(HttpStatus.NOT_FOUND, 'not_found', 'Không tìm thấy tin nhắn', 'Message not found');

/** The in-app inbox of the calling account (reminders delivered by apps/reminders) and its channel preferences. */
@Injectable()
export class InboxHandler {
  constructor(private readonly ds: DataSource) {}

  async list(accountId: string, q: { unread?: string; limit?: string; before?: string }): Promise<InboxPageDto> {
    const details: ApiErrorDetail[] = [];
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      details.push({
        field: 'limit',
        problem: 'out_of_range',
        message: 'limit phải là số nguyên từ 1 đến 200',
        messageEn: 'limit must be a whole number from 1 to 200',
      });
    }
    if (q.unread !== undefined && !['true', 'false'].includes(q.unread)) {
      details.push({ field: 'unread', problem: 'invalid', message: 'unread phải là true hoặc false', messageEn: 'unread must be true or false' });
    }
    const before = q.before === undefined ? null : new Date(q.before);
    if (before && Number.isNaN(before.getTime())) {
      details.push({ field: 'before', problem: 'invalid_date', message: 'before phải là thời điểm ISO 8601', messageEn: 'before must be an ISO 8601 instant' });
    }
    if (details.length) throw ApiError.validation(details);
    const rows = await this.ds.query<InboxListRow[]>(
      `SELECT m.id, m.title, m.body, m.link, r.kind, r.unit_id, m.created_at, m.read_at
         FROM inbox_message m LEFT JOIN reminder r ON r.id = m.reminder_id
        WHERE m.account_id = $1 AND ($2::boolean IS NOT TRUE OR m.read_at IS NULL) AND ($3::timestamptz IS NULL OR m.created_at < $3)
        ORDER BY m.created_at DESC, m.id DESC LIMIT $4`,
      [accountId, q.unread === 'true', before, limit + 1],
    );
    const [{ n }] = await this.ds.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM inbox_message WHERE account_id = $1 AND read_at IS NULL`, [accountId]);
    const page = rows.slice(0, limit);
    const items: InboxMessageDto[] = page.map(inboxMessageOf).map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), readAt: iso(m.readAt) }));
    return { items, unread: n, nextBefore: rows.length > limit ? items[items.length - 1].createdAt : null };
  }

  async markRead(accountId: string, id: string): Promise<MarkReadDto> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
    type Marked = Pick<InboxMessageRow, 'id' | 'read_at'>;
    // pg answers an UPDATE … RETURNING with [rows, count] through TypeORM
    const [[row]] = await this.ds.query<[Marked[], number]>(
      `UPDATE inbox_message SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND account_id = $2 RETURNING id, read_at`,
      [id, accountId],
    );
    if (!row) throw notFound();
    return { id: row.id, readAt: iso(row.read_at)! };
  }

  async markAllRead(accountId: string): Promise<MarkAllReadDto> {
    const res: unknown[] = await this.ds.query(`UPDATE inbox_message SET read_at = now() WHERE account_id = $1 AND read_at IS NULL`, [accountId]);
    return { updated: typeof res[1] === 'number' ? res[1] : 0 };
  }

  async preferences(accountId: string): Promise<NotificationPreferencesDto> {
    const [a] = await this.ds.query<(Pick<AccountRow, 'email' | 'phone'> & { channels: string[] | null })[]>(
      `SELECT a.email, a.phone, p.channels FROM account a LEFT JOIN notification_preference p ON p.account_id = a.id WHERE a.id = $1`,
      [accountId],
    );
    if (!a) throw notFound();
    const chosen = chosenChannelsOf(a);
    return { channels: chosen ?? [...INBOX_CHANNELS], defaults: !chosen, ...accountContactOf(a) };
  }

  async setPreferences(accountId: string, username: string, body: unknown): Promise<NotificationPreferencesDto> {
    const channels = (body as { channels?: unknown })?.channels;
    const bad = (problem: string, message: string, messageEn: string) => ApiError.validation([{ field: 'channels', problem, message, messageEn }]);
    if (!Array.isArray(channels) || channels.length === 0 || !channels.every((c) => typeof c === 'string')) {
      throw bad(
        'required',
        'channels phải là danh sách kênh, ít nhất một kênh (inbox, email, webhook)',
        'channels must be a non-empty list of channels (inbox, email, webhook)',
      );
    }
    const unknown = channels.filter((c) => !(INBOX_CHANNELS as readonly string[]).includes(c));
    if (unknown.length) throw bad('unknown_channel', `Kênh không hợp lệ: ${unknown.join(', ')}`, `unknown channel(s): ${unknown.join(', ')}`);
    const current = await this.preferences(accountId);
    if (channels.includes('email') && !current.email) throw bad('no_email', 'Tài khoản chưa có địa chỉ e-mail', 'the account has no e-mail address');
    if (channels.includes('webhook') && !current.phone) throw bad('no_phone', 'Tài khoản chưa có số điện thoại', 'the account has no phone number');
    const unique = [...new Set(channels)];
    await this.ds.query(
      `INSERT INTO notification_preference (account_id, channels, updated_by, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (account_id) DO UPDATE SET channels = EXCLUDED.channels, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [accountId, unique, username],
    );
    return { ...current, channels: unique, defaults: false };
  }
}
