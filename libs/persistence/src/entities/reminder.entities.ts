import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * planned → (sending) → sent | failed, or planned → cancelled.
 * - planned: waiting for `fire_at`; a delayed BullMQ job `rem-<id>` carries only the id.
 * - sending: dispatched (content fixed, in-app inbox written, one reminder_delivery row per channel); external
 *   deliveries (e-mail, webhook) still in progress.
 * - sent: every delivery is final and at least one was delivered; failed: every delivery failed.
 * - cancelled: not sent, see `cancel_reason` (item met, cell reported, nothing late any more, ...).
 */
export type ReminderStatus = 'planned' | 'sending' | 'sent' | 'cancelled' | 'failed';

/**
 * The truth about one reminder message to one person. BullMQ jobs carry only the id; the worker re-reads this row
 * under a row lock and changes its status in the same transaction that writes the in-app message and the delivery
 * rows.
 */
@Entity('reminder')
@Index(['status', 'fireAt'])
@Index(['recipientAccountId', 'createdAt'])
@Index(['recipientAccountId', 'dispatchedAt'])
export class ReminderEntity {
  /** Derived from the dedupe key (a name-based UUID), so that re-planning finds the same row and job id. */
  @PrimaryColumn('uuid') id: string;
  /** Kind, recipient, scope and occurrence day: planning twice never creates two (libs/domain reminderDedupeKey). */
  @Index({ unique: true })
  @Column('text', { name: 'dedupe_key' })
  dedupeKey: string;
  /** pledge_due | report_missing | escalation | digest */
  @Column('text') kind: string;
  @Column('uuid', { name: 'recipient_account_id', nullable: true }) recipientAccountId: string | null;
  /** Channels chosen when the message was dispatched (inbox, email, webhook); empty while planned. */
  @Column('text', { array: true, default: () => "'{}'" }) channels: string[];
  /** The pledge item, when the message is about exactly one. */
  @Column('text', { name: 'pledge_item_id', nullable: true }) pledgeItemId: string | null;
  /** The cell (pledge, report), the commune (escalation), null (digest). */
  @Column('text', { name: 'unit_id', nullable: true }) unitId: string | null;
  /** What the message is about (libs/domain ReminderSubject); the content is recomputed when it is sent. */
  @Column('jsonb', { default: () => "'{}'" }) subject: Record<string, unknown>;
  /** The rendered message `{ title, body, link, locale }`, fixed at dispatch so every channel says the same. */
  @Column('jsonb', { nullable: true }) content: Record<string, unknown> | null;
  /** When it fires; moved later only by quiet hours or the recipient's rate limit. */
  @Column('timestamptz', { name: 'fire_at' }) fireAt: Date;
  @Column('text') status: ReminderStatus;
  /** Times the worker picked the row up (postponements included). */
  @Column('integer', { default: 0 }) attempts: number;
  /** When the content was fixed and the deliveries created (counts toward the rate limit). */
  @Column('timestamptz', { name: 'dispatched_at', nullable: true }) dispatchedAt: Date | null;
  /** When every delivery became final. */
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  @Column('text', { name: 'cancel_reason', nullable: true }) cancelReason: string | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** pending → sending (claimed, with a lease) → delivered | failed; a lapsed lease makes it claimable again. */
export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

/**
 * One delivery of a reminder on one channel. Unique per (reminder, channel); its idempotency key
 * (`<reminder id>-<channel>`) goes to the receiver with every attempt (webhook `Idempotency-Key`/`webhook-id`,
 * e-mail `Message-ID`), so a send repeated after a crash is recognised as the same message.
 */
@Entity('reminder_delivery')
@Index(['reminderId'])
@Index(['reminderId', 'channel'], { unique: true })
@Index(['status', 'leaseUntil'])
export class ReminderDeliveryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid', { name: 'reminder_id' }) reminderId: string;
  /** inbox | email | webhook */
  @Column('text') channel: string;
  @Column('text', { default: 'delivered' }) status: DeliveryStatus;
  @Index({ unique: true })
  @Column('text', { name: 'idempotency_key' })
  idempotencyKey: string;
  /** E-mail address, phone number or URL the delivery goes to (as resolved at dispatch). */
  @Column('text', { nullable: true }) address: string | null;
  @Column('integer', { default: 0 }) attempts: number;
  /** While `sending`: the claim holds until then; after it, another worker may claim the delivery. */
  @Column('timestamptz', { name: 'lease_until', nullable: true }) leaseUntil: Date | null;
  @Column('text', { name: 'claimed_by', nullable: true }) claimedBy: string | null;
  @Column('timestamptz', { name: 'delivered_at', nullable: true }) deliveredAt: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  /** Receiver's answer (HTTP status, SMTP response, message id). */
  @Column('jsonb', { default: () => "'{}'" }) detail: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** In-app inbox message of a user (shown in the web pages; GET /api/v1/inbox). */
@Entity('inbox_message')
@Index(['accountId', 'createdAt'])
export class InboxMessageEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'account_id' }) accountId: string;
  @Index({ unique: true, where: 'reminder_id IS NOT NULL' })
  @Column('uuid', { name: 'reminder_id', nullable: true })
  reminderId: string | null;
  @Column('text') title: string;
  @Column('text') body: string;
  @Column('text', { nullable: true }) link: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'read_at', nullable: true }) readAt: Date | null;
}

/**
 * Which channels an account receives reminders on. Without a row the defaults apply: the in-app inbox always,
 * e-mail when the account has an address and SMTP is configured, the webhook (SMS/Zalo gateway) when it has a
 * phone number and a webhook URL is configured.
 */
@Entity('notification_preference')
export class NotificationPreferenceEntity {
  @PrimaryColumn('uuid', { name: 'account_id' }) accountId: string;
  /** Subset of inbox, email, webhook. */
  @Column('text', { array: true }) channels: string[];
  @Column('text', { name: 'updated_by', nullable: true }) updatedBy: string | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
