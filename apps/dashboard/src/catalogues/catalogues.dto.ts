import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A catalogue version as the administrators' list shows it. */
export class CatalogueVersionDto {
  @ApiProperty({ example: 'NTM-2026-2030' }) id: string;
  @ApiProperty() titleVi: string;
  @ApiProperty() titleEn: string;
  @ApiProperty({ example: '2026-01-01' }) periodFrom: string;
  @ApiProperty({ example: '2030-12-31' }) periodTo: string;
  @ApiProperty({ example: '2030-12-31' }) deadline: string;
  @ApiProperty({ enum: ['draft', 'published'], description: 'a draft never governs figures; a published version changes only through recorded revisions' })
  status: 'draft' | 'published';
  @ApiPropertyOptional({ nullable: true, type: String }) publishedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) publishedBy: string | null;
  @ApiProperty() criteria: number;
  @ApiProperty() indicators: number;
  @ApiProperty() updatedAt: string;
}

/** One problem of an upload (422 details) or one gap of a version (publish refused). */
export class CatalogueProblemDto {
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Chỉ tiêu - Indicators' }) sheet: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, example: 4 }) row: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'I' }) column: string | null;
  @ApiProperty({ example: 'threshold', description: 'a template column key, or a JSON path' }) field: string;
  @ApiProperty({ example: 'not_a_number' }) problem: string;
  @ApiProperty() message: string;
  @ApiProperty() messageEn: string;
}

/** The error body of a refused upload or publication. */
export class CatalogueErrorDto {
  @ApiProperty({ example: 422 }) statusCode: number;
  @ApiProperty({ example: 'catalogue_invalid' }) error: string;
  @ApiProperty() message: string;
  @ApiProperty() messageEn: string;
  @ApiProperty({ type: [CatalogueProblemDto] }) details: CatalogueProblemDto[];
}
