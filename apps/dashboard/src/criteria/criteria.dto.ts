import { THRESHOLD_CONFIDENCES } from '@pledge/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TextDto } from '../progress/programme/common.dto';

export class ThresholdChangeDto {
  @ApiProperty({ description: 'Administrator who changed it last' }) changedBy: string;
  @ApiProperty() changedAt: string;
  @ApiProperty() reason: string;
}

export class ThresholdRuleDto {
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Periodic indicators: applies to values describing this year or later' }) fromYear:
    number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Yearly indicators: the level of this one year (never used for another year)' }) year:
    number | null;
  @ApiPropertyOptional({ nullable: true, type: Object, description: 'Applies only to units with these attributes' }) unitAttributes: Record<
    string,
    unknown
  > | null;
  @ApiPropertyOptional({ nullable: true, oneOf: [{ type: 'number' }, { type: 'boolean' }] }) value: number | boolean | null;
  @ApiProperty() source: string;
  @ApiProperty({ enum: THRESHOLD_CONFIDENCES }) confidence: string;
}

export class ThresholdDto {
  @ApiPropertyOptional({
    nullable: true,
    oneOf: [{ type: 'number' }, { type: 'boolean' }],
    description: 'null: nobody knows it yet; the indicator shows as "threshold missing"',
  })
  value: number | boolean | null;
  @ApiPropertyOptional({ nullable: true, type: String, enum: ['>=', '<=', '==', '>', '<'] }) comparator: string | null;
  @ApiProperty() source: string;
  @ApiProperty({ enum: THRESHOLD_CONFIDENCES, description: 'How sure the value is' }) confidence: string;
  @ApiPropertyOptional({ type: TextDto, nullable: true, description: 'e.g. "≥ 98%"' }) text: TextDto | null;
  @ApiProperty({ type: [ThresholdRuleDto], description: 'Year- or unit-specific thresholds (e.g. the income level of each year)' }) rules: ThresholdRuleDto[];
  @ApiPropertyOptional({ type: ThresholdChangeDto, nullable: true, description: 'null: as loaded from the seed data' }) lastChange: ThresholdChangeDto | null;
}

export class LevelPartInfoDto {
  @ApiProperty({ example: 'clean' }) key: string;
  @ApiProperty({ type: TextDto }) name: TextDto;
  @ApiProperty({ description: 'The indicator (same criterion) the part compares' }) indicatorCode: string;
  @ApiProperty({ enum: ['>=', '<=', '==', '>', '<'] }) comparator: string;
  @ApiPropertyOptional({ nullable: true, oneOf: [{ type: 'number' }, { type: 'boolean' }] }) value: number | boolean | null;
  @ApiProperty() source: string;
  @ApiProperty({ enum: THRESHOLD_CONFIDENCES }) confidence: string;
  @ApiPropertyOptional({ type: TextDto, nullable: true }) text: TextDto | null;
}

export class LevelInfoDto {
  @ApiProperty({ enum: ['compare', 'all_of'], description: 'compare: the threshold above; all_of: every part must be met' }) type: string;
  @ApiProperty({ type: [LevelPartInfoDto] }) parts: LevelPartInfoDto[];
}

export class IndicatorRefDto {
  @ApiProperty() criterionCode: string;
  @ApiProperty() indicatorCode: string;
}

export class RangeDto {
  @ApiProperty() min: number;
  @ApiProperty() max: number;
}

export class BoundsDto {
  @ApiProperty({ description: 'whole numbers only' }) integer: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'ceiling of a numerator, denominator or value; null: not known' }) max: number | null;
  @ApiProperty() source: string;
  @ApiProperty() confidence: string;
}

