/** A reminder row's id is a name-based UUID of its dedupe key (stable across re-planning): libs/platform stableUuid. */
export { stableUuid } from '@pledge/platform';

/** BullMQ job id of a reminder: deterministic, no ':' (BullMQ refuses it), never all digits. */
export const reminderJobId = (reminderId: string) => `rem-${reminderId}`;

/** Idempotency key of a delivery (also sent to the receiver) and the BullMQ job id that performs it. */
export const deliveryKey = (reminderId: string, channel: string) => `${reminderId}-${channel}`;
export const deliveryJobId = (reminderId: string, channel: string) => `dlv-${deliveryKey(reminderId, channel)}`;
