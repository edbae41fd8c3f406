import { THRESHOLD_CONFIDENCES } from '@pledge/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BandsDto, FulfilmentDto } from '../evaluations/evaluations.dto';

export class ChangeThresholdBodyDto {
  @ApiProperty({
    nullable: true,
    oneOf: [{ type: 'number' }, { type: 'boolean' }],
    example: 85,
    description: 'The new level (number; true/false for yes/no indicators); null clears it ("threshold missing")',
  })
  threshold: number | boolean | null;
  @ApiProperty({ example: 'QĐ 863/QĐ-UBND-HC (2022) của UBND tỉnh Đồng Tháp, Phụ lục I', description: 'Where the value comes from (required)' }) source: string;
  @ApiProperty({ enum: THRESHOLD_CONFIDENCES, example: 'found' }) confidence: string;
  @ApiPropertyOptional({
    example: 2024,
    description: 'Periodic indicators: change (or add) the rule for values from this year on instead of the indicator’s own threshold',
  })
  fromYear?: number;
  @ApiPropertyOptional({ example: 2025, description: 'Yearly indicators: change (or add) the level of this one year (never used for another year)' })
  year?: number;
  @ApiPropertyOptional({ example: 'clean', description: 'All-of levels: the key of the part to change' }) part?: string;
  @ApiPropertyOptional({
    example: 2,
    description: 'Levels per commune group (2026–2030): change (or add) the level of communes of this group (unit attribute communeGroup)',
  })
  communeGroup?: number;
  @ApiPropertyOptional({ example: 'Theo văn bản tỉnh gửi ngày 12/3/2024' }) reason?: string;
}

export class ThresholdValueDto {
  @ApiPropertyOptional({ nullable: true, oneOf: [{ type: 'number' }, { type: 'boolean' }] }) threshold: number | boolean | null;
  @ApiProperty() thresholdSource: string;
  @ApiProperty() thresholdConfidence: string;
}

export class ChangeThresholdResultDto {
  @ApiProperty() catalogueVersion: string;
  @ApiProperty() criterionCode: string;
  @ApiProperty() indicatorCode: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) fromYear: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) year: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) part: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) communeGroup: number | null;
  @ApiPropertyOptional({ type: ThresholdValueDto, nullable: true, description: 'null: the year rule did not exist' }) before: ThresholdValueDto | null;
  @ApiProperty({ type: ThresholdValueDto }) after: ThresholdValueDto;
  @ApiProperty() changedBy: string;
  @ApiProperty() changedAt: string;
  @ApiProperty() revisionId: string;
}

export class RenameUnitBodyDto {
  @ApiPropertyOptional({ example: 'Ấp Tân Hòa Thượng', description: 'The new name (Vietnamese, NFC-normalised on arrival)' }) name?: string;
  @ApiPropertyOptional({ example: false, description: 'false: the name is now known for certain' }) placeholder?: boolean;
  @ApiPropertyOptional({ example: 'Theo danh sách ấp của UBND xã ngày 05/01/2024' }) reason?: string;
}

export class NameStateDto {
  @ApiProperty() name: string;
  @ApiProperty() placeholder: boolean;
}

export class RenameUnitResultDto extends NameStateDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: NameStateDto }) previous: NameStateDto;
  @ApiProperty({ description: 'false: the name and flag were already so (nothing recorded)' }) changed: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) revisionId: string | null;
  @ApiProperty() changedBy: string;
  @ApiPropertyOptional({ nullable: true, type: String }) changedAt: string | null;
}

export class CapPatchDto {
  @ApiPropertyOptional({ example: 0.2 }) ratio?: number;
  @ApiPropertyOptional({ enum: ['floor', 'round', 'ceil'] }) rounding?: string;
  @ApiPropertyOptional({ example: true }) poolIncludesExcellent?: boolean;
}

