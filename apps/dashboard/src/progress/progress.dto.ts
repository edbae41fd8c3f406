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
  @ApiProperty({ enum: ['share_at_tier', 'criteria'] }) type: string;
  @ApiPropertyOptional({ type: [String] }) unitKinds?: string[];
  @ApiPropertyOptional() tier?: string;
  @ApiPropertyOptional() comparator?: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'percent' }) threshold?: number | null;
  @ApiPropertyOptional() thresholdSource?: string;
  @ApiPropertyOptional() thresholdConfidence?: string;
}

export class ConditionUnitDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['met', 'not_met', 'undetermined'] }) status: string;
  @ApiProperty() metCriteria: number;
  @ApiProperty() totalCriteria: number;
  @ApiProperty({ type: TextDto }) label: TextDto;
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
}

export class DistrictStandardDto {
  @ApiProperty({ enum: ['met', 'not_met', 'not_applicable'] }) status: string;
  @ApiProperty({ type: TextDto, description: 'e.g. "chưa đạt chuẩn huyện nông thôn mới (đạt 1/4 điều kiện)"' }) label: TextDto;
  @ApiProperty({ description: 'The day whose units were used (the district ended on 30/06/2025)' }) structureDate: string;
  @ApiPropertyOptional({ type: TextDto, nullable: true }) structureNote: TextDto | null;
  @ApiProperty({ type: [ConditionDto] }) conditions: ConditionDto[];
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
  @ApiPropertyOptional({ type: StandardSummaryDto, nullable: true, description: 'Commune: NTM standard (19 criteria); town: civilised-urban standard (its wards’ figures combined)' })
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
  @ApiProperty({ description: 'Status of each of its criteria (AP-* for hamlets, KHOM-* for wards), by criterion code', example: { 'AP-01': 'threshold_missing', 'AP-02': 'met' } })
  criteria: Record<string, string>;
  @ApiProperty({ type: StatusCountsDto }) counts: StatusCountsDto;
  @ApiProperty() readings: number;
  @ApiPropertyOptional({ nullable: true, type: String }) lastReportedAt: string | null;
  @ApiPropertyOptional({ type: PledgeSummaryDto, nullable: true }) pledge: PledgeSummaryDto | null;
}

export class HeatmapDto {
  @ApiProperty({ type: [CriterionRefDto], description: 'Columns: the criteria of cells (hamlet AP-*, ward KHOM-*), in catalogue order' }) columns: CriterionRefDto[];
  @ApiProperty({ type: [CellProgressDto], description: 'One row per cell the caller may see, by commune then cell' }) rows: CellProgressDto[];
  @ApiProperty({ description: "Cells left out because they are outside the caller's scope" }) hiddenRows: number;
}

export class ProgressResponseDto {
  @ApiProperty({ example: '2025-12-31', description: 'The day assessed (see asOfNote)' }) asOf: string;
  @ApiPropertyOptional({ type: TextDto, nullable: true }) asOfNote: TextDto | null;
  @ApiProperty() computedAt: string;
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
  @ApiProperty({ type: [CriterionRefDto], description: 'Every criterion of the version (keys of criteriaStatus and heatmap rows)' }) criteria: CriterionRefDto[];
  @ApiProperty({ type: [CommuneProgressDto] }) communes: CommuneProgressDto[];
  @ApiProperty({ type: HeatmapDto }) heatmap: HeatmapDto;
}
