import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@pledge/platform';
import { createHmac } from 'node:crypto';
import type { RemindersEnv } from '../config';
import { DeliveryReceipt, OutgoingMessage, PermanentDeliveryError, ReminderChannel } from './channel';

/**
 * Signature of a webhook POST (the Standard Webhooks scheme): base64 HMAC-SHA256, keyed with the shared secret,
 * over `<webhook-id>.<webhook-timestamp>.<raw body>`; sent as `webhook-signature: v1,<base64>`. The receiver
 * recomputes it over the exact bytes it received and rejects timestamps older than a few minutes (replays).
 */
export function signWebhook(secret: string, id: string, timestamp: number, rawBody: string): string {
  return `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${rawBody}`).digest('base64')}`;
}

/**
 * Webhook to a gateway (SMS, Zalo): one JSON POST per delivery, signed (see {@link signWebhook}), with headers
 * `webhook-id` and `Idempotency-Key` = the delivery's idempotency key (the same on every retry), `webhook-timestamp`
 * (Unix seconds), `webhook-signature`. 2xx = delivered; 409 = the gateway already has it (delivered);
 * 408, 425, 429, 5xx and network errors are retried with exponential backoff; other 4xx are permanent.
 */
@Injectable()
export class WebhookChannel implements ReminderChannel {
  readonly name = 'webhook' as const;
  readonly enabled: boolean;

  constructor(@Inject(APP_CONFIG) private readonly env: RemindersEnv) {
    this.enabled = !!env.REMINDER_WEBHOOK_URL;
  }

  async send(m: OutgoingMessage): Promise<DeliveryReceipt> {
    const body = JSON.stringify({
      id: m.idempotencyKey,
      type: 'reminder',
      kind: m.kind,
      reminderId: m.reminderId,
      unitId: m.unitId,
      recipient: {
        accountId: m.recipient.accountId,
        username: m.recipient.username,
        displayName: m.recipient.displayName,
        phone: m.recipient.phone,
        email: m.recipient.email,
        locale: m.recipient.locale,
      },
      title: m.title,
      body: m.body,
      link: m.link,
      dispatchedAt: m.dispatchedAt,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(this.env.REMINDER_WEBHOOK_URL!, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'webhook-id': m.idempotencyKey,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(this.env.REMINDER_WEBHOOK_SECRET!, m.idempotencyKey, timestamp, body),
        'idempotency-key': m.idempotencyKey,
        'user-agent': 'thanh-binh-pledge-reminders/1',
      },
      body,
      signal: AbortSignal.timeout(this.env.REMINDER_SEND_TIMEOUT_MS),
    });
    const text = (await res.text().catch(() => '')).slice(0, 500);
    if (res.ok || res.status === 409) return { detail: { status: res.status, response: text } };
    const retry = res.status === 408 || res.status === 425 || res.status === 429 || res.status >= 500;
    const message = `webhook answered ${res.status}${text ? `: ${text}` : ''}`;
    if (!retry) throw new PermanentDeliveryError(message);
    throw new Error(message);
  }
}
