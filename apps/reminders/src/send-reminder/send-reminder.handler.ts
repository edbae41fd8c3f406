import { Inject, Injectable } from '@nestjs/common';
import { composeReminder, nextAllowedSend, releaseFromQuietHours, renderReminder, subjectCellScope, type ReminderSubject } from '@pledge/domain';
import { APP_CONFIG } from '@pledge/platform';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { RemindersEnv } from '../config';
import { EmailChannel } from '../deliver-reminder/email.channel';
import { WebhookChannel } from '../deliver-reminder/webhook.channel';
import { ReminderClock } from '../shared/clock';
import { deliveryKey } from '../shared/ids';
import { reminderMetrics } from '../shared/metrics';
import { rateLimitOf, reminderPolicyOf } from '../shared/policy';
import { ReminderSnapshotLoader } from '../shared/reminder-snapshot.loader';

export type Channel = 'inbox' | 'email' | 'webhook';
export const CHANNELS: readonly Channel[] = ['inbox', 'email', 'webhook'];

export type DispatchOutcome =
  | { result: 'skipped' }
  | { result: 'postponed'; until: Date; why: 'not_yet' | 'quiet_hours' | 'rate_limit' }
  | { result: 'cancelled'; reason: string }
  | { result: 'dispatched'; channels: Channel[]; external: Channel[] };

interface RecipientRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  locale: string | null;
  active: boolean;
  pref: string[] | null;
}

/**
 * The channels a recipient gets: the account's preference (notification_preference) or the default (inbox,
 * plus e-mail with an address, plus the webhook with a phone number), limited to the channels configured on
 * this installation and to those the account has an address for; the in-app inbox when nothing else is left.
 */
export function channelsFor(r: Pick<RecipientRow, 'email' | 'phone' | 'pref'>, available: { email: boolean; webhook: boolean }): Channel[] {
  const wanted = (r.pref ?? ['inbox', 'email', 'webhook']).filter((c): c is Channel => (CHANNELS as readonly string[]).includes(c));
  const usable = wanted.filter((c) => c === 'inbox' || (c === 'email' && available.email && !!r.email) || (c === 'webhook' && available.webhook && !!r.phone));
  return usable.length ? usable : ['inbox'];
}

/**
 * Use case "send one reminder" (the `send` job): under a row lock, re-read the reminder (the truth); if it is still
 * planned and due, decide what it says now (libs/domain composeReminder: items met or waived since are dropped,
 * a cell that has reported is not nudged) or cancel it; hold it past quiet hours and the recipient's rate limit;
 * otherwise fix its content, write the in-app inbox message, create one delivery row per external channel and
 * mark it dispatched — all in ONE transaction. External sends happen afterwards, one `deliver` job each.
 */
@Injectable()
export class SendReminderHandler {
  private readonly policy;

