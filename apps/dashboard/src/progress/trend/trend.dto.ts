import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OVERALL_PROGRESS_DESCRIPTION } from '@pledge/domain';
import { DistrictForecastDto } from '../progress.dto';
import { ChecksDto, FORECAST_STATUS_VALUES, TextDto } from '../programme/common.dto';

/** OpenAPI shapes of GET /api/v1/progress/trend. */

export class TrendOverallDto {
  @ApiPropertyOptional({ nullable: true, type: Number, description: `0..1, as overall.progress of GET /api/v1/progress. ${OVERALL_PROGRESS_DESCRIPTION}` })
  progress: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'progress × 100, one decimal (overall.percent)' }) percent: number | null;
  @ApiProperty({ type: ChecksDto }) checks: ChecksDto;
}

export class TrendConditionDto {
  @ApiProperty({ example: 'DK-01' }) code: string;
  @ApiProperty({ enum: ['met', 'not_met', 'threshold_missing'] }) status: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) unitsAtTier: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) unitsTotal: number | null;
  @ApiProperty({ type: ChecksDto }) checks: ChecksDto;
}

export class TrendPledgesDto {
  @ApiProperty({ enum: FORECAST_STATUS_VALUES, description: 'forecastDistrict on that day (forecast.status of GET /api/v1/progress)' }) status: string;
  @ApiProperty({ description: 'forecast.actualProgress, 0..1' }) actualProgress: number;
  @ApiProperty({ description: 'forecast.expectedProgress, 0..1' }) expectedProgress: number;
  @ApiProperty({ description: 'actualProgress × 100, one decimal' }) actualPercent: number;
  @ApiProperty({ description: 'expectedProgress × 100, one decimal' }) expectedPercent: number;
  @ApiProperty({ description: 'Active pledge items forecast' }) items: number;
  @ApiProperty({ description: 'Items met' }) met: number;
}

export class TrendPointDto {
  @ApiProperty({ example: '2024-06-30', description: 'A month (or quarter) end, or the view date (the last point)' }) asOf: string;
  @ApiProperty({ type: TrendOverallDto }) overall: TrendOverallDto;
  @ApiProperty({ description: 'Communes and the town meeting their base standard (commune NTM, town civilised-urban): communes[].standard.status = met' })
  communesAtStandard: number;
  @ApiProperty({ description: 'Communes and the town of the district on that day' }) communes: number;
  @ApiProperty({ type: [TrendConditionDto] }) conditions: TrendConditionDto[];
  @ApiProperty({ type: TrendPledgesDto }) pledges: TrendPledgesDto;
}

export class TrendLinePointDto {
  @ApiProperty({ example: '2025-09-30' }) asOf: string;
  @ApiProperty({ description: 'percent 0..100' }) value: number;
}

export class TrendLineDto {
  @ApiProperty({
    enum: ['projected_completion', 'least_squares', 'none'],
    description:
      'projected_completion: toward 100% on forecastDistrict’s projected completion day; least_squares: libs/domain leastSquaresTrend of the points carried to the deadline; none: the view date is the deadline',
  })
  method: string;
  @ApiProperty({ type: [TrendLinePointDto], description: 'From the last point to the deadline (empty with method none)' }) points: TrendLinePointDto[];
}

export class TrendForecastDto {
  @ApiProperty({ type: TrendLineDto, description: 'The overall figure (percent) carried to the deadline by its least-squares trend' }) overall: TrendLineDto;
  @ApiProperty({ type: TrendLineDto, description: 'Pledge fulfilment (percent) toward the deadline from forecastDistrict on the view date' })
  pledges: TrendLineDto;
  @ApiProperty({ type: DistrictForecastDto, description: 'forecastDistrict on the view date (as forecast of GET /api/v1/progress)' })
  district: DistrictForecastDto;
}

export class TrendResponseDto {
  @ApiProperty({ example: '2025-12-31', description: 'The view date (the last point)' }) asOf: string;
  @ApiPropertyOptional({ nullable: true, type: TextDto }) asOfNote: TextDto | null;
  @ApiProperty({ example: 'NTM-2021-2025' }) catalogueVersion: string;
  @ApiProperty({ example: '2025-12-31' }) deadline: string;
  @ApiProperty({ example: '2023-02-01', description: 'First day of the month of the first signing (the programme’s start when nothing is signed)' })
  from: string;
  @ApiPropertyOptional({ nullable: true, type: String }) firstSigning: string | null;
  @ApiProperty({ enum: ['month', 'quarter'] }) every: string;
  @ApiProperty({ type: [TrendPointDto] }) points: TrendPointDto[];
  @ApiProperty({ type: TrendForecastDto }) forecast: TrendForecastDto;
  @ApiProperty({ description: 'Readings in force on the view date in the district (as readings of GET /api/v1/progress)' }) readings: number;
  @ApiProperty({ description: 'When this answer was put together (cached until the projector signals one of its days changed)' }) computedAt: string;
  @ApiProperty({
    description: 'Points the projector does not keep, computed on demand by libs/domain programmeOnDay for this answer (the others are stored days)',
  })
  computedPoints: number;
  @ApiProperty({ description: 'Milliseconds the computation took' }) computeMs: number;
}
