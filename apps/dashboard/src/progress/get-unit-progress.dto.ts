import { THRESHOLD_CONFIDENCES } from '@pledge/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ASSESSMENT_STATUSES, FORECAST_STATUS_VALUES, PledgeSummaryDto, StandardSummaryDto, TextDto, UnitRefDto } from './programme/common.dto';
import { DistrictStandardDto, OverallProgressDto } from './progress.dto';

export class ThresholdInForceDto {
  @ApiPropertyOptional({ nullable: true, oneOf: [{ type: 'number' }, { type: 'boolean' }], description: 'null: nobody has set it (threshold_missing)' })
  value: number | boolean | null;
  @ApiPropertyOptional({ nullable: true, type: String }) comparator: string | null;
  @ApiProperty() source: string;
  @ApiProperty({ enum: THRESHOLD_CONFIDENCES }) confidence: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Index of the year rule used (null: the indicator’s own threshold)' }) ruleIndex:
    number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Yearly indicators: the year whose level this is (the year assessed)' }) year:
    number | null;
  @ApiPropertyOptional({ type: TextDto, nullable: true, description: 'e.g. "≥ 98%"' }) text: TextDto | null;
}

export class LevelPartDto {
  @ApiProperty({ description: '"level" for a plain comparison; the part key of an all-of level', example: 'clean' }) key: string;
  @ApiPropertyOptional({ type: TextDto, nullable: true }) name: TextDto | null;
  @ApiProperty({ description: 'The indicator (same criterion) the part is judged on' }) indicatorCode: string;
  @ApiPropertyOptional({ nullable: true, oneOf: [{ type: 'number' }, { type: 'boolean' }] }) value: number | boolean | null;
  @ApiPropertyOptional({ nullable: true, enum: ['met', 'not_met'] }) judgement: string | null;
  @ApiProperty({ type: ThresholdInForceDto }) threshold: ThresholdInForceDto;
  @ApiPropertyOptional({ type: TextDto, nullable: true, description: 'The value against the level, with as many decimals as the comparison needs' })
  shown: TextDto | null;
  @ApiPropertyOptional({ type: TextDto, nullable: true, description: 'The gap when missed: "thiếu 0,04 điểm %"' }) gap: TextDto | null;
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
  @ApiPropertyOptional({ nullable: true, enum: ['met', 'not_met'], description: 'The plain comparison of the current value, whatever the status' }) judgement:
    string | null;
  @ApiPropertyOptional({ nullable: true, oneOf: [{ type: 'number' }, { type: 'boolean' }] }) value: number | boolean | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Σ numerators (percentages from fractions)' }) numerator: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Σ denominators' }) denominator: number | null;
  @ApiProperty({ description: 'How the cells’ figures combine (ratio, weighted_mean, sum, all, any, share, none, ...)' }) rollup: string;
  @ApiProperty({ type: ThresholdInForceDto }) threshold: ThresholdInForceDto;
  @ApiProperty({ type: CoverageDto }) coverage: CoverageDto;
  @ApiPropertyOptional({ nullable: true, type: String }) newestAsOf: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) oldestAsOf: string | null;
  @ApiProperty({ enum: ['month', 'quarter', 'year', 'on_change'], description: 'How often it is reported (decides what is out of date)' }) frequency: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Yearly indicators: the year assessed' }) year: number | null;
  @ApiProperty({ type: [LevelPartDto], description: 'Every comparison of the level (one for a plain comparison)' }) parts: LevelPartDto[];
  @ApiProperty({ type: [Object], description: 'Yearly: figures of an earlier year, shown with their day but not counted ({unitId, asOf})' })
  outdated: { unitId: string; asOf: string }[];
  @ApiProperty({ description: 'Readings describing days before this do not count (0001-01-01: none is too old)' }) requiredFrom: string;
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
  @ApiProperty({
    enum: ['stored', 'computed'],
    description: 'stored: the projector keeps this day (a period end, or today); computed: libs/domain computed it on demand',
  })
  source: string;
  @ApiPropertyOptional({ type: UnitRefDto, nullable: true, description: 'The commune or town of a cell' }) commune: UnitRefDto | null;
  @ApiProperty({ type: [TierStatusDto], description: 'Every standard that applies to units of this kind (commune: NTM and advanced NTM)' })
  tiers: TierStatusDto[];
  @ApiPropertyOptional({ type: DistrictStandardDto, nullable: true, description: 'The district only' }) districtStandard: DistrictStandardDto | null;
  @ApiPropertyOptional({ type: OverallProgressDto, nullable: true, description: 'The district only' }) overall: OverallProgressDto | null;
  @ApiPropertyOptional({ type: PledgeSummaryDto, nullable: true, description: 'A cell only' }) pledge: PledgeSummaryDto | null;
  @ApiProperty({ type: [ItemForecastDto], description: 'A cell only: its pledge items (see GET /api/v1/pledges for the detail)' })
  pledgeItems: ItemForecastDto[];
}