  constructor(
    private readonly ds: DataSource,
    private readonly snapshots: ReminderSnapshotLoader,
    private readonly clock: ReminderClock,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
    @Inject(APP_CONFIG) private readonly env: RemindersEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SendReminderHandler.name);
    this.policy = reminderPolicyOf(env);
  }

  async execute(reminderId: string): Promise<DispatchOutcome> {
    const outcome = await this.ds.transaction((m) => this.dispatch(m, reminderId));
    const kind = (outcome as { kind?: string }).kind ?? 'unknown';
    reminderMetrics().dispatched.inc({ kind, outcome: outcome.result });
    return outcome;
  }

  private async dispatch(m: EntityManager, reminderId: string): Promise<DispatchOutcome & { kind?: string }> {
    const [row]: {
      id: string;
      kind: string;
      status: string;
      recipient_account_id: string | null;
      unit_id: string | null;
      subject: ReminderSubject;
      fire_at: Date;
    }[] = await m.query(`SELECT id, kind, status, recipient_account_id, unit_id, subject, fire_at FROM reminder WHERE id = $1 FOR UPDATE`, [reminderId]);
    if (!row || row.status !== 'planned') return { result: 'skipped' };
    const now = this.clock.now();
    const kind = row.kind;
    const postpone = async (until: Date, why: 'not_yet' | 'quiet_hours' | 'rate_limit') => {
      await m.query(`UPDATE reminder SET fire_at = $2, attempts = attempts + 1, updated_at = now() WHERE id = $1`, [row.id, until]);
      return { result: 'postponed' as const, until, why, kind };
    };
    const fireAt = new Date(row.fire_at);
    if (fireAt.getTime() > now.getTime() + 250) return { result: 'postponed', until: fireAt, why: 'not_yet', kind };
    const released = releaseFromQuietHours(now, this.env.REMINDER_QUIET_HOURS, this.env.REMINDER_TIMEZONE);
    if (released.getTime() > now.getTime()) return postpone(released, 'quiet_hours');

    const cancel = async (reason: string) => {
      await m.query(`UPDATE reminder SET status = 'cancelled', cancel_reason = $2, attempts = attempts + 1, updated_at = now() WHERE id = $1`, [
        row.id,
        reason,
      ]);
      this.logger.info({ reminderId: row.id, kind, reason }, 'reminder cancelled');
      return { result: 'cancelled' as const, reason, kind };
    };
    const snapshot = await this.snapshots.load(subjectCellScope(row.subject), now, this.env.REMINDER_TIMEZONE, m, row.subject.kind !== 'pledge_due');
    const composed = composeReminder(row.subject, snapshot, this.policy, now);
    if ('cancel' in composed) return cancel(composed.cancel);

    const [recipient]: RecipientRow[] = await m.query(
      `SELECT a.id, a.username, a.display_name, a.email, a.phone, a.locale, a.active, p.channels AS pref
         FROM account a LEFT JOIN notification_preference p ON p.account_id = a.id WHERE a.id = $1`,
      [row.recipient_account_id],
    );
    if (!recipient || !recipient.active) return cancel('recipient_inactive');

    // per-recipient rate limit: one dispatcher at a time per recipient decides against the dispatch times so far
    const limit = rateLimitOf(this.env);
    if (limit) {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('reminder-rate|' || $1, 0))`, [recipient.id]);
      const recent: { dispatched_at: Date }[] = await m.query(
        `SELECT dispatched_at FROM reminder WHERE recipient_account_id = $1 AND dispatched_at > $2 AND dispatched_at <= $3`,
        [recipient.id, new Date(now.getTime() - limit.windowMs), now],
      );
      const next = nextAllowedSend(
        recent.map((r) => new Date(r.dispatched_at)),
        limit,
        now,
      );
      if (next.getTime() > now.getTime()) return postpone(releaseFromQuietHours(next, this.env.REMINDER_QUIET_HOURS, this.env.REMINDER_TIMEZONE), 'rate_limit');
    }

    const channels = channelsFor(recipient, { email: this.email.enabled, webhook: this.webhook.enabled });
    const rendered = renderReminder(composed.send, { locale: recipient.locale ?? 'vi', publicBaseUrl: this.env.PUBLIC_BASE_URL });
    const content = { ...rendered, locale: recipient.locale === 'en' ? 'en' : 'vi' };
    const external = channels.filter((c) => c !== 'inbox');
    for (const channel of channels) {
      const address = channel === 'email' ? recipient.email : channel === 'webhook' ? recipient.phone : recipient.username;
      if (channel === 'inbox') {
        await m.query(
          `INSERT INTO inbox_message (id, account_id, reminder_id, title, body, link, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (reminder_id) WHERE reminder_id IS NOT NULL DO NOTHING`,
          [randomUUID(), recipient.id, row.id, rendered.title, rendered.body, rendered.link, now],
        );
      }
      await m.query(
        `INSERT INTO reminder_delivery (reminder_id, channel, status, idempotency_key, address, attempts, delivered_at, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '{}') ON CONFLICT (reminder_id, channel) DO NOTHING`,
        [
          row.id,
          channel,
          channel === 'inbox' ? 'delivered' : 'pending',
          deliveryKey(row.id, channel),
          address,
          channel === 'inbox' ? 1 : 0,
          channel === 'inbox' ? now : null,
        ],
      );
    }
    const items = composed.send.kind === 'pledge_due' ? composed.send.items.map((i) => i.item.id) : [];
    await m.query(
      `UPDATE reminder SET status = $2, channels = $3, content = $4, dispatched_at = $5, sent_at = $6, attempts = attempts + 1,
              pledge_item_id = CASE WHEN kind = 'pledge_due' THEN $7 ELSE pledge_item_id END, updated_at = now()
        WHERE id = $1`,
      [
        row.id,
        external.length ? 'sending' : 'sent',
        channels,
        JSON.stringify(content),
        now,
        external.length ? null : now,
        items.length === 1 ? items[0] : null,
      ],
    );
    reminderMetrics().fireDelay.observe(Math.max(0, now.getTime() - fireAt.getTime()) / 1000);
    if (channels.includes('inbox')) reminderMetrics().deliveries.inc({ channel: 'inbox', outcome: 'delivered' });
    this.logger.info({ reminderId: row.id, kind, channels, lateMs: now.getTime() - fireAt.getTime() }, 'reminder dispatched');
    return { result: 'dispatched', channels, external, kind };
  }
}
