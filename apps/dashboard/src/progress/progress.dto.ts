import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OVERALL_PROGRESS_DESCRIPTION } from '@pledge/domain';
import {
  ASSESSMENT_STATUSES,
  ChecksDto,
  CriterionRefDto,
  FORECAST_STATUS_VALUES,
  ForecastCountsDto,
  PledgeSummaryDto,
  StandardSummaryDto,
  StatusCountsDto,
  TextDto,
  UnitRefDto,
} from './programme/common.dto';

export class OverallProgressDto {
  @ApiPropertyOptional({ nullable: true, type: Number, description: `0..1. ${OVERALL_PROGRESS_DESCRIPTION}`, example: 0.123 })
  progress: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'progress × 100, one decimal', example: 12.3 })
  percent: number | null;
  @ApiProperty({ type: TextDto, description: 'e.g. vi "12,3%"' }) text: TextDto;
  @ApiProperty({ type: ChecksDto, description: 'The checks behind the figure (progress = met / total)' }) checks: ChecksDto;
  @ApiProperty({ type: TextDto, description: 'The definition of the figure, for the UI' }) definition: TextDto;
}

export class ConditionRuleDto {
  @ApiProperty({ enum: ['share_at_tier', 'criteria', 'indicator'] }) type: string;
  @ApiPropertyOptional({ type: [String] }) unitKinds?: string[];
  @ApiPropertyOptional() tier?: string;
  @ApiPropertyOptional() comparator?: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'percent' }) threshold?: number | null;
  @ApiPropertyOptional() thresholdSource?: string;
  @ApiPropertyOptional() thresholdConfidence?: string;
  @ApiPropertyOptional({ enum: ['computed', 'recognised', 'recognised_or_computed'], description: 'share_at_tier: what counts as a unit at the tier' })
  basis?: string;
  @ApiPropertyOptional({ description: 'indicator: the measure (criterion|indicator)' }) indicator?: string;
}

export class RecognitionDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'TIER-XA-NTM' }) tierCode: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null: the number is not known' }) decisionNumber: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null: the day is not known' }) decidedOn: string | null;
  @ApiProperty({ description: 'First day the recognition is known to hold' }) effectiveFrom: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) recognitionYear: number | null;
  @ApiProperty() issuer: string;
  @ApiProperty() source: string;
  @ApiProperty({ type: TextDto, description: 'e.g. "Được công nhận đạt chuẩn NTM năm 2021 (UBND tỉnh Đồng Tháp; số quyết định chưa rõ)"' }) text: TextDto;
}

export class ConditionUnitDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['met', 'not_met', 'undetermined'], description: 'Computed from the readings' }) status: string;
  @ApiProperty() metCriteria: number;
  @ApiProperty() totalCriteria: number;
  @ApiProperty({ type: TextDto }) label: TextDto;
  @ApiPropertyOptional({ type: RecognitionDto, nullable: true, description: 'The recognition decision in force, beside the computed status' })
  recognition: RecognitionDto | null;
  @ApiProperty({ description: 'Whether the condition counts the unit at the tier (by its basis)' }) counted: boolean;
  @ApiPropertyOptional({ nullable: true, enum: ['computed', 'recognised', 'both'] }) countedBy: string | null;
}

export class ConditionCriterionDto {
  @ApiProperty() code: string;
  @ApiProperty({ type: TextDto }) name: TextDto;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: string;
}

export class ConditionDto {
  @ApiProperty({ example: 'DK-01' }) code: string;
  @ApiProperty({ type: TextDto }) name: TextDto;
  @ApiProperty({ enum: ['met', 'not_met', 'threshold_missing'] }) status: string;
  @ApiProperty({ type: ConditionRuleDto }) rule: ConditionRuleDto;
  @ApiPropertyOptional({ nullable: true, type: Number }) unitsTotal: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) unitsAtTier: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Units the threshold requires (null when unknown)' }) requiredUnits: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) sharePercent: number | null;
  @ApiProperty({ type: ChecksDto }) checks: ChecksDto;
  @ApiProperty({ type: [TextDto], description: 'What is still missing: a summary line, then one line per unit or criterion still open (empty when met)' })
  missing: TextDto[];
  @ApiProperty({ type: [ConditionUnitDto] }) units: ConditionUnitDto[];
  @ApiProperty({ type: [ConditionCriterionDto] }) criteria: ConditionCriterionDto[];
  @ApiProperty({ description: 'Where the condition comes from' }) source: string;
  @ApiProperty({
    enum: ['found', 'found_secondary', 'memory_high', 'memory_medium', 'memory_low', 'unknown'],
    description: 'How sure it is that the condition is part of the standard',
  })
  confidence: string;
  @ApiPropertyOptional({ type: TextDto, nullable: true, description: 'indicator: the measure against its level' }) measure: TextDto | null;
}

