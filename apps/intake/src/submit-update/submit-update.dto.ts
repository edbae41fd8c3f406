import { SUBMISSION_STATUSES } from '@pledge/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { criterionUpdateV1Schema } from '@pledge/contracts';

const { reportedBy: _rb, schemaVersion: _sv, ...clientProperties } = criterionUpdateV1Schema.properties;

/** OpenAPI schema of one update as a client sends it (reportedBy is set by the server; schemaVersion defaults to 1). */
export const clientUpdateSchema = {
  type: 'object',
  required: ['eventId', 'hamletCode', 'criterionCode', 'readings', 'asOf'],
  properties: {
    ...clientProperties,
    schemaVersion: { type: 'integer', enum: [1], description: 'optional; 1' },
    reportedAt: {
      ...criterionUpdateV1Schema.properties.reportedAt,
      description: 'optional; when the report was made on the phone (defaults to the time intake receives it)',
    },
  },
  example: {
    eventId: '7b0c4f52-5e0e-4c55-9d59-3f0f5b0a1c2d',
    hamletCode: '874-30133-A01',
    criterionCode: 'XA-04',
    readings: [{ indicatorCode: '4.2', numerator: 412, denominator: 420 }],
    asOf: '2025-06-30',
    note: 'Đã kéo điện thêm 12 hộ',
  },
} as const;

export class SubmitUpdateResultDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ enum: SUBMISSION_STATUSES, description: 'state now; a new submission is "accepted"' }) status: string;
  @ApiProperty({ description: 'true when this eventId had already been accepted with the same content (a safe retry)' }) duplicate: boolean;
}

export class SubmitBatchResultDto {
  @ApiProperty({ type: [SubmitUpdateResultDto], description: 'one per item, in the order sent' }) items: SubmitUpdateResultDto[];
}
