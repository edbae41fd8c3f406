import { createHash } from 'node:crypto';

/** Name-based UUID (version 5 layout, SHA-1) of a dedupe key: a reminder row's id is stable across re-planning. */
export function stableUuid(key: string): string {
  const h = createHash('sha1').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** BullMQ job id of a reminder: deterministic, no ':' (BullMQ refuses it), never all digits. */
export const reminderJobId = (reminderId: string) => `rem-${reminderId}`;

/** Idempotency key of a delivery (also sent to the receiver) and the BullMQ job id that performs it. */
export const deliveryKey = (reminderId: string, channel: string) => `${reminderId}-${channel}`;
export const deliveryJobId = (reminderId: string, channel: string) => `dlv-${deliveryKey(reminderId, channel)}`;