export class BlockingCriterionDto {
  @ApiProperty() code: string;
  @ApiProperty({ type: TextDto }) name: TextDto;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: string;
  @ApiProperty({ description: 'Distance to the level (0 = met; 1 per indicator without a figure or level)' }) gap: number;
  @ApiProperty({ type: [TextDto], description: 'One line per open indicator: value against its level, the gap stated' }) indicators: TextDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) dueOn: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) projectedOn: string | null;
}

export class BlockerDto {
  @ApiProperty({ description: 'A unit id; "<district>:<criterion>" for the district’s own criteria and measures' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() kind: string;
  @ApiPropertyOptional({ nullable: true, enum: ['met', 'not_met', 'undetermined'] }) computedStatus: string | null;
  @ApiProperty() recognised: boolean;
  @ApiProperty() openCriteria: number;
  @ApiProperty() gap: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Latest pledged due date of the open criteria' }) dueOn: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Latest projected completion (trend) of the open criteria' }) projectedOn: string | null;
  @ApiProperty({ description: 'Among the few whose completion completes the condition soonest' }) soonest: boolean;
  @ApiProperty({ type: TextDto }) summary: TextDto;
  @ApiProperty({ type: [BlockingCriterionDto] }) criteria: BlockingCriterionDto[];
}

export class ConditionBlockersDto {
  @ApiProperty() code: string;
  @ApiProperty({ type: TextDto }) name: TextDto;
  @ApiProperty({ enum: ['not_met', 'threshold_missing'] }) status: string;
  @ApiProperty({ description: 'How many of the blockers must be completed (all unless a share condition)' }) needed: number;
  @ApiProperty({ type: TextDto }) summary: TextDto;
  @ApiProperty({ type: [BlockerDto], description: 'Closest first (fewer open criteria, smaller gap, earlier projection, earlier pledged date)' })
  blockers: BlockerDto[];
}

export class StandardBlockersDto {
  @ApiProperty({ type: TextDto, description: 'The lead sentence: what blocks the standard' }) headline: TextDto;
  @ApiProperty({ type: [ConditionBlockersDto] }) conditions: ConditionBlockersDto[];
}

export class DistrictStandardDto {
  @ApiProperty({ enum: ['met', 'not_met', 'not_applicable'] }) status: string;
  @ApiProperty({ type: TextDto, description: 'e.g. "chưa đạt chuẩn huyện nông thôn mới (đạt 1/4 điều kiện)"' }) label: TextDto;
  @ApiProperty({ description: 'The day whose units were used (the district ended on 30/06/2025)' }) structureDate: string;
  @ApiPropertyOptional({ type: TextDto, nullable: true }) structureNote: TextDto | null;
  @ApiProperty({ description: 'The day the standard was assessed (the final judgement day once the programme has closed)' }) assessedOn: string;
  @ApiProperty({ description: 'True once the programme is closed: the result is final and reads in the past tense' }) final: boolean;
  @ApiProperty({ type: [ConditionDto] }) conditions: ConditionDto[];
  @ApiProperty({ type: StandardBlockersDto, description: 'What blocks the standard: leads the dashboard and the exports' }) blockers: StandardBlockersDto;
}

export class DistrictForecastDto {
  @ApiProperty({ enum: FORECAST_STATUS_VALUES }) status: string;
  @ApiProperty({ type: TextDto }) statusText: TextDto;
  @ApiProperty({ example: '2025-12-31' }) deadline: string;
  @ApiProperty({ description: 'Share of the time from the first signing to the deadline gone by the view date, 0..1' }) expectedProgress: number;
  @ApiProperty({ description: "Mean of the pledge items' progress toward their targets (met = 1), 0..1" }) actualProgress: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Latest projected completion of the open items; null when some open item has no trend' })
  projectedCompletion: string | null;
  @ApiProperty() items: number;
  @ApiProperty({ type: ForecastCountsDto }) counts: ForecastCountsDto;
  @ApiProperty({ type: TextDto }) reason: TextDto;
}

