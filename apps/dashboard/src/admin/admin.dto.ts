import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BandsDto, FulfilmentDto } from '../evaluations/evaluations.dto';

export class ChangeThresholdBodyDto {
  @ApiProperty({ nullable: true, oneOf: [{ type: 'number' }, { type: 'boolean' }], example: 85, description: 'The new level (number; true/false for yes/no indicators); null clears it ("threshold missing")' })
  threshold: number | boolean | null;
  @ApiProperty({ example: 'QĐ 863/QĐ-UBND-HC (2022) của UBND tỉnh Đồng Tháp, Phụ lục I', description: 'Where the value comes from (required)' }) source: string;
  @ApiProperty({ enum: ['found', 'memory_high', 'memory_medium', 'memory_low', 'unknown'], example: 'found' }) confidence: string;
  @ApiPropertyOptional({ example: 2024, description: 'Set: change (or add) the rule for values from this year on instead of the indicator’s own threshold' }) fromYear?: number;
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
