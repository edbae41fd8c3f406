import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { freePort } from './apps';

/** One POST as the test webhook receiver got it. */
export interface ReceivedWebhook {
  id: string;
  idempotencyKey: string;
  timestamp: number;
  signatureValid: boolean;
  body: Record<string, any>;
  rawBody: string;
  receivedAt: number;
  /** The HTTP status answered (null while held or when the sender went away first). */
  answered: number | null;
  /** True when this POST repeated an idempotency key already processed (answered 200 without processing again). */
  duplicate: boolean;
}

/**
 * A local webhook receiver standing in for an SMS/Zalo gateway: checks the Standard Webhooks signature
 * (`webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<raw body>">`), processes each
 * idempotency key once (a repeat is answered 200 and not processed again), can fail the next N requests with a
 * status (to exercise retries), and can hold its answers (`hold()`/`release()`) to kill a sender mid-send.
 */
export class TestWebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server?: Server;
  private failures: number[] = [];
  private holding = false;
  private held: (() => void)[] = [];
  port = 0;

  constructor(readonly secret: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/reminders`;
  }

  async start(): Promise<this> {
    this.port = await freePort();
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', () => resolve()));
    return this;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const id = String(req.headers['webhook-id'] ?? '');
    const timestamp = Number(req.headers['webhook-timestamp'] ?? 0);
    const signature = String(req.headers['webhook-signature'] ?? '');
    const expected = `v1,${createHmac('sha256', this.secret).update(`${id}.${timestamp}.${rawBody}`).digest('base64')}`;
    const signatureValid = signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
    const idempotencyKey = String(req.headers['idempotency-key'] ?? '');
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(rawBody);
    } catch {
      /* left empty: the test will notice */
    }
    const fail = this.failures.shift();
    const duplicate =
      fail === undefined && this.received.some((r) => r.idempotencyKey === idempotencyKey && !r.duplicate && r.answered !== 503 && r.answered !== 500);
    const hook: ReceivedWebhook = { id, idempotencyKey, timestamp, signatureValid, body, rawBody, receivedAt: Date.now(), answered: null, duplicate };
    this.received.push(hook);
    const answer = () => {
      if (res.destroyed || req.socket.destroyed) return;
      const status = fail ?? (signatureValid ? 200 : 401);
      hook.answered = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status === 200, duplicate }));
    };
    if (this.holding && fail === undefined) this.held.push(answer);
    else answer();
  }

  /** The next `n` requests are answered `status` (not processed). */
  failNext(n: number, status = 503): void {
    for (let i = 0; i < n; i++) this.failures.push(status);
  }

  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    for (const a of this.held.splice(0)) a();
  }

  /** Messages processed by the gateway: one per idempotency key, failed answers excluded. */
  processed(): ReceivedWebhook[] {
    const seen = new Map<string, ReceivedWebhook>();
    for (const r of this.received) {
      if (r.duplicate || r.answered === 503 || r.answered === 500 || r.answered === 401 || !r.signatureValid) continue;
      if (!seen.has(r.idempotencyKey)) seen.set(r.idempotencyKey, r);
    }
    return [...seen.values()];
  }

  async stop(): Promise<void> {
    this.release();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
