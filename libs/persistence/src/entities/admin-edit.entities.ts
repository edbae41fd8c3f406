import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AdminUnitEntity } from './reference.entities';

/**
 * What administrators changed in the reference data, kept as history next to the generic audit_log:
 * a unit keeps its id when renamed (its readings, pledges and accounts stay attached), and every name it had
 * stays readable; a threshold keeps the trail of its values, sources and confidences.
 */

/** One rename (or placeholder-flag change) of an administrative unit by an administrator. */
@Entity('unit_name_revision')
@Index(['unitId', 'changedAt'])
export class UnitNameRevisionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('text', { name: 'unit_id' }) unitId: string;
  @ManyToOne(() => AdminUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: AdminUnitEntity;
  @Column('text', { name: 'old_name' }) oldName: string;
  @Column('boolean', { name: 'old_placeholder' }) oldPlaceholder: boolean;
  @Column('text', { name: 'new_name' }) newName: string;
  @Column('boolean', { name: 'new_placeholder' }) newPlaceholder: boolean;
  /** Why (e.g. the decision that names the hamlet), NFC. */
  @Column('text', { default: '' }) reason: string;
  /** Username of the administrator. */
  @Column('text', { name: 'changed_by' }) changedBy: string;
  @CreateDateColumn({ name: 'changed_at', type: 'timestamptz' }) changedAt: Date;
}

/**
 * One change of an indicator threshold by an administrator: the indicator's own threshold (from_year null) or
 * its rule for values from a given year (e.g. the income level the province fixes each year).
 */
@Entity('threshold_revision')
@Index(['catalogueVersion', 'criterionCode', 'indicatorCode', 'changedAt'])
export class ThresholdRevisionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('text', { name: 'catalogue_version' }) catalogueVersion: string;
  @Column('text', { name: 'criterion_code' }) criterionCode: string;
  @Column('text', { name: 'indicator_code' }) indicatorCode: string;
  /** Null: the indicator's own threshold; a year: its threshold rule for values from that year on. */
  @Column('integer', { name: 'from_year', nullable: true }) fromYear: number | null;
  /** A yearly indicator's level of this one year (null otherwise). */
  @Column('integer', { nullable: true }) year: number | null;
  /** The part of an all-of level that changed (null: a plain comparison). */
  @Column('text', { nullable: true }) part: string | null;
  /** The units whose level changed (e.g. `{ communeGroup: 2 }`: one commune group's level); null: every unit. */
  @Column('jsonb', { name: 'unit_attributes', nullable: true }) unitAttributes: Record<string, unknown> | null;
  /** `{ threshold, thresholdSource, thresholdConfidence }` before the change (null: the year rule did not exist). */
  @Column('jsonb', { name: 'old_value', nullable: true }) oldValue: Record<string, unknown> | null;
  /** `{ threshold, thresholdSource, thresholdConfidence }` after the change. */
  @Column('jsonb', { name: 'new_value' }) newValue: Record<string, unknown>;
  @Column('text', { default: '' }) reason: string;
  @Column('text', { name: 'changed_by' }) changedBy: string;
  @CreateDateColumn({ name: 'changed_at', type: 'timestamptz' }) changedAt: Date;
}

/**
 * Settings of the year-end evaluation of the cells (bands, the cap on "excellent", fulfilment credits), set by
 * an administrator: `scope` is "default" (every year) or a year ("2024") that overrides the default. Without any
 * row the built-in defaults of libs/domain apply (the district's 2022 reading: the "good" pool counts the
 * excellent ones, 20%, rounded down).
 */
@Entity('evaluation_config')
export class EvaluationConfigEntity {
  @PrimaryColumn('text') scope: string;
  /** EvaluationOptions of libs/domain plus `fulfilment` (FulfilmentOptions). */
  @Column('jsonb') options: Record<string, unknown>;
  @Column('text', { default: '' }) reason: string;
  @Column('text', { name: 'updated_by' }) updatedBy: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
