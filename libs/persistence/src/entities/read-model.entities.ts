import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Read models folded by the projector from `ntm.criterion-recorded`. Columns hold only what follows
 * from the events (no arrival times), so a rebuild from the event store reproduces them row for row.
 */

/**
 * The reading in force per unit (`hamlet_code`: a cell, or a commune for commune-reported figures), criterion
 * and indicator: the newest by (as_of, reported_at, event_id) (libs/domain `isNewer`); an older reading arriving
 * late goes to rm_reading_history only. `reported_at` is kept to the millisecond, as the domain orders it.
 */
@Entity('rm_reading')
@Index(['criterionCode'])
export class ReadingEntity {
  @PrimaryColumn('text', { name: 'hamlet_code' }) hamletCode: string;
  @PrimaryColumn('text', { name: 'criterion_code' }) criterionCode: string;
  @PrimaryColumn('text', { name: 'indicator_code' }) indicatorCode: string;
  @Column('text', { name: 'commune_code' }) communeCode: string;
  @Column('double precision', { nullable: true }) value: number | null;
  @Column('boolean', { name: 'bool_value', nullable: true }) boolValue: boolean | null;
  @Column('double precision', { nullable: true }) numerator: number | null;
  @Column('double precision', { nullable: true }) denominator: number | null;
  @Column('date', { name: 'as_of' }) asOf: string;
  @Column('timestamptz', { name: 'reported_at' }) reportedAt: Date;
  @Column('uuid', { name: 'event_id' }) eventId: string;
  @Column('text', { name: 'reported_by' }) reportedBy: string;
}

/**
 * Every reading ever recorded (history for drill-down and trends), one row per (event, indicator). Its primary
 * key is also the projector's exactly-once ledger: a batch inserts here first (ON CONFLICT DO NOTHING) and folds
 * only the rows that were new, so an event seen twice never counts twice.
 */
@Entity('rm_reading_history')
@Index(['hamletCode', 'criterionCode', 'indicatorCode', 'asOf'])
export class ReadingHistoryEntity {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId: string;
  @PrimaryColumn('text', { name: 'indicator_code' }) indicatorCode: string;
  @Column('text', { name: 'hamlet_code' }) hamletCode: string;
  @Column('text', { name: 'commune_code' }) communeCode: string;
  @Column('text', { name: 'criterion_code' }) criterionCode: string;
  @Column('double precision', { nullable: true }) value: number | null;
  @Column('boolean', { name: 'bool_value', nullable: true }) boolValue: boolean | null;
  @Column('double precision', { nullable: true }) numerator: number | null;
  @Column('double precision', { nullable: true }) denominator: number | null;
  @Column('date', { name: 'as_of' }) asOf: string;
  @Column('timestamptz', { name: 'reported_at' }) reportedAt: Date;
  @Column('text', { name: 'reported_by' }) reportedBy: string;
  @Column('uuid', { nullable: true }) supersedes: string | null;
}
