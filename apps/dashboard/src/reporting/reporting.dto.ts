import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TextDto } from '../progress/programme/common.dto';

/** OpenAPI shapes of GET /api/v1/reporting. */

export class ReportingPeriodDto {
  @ApiProperty({ example: '2025-11-01', description: 'First day of the period' }) start: string;
  @ApiProperty({ example: '2025-11-30', description: 'Last day of the period' }) end: string;
  @ApiProperty({ example: '2025-12-05', description: 'The day its report was due (the catalogue’s reportingPeriod.dueDay of the month after it)' }) due: string;
  @ApiProperty({ enum: ['month', 'quarter', 'year'] }) every: string;
  @ApiProperty({ type: TextDto, example: { vi: 'tháng 11/2025', en: 'November 2025' } }) label: TextDto;
  @ApiProperty({ description: 'The due date is on or before the view date: a cell without a report has missed it' }) dueOnViewDate: boolean;
  @ApiProperty({
    enum: ['latest_due', 'asked'],
    description: 'latest_due: chosen for the caller (the newest period whose report was due on the view date); asked: ?period=',
  })
  chosen: string;
  @ApiProperty({ type: TextDto, description: 'Which period this is and why, for the page' }) note: TextDto;
}

export class ReportingCellDto {
  @ApiProperty({ example: '874-30133-A02' }) id: string;
  @ApiProperty({ example: '874-30133-A02' }) code: string;
  @ApiProperty({ example: 'Ấp [placeholder 02]' }) name: string;
  @ApiProperty({ enum: ['hamlet', 'ward'] }) kind: string;
  @ApiProperty({ description: 'The name is provisional: show it as such' }) placeholder: boolean;
  @ApiProperty({ example: '30133' }) communeId: string;
  @ApiProperty({ example: 'Xã Tân Quới' }) communeName: string;
}

export class LateCellDto extends ReportingCellDto {
  @ApiProperty({ description: 'The first report for the period (ISO instant)' }) firstReportedAt: string;
  @ApiProperty({ description: 'Days after the due date, by the calendar in Vietnam (Asia/Ho_Chi_Minh)' }) daysLate: number;
}

export class CommuneReportingDto {
  @ApiProperty({ example: '30133' }) id: string;
  @ApiProperty({ example: 'Xã Tân Quới' }) name: string;
  @ApiProperty({ enum: ['commune', 'town'] }) kind: string;
  @ApiProperty() placeholder: boolean;
  @ApiProperty({
    description: 'Cells of the commune in the caller’s scope that should report (structure on the period’s last day, or the commune’s last valid day)',
  })
  cellsExpected: number;
  @ApiProperty() cellsReported: number;
  @ApiProperty() cellsOnTime: number;
  @ApiProperty() cellsLate: number;
  @ApiProperty({ type: [String], description: 'Ids of the cells without a report, in unit order' }) notReported: string[];
  @ApiProperty({ type: [String], description: 'Ids of the cells whose first report came after the due date' }) late: string[];
}

export class ReportingScopeDto {
  @ApiProperty({ enum: ['district', 'commune', 'cell'] }) kind: string;
  @ApiProperty({ example: '874' }) unitId: string;
}

export class ReportingResponseDto {
  @ApiProperty({ example: '2025-12-31', description: 'The view date (as GET /api/v1/progress)' }) asOf: string;
  @ApiPropertyOptional({ nullable: true, type: TextDto, description: 'Why the view date was chosen (the deadline has passed)' }) asOfNote: TextDto | null;
  @ApiProperty({ example: 'NTM-2021-2025' }) catalogueVersion: string;
  @ApiProperty({ type: ReportingPeriodDto }) period: ReportingPeriodDto;
  @ApiProperty({
    type: ReportingScopeDto,
    description: 'What the caller may see: leaders and administrators the district, an officer its commune, a secretary its cell',
  })
  scope: ReportingScopeDto;
  @ApiProperty({ example: 55 }) cellsExpected: number;
  @ApiProperty({ example: 41 }) cellsReported: number;
  @ApiProperty({ example: 37 }) cellsOnTime: number;
  @ApiProperty({ example: 4 }) cellsLate: number;
  @ApiProperty({ type: [ReportingCellDto], description: 'The cells that have not reported for the period, commune by commune, in unit order' })
  notReported: ReportingCellDto[];
  @ApiProperty({ type: [LateCellDto], description: 'The cells that reported after the due date' }) late: LateCellDto[];
  @ApiProperty({ type: [CommuneReportingDto], description: 'Per commune (and the town) in the caller’s scope' }) perCommune: CommuneReportingDto[];
  @ApiProperty({
    enum: ['read_model', 'computed'],
    description:
      'read_model: every commune’s figures come from the projector’s rm_reporting_summary; computed: the period lies outside the range the projector summarises (no cell has reported for it, or for any later period), so the same libs/domain rule was applied to rm_cell_report here',
  })
  source: string;
}
