import { Inject, Injectable } from '@nestjs/common';
import { releaseFromQuietHours } from '@pledge/domain';
import { APP_CONFIG } from '@pledge/platform';
import { PinoLogger } from 'nestjs-pino';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import type { RemindersEnv } from '../config';
import { ReminderClock } from '../shared/clock';
import { reminderMetrics } from '../shared/metrics';
import { OutgoingMessage, PermanentDeliveryError, ReminderChannel } from './channel';
import { EmailChannel } from './email.channel';
import { WebhookChannel } from './webhook.channel';

export type DeliverOutcome =
  | { result: 'delivered' }
  | { result: 'skipped'; status: string }
  | { result: 'busy'; until: Date }
  | { result: 'postponed'; until: Date }
  | { result: 'failed'; error: string };

/** The error of an attempt that will be retried (BullMQ backoff); the delivery row is back to `pending`. */
export class RetryableDeliveryError extends Error {}

/**
 * Use case "deliver one reminder on one external channel" (the `deliver` job). A side effect outside the database
 * cannot share its transaction, so delivery is a claim with a lease:
 * 1. claim: `pending` (or `sending` whose lease lapsed: its worker died mid-send) → `sending`, lease_until = now +
 *    REMINDER_DELIVERY_LEASE_MS, attempts + 1 — one UPDATE, so only one worker holds a delivery at a time;
 * 2. send, with the delivery's idempotency key (the same on every attempt) so the receiver recognises a repeat;
 * 3. record `delivered` (or back to `pending` to retry, or `failed` for good) and close the reminder when every
 *    delivery is final.
 * A worker killed between 1 and 3 leaves the delivery `sending`; once the lease lapses the job (taken over by
 * BullMQ's stalled-job check, or re-created by the sweeper) claims it again and re-sends with the same key: the
 * receiver keeps one message.
 */
@Injectable()
export class DeliverReminderHandler {
  private readonly workerId = `${hostname()}-${process.pid}`;
  private readonly channels: Record<string, ReminderChannel>;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: ReminderClock,
    email: EmailChannel,
    webhook: WebhookChannel,
    @Inject(APP_CONFIG) private readonly env: RemindersEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(DeliverReminderHandler.name);
    this.channels = { email, webhook };
  }

  /** `finalAttempt`: BullMQ will not retry after this attempt (its attempts are used up). */
  async execute(reminderId: string, channelName: string, finalAttempt: boolean): Promise<DeliverOutcome> {
    const channel = this.channels[channelName];
    const now = this.clock.now();
    const released = releaseFromQuietHours(now, this.env.REMINDER_QUIET_HOURS, this.env.REMINDER_TIMEZONE);
    if (released.getTime() > now.getTime()) return { result: 'postponed', until: released };

    type Claimed = OutgoingMessage & { id: string; attempts: number };
    const raw: unknown[] = await this.ds.query(
      `UPDATE reminder_delivery d
          SET status = 'sending', lease_until = now() + make_interval(secs => $3::double precision / 1000), claimed_by = $4,
              attempts = d.attempts + 1, updated_at = now()
         FROM reminder r JOIN account a ON a.id = r.recipient_account_id
        WHERE d.reminder_id = $1 AND d.channel = $2 AND r.id = d.reminder_id AND r.status = 'sending'
          AND (d.status = 'pending' OR (d.status = 'sending' AND d.lease_until < now()))
       RETURNING d.id, d.attempts, d.idempotency_key AS "idempotencyKey", d.address, r.id AS "reminderId", r.kind, r.unit_id AS "unitId",
                 r.content->>'title' AS title, r.content->>'body' AS body, r.content->>'link' AS link,
                 to_char(r.dispatched_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "dispatchedAt",
                 json_build_object('accountId', a.id, 'username', a.username, 'displayName', a.display_name, 'email', a.email,
                                   'phone', a.phone, 'locale', COALESCE(a.locale, 'vi')) AS recipient`,
      [reminderId, channelName, this.env.REMINDER_DELIVERY_LEASE_MS, this.workerId],
    );
    // TypeORM returns [rows, affected] for UPDATE … RETURNING
    const message = ((Array.isArray(raw[0]) ? raw[0] : raw) as Claimed[])[0];
    if (!message) {
      const [cur]: { status: string; lease_until: Date | null }[] = await this.ds.query(
        `SELECT d.status, d.lease_until FROM reminder_delivery d WHERE d.reminder_id = $1 AND d.channel = $2`,
        [reminderId, channelName],
      );
      if (cur?.status === 'sending' && cur.lease_until) return { result: 'busy', until: new Date(cur.lease_until) };
      return { result: 'skipped', status: cur?.status ?? 'missing' };
    }
    const last = finalAttempt || message.attempts >= this.env.REMINDER_DELIVERY_ATTEMPTS;
    try {
      if (!channel?.enabled) throw new PermanentDeliveryError(`channel ${channelName} is not configured`);
      const receipt = await channel.send(message);
      await this.ds.query(
        `UPDATE reminder_delivery SET status = 'delivered', delivered_at = $2, lease_until = NULL, last_error = NULL, detail = $3, updated_at = now()
          WHERE id = $1 AND status <> 'delivered'`,
        [message.id, this.clock.now(), JSON.stringify(receipt.detail)],
      );
      reminderMetrics().deliveries.inc({ channel: channelName, outcome: 'delivered' });
      this.logger.info({ reminderId, channel: channelName, attempt: message.attempts }, 'reminder delivered');
      await this.closeReminder(reminderId);
      return { result: 'delivered' };
    } catch (err) {
      const error = (err as Error).message;
      const permanent = err instanceof PermanentDeliveryError;
      if (permanent || last) {
        await this.ds.query(
          `UPDATE reminder_delivery SET status = 'failed', lease_until = NULL, last_error = $2, updated_at = now() WHERE id = $1 AND status = 'sending'`,
          [message.id, error],
        );
        reminderMetrics().deliveries.inc({ channel: channelName, outcome: 'failed' });
        this.logger.warn({ reminderId, channel: channelName, attempt: message.attempts, err: error, permanent }, 'reminder delivery failed for good');
        await this.closeReminder(reminderId);
        return { result: 'failed', error };
      }
      await this.ds.query(
        `UPDATE reminder_delivery SET status = 'pending', lease_until = NULL, last_error = $2, updated_at = now() WHERE id = $1 AND status = 'sending'`,
        [message.id, error],
      );
      reminderMetrics().deliveries.inc({ channel: channelName, outcome: 'retry' });
      throw new RetryableDeliveryError(`${channelName} delivery of ${reminderId} failed (attempt ${message.attempts}): ${error}`);
    }
  }

  /** sent when every delivery is final and one was delivered; failed when all failed. */
  private async closeReminder(reminderId: string): Promise<void> {
    await this.ds.query(
      `UPDATE reminder r
          SET status = CASE WHEN EXISTS (SELECT 1 FROM reminder_delivery d WHERE d.reminder_id = r.id AND d.status = 'delivered') THEN 'sent' ELSE 'failed' END,
              sent_at = $2,
              last_error = (SELECT string_agg(d.channel || ': ' || d.last_error, '; ') FROM reminder_delivery d WHERE d.reminder_id = r.id AND d.status = 'failed'),
              updated_at = now()
        WHERE r.id = $1 AND r.status = 'sending'
          AND NOT EXISTS (SELECT 1 FROM reminder_delivery d WHERE d.reminder_id = r.id AND d.status IN ('pending', 'sending'))`,
      [reminderId, this.clock.now()],
    );
  }
}
