import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type SubmissionStatus = 'accepted' | 'recorded' | 'projected' | 'rejected';

/**
 * Intake's record of what a secretary submitted and what became of it (accepted → recorded by
 * ingest → projected; or rejected with the reasons). Keyed by the client-chosen eventId.
 */
@Entity('submission')
@Index(['accountId', 'createdAt'])
@Index(['hamletCode', 'createdAt'])
export class SubmissionEntity {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId: string;
  @Column('uuid', { name: 'account_id', nullable: true }) accountId: string | null;
  @Column('text', { name: 'hamlet_code' }) hamletCode: string;
  @Column('text', { name: 'criterion_code' }) criterionCode: string;
  /** The event as accepted (CriterionUpdateV1). */
  @Column('jsonb') payload: Record<string, unknown>;
  /** sha256 of the canonical payload: same eventId + same hash → same answer; different hash → 409. */
  @Column('text', { name: 'payload_hash' }) payloadHash: string;
  @Column('text') status: SubmissionStatus;
  @Column('jsonb', { nullable: true }) rejection: unknown;
  @Column('uuid', { nullable: true }) supersedes: string | null;
  /** Review by the commune officer: null | verified | returned */
  @Column('text', { name: 'review_status', nullable: true }) reviewStatus: string | null;
  @Column('text', { name: 'review_comment', nullable: true }) reviewComment: string | null;
  @Column('text', { name: 'reviewed_by', nullable: true }) reviewedBy: string | null;
  @Column('timestamptz', { name: 'reviewed_at', nullable: true }) reviewedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/**
 * Transactional outbox: written in the same transaction that decides the 202; a relay publishes
 * unpublished rows (idempotent producer) and stamps published_at.
 */
@Entity('outbox')
@Index('ix_outbox_unpublished', ['id'], { where: 'published_at IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Index({ unique: true })
  @Column('uuid', { name: 'event_id' })
  eventId: string;
  /** Bare topic name (the relay applies KAFKA_TOPIC_PREFIX). */
  @Column('text') topic: string;
  @Column('text', { name: 'message_key' }) messageKey: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('jsonb', { default: () => "'{}'" }) headers: Record<string, string>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
  @Column('integer', { default: 0 }) attempts: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
}

/**
 * Append-only event store of validated criterion updates (UPDATE and DELETE are refused by a
 * trigger). The source of every read model: a rebuild replays it.
 */
@Entity('event_store')
@Index(['hamletCode', 'asOf'])
export class EventStoreEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) sequence: string;
  @Index({ unique: true })
  @Column('uuid', { name: 'event_id' })
  eventId: string;
  @Column('text', { name: 'hamlet_code' }) hamletCode: string;
  @Column('text', { name: 'commune_code' }) communeCode: string;
  @Column('text', { name: 'criterion_code' }) criterionCode: string;
  @Column('date', { name: 'as_of' }) asOf: string;
  @Column('timestamptz', { name: 'reported_at' }) reportedAt: Date;
  @Column('text', { name: 'reported_by' }) reportedBy: string;
  /** The normalised CriterionUpdateV1. */
  @Column('jsonb') payload: Record<string, unknown>;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
  @Column('text', { name: 'source_topic', nullable: true }) sourceTopic: string | null;
  @Column('integer', { name: 'source_partition', nullable: true }) sourcePartition: number | null;
  @Column('bigint', { name: 'source_offset', nullable: true }) sourceOffset: string | null;
}

/** Every rejected message, with its original payload and reasons (also published to the DLQ topic). */
@Entity('dead_letter')
@Index(['eventId'])
@Index('uq_dead_letter_source', ['sourceTopic', 'sourcePartition', 'sourceOffset'], { unique: true })
export class DeadLetterEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid', { name: 'event_id', nullable: true }) eventId: string | null;
  @Column('text', { name: 'source_topic' }) sourceTopic: string;
  @Column('integer', { name: 'source_partition' }) sourcePartition: number;
  @Column('bigint', { name: 'source_offset' }) sourceOffset: string;
  @Column('text', { name: 'message_key', nullable: true }) messageKey: string | null;
  @Column('text') payload: string;
  @Column('text', { name: 'payload_encoding', default: 'utf8' }) payloadEncoding: string;
  @Column('jsonb') reasons: unknown[];
  @CreateDateColumn({ name: 'rejected_at', type: 'timestamptz' }) rejectedAt: Date;
}

/** Per-partition checkpoint of a projection, written in the same transaction as its read models. */
@Entity('projection_checkpoint')
export class ProjectionCheckpointEntity {
  @PrimaryColumn('text') projection: string;
  @PrimaryColumn('text') topic: string;
  @PrimaryColumn('integer') partition: number;
  /** Next offset to read (last processed + 1). */
  @Column('bigint', { name: 'next_offset' }) nextOffset: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
