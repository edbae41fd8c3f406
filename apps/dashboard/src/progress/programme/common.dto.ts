import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Shared OpenAPI shapes of the read API. */

export const ASSESSMENT_STATUSES = ['met', 'not_met', 'no_data', 'stale', 'threshold_missing'] as const;
export const FORECAST_STATUS_VALUES = ['met', 'on_track', 'at_risk', 'off_track', 'overdue', 'no_data'] as const;

export class TextDto {
  @ApiProperty({ description: 'Vietnamese (what users read)', example: 'Còn 3 xã chưa đạt chuẩn NTM: Xã Tân Hòa, Xã Tân Mỹ, Xã Tân Phú' })
  vi: string;
  @ApiProperty({ description: 'English', example: '3 of 12 communes not yet at "NTM commune": ...' })
  en: string;
}

export class StatusCountsDto {
  @ApiProperty({ description: 'criteria met' }) met: number;
  @ApiProperty({ description: 'criteria not met' }) not_met: number;
  @ApiProperty({ description: 'criteria lacking data from some reporting unit (or 0/0)' }) no_data: number;
  @ApiProperty({ description: 'criteria whose newest figures are older than the reporting period' }) stale: number;
  @ApiProperty({ description: 'criteria with an indicator whose threshold nobody has set yet' }) threshold_missing: number;
}

export class ChecksDto {
  @ApiProperty() met: number;
  @ApiProperty() total: number;
}

export class ForecastCountsDto {
  @ApiProperty() met: number;
  @ApiProperty() on_track: number;
  @ApiProperty() at_risk: number;
  @ApiProperty() off_track: number;
  @ApiProperty() overdue: number;
  @ApiProperty() no_data: number;
}

export class UnitRefDto {
  @ApiProperty({ example: '874-30133-A01' }) id: string;
  @ApiProperty({ example: '874-30133-A01' }) code: string;
  @ApiProperty({ example: 'Ấp Trung' }) name: string;
  @ApiProperty({ enum: ['province', 'district', 'town', 'commune', 'hamlet', 'ward'] }) kind: string;
  @ApiProperty({ description: 'The name is not known for certain: show it as such' }) placeholder: boolean;
}

export class CriterionRefDto {
  @ApiProperty({ example: 'AP-02' }) code: string;
  @ApiProperty({ enum: ['commune', 'hamlet', 'ward', 'district', 'town'] }) appliesTo: string;
  @ApiProperty({ enum: ['ntm', 'advanced', 'model'] }) tier: string;
  @ApiProperty({ example: 'Điện' }) nameVi: string;
  @ApiProperty({ example: 'Electricity' }) nameEn: string;
  @ApiProperty() placeholder: boolean;
}

export class StandardSummaryDto {
  @ApiProperty({ example: 'TIER-AP-NTM' }) tier: string;
  @ApiProperty({
    enum: ['met', 'not_met', 'undetermined'],
    description: 'undetermined: no criterion failed, but some lack data, a threshold, or fresh figures',
  })
  status: string;
  @ApiProperty({ type: TextDto, description: 'e.g. "chưa đạt chuẩn ấp nông thôn mới (đạt 5/7 tiêu chí)"' }) label: TextDto;
  @ApiProperty() metCriteria: number;
  @ApiProperty() totalCriteria: number;
  @ApiPropertyOptional({ type: TextDto, description: 'The criteria still open, each with its status (left out of heatmap rows: see the row’s criteria)' })
  gaps?: TextDto;
}

export class PledgeSummaryDto {
  @ApiProperty({ description: 'Active pledge items (waived ones excluded)' }) items: number;
  @ApiProperty({ description: 'Items whose target is met by the latest figures' }) met: number;
  @ApiProperty({ description: 'Items met by their due date' }) metOnTime: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Pledge-fulfilment score 0..100 (see GET /api/v1/rankings)' })
  fulfilmentScore: number | null;
  @ApiProperty({ type: ForecastCountsDto }) forecast: ForecastCountsDto;
}
