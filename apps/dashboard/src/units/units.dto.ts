import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TextDto } from '../progress/programme/common.dto';

export class SuccessionLinkDto {
  @ApiProperty({ example: '82-30154' }) id: string;
  @ApiProperty({ example: 'Xã Tân Long' }) name: string;
  @ApiProperty({ example: '2025-07-01' }) effectiveOn: string;
  @ApiProperty({ enum: ['whole', 'part', 'remainder'], description: 'How much of the old unit went into the new one' }) share: string;
  @ApiProperty() note: string;
}

export class UnitNodeDto {
  @ApiProperty({
    example: '30133',
    description: 'Stable identity (never reused; pre-2025 units keep the bare official code, units of province 82 are "82-<code>")',
  })
  id: string;
  @ApiProperty({ example: '30133', description: 'Official GSO code, or a synthetic code for hamlets/wards' }) code: string;
  @ApiProperty() codeIsSynthetic: boolean;
  @ApiProperty({ enum: ['province', 'district', 'town', 'commune', 'hamlet', 'ward'], description: 'hamlet = ấp, ward = khóm (not phường)' }) kind: string;
  @ApiProperty({ example: 'Xã Tân Quới' }) name: string;
  @ApiProperty({ description: 'The name is not known for certain: the UI shows it as such' }) placeholder: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ example: '1983-02-23' }) validFrom: string;
  @ApiProperty({ description: 'validFrom is an assumption (the start date was not researched)' }) validFromAssumed: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2025-06-30', description: 'Last day valid; null while it exists' }) validTo: string | null;
  @ApiProperty({ type: [SuccessionLinkDto], description: 'Units that took over its territory (01/07/2025)' }) successors: SuccessionLinkDto[];
  @ApiProperty({ type: [SuccessionLinkDto], description: 'Units whose territory it took over' }) predecessors: SuccessionLinkDto[];
  @ApiProperty({ description: 'An administrator renamed it or changed its placeholder flag (see GET /api/v1/units/{id} nameHistory)' }) renamed: boolean;
  @ApiPropertyOptional({ type: () => [UnitNodeDto], description: 'format=tree only' }) children?: UnitNodeDto[];
}

export class UnitsResponseDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The day asked for; null: every unit that ever existed' }) asOf: string | null;
  @ApiProperty({ enum: ['tree', 'flat'] }) format: string;
  @ApiProperty({ description: 'Units returned (all levels)' }) count: number;
  @ApiProperty({ type: [UnitNodeDto], description: 'tree: the roots (provinces) with children; flat: every unit, parents first' }) units: UnitNodeDto[];
}

export class NameRevisionDto {
  @ApiProperty() name: string;
  @ApiProperty() placeholder: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Until when this name was used (null: the current name)' }) until: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Who gave the unit this name (null: the seed data)' }) setBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) setAt: string | null;
  @ApiProperty() reason: string;
}

export class ReadingsSummaryDto {
  @ApiProperty({ description: 'Readings ever recorded for the unit (a commune: also its cells’)' }) readings: number;
  @ApiPropertyOptional({ nullable: true, type: String }) firstAsOf: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lastAsOf: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lastReportedAt: string | null;
}

export class UnitLinksDto {
  @ApiProperty({ example: '/api/v1/units/874-30133-A01/readings' }) readings: string;
  @ApiProperty({ example: '/api/v1/progress/units/874-30133-A01' }) progress: string;
  @ApiPropertyOptional({ type: String, example: '/api/v1/pledges?cell=874-30133-A01' }) pledges?: string;
}

export class UnitDetailDto extends UnitNodeDto {
  @ApiProperty({ type: [UnitNodeDto], description: 'Parent chain, nearest first' }) ancestors: UnitNodeDto[];
  @ApiProperty({ type: [UnitNodeDto], description: 'Every child that ever existed, with its validity' }) childUnits: UnitNodeDto[];
  @ApiProperty({ type: [NameRevisionDto], description: 'Every name the unit had, oldest first; the id never changes' }) nameHistory: NameRevisionDto[];
  @ApiProperty({ type: ReadingsSummaryDto }) readingsSummary: ReadingsSummaryDto;
  @ApiProperty({ type: UnitLinksDto }) links: UnitLinksDto;
  @ApiPropertyOptional({ type: TextDto, nullable: true, description: 'E.g. that readings stay recorded against the old units after 01/07/2025' })
  note: TextDto | null;
}

export class UnitReadingDto {
  @ApiProperty() eventId: string;
  @ApiProperty({ description: 'The reporting unit (a cell, or the commune for commune-level indicators)' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty() criterionCode: string;
  @ApiProperty() indicatorCode: string;
  @ApiPropertyOptional({ nullable: true, oneOf: [{ type: 'number' }, { type: 'boolean' }] }) value: number | boolean | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) numerator: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) denominator: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'numerator / denominator × 100 (one decimal)' }) percent: number | null;
  @ApiProperty({ description: 'The day the figures describe' }) asOf: string;
  @ApiProperty() reportedAt: string;
  @ApiProperty({ description: 'Account that reported it' }) reportedBy: string;
  @ApiPropertyOptional({ nullable: true, type: String }) reporterName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'eventId of the submission this one corrects' }) supersedes: string | null;
  @ApiProperty({ description: 'This is the reading in force for its unit, criterion and indicator' }) current: boolean;
}

export class UnitReadingsResponseDto {
  @ApiProperty() unitId: string;
  @ApiProperty() unitName: string;
  @ApiPropertyOptional({ nullable: true, type: String }) criterion: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) indicator: string | null;
  @ApiProperty({ description: 'Readings matching (before limit/offset)' }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: [UnitReadingDto], description: 'Newest first (asOf, then reportedAt)' }) items: UnitReadingDto[];
  @ApiProperty({
    type: [SuccessionLinkDto],
    description: 'For a post-2025 unit: the old units whose readings it inherits (their history stays under their ids)',
  })
  predecessors: SuccessionLinkDto[];
}