export class EvaluationSettingsBodyDto {
  @ApiPropertyOptional({ type: BandsDto }) bands?: BandsDto;
  @ApiPropertyOptional({ type: CapPatchDto }) cap?: CapPatchDto;
  @ApiPropertyOptional({ example: 'Hướng dẫn 21-HD/BTCTW; Quy định 124-QĐ/TW' }) ruleSource?: string;
  @ApiPropertyOptional({ type: FulfilmentDto, description: 'Partial values allowed except notYetDueCredit (all four)' }) fulfilment?: FulfilmentDto;
  @ApiPropertyOptional() reason?: string;
}

export class RecordRecognitionBodyDto {
  @ApiProperty({ example: '30139' }) unitId: string;
  @ApiProperty({ example: 'TIER-XA-NTM' }) tierCode: string;
  @ApiPropertyOptional({ nullable: true, example: 'QĐ 1234/QĐ-UBND-HC', description: 'null when the number is not known' }) decisionNumber?: string | null;
  @ApiPropertyOptional({ nullable: true, example: '2022-05-20', description: 'null when the day is not known' }) decidedOn?: string | null;
  @ApiPropertyOptional({ example: '2022-06-06', description: 'First day the recognition is known to hold (default: decidedOn)' }) effectiveFrom?: string;
  @ApiPropertyOptional({ nullable: true, example: 2021 }) recognitionYear?: number | null;
  @ApiProperty({ example: 'UBND tỉnh Đồng Tháp' }) issuer: string;
  @ApiProperty({ example: 'Báo Đồng Tháp, 06/06/2022' }) source: string;
  @ApiPropertyOptional({ nullable: true }) note?: string | null;
}

export class RecognitionRecordDto {
  @ApiProperty() id: string;
  @ApiProperty() unitId: string;
  @ApiProperty() tierCode: string;
  @ApiPropertyOptional({ nullable: true, type: String }) decisionNumber: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) decidedOn: string | null;
  @ApiProperty() effectiveFrom: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) recognitionYear: number | null;
  @ApiProperty() issuer: string;
  @ApiProperty() source: string;
  @ApiPropertyOptional({ nullable: true, type: String }) revokedOn: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiProperty() recordedBy: string;
  @ApiProperty() recordedAt: string;
}

export class RevokeRecognitionBodyDto {
  @ApiProperty({ example: '2026-01-15' }) revokedOn: string;
  @ApiProperty({ example: 'QĐ ... thu hồi quyết định công nhận' }) reason: string;
}

export class SetConditionBasisBodyDto {
  @ApiProperty({ enum: ['computed', 'recognised', 'recognised_or_computed'], description: 'What the condition counts as a unit at the tier' }) basis: string;
  @ApiPropertyOptional() reason?: string;
}

export class ConditionBasisResultDto {
  @ApiProperty() catalogueVersion: string;
  @ApiProperty() conditionCode: string;
  @ApiProperty() before: string;
  @ApiProperty() after: string;
  @ApiProperty() changedBy: string;
}

export class ResignTargetDto {
  @ApiProperty({ enum: ['>=', '<=', '==', '>', '<'], example: '>=' }) comparator: string;
  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'boolean' }],
    example: 2,
    description: 'A number; true/false for a yes/no indicator; 0..100 for a percentage',
  })
  value: number | boolean;
}

export class ResignItemBodyDto {
  @ApiProperty({ example: 'TC-02', description: "A criterion of the programme's published catalogue" }) criterionCode: string;
  @ApiProperty({ example: '2.2', description: 'One of its indicators that cells report (once per pledge)' }) indicatorCode: string;
  @ApiProperty({ type: ResignTargetDto }) target: ResignTargetDto;
  @ApiProperty({ example: '2027-12-31', description: "From the signing day to the programme's deadline" }) dueDate: string;
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 }) note?: string | null;
}

export class ResignPledgeBodyDto {
  @ApiProperty({ example: '874-30136-A01', description: "A cell (hamlet or ward) under one of the programme's communes on the signing day" }) cellId: string;
  @ApiProperty({ example: '2026-03-01', description: 'Within the programme' }) signedOn: string;
  @ApiProperty({ type: [ResignItemBodyDto] }) items: ResignItemBodyDto[];
}