export class CommuneProgressDto {
  @ApiProperty({ example: '30133' }) id: string;
  @ApiProperty({ example: '30133', description: 'Official code (kept from the skeleton: same as id for pre-2025 units)' }) code: string;
  @ApiProperty({ example: 'Xã Tân Quới' }) name: string;
  @ApiProperty({ enum: ['commune', 'town'] }) kind: string;
  @ApiProperty() placeholder: boolean;
  @ApiProperty({ description: 'Cells (hamlets/wards) of the commune' }) cells: number;
  @ApiProperty({ description: 'Cells with at least one current reading' }) cellsReporting: number;
  @ApiProperty({ description: 'Current readings (one per cell, criterion and indicator) of its cells and its own' }) readings: number;
  @ApiPropertyOptional({ nullable: true, type: String }) lastReportedAt: string | null;
  @ApiPropertyOptional({
    type: StandardSummaryDto,
    nullable: true,
    description: 'Commune: NTM standard (19 criteria); town: civilised-urban standard (its wards’ figures combined)',
  })
  standard: StandardSummaryDto | null;
  @ApiProperty({ type: StatusCountsDto, description: 'Its own criteria (those of its standard) by status' }) criteria: StatusCountsDto;
  @ApiProperty({ description: 'Status of each criterion of its standard, by criterion code', example: { 'XA-01': 'no_data', 'XA-09': 'met' } })
  criteriaStatus: Record<string, string>;
  @ApiProperty({ type: StatusCountsDto, description: "Its cells' criteria by status (cells × their criteria)" }) cellCriteria: StatusCountsDto;
  @ApiProperty({ description: 'Cells meeting their own standard' }) cellsAtStandard: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: "Mean of its cells' pledge-fulfilment scores" }) pledgeFulfilment: number | null;
}

export class CellProgressDto extends UnitRefDto {
  @ApiProperty() communeId: string;
  @ApiProperty() communeName: string;
  @ApiPropertyOptional({ type: StandardSummaryDto, nullable: true }) standard: StandardSummaryDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...ASSESSMENT_STATUSES] },
    description: 'Status of each of its criteria (AP-* for hamlets, KHOM-* for wards), by criterion code',
    example: { 'AP-01': 'threshold_missing', 'AP-02': 'met' },
  })
  criteria: Record<string, string>;
  @ApiProperty({ type: StatusCountsDto }) counts: StatusCountsDto;
  @ApiProperty() readings: number;
  @ApiPropertyOptional({ nullable: true, type: String }) lastReportedAt: string | null;
  @ApiPropertyOptional({ type: PledgeSummaryDto, nullable: true }) pledge: PledgeSummaryDto | null;
}

export class HeatmapDto {
  @ApiProperty({ type: [CriterionRefDto], description: 'Columns: the criteria of cells (hamlet AP-*, ward KHOM-*), in catalogue order' })
  columns: CriterionRefDto[];
  @ApiProperty({ type: [CellProgressDto], description: 'One row per cell the caller may see, by commune then cell' }) rows: CellProgressDto[];
  @ApiProperty({ description: "Cells left out because they are outside the caller's scope" }) hiddenRows: number;
}

export class ProgressResponseDto {
  @ApiProperty({ description: 'Demonstration data (npm run demo) is in the figures: show "Dữ liệu minh họa / Demonstration data"' }) demo: boolean;
  @ApiProperty({ example: '2025-12-31', description: 'The day assessed (see asOfNote)' }) asOf: string;
  @ApiPropertyOptional({ type: TextDto, nullable: true }) asOfNote: TextDto | null;
  @ApiProperty() computedAt: string;
  @ApiProperty({
    enum: ['stored', 'computed'],
    description:
      'stored: the projector keeps this day (the end of a reporting period, or today); computed: libs/domain computed it on demand, off the request thread',
  })
  source: string;
  @ApiProperty({ example: 'NTM-2021-2025' }) catalogueVersion: string;
  @ApiProperty({ example: '2025-12-31' }) deadline: string;
  @ApiProperty({ type: UnitRefDto }) district: UnitRefDto;
  @ApiProperty({ description: 'Cells of the district (55)' }) cells: number;
  @ApiProperty({ description: 'Cells with at least one current reading' }) cellsReporting: number;
  @ApiProperty({ description: 'Current readings in the district' }) readings: number;
  @ApiPropertyOptional({ nullable: true, type: String }) lastReportedAt: string | null;
  @ApiProperty({ type: OverallProgressDto }) overall: OverallProgressDto;
  @ApiProperty({ type: DistrictStandardDto }) standard: DistrictStandardDto;
  @ApiProperty({ type: DistrictForecastDto }) forecast: DistrictForecastDto;
  @ApiProperty({ type: [CriterionRefDto], description: 'Every criterion of the version (keys of criteriaStatus and heatmap rows)' })
  criteria: CriterionRefDto[];
  @ApiProperty({ type: [CommuneProgressDto] }) communes: CommuneProgressDto[];
  @ApiProperty({ type: HeatmapDto }) heatmap: HeatmapDto;
}
