import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FORECAST_STATUS_VALUES, PledgeSummaryDto, TextDto, UnitRefDto } from '../progress/programme/common.dto';

export class PledgeTargetDto {
  @ApiProperty({ enum: ['>=', '<=', '==', '>', '<'] }) comparator: string;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'boolean' }] }) value: number | boolean;
  @ApiProperty({ type: TextDto, description: 'e.g. "≥ 95%"; a whole-criterion item: "đạt tiêu chí"' }) text: TextDto;
}

export class CurrentValueDto {
  @ApiProperty({ description: 'Number (a fraction as a percentage, yes/no as 1/0; a whole-criterion item: share of its indicators met, 0..100)' })
  value: number;
  @ApiProperty() asOf: string;
}

export class PledgeItemDto {
  @ApiProperty({ example: 'PL-874-30133-A01-01' }) id: string;
  @ApiProperty({ example: 'AP-01' }) criterionCode: string;
  @ApiProperty({ type: TextDto }) criterionName: TextDto;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null: the whole criterion is pledged' }) indicatorCode: string | null;
  @ApiPropertyOptional({ type: TextDto, nullable: true }) indicatorName: TextDto | null;
  @ApiProperty({ type: PledgeTargetDto }) target: PledgeTargetDto;
  @ApiProperty() dueDate: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ enum: [...FORECAST_STATUS_VALUES, 'waived'], description: 'By libs/domain’s forecast rules on the readings up to the view date' })
  status: string;
  @ApiProperty({ type: TextDto }) statusText: TextDto;
  @ApiPropertyOptional({ nullable: true, type: String }) waivedReason: string | null;
  @ApiPropertyOptional({ type: CurrentValueDto, nullable: true, description: 'The newest value (null: no data)' }) current: CurrentValueDto | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Share of the time from signing to due gone, 0..1' }) expectedProgress: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Progress toward the target, 0..1' }) actualProgress: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'When the trend reaches the target' }) projectedCompletion: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) firstMetOn: string | null;
  @ApiProperty({ description: 'Met by a value dated on or before the due date' }) metOnTime: boolean;
  @ApiProperty({ type: TextDto }) reason: TextDto;
}

export class PledgeDto {
  @ApiProperty({ example: 'PL-874-30133-A01' }) id: string;
  @ApiProperty({ type: UnitRefDto }) cell: UnitRefDto;
  @ApiProperty({ type: UnitRefDto }) commune: UnitRefDto;
  @ApiProperty({ example: '2023-03-20' }) signedOn: string;
  @ApiProperty({ description: 'Items, content or dates invented (illustrative data)' }) placeholder: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) source: string | null;
  @ApiProperty({ type: PledgeSummaryDto }) summary: PledgeSummaryDto;
  @ApiProperty({ type: [PledgeItemDto] }) items: PledgeItemDto[];
}

export class PledgesResponseDto {
  @ApiProperty() asOf: string;
  @ApiPropertyOptional({ type: TextDto, nullable: true }) asOfNote: TextDto | null;
  @ApiProperty() catalogueVersion: string;
  @ApiProperty({ description: 'Pledges returned' }) total: number;
  @ApiProperty({ description: 'Pledge items returned (after the status filter)' }) items: number;
  @ApiProperty({ type: [PledgeDto] }) pledges: PledgeDto[];
}
