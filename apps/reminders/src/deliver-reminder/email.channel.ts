import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@pledge/platform';
import nodemailer, { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { RemindersEnv } from '../config';
import { DeliveryReceipt, OutgoingMessage, PermanentDeliveryError, ReminderChannel } from './channel';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * E-mail over SMTP (nodemailer). The idempotency key is the Message-ID (`<key@pledge.thanhbinh>`) and the
 * `X-Idempotency-Key` header, so a message re-sent after a crash is the same message to the receiving system.
 * 5xx SMTP answers are permanent; connection problems and 4xx are retried.
 */
@Injectable()
export class EmailChannel implements ReminderChannel, OnApplicationShutdown {
  readonly name = 'email' as const;
  readonly enabled: boolean;
  private transport?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly env: RemindersEnv) {
    this.enabled = !!env.REMINDER_SMTP_URL;
  }

  private transporter(): Transporter {
    this.transport ??= nodemailer.createTransport({
      url: this.env.REMINDER_SMTP_URL!,
      connectionTimeout: this.env.REMINDER_SEND_TIMEOUT_MS,
      greetingTimeout: this.env.REMINDER_SEND_TIMEOUT_MS,
      socketTimeout: this.env.REMINDER_SEND_TIMEOUT_MS,
    } as SMTPTransport.Options);
    return this.transport;
  }

  async send(m: OutgoingMessage): Promise<DeliveryReceipt> {
    if (!m.address) throw new PermanentDeliveryError('the account has no e-mail address');
    const html = `<!doctype html><html lang="${m.recipient.locale === 'en' ? 'en' : 'vi'}"><body>${m.body
      .split('\n')
      .map((l) => `<p>${escapeHtml(l)}</p>`)
      .join('')}<p><a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a></p></body></html>`;
    try {
      const info = await this.transporter().sendMail({
        from: this.env.REMINDER_MAIL_FROM,
        to: { name: m.recipient.displayName, address: m.address },
        subject: m.title,
        text: m.body,
        html,
        messageId: `<${m.idempotencyKey}@pledge.thanhbinh>`,
        headers: { 'X-Idempotency-Key': m.idempotencyKey, 'X-Pledge-Reminder-Kind': m.kind },
      });
      return { detail: { messageId: info.messageId, response: info.response } };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      if (code && code >= 500 && code < 600) throw new PermanentDeliveryError(`SMTP ${code}: ${(err as Error).message}`);
      throw err;
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
