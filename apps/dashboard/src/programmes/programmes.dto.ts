import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TextDto } from '../progress/programme/common.dto';

export class CommuneGroupPeriodDto {
  @ApiProperty({ nullable: true, type: String, description: 'null: not yet decided (chưa xác định)' }) group: string | null;
  @ApiProperty({ type: TextDto }) label: TextDto;
  @ApiProperty() validFrom: string;
  @ApiProperty({ nullable: true, type: String }) validTo: string | null;
  @ApiProperty() source: string;
}

export class ProgrammeTargetDto {
  @ApiProperty() unitId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String, description: 'The group on the day asked (null: not yet decided)' }) groupOnDay: string | null;
  @ApiProperty({ type: [CommuneGroupPeriodDto] }) groups: CommuneGroupPeriodDto[];
  @ApiProperty({ type: [String], description: 'The cells under the unit on the day (dated parents; empty for a district)' }) cellIds: string[];
}

export class ProgrammeDeadlineDto {
  @ApiProperty() on: string;
  @ApiProperty({ type: TextDto }) label: TextDto;
}

export class ProgrammeDto {
  @ApiProperty({ example: '2021-2025' }) id: string;
  @ApiProperty({ type: TextDto }) title: TextDto;
  @ApiProperty() periodFrom: string;
  @ApiProperty() periodTo: string;
  @ApiProperty() catalogueVersion: string;
  @ApiProperty({ description: 'The catalogue version is loaded and published' }) cataloguePublished: boolean;
  @ApiProperty({ description: 'The progress views can show it (?programme=<id>)' }) viewable: boolean;
  @ApiProperty({ enum: ['district', 'commune'] }) targetKind: string;
  @ApiProperty({ enum: ['not_started', 'open', 'closed'], description: 'On the day asked (closed: an archive)' }) status: string;
  @ApiProperty({ description: 'In force on the day asked' }) inForce: boolean;
  @ApiProperty({ description: 'What the views show without ?programme=' }) default: boolean;
  @ApiProperty({ type: TextDto }) standard: TextDto;
  @ApiPropertyOptional({ nullable: true, type: String }) standardTier: string | null;
  @ApiProperty({ type: [ProgrammeDeadlineDto] }) deadlines: ProgrammeDeadlineDto[];
  @ApiProperty({ type: [ProgrammeTargetDto] }) targets: ProgrammeTargetDto[];
}

export class ProgrammesResponseDto {
  @ApiProperty() day: string;
  @ApiProperty({ type: [ProgrammeDto] }) programmes: ProgrammeDto[];
  @ApiProperty({ type: [Object], description: 'Cells of a split commune whose new commune an administrator must decide' })
  pendingParents: {
    unitId: string;
    name: string;
    formerParentId: string;
    effectiveOn: string;
    candidates: { successorId: string; share: string }[];
    note: string;
  }[];
}