export class ResignPledgesBodyDto {
  @ApiProperty({ type: [ResignPledgeBodyDto], description: 'One pledge, or many at once (the JSON import): all stored or none' })
  pledges: ResignPledgeBodyDto[];
}

export class ResignedItemDto {
  @ApiProperty({ example: 'PL-2026-2030-874-30136-A01-01' }) id: string;
  @ApiProperty() criterionCode: string;
  @ApiProperty() indicatorCode: string;
  @ApiProperty({ type: ResignTargetDto }) target: ResignTargetDto;
  @ApiProperty() dueDate: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
}

export class ResignedPledgeDto {
  @ApiProperty({ example: 'PL-2026-2030-874-30136-A01' }) id: string;
  @ApiProperty() cellId: string;
  @ApiProperty({ example: 'NTM-2026-2030' }) catalogueVersion: string;
  @ApiProperty() signedOn: string;
  @ApiProperty() placeholder: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) source?: string | null;
  @ApiProperty({ type: [ResignedItemDto] }) items: ResignedItemDto[];
}

export class ResignPledgesResultDto {
  @ApiProperty({ example: '2026-2030' }) programme: string;
  @ApiProperty({ type: [ResignedPledgeDto] }) pledges: ResignedPledgeDto[];
}

export class IndicatorRefDto {
  @ApiProperty({ example: 'XA-17' }) criterionCode: string;
  @ApiProperty({ example: '17.1' }) indicatorCode: string;
}

export class IndicatorMappingDecisionDto {
  @ApiProperty({ type: IndicatorRefDto, description: 'An indicator of the predecessor programme’s catalogue' }) from: IndicatorRefDto;
  @ApiProperty({
    type: IndicatorRefDto,
    nullable: true,
    description: 'An indicator of the programme’s catalogue of the same kind, unit, form and reporting level; null: "no mapping" (carries nothing)',
  })
  to: IndicatorRefDto | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Cùng nội dung, đổi mã chỉ tiêu' }) note?: string | null;
}

export class IndicatorMappingsBodyDto {
  @ApiProperty({ type: [IndicatorMappingDecisionDto] }) mappings: IndicatorMappingDecisionDto[];
}

export class OldIndicatorDto extends IndicatorRefDto {
  @ApiProperty() nameVi: string;
  @ApiProperty() nameEn: string;
  @ApiProperty({ enum: ['percentage', 'amount', 'count', 'boolean'] }) kind: string;
  @ApiProperty({ example: '%' }) unit: string;
  @ApiProperty({ enum: ['cell', 'commune', 'district'] }) reportedBy: string;
}

export class MappedIndicatorDto extends IndicatorRefDto {
  @ApiPropertyOptional({ nullable: true, type: String }) nameVi: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) nameEn: string | null;
}

export class IndicatorMappingRowDto {
  @ApiProperty({ type: OldIndicatorDto }) from: OldIndicatorDto;
  @ApiProperty({ enum: ['mapped', 'none', 'undecided'], description: 'mapped to a new indicator; none: "no mapping" decided; undecided: nothing recorded' })
  state: string;
  @ApiPropertyOptional({ type: MappedIndicatorDto, nullable: true }) to: MappedIndicatorDto | null;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) recordedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) recordedAt: string | null;
}

export class IndicatorMappingCountsDto {
  @ApiProperty() mapped: number;
  @ApiProperty() none: number;
  @ApiProperty() undecided: number;
}

export class IndicatorMappingsDto {
  @ApiProperty({ example: '2026-2030' }) programme: string;
  @ApiProperty({ example: '2021-2025' }) fromProgramme: string;
  @ApiProperty({ example: 'NTM-2021-2025' }) fromVersion: string;
  @ApiProperty({ example: 'NTM-2026-2030' }) toVersion: string;
  @ApiProperty() cataloguePublished: boolean;
  @ApiProperty({ type: IndicatorMappingCountsDto }) counts: IndicatorMappingCountsDto;
  @ApiProperty({ type: [IndicatorMappingRowDto] }) indicators: IndicatorMappingRowDto[];
  @ApiPropertyOptional({ description: 'PUT: how many decisions changed (the same decision again changes nothing)' }) changed?: number;
}
