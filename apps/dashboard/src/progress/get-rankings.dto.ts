import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ForecastCountsDto, StandardSummaryDto, TextDto, UnitRefDto } from './programme/common.dto';

export class CellRankingRowDto extends UnitRefDto {
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Competition rank (1, 2, 2, 4 …) among all ranked cells of the district; null: no pledge items',
  })
  rank: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Pledge-fulfilment score 0..100' }) score: number | null;
  @ApiProperty() communeId: string;
  @ApiProperty() communeName: string;
  @ApiProperty() items: number;
  @ApiProperty() metOnTime: number;
  @ApiProperty({ type: ForecastCountsDto }) forecast: ForecastCountsDto;
}

export class CommuneRankingRowDto extends UnitRefDto {
  @ApiProperty({ description: 'Competition rank by criteria met of its standard, then by its cells’ mean fulfilment score' }) rank: number;
  @ApiPropertyOptional({ type: StandardSummaryDto, nullable: true }) standard: StandardSummaryDto | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Mean of its cells’ pledge-fulfilment scores' }) pledgeFulfilment: number | null;
}

export class RankingsResponseDto {
  @ApiProperty() asOf: string;
  @ApiPropertyOptional({ type: TextDto, nullable: true }) asOfNote: TextDto | null;
  @ApiProperty() catalogueVersion: string;
  @ApiProperty({ enum: ['cell', 'commune'] }) level: string;
  @ApiProperty({ type: TextDto, description: 'How the score is computed' }) basis: TextDto;
  @ApiProperty({ type: [CellRankingRowDto], description: 'level=cell: cells by pledge fulfilment, best first (rows outside the caller’s scope are left out)' })
  cells: CellRankingRowDto[];
  @ApiProperty({ type: [CommuneRankingRowDto], description: 'level=commune: communes and the town by criteria met' }) communes: CommuneRankingRowDto[];
  @ApiProperty({ description: 'Rows left out because they are outside the caller’s scope' }) hiddenRows: number;
}
