import { SUBMISSION_STATUSES, type SubmissionStatus } from '@pledge/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RejectionReason } from '@pledge/contracts';

/** accepted → recorded → projected, or rejected (libs/contracts). */
export type ProcessingStatus = SubmissionStatus;

/** One submission as the API shows it: what was sent, where it is in the pipeline, and its review. */
export interface SubmissionView {
  eventId: string;
  hamletCode: string;
  communeId: string | null;
  criterionCode: string;
  asOf: string;
  reportedAt: string;
  reportedBy: string;
  /** accepted (in intake) → recorded (in event_store) → projected (in the read models); or rejected. */
  status: ProcessingStatus;
  rejection: { reasons: RejectionReason[]; rejectedAt: string } | null;
  recordedAt: string | null;
  supersedes: string | null;
  supersededBy: string[];
  review: { status: 'verified' | 'returned'; comment: string | null; by: string; at: string } | null;
  submittedAt: string;
  update: Record<string, unknown>;
}

class RejectionReasonDto {
  @ApiProperty({ example: 'readings[0].numerator' }) field: string;
  @ApiProperty({ example: 'exceeds_denominator' }) problem: string;
  @ApiProperty() message: string;
  @ApiProperty() messageEn: string;
}
class RejectionDto {
  @ApiProperty({ type: [RejectionReasonDto] }) reasons: RejectionReasonDto[];
  @ApiProperty({ format: 'date-time' }) rejectedAt: string;
}
class ReviewDto {
  @ApiProperty({ enum: ['verified', 'returned'] }) status: string;
  @ApiPropertyOptional({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ description: 'username of the commune officer' }) by: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}
export class SubmissionViewDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: '874-30133-A01' }) hamletCode: string;
  @ApiPropertyOptional({ example: '30133', nullable: true, type: String }) communeId: string | null;
  @ApiProperty({ example: 'XA-04' }) criterionCode: string;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ format: 'date-time' }) reportedAt: string;
  @ApiProperty() reportedBy: string;
  @ApiProperty({
    enum: SUBMISSION_STATUSES,
    description: 'accepted (stored by intake) → recorded (validated into the event store) → projected (in the read models); or rejected (see rejection)',
  })
  status: string;
  @ApiPropertyOptional({ type: RejectionDto, nullable: true }) rejection: RejectionDto | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) recordedAt: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'the submission this one corrects' }) supersedes: string | null;
  @ApiProperty({ type: [String], description: 'corrections of this submission' }) supersededBy: string[];
  @ApiPropertyOptional({ type: ReviewDto, nullable: true, description: 'the commune officer’s review (verified, or returned for correction with a comment)' })
  review: ReviewDto | null;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the update as accepted (CriterionUpdate v1)' }) update: Record<string, unknown>;
}
export class SubmissionPageDto {
  @ApiProperty({ type: [SubmissionViewDto] }) items: SubmissionViewDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'pass as ?cursor= for the next page; null on the last page' }) nextCursor: string | null;
}
