import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type ReadingImportStatus = 'queued' | 'processing' | 'done' | 'failed';

/** One problem of an uploaded spreadsheet, by row and column (the column's key and its header as the template names it). */
export interface ReadingImportProblem {
  /** Row number as the spreadsheet shows it (1 = the header row); null for a problem of the whole file. */
  row: number | null;
  /** Column key (`unitCode`, `criterionCode`, `indicatorCode`, `asOf`, `value`, `numerator`, `denominator`, `note`); null for the whole row. */
  column: string | null;
  /** The column's letter in the uploaded sheet (A, B, ...), when it has one. */
  cell: string | null;
  field: string;
  problem: string;
  message: string;
  messageEn: string;
}

/**
 * A spreadsheet of readings uploaded by a commune officer or an administrator (intake's import job). The row is the
 * truth about the job: the file itself (until it is processed), where processing is, the counts and every problem by
 * row and column. Valid rows become ordinary submissions + outbox rows (intake's tables), with eventIds derived from the
 * file's checksum and the row, so the same file uploaded again stores nothing new.
 */
@Entity('reading_import')
@Index(['accountId', 'createdAt'])
@Index(['fileSha256'])
export class ReadingImportEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'account_id' }) accountId: string;
  /** The uploader's username: `reportedBy` of every event the file becomes. */
  @Column('text', { name: 'uploaded_by' }) uploadedBy: string;
  @Column('text', { name: 'file_name' }) fileName: string;
  /** sha256 of the file's bytes (hex). */
  @Column('text', { name: 'file_sha256' }) fileSha256: string;
  @Column('integer', { name: 'file_size' }) fileSize: number;
  /** The uploaded bytes, kept until the job is done (a restarted intake takes the job up again). */
  @Column('bytea', { nullable: true }) file: Buffer | null;
  @Column('text') status: ReadingImportStatus;
  /** What the job is doing now: reading, checking, storing (null when queued or finished). */
  @Column('text', { nullable: true }) phase: string | null;
  @Column('integer', { name: 'rows_total', default: 0 }) rowsTotal: number;
  @Column('integer', { name: 'rows_checked', default: 0 }) rowsChecked: number;
  @Column('integer', { name: 'rows_valid', default: 0 }) rowsValid: number;
  @Column('integer', { name: 'rows_invalid', default: 0 }) rowsInvalid: number;
  /** Valid rows stored by this upload (new submissions). */
  @Column('integer', { name: 'rows_stored', default: 0 }) rowsStored: number;
  /** Valid rows already stored by an earlier upload of the same file (nothing new). */
  @Column('integer', { name: 'rows_already_stored', default: 0 }) rowsAlreadyStored: number;
  /** The problems by row and column (at most the first 5,000; `problemCount` counts them all). */
  @Column('jsonb', { default: () => "'[]'" }) problems: ReadingImportProblem[];
  @Column('integer', { name: 'problem_count', default: 0 }) problemCount: number;
  /** Why a job failed as a whole (bilingual), e.g. a file that is not a spreadsheet. */
  @Column('jsonb', { nullable: true }) failure: { problem: string; message: string; messageEn: string } | null;
  /** A job being processed belongs to one intake instance until then; past it, another may take it up. */
  @Column('timestamptz', { name: 'lease_until', nullable: true }) leaseUntil: Date | null;
  @Column('integer', { default: 0 }) attempts: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt: Date | null;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt: Date | null;
}
