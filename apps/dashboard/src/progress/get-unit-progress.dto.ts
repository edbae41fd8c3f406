import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ASSESSMENT_STATUSES, FORECAST_STATUS_VALUES, PledgeSummaryDto, StandardSummaryDto, TextDto, UnitRefDto } from './programme/common.dto';
import { DistrictStandardDto, OverallProgressDto } from './progress.dto';

export class ThresholdInForceDto {
  @ApiPropertyOptional({ nullable: true, oneOf: [{ type: 'number' }, { type: 'boolean' }], description: 'null: nobody has set it (threshold_missing)' })
  value: number | boolean | null;
  @ApiPropertyOptional({ nullable: true, type: String }) comparator: string | null;
  @ApiProperty() source: string;
  @ApiProperty({ enum: ['found', 'memory_high', 'memory_medium', 'memory_low', 'unknown'] }) confidence: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Index of the year rule used (null: the indicator’s own threshold)' }) ruleIndex: number | null;
  @ApiPropertyOptional({ type: TextDto, nullable: true, description: 'e.g. "≥ 98%"' }) text: TextDto | null;
}

export class CoverageDto {
  @ApiProperty({ description: 'Reporting units expected (the unit itself, or its cells)' }) expected: number;
  @ApiProperty() reported: number;
  @ApiProperty({ type: [String], description: 'Ids of the units without a usable reading' }) missing: string[];
}

export class IndicatorStatusDto {
  @ApiProperty({ example: '2.1' }) code: string;
  @ApiProperty({ type: TextDto }) name: TextDto;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: string;
  @ApiPropertyOptional({ nullable: true, enum: ['met', 'not_met'], description: 'The plain comparison of the current value, whatever the status' }) judgement: string | null;
  @ApiPropertyOptional({ nullable: true, oneOf: [{ type: 'number' }, { type: 'boolean' }] }) value: number | boolean | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Σ numerators (percentages from fractions)' }) numerator: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Σ denominators' }) denominator: number | null;
  @ApiProperty({ description: 'How the cells’ figures combine (ratio, weighted_mean, sum, all, any, share, none, ...)' }) rollup: string;
  @ApiProperty({ type: ThresholdInForceDto }) threshold: ThresholdInForceDto;
  @ApiProperty({ type: CoverageDto }) coverage: CoverageDto;
  @ApiPropertyOptional({ nullable: true, type: String }) newestAsOf: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) oldestAsOf: string | null;
  @ApiProperty({ description: 'Readings describing days before this are stale' }) requiredFrom: string;
  @ApiProperty({ type: [String] }) staleUnitIds: string[];
  @ApiProperty({ type: TextDto, description: 'One sentence saying why' }) reason: TextDto;
  @ApiProperty({ description: 'GET link to the readings behind the value' }) readingsLink: string;
}

export class CriterionStatusDto {
  @ApiProperty() code: string;
  @ApiProperty({ type: TextDto }) name: TextDto;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: string;
  @ApiProperty({ type: [IndicatorStatusDto] }) indicators: IndicatorStatusDto[];
}

export class TierStatusDto extends StandardSummaryDto {
  @ApiProperty({ type: TextDto }) name: TextDto;
  @ApiProperty({ description: 'The main standard of units of this kind' }) base: boolean;
  @ApiProperty({ type: [String], description: 'Tiers this one requires (e.g. NTM for advanced NTM)' }) requires: string[];
  @ApiProperty({ type: [CriterionStatusDto] }) criteria: CriterionStatusDto[];
}

export class ItemForecastDto {
  @ApiProperty() id: string;
  @ApiProperty() criterionCode: string;
  @ApiPropertyOptional({ nullable: true, type: String }) indicatorCode: string | null;
  @ApiProperty({ enum: [...FORECAST_STATUS_VALUES, 'waived'] }) status: string;
  @ApiProperty() dueDate: string;
  @ApiProperty({ type: TextDto }) reason: TextDto;
}

export class UnitProgressResponseDto {
  @ApiProperty() asOf: string;
  @ApiPropertyOptional({ type: TextDto, nullable: true }) asOfNote: TextDto | null;
  @ApiProperty() catalogueVersion: string;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiPropertyOptional({ type: UnitRefDto, nullable: true, description: 'The commune or town of a cell' }) commune: UnitRefDto | null;
  @ApiProperty({ type: [TierStatusDto], description: 'Every standard that applies to units of this kind (commune: NTM and advanced NTM)' }) tiers: TierStatusDto[];
  @ApiPropertyOptional({ type: DistrictStandardDto, nullable: true, description: 'The district only' }) districtStandard: DistrictStandardDto | null;
  @ApiPropertyOptional({ type: OverallProgressDto, nullable: true, description: 'The district only' }) overall: OverallProgressDto | null;
  @ApiPropertyOptional({ type: PledgeSummaryDto, nullable: true, description: 'A cell only' }) pledge: PledgeSummaryDto | null;
  @ApiProperty({ type: [ItemForecastDto], description: 'A cell only: its pledge items (see GET /api/v1/pledges for the detail)' }) pledgeItems: ItemForecastDto[];
}