export class IndicatorDto {
  @ApiProperty({ example: '4.2' }) code: string;
  @ApiProperty() nameVi: string;
  @ApiProperty() nameEn: string;
  @ApiProperty({ enum: ['percentage', 'amount', 'count', 'boolean'] }) kind: string;
  @ApiProperty({ example: 'triệu đồng/người/năm', description: 'The unit in Vietnamese' }) unit: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'million VND/person/year', description: 'The unit in English (null: the same)' }) unitEn:
    string | null;
  @ApiProperty({ type: ThresholdDto }) threshold: ThresholdDto;
  @ApiProperty({ type: LevelInfoDto, description: 'The level: a comparison (the threshold) or all of several named parts' }) level: LevelInfoDto;
  @ApiProperty({ type: Object, description: 'How cells’ readings combine: {method: ratio|weighted_mean|sum|min|max|all|any|share|none, ...}' }) rollup: Record<
    string,
    unknown
  >;
  @ApiPropertyOptional({ type: Object, nullable: true, description: 'What numerator and denominator mean (percentages reported as fractions)' })
  fraction: Record<string, unknown> | null;
  @ApiProperty({ type: RangeDto, nullable: true }) range: RangeDto | null;
  @ApiProperty({ type: BoundsDto, nullable: true, description: 'plausible figures of one unit; null for yes/no' })
  bounds: BoundsDto | null;
  @ApiProperty({ enum: ['cell', 'commune', 'district'], description: 'Who submits readings' }) reportedBy: string;
  @ApiPropertyOptional({ type: Object, nullable: true }) reportingPeriod: Record<string, unknown> | null;
  @ApiProperty({ enum: ['month', 'quarter', 'year', 'on_change'], description: 'How often it is reported (its own rule or the catalogue’s)' })
  frequency: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Where the frequency comes from' }) reportingPeriodSource: string | null;
  @ApiProperty({ type: IndicatorRefDto, nullable: true, description: 'Judged on the readings of this other indicator' }) readingOf: IndicatorRefDto | null;
  @ApiProperty({ description: 'false: informational (e.g. a weight), never judged' }) assessed: boolean;
  @ApiProperty() placeholder: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) source: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
}

export class CriterionDto {
  @ApiProperty({ example: 'XA-04' }) code: string;
  @ApiProperty({ enum: ['commune', 'hamlet', 'ward', 'district', 'town'] }) appliesTo: string;
  @ApiProperty({ enum: ['ntm', 'advanced', 'model', 'condition'] }) tier: string;
  @ApiPropertyOptional({ nullable: true, type: String }) group: string | null;
  @ApiProperty() nameVi: string;
  @ApiProperty() nameEn: string;
  @ApiProperty() placeholder: boolean;
  @ApiProperty() source: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: [IndicatorDto] }) indicators: IndicatorDto[];
}

export class CatalogueVersionDto {
  @ApiProperty({ example: 'NTM-2021-2025' }) id: string;
  @ApiProperty() titleVi: string;
  @ApiProperty() titleEn: string;
  @ApiProperty() status: string;
  @ApiPropertyOptional({ nullable: true, type: String }) region: string | null;
  @ApiProperty() periodFrom: string;
  @ApiProperty() periodTo: string;
  @ApiProperty({ description: 'The pledges’ target date' }) deadline: string;
  @ApiProperty({ type: Object }) reportingPeriod: Record<string, unknown>;
  @ApiProperty({ type: [Object] }) legalBasis: Record<string, unknown>[];
  @ApiProperty({ type: [String] }) warnings: string[];
}

export class CriteriaResponseDto {
  @ApiProperty({ type: CatalogueVersionDto }) version: CatalogueVersionDto;
  @ApiProperty({ type: [String], description: 'Every version held (another period is another data file, no code change)' }) versions: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) appliesTo: string | null;
  @ApiProperty({ type: [CriterionDto] }) criteria: CriterionDto[];
  @ApiProperty({ type: [Object], description: 'Standards units can reach (tiers), as data' }) tiers: Record<string, unknown>[];
  @ApiProperty({ type: [Object], description: 'Conditions of the district standard, as data' }) districtConditions: Record<string, unknown>[];
}
