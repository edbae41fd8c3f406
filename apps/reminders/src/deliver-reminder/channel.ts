/** What every external channel (e-mail, webhook) is given to deliver. */
export interface OutgoingMessage {
  /** Idempotency key: the same for every attempt of this delivery (`<reminder id>-<channel>`). */
  idempotencyKey: string;
  reminderId: string;
  kind: string;
  unitId: string | null;
  recipient: { accountId: string; username: string; displayName: string; email: string | null; phone: string | null; locale: string };
  /** The address resolved at dispatch (e-mail address, phone number). */
  address: string | null;
  title: string;
  body: string;
  link: string;
  /** When the reminder was dispatched (ISO). */
  dispatchedAt: string;
}

/** A send that must not be retried (the receiver refused the message itself). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

export interface DeliveryReceipt {
  /** What the receiver answered (status code, SMTP response, message id). */
  detail: Record<string, unknown>;
}

export interface ReminderChannel {
  readonly name: 'email' | 'webhook';
  /** True when the channel is configured (SMTP server, webhook URL). */
  readonly enabled: boolean;
  send(message: OutgoingMessage): Promise<DeliveryReceipt>;
  close?(): Promise<void> | void;
}
