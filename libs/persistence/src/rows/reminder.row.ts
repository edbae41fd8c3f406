/** A row of reminder as pg returns it (jsonb → parsed, text[] → string[]). Written by the reminders. */
export interface ReminderRow {
  id: string;
  dedupe_key: string;
  kind: string;
  recipient_account_id: string | null;
  channels: string[];
  pledge_item_id: string | null;
  unit_id: string | null;
  subject: Record<string, unknown>;
  content: Record<string, unknown> | null;
  fire_at: Date;
  status: string;
  attempts: number;
  dispatched_at: Date | null;
  sent_at: Date | null;
  cancel_reason: string | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A row of reminder_delivery as pg returns it (bigint → text, jsonb → parsed). Written by the reminders. */
export interface ReminderDeliveryRow {
  id: string;
  reminder_id: string;
  channel: string;
  status: 'pending' | 'sending' | 'delivered' | 'failed';
  idempotency_key: string;
  address: string | null;
  attempts: number;
  lease_until: Date | null;
  claimed_by: string | null;
  delivered_at: Date | null;
  last_error: string | null;
  detail: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}
