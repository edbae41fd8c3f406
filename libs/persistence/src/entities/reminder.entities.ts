import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ReminderStatus = 'planned' | 'sent' | 'cancelled' | 'failed';

/**
 * The truth about one reminder. BullMQ jobs carry only the id; the worker re-reads this row and
 * marks it sent atomically (UPDATE ... WHERE status = 'planned').
 */
@Entity('reminder')
@Index(['status', 'fireAt'])
@Index(['recipientAccountId', 'createdAt'])
export class ReminderEntity {
  @PrimaryColumn('uuid') id: string;
  /** Deterministic key of what is reminded, to whom, when: planning twice never creates two. */
  @Index({ unique: true })
  @Column('text', { name: 'dedupe_key' }) dedupeKey: string;
  /** pledge_due | pledge_overdue | report_missing | escalation | digest */
  @Column('text') kind: string;
  @Column('uuid', { name: 'recipient_account_id', nullable: true }) recipientAccountId: string | null;
  /** inbox | webhook | email */
  @Column('text') channel: string;
  @Column('text', { name: 'pledge_item_id', nullable: true }) pledgeItemId: string | null;
  @Column('text', { name: 'unit_id', nullable: true }) unitId: string | null;
  @Column('jsonb', { default: () => "'{}'" }) subject: Record<string, unknown>;
  @Column('timestamptz', { name: 'fire_at' }) fireAt: Date;
  @Column('text') status: ReminderStatus;
  @Column('integer', { default: 0 }) attempts: number;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One delivery of a reminder on one channel. */
@Entity('reminder_delivery')
@Index(['reminderId'])
export class ReminderDeliveryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid', { name: 'reminder_id' }) reminderId: string;
  @Column('text') channel: string;
  @Column('timestamptz', { name: 'delivered_at' }) deliveredAt: Date;
  @Column('jsonb', { default: () => "'{}'" }) detail: Record<string, unknown>;
}

/** In-app inbox message of a user (shown in the web pages). */
@Entity('inbox_message')
@Index(['accountId', 'createdAt'])
export class InboxMessageEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'account_id' }) accountId: string;
  @Index({ unique: true, where: 'reminder_id IS NOT NULL' })
  @Column('uuid', { name: 'reminder_id', nullable: true }) reminderId: string | null;
  @Column('text') title: string;
  @Column('text') body: string;
  @Column('text', { nullable: true }) link: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'read_at', nullable: true }) readAt: Date | null;
}
