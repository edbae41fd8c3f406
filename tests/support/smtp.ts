import { SMTPServer } from 'smtp-server';
import { freePort } from './apps';

/** One message as the test SMTP server received it. */
export interface ReceivedMail {
  messageId: string;
  idempotencyKey: string | null;
  from: string;
  to: string[];
  subject: string;
  /** The raw message with quoted-printable soft breaks and escapes decoded (good enough for `toContain`). */
  text: string;
  /** Real time the DATA was fully received. */
  receivedAt: number;
  /** True once the server answered 250 (false while held, or when the client went away first). */
  acknowledged: boolean;
}

function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  return Buffer.from(
    joined.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head);
  return m ? decodeWords(m[1].trim()) : '';
}

/**
 * A real SMTP server on 127.0.0.1 for tests (the smtp-server package): accepts any sender and recipient without
 * TLS or authentication and keeps every message. `hold()` makes it read each message but delay its "250 OK" until
 * `release()` — the moment to kill a sender in the middle of a send. Like a receiving system that deduplicates by
 * Message-ID, {@link delivered} counts each acknowledged Message-ID once.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  private server?: SMTPServer;
  private held: (() => void)[] = [];
  private holding = false;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.port = await freePort();
    this.server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const mail: ReceivedMail = {
            messageId: header(raw, 'Message-ID'),
            idempotencyKey: header(raw, 'X-Idempotency-Key') || null,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: header(raw, 'Subject'),
            text: decodeQuotedPrintable(raw),
            receivedAt: Date.now(),
            acknowledged: false,
          };
          this.received.push(mail);
          const ack = () => {
            mail.acknowledged = true;
            callback();
          };
          if (this.holding) this.held.push(ack);
          else ack();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server.on('error', () => undefined);
    return this;
  }

  /** Read messages but hold their acknowledgement until {@link release}. */
  hold(): void {
    this.holding = true;
  }

  /** Acknowledge the held messages (those whose sender is still connected) and stop holding. */
  release(): void {
    this.holding = false;
    for (const ack of this.held.splice(0)) ack();
  }

  /** Acknowledged messages, one per Message-ID (a resend with the same id is the same message). */
  delivered(): ReceivedMail[] {
    const seen = new Map<string, ReceivedMail>();
    for (const m of this.received) if (m.acknowledged && !seen.has(m.messageId)) seen.set(m.messageId, m);
    return [...seen.values()];
  }

  async stop(): Promise<void> {
    this.release();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
