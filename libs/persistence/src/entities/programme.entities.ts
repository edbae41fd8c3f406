import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AdminUnitEntity } from './reference.entities';

/**
 * Programmes as dated data (issue 14): reference data written by `cli seed` (seeds/programmes.json) and by
 * administrators' edits through the dashboard; read with the reference data by every app (libs/domain programme).
 */
@Entity('programme')
export class ProgrammeEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'title_vi' }) titleVi: string;
  @Column('text', { name: 'title_en' }) titleEn: string;
  @Column('date', { name: 'period_from' }) periodFrom: string;
  @Column('date', { name: 'period_to' }) periodTo: string;
  /** The catalogue version measuring it (no foreign key: a programme may be loaded before its catalogue is published). */
  @Column('text', { name: 'catalogue_version' }) catalogueVersion: string;
  /** district | commune */
  @Column('text', { name: 'target_kind' }) targetKind: string;
  /** { tierCode: string | null, label: { vi, en } } */
  @Column('jsonb') standard: Record<string, unknown>;
  /** [{ on, label: { vi, en } }] */
  @Column('jsonb') deadlines: unknown[];
  @Column('text', { default: '' }) source: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A unit a programme targets (the district 874 for 2021–2025; each new commune for 2026–2030). */
@Entity('programme_target')
export class ProgrammeTargetEntity {
  @PrimaryColumn('text', { name: 'programme_id' }) programmeId: string;
  @ManyToOne(() => ProgrammeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'FK_programme_target_programme' })
  programme?: ProgrammeEntity;
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @ManyToOne(() => AdminUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'FK_programme_target_unit' })
  unit?: AdminUnitEntity;
  @Column('integer', { default: 0 }) position: number;
}

/** A target commune's group over a period (group_code null: not yet decided, "chưa xác định"). */
@Entity('programme_unit_group')
export class ProgrammeUnitGroupEntity {
  @PrimaryColumn('text', { name: 'programme_id' }) programmeId: string;
  @ManyToOne(() => ProgrammeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'FK_programme_unit_group_programme' })
  programme?: ProgrammeEntity;
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @ManyToOne(() => AdminUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'FK_programme_unit_group_unit' })
  unit?: AdminUnitEntity;
  @PrimaryColumn('date', { name: 'valid_from' }) validFrom: string;
  @Column('date', { name: 'valid_to', nullable: true }) validTo: string | null;
  @Column('text', { name: 'group_code', nullable: true }) groupCode: string | null;
  @Column('text', { default: '' }) source: string;
  @Column('text', { name: 'recorded_by', default: 'seed' }) recordedBy: string;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}

/** A unit's parent over a period (libs/domain unit-parent): the cells continue under their new communes, same id. */
@Entity('unit_parent')
@Index('IDX_unit_parent_parent', ['parentId', 'validFrom'])
export class UnitParentEntity {
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @ManyToOne(() => AdminUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'FK_unit_parent_unit' })
  unit?: AdminUnitEntity;
  @PrimaryColumn('date', { name: 'valid_from' }) validFrom: string;
  @Column('date', { name: 'valid_to', nullable: true }) validTo: string | null;
  @Column('text', { name: 'parent_id' }) parentId: string;
  @ManyToOne(() => AdminUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'FK_unit_parent_parent' })
  parent?: AdminUnitEntity;
  @Column('text', { default: '' }) source: string;
  @Column('text', { name: 'recorded_by', default: 'migration' }) recordedBy: string;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}

/** A cell of a split commune whose new parent an administrator must decide (candidates: the commune's successors). */
@Entity('unit_parent_pending')
export class UnitParentPendingEntity {
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @ManyToOne(() => AdminUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'FK_unit_parent_pending_unit' })
  unit?: AdminUnitEntity;
  @PrimaryColumn('date', { name: 'effective_on' }) effectiveOn: string;
  @Column('text', { name: 'former_parent_id' }) formerParentId: string;
  @Column('jsonb') candidates: unknown[];
  @Column('text', { default: '' }) note: string;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy: string | null;
}

/**
 * An old indicator mapped to a new one (to_criterion/to_indicator null: "no mapping", stated explicitly): readings of
 * the old indicator count for the new one until the unit reports the new one itself (libs/domain carryOverReadings).
 * Nothing of the old version is rewritten. Written by the dashboard (an administrator's decisions).
 */
@Entity('indicator_mapping')
export class IndicatorMappingEntity {
  @PrimaryColumn('text', { name: 'from_version' }) fromVersion: string;
  @PrimaryColumn('text', { name: 'from_criterion' }) fromCriterion: string;
  @PrimaryColumn('text', { name: 'from_indicator' }) fromIndicator: string;
  @PrimaryColumn('text', { name: 'to_version' }) toVersion: string;
  @Column('text', { name: 'to_criterion', nullable: true }) toCriterion: string | null;
  @Column('text', { name: 'to_indicator', nullable: true }) toIndicator: string | null;
  @Column('text', { default: '' }) note: string;
  @Column('text', { name: 'recorded_by' }) recordedBy: string;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}
