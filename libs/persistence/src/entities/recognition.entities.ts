import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AdminUnitEntity } from './reference.entities';

/**
 * A recognition decision: the standard of a unit as the authority recognised it (a commune "đạt chuẩn nông thôn
 * mới" by the provincial People's Committee), beside the status computed from readings. Written by the dashboard
 * (administrators' entries) and the seed loader (decisions a source documents); read with the reference data.
 */
@Entity('recognition_decision')
@Index('IDX_recognition_decision_unit_tier', ['unitId', 'tierCode'])
export class RecognitionDecisionEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'unit_id' }) unitId: string;
  @ManyToOne(() => AdminUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'FK_recognition_decision_unit' })
  unit?: AdminUnitEntity;
  @Column('text', { name: 'tier_code' }) tierCode: string;
  /** Null when the decision's number is not known. */
  @Column('text', { name: 'decision_number', nullable: true }) decisionNumber: string | null;
  /** Null when the day of the decision is not known. */
  @Column('date', { name: 'decided_on', nullable: true }) decidedOn: string | null;
  /** First day the recognition is known to hold (the decision's day, or a later report of it). */
  @Column('date', { name: 'effective_from' }) effectiveFrom: string;
  @Column('integer', { name: 'recognition_year', nullable: true }) recognitionYear: number | null;
  @Column('text') issuer: string;
  @Column('text') source: string;
  @Column('date', { name: 'revoked_on', nullable: true }) revokedOn: string | null;
  @Column('text', { nullable: true }) note: string | null;
  @Column('text', { name: 'recorded_by' }) recordedBy: string;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}
