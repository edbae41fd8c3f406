import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TextDto } from '../progress/programme/common.dto';

export class CommuneGroupPeriodDto {
  @ApiProperty({ nullable: true, type: String, description: 'null: not yet decided (chưa xác định)' }) group: string | null;
  @ApiProperty({ type: TextDto }) label: TextDto;
  @ApiProperty() validFrom: string;
  @ApiProperty({ nullable: true, type: String }) validTo: string | null;
  @ApiProperty() source: string;
}

export class ProgrammeCellDto {
  @ApiProperty({ example: '874-30136-A01' }) id: string;
  @ApiProperty({ example: 'Ấp Tân Hòa' }) name: string;
  @ApiProperty({ enum: ['hamlet', 'ward'] }) kind: string;
}

export class ProgrammeTargetDto {
  @ApiProperty() unitId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String, description: 'The group on the day asked (null: not yet decided)' }) groupOnDay: string | null;
  @ApiProperty({ type: [CommuneGroupPeriodDto] }) groups: CommuneGroupPeriodDto[];
  @ApiProperty({ type: [String], description: 'The cells under the unit on the day (dated parents; empty for a district)' }) cellIds: string[];
  @ApiProperty({ type: [ProgrammeCellDto], description: 'The same cells with their names (what a picker of cells shows)' }) cells: ProgrammeCellDto[];
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

export class PendingCandidateDto {
  @ApiProperty({ example: '82-30157' }) successorId: string;
  @ApiProperty({ example: 'remainder' }) share: string;
}

export class PendingParentDto {
  @ApiProperty({ example: '874-30157-A01' }) unitId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '30157' }) formerParentId: string;
  @ApiProperty({ example: '2025-07-01' }) effectiveOn: string;
  @ApiProperty({ type: [PendingCandidateDto] }) candidates: PendingCandidateDto[];
  @ApiProperty() note: string;
}

export class ProgrammesResponseDto {
  @ApiProperty() day: string;
  @ApiProperty({ type: [ProgrammeDto] }) programmes: ProgrammeDto[];
  @ApiProperty({ type: [PendingParentDto], description: 'Cells of a split commune whose new commune an administrator must decide' })
  pendingParents: PendingParentDto[];
}
