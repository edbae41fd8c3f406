import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shapes of the spreadsheet imports (/api/v1/imports). */

export class ImportProblemDto {
  @ApiProperty({ example: 14, nullable: true, type: Number, description: 'Row as the spreadsheet shows it (1 = headers); null for the whole file' }) row:
    number | null;
  @ApiProperty({
    example: 'numerator',
    nullable: true,
    type: String,
    enum: ['unitCode', 'criterionCode', 'indicatorCode', 'asOf', 'value', 'numerator', 'denominator', 'note'],
    description: 'The template column the problem is in; null when it concerns the whole row or file',
  })
  column: string | null;
  @ApiProperty({ example: 'I14', nullable: true, type: String, description: 'The cell in the uploaded sheet' }) cell: string | null;
  @ApiProperty({ example: 'readings[0].numerator', description: 'The field of the update the row became (as the intake API names it)' }) field: string;
  @ApiProperty({ example: 'exceeds_denominator' }) problem: string;
  @ApiProperty({ example: 'Tử số (120) lớn hơn mẫu số (100)' }) message: string;
  @ApiProperty({ example: 'numerator (120) is greater than denominator (100)' }) messageEn: string;
}

export class ImportRowsDto {
  @ApiProperty({ description: 'Rows with a reading (a value, numerator, denominator or note)' }) total: number;
  @ApiProperty() checked: number;
  @ApiProperty({ description: 'Rows the rules accepted' }) valid: number;
  @ApiProperty({ description: 'Rows with at least one problem (not stored)' }) invalid: number;
  @ApiProperty({ description: 'Valid rows stored by this upload (new reports)' }) stored: number;
  @ApiProperty({ description: 'Valid rows an earlier upload of the same file already stored (nothing new)' }) alreadyStored: number;
}

export class ImportFailureDto {
  @ApiProperty({ example: 'missing_column', enum: ['not_xlsx', 'no_sheet', 'missing_column', 'too_many_rows', 'uploader_not_allowed', 'gave_up'] })
  problem: string;
  @ApiProperty() message: string;
  @ApiProperty() messageEn: string;
}

export class ImportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'so-lieu-thang-11.xlsx' }) fileName: string;
  @ApiProperty({ description: 'sha256 of the file (hex): the eventIds of its rows derive from it' }) fileSha256: string;
  @ApiProperty() fileSize: number;
  @ApiProperty({ example: 'canbo.30133' }) uploadedBy: string;
  @ApiProperty({ enum: ['queued', 'processing', 'done', 'failed'] }) status: string;
  @ApiProperty({ enum: ['reading', 'checking', 'storing'], nullable: true, type: String }) phase: string | null;
  @ApiProperty({ example: 0.62, description: '0..1, for a progress bar' }) progress: number;
  @ApiProperty({ type: ImportRowsDto }) rows: ImportRowsDto;
  @ApiProperty({ description: 'How many problems were found (the list holds at most the first 5,000)' }) problemCount: number;
  @ApiPropertyOptional({ type: [ImportProblemDto], description: 'Every problem by row and column (in GET /api/v1/imports/{id}; not in lists)' })
  problems?: ImportProblemDto[];
  @ApiProperty({ type: ImportFailureDto, nullable: true, description: 'Why the whole file was refused' }) failure: ImportFailureDto | null;
  @ApiProperty({ type: [String], description: 'Earlier uploads of the same file (same checksum)' }) sameFileAs: string[];
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}

export class ImportAcceptedDto extends ImportDto {
  @ApiProperty({ example: '/api/v1/imports/5b0c…', description: 'Where to follow the job (GET)' }) statusUrl: string;
  @ApiProperty({ example: '/api/v1/imports/5b0c…/events', description: 'Server-Sent Events with the progress (token as ?token= for EventSource)' })
  eventsUrl: string;
}
