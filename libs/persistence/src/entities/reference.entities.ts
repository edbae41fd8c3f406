import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type UnitKind = 'province' | 'district' | 'town' | 'commune' | 'hamlet' | 'ward';

/** An administrative unit (province, district, town, commune, hamlet/ấp, ward/khóm), dated. */
@Entity('admin_unit')
@Index(['parentId'])
@Index(['code'])
export class AdminUnitEntity {
  /** Stable identity, never reused (an old and a new unit may share an official code). */
  @PrimaryColumn('text') id: string;
  @Column('text') code: string;
  @Column('boolean', { name: 'code_is_synthetic', default: false }) codeIsSynthetic: boolean;
  @Column('text') kind: UnitKind;
  @Column('text') name: string;
  @Column('text', { name: 'parent_id', nullable: true }) parentId: string | null;
  @ManyToOne(() => AdminUnitEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: AdminUnitEntity | null;
  @Column('date', { name: 'valid_from', nullable: true }) validFrom: string | null;
  /** Last day the unit existed; null while it exists. */
  @Column('date', { name: 'valid_to', nullable: true }) validTo: string | null;
  /** Name not known for certain (shown as such in the UI). */
  @Column('boolean', { default: false }) placeholder: boolean;
  @Column('text', { default: '' }) source: string;
  @Column('jsonb', { default: () => "'{}'" }) attributes: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** Successor links of administrative reorganisations (e.g. 01/07/2025). */
@Entity('unit_succession')
export class UnitSuccessionEntity {
  @PrimaryColumn('text', { name: 'predecessor_id' }) predecessorId: string;
  @PrimaryColumn('text', { name: 'successor_id' }) successorId: string;
  @Column('date', { name: 'effective_on' }) effectiveOn: string;
  /** whole | part | remainder */
  @Column('text') share: string;
  @Column('text', { default: '' }) note: string;
}

/** One version of the criteria catalogue (one programme period). */
@Entity('catalogue_version')
@Check('CHK_catalogue_version_status', `"status" IN ('draft', 'published')`)
export class CatalogueVersionEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'title_vi' }) titleVi: string;
  @Column('text', { name: 'title_en' }) titleEn: string;
  @Column('date', { name: 'period_from' }) periodFrom: string;
  @Column('date', { name: 'period_to' }) periodTo: string;
  @Column('date') deadline: string;
  @Column('jsonb', { name: 'reporting_period' }) reportingPeriod: Record<string, unknown>;
  @Column('jsonb', { name: 'legal_basis', default: () => "'[]'" }) legalBasis: unknown[];
  @Column('jsonb', { default: () => "'[]'" }) tiers: unknown[];
  @Column('jsonb', { name: 'district_conditions', default: () => "'[]'" }) districtConditions: unknown[];
  /** The whole catalogue document as loaded (fields beyond the columns). */
  @Column('jsonb', { default: () => "'{}'" }) document: Record<string, unknown>;
  /** draft | published (libs/domain catalogue/lifecycle): only a published version governs figures. */
  @Column('text', { default: 'draft' }) status: string;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
  @Column('text', { name: 'published_by', nullable: true }) publishedBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('criterion')
export class CriterionEntity {
  @PrimaryColumn('text', { name: 'catalogue_version' }) catalogueVersion: string;
  @PrimaryColumn('text') code: string;
  /** commune | hamlet | ward | district | town */
  @Column('text', { name: 'applies_to' }) appliesTo: string;
  @Column('text') tier: string;
  @Column('text', { name: 'group_code', nullable: true }) groupCode: string | null;
  @Column('text', { name: 'name_vi' }) nameVi: string;
  @Column('text', { name: 'name_en' }) nameEn: string;
  @Column('boolean', { default: false }) placeholder: boolean;
  @Column('text', { default: '' }) source: string;
  @Column('integer', { default: 0 }) position: number;
  @Column('jsonb', { default: () => "'{}'" }) attributes: Record<string, unknown>;
}

/**
 * An indicator of a criterion. The threshold is data an administrator edits (never a constant in
 * code); it carries its source and confidence.
 */
@Entity('indicator')
export class IndicatorEntity {
  @PrimaryColumn('text', { name: 'catalogue_version' }) catalogueVersion: string;
  @PrimaryColumn('text', { name: 'criterion_code' }) criterionCode: string;
  @PrimaryColumn('text') code: string;
  @Column('text', { name: 'name_vi' }) nameVi: string;
  @Column('text', { name: 'name_en' }) nameEn: string;
  /** percentage | amount | count | boolean */
  @Column('text') kind: string;
  @Column('text', { default: '' }) unit: string;
  @Column('text', { nullable: true }) comparator: string | null;
  /** number | boolean | null */
  @Column('jsonb', { nullable: true }) threshold: number | boolean | null;
  @Column('text', { name: 'threshold_source', default: '' }) thresholdSource: string;
  @Column('text', { name: 'threshold_confidence', default: 'unknown' }) thresholdConfidence: string;
  @Column('jsonb', { default: () => "'{}'" }) rollup: Record<string, unknown>;
  @Column('jsonb', { nullable: true }) range: Record<string, unknown> | null;
  /** Plausible figures of one unit (libs/domain FigureBounds): whole numbers?, ceiling, source, confidence. */
  @Column('jsonb', { nullable: true }) bounds: Record<string, unknown> | null;
  @Column('text', { name: 'reported_by', default: 'cell' }) reportedBy: string;
  @Column('integer', { default: 0 }) position: number;
  @Column('jsonb', { default: () => "'{}'" }) attributes: Record<string, unknown>;
  /** Set when an administrator changed the threshold (the seed loader then leaves it alone). */
  @Column('timestamptz', { name: 'threshold_changed_at', nullable: true }) thresholdChangedAt: Date | null;
  @Column('text', { name: 'threshold_changed_by', nullable: true }) thresholdChangedBy: string | null;
  /** Set when an administrator changed the bounds (the seed loader then leaves them alone). */
  @Column('timestamptz', { name: 'bounds_changed_at', nullable: true }) boundsChangedAt: Date | null;
  @Column('text', { name: 'bounds_changed_by', nullable: true }) boundsChangedBy: string | null;
}

/** A cell's emulation pledge (giao ước thi đua). */
@Entity('pledge')
@Index(['cellId'])
@Index('IDX_pledge_programme_cell', ['programmeId', 'cellId'])
export class PledgeEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'cell_id' }) cellId: string;
  @Column('text', { name: 'catalogue_version' }) catalogueVersion: string;
  /** The programme the pledge is signed for (issue 14: the 2021–2025 pledges, then those re-signed for 2026–2030). */
  @Column('text', { name: 'programme_id' }) programmeId: string;
  @Column('date', { name: 'signed_on' }) signedOn: string;
  @Column('jsonb', { default: () => "'{}'" }) attributes: Record<string, unknown>;
}

/** One pledged item: a criterion or indicator, a target, a due date. */
@Entity('pledge_item')
@Index(['pledgeId'])
@Index(['dueDate'])
export class PledgeItemEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'pledge_id' }) pledgeId: string;
  @Column('text', { name: 'cell_id' }) cellId: string;
  @Column('text', { name: 'criterion_code' }) criterionCode: string;
  @Column('text', { name: 'indicator_code', nullable: true }) indicatorCode: string | null;
  /** { comparator, value } */
  @Column('jsonb') target: Record<string, unknown>;
  @Column('date', { name: 'due_date' }) dueDate: string;
  /** active | waived */
  @Column('text', { default: 'active' }) status: string;
  @Column('text', { name: 'waived_reason', nullable: true }) waivedReason: string | null;
  @Column('jsonb', { default: () => "'{}'" }) attributes: Record<string, unknown>;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

export type Role = 'secretary' | 'commune_officer' | 'district_leader' | 'administrator';

@Entity('account')
export class AccountEntity {
  @PrimaryColumn('uuid') id: string;
  @Index({ unique: true })
  @Column('text')
  username: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text', { name: 'password_hash' }) passwordHash: string;
  @Column('text') role: Role;
  /** The cell (secretary), commune (officer) or district (leaders, administrator) the account acts for. */
  @Column('text', { name: 'unit_id' }) unitId: string;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { default: 'vi' }) locale: string;
  @Column('boolean', { default: true }) active: boolean;
  /** The password was set by somebody else (administrator, production seed): its owner must replace it before anything else. */
  @Column('boolean', { name: 'must_change_password', default: false }) mustChangePassword: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** Who changed what, when (units renamed, thresholds edited, accounts changed...). */
@Entity('audit_log')
@Index(['entity', 'entityId'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @CreateDateColumn({ type: 'timestamptz' }) at: Date;
  @Column('text') actor: string;
  @Column('text') entity: string;
  @Column('text', { name: 'entity_id' }) entityId: string;
  @Column('text') action: string;
  @Column('jsonb', { nullable: true }) before: unknown;
  @Column('jsonb', { nullable: true }) after: unknown;
}
