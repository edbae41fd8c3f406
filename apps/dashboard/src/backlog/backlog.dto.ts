import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shapes of GET /api/v1/pipeline/backlog. */

export class PartitionBacklogDto {
  @ApiProperty({ example: 0 }) partition: number;
  @ApiProperty({ example: 1520, description: 'End of the partition (high watermark)' }) end: number;
  @ApiProperty({
    example: 1400,
    nullable: true,
    type: Number,
    description: 'Next offset the stage will process (its committed offset); null when it has committed nothing there yet',
  })
  committed: number | null;
  @ApiProperty({ example: 120 }) lag: number;
}

export class StageBacklogDto {
  @ApiProperty({
    enum: ['ingest', 'projector'],
    description: 'ingest: reports on ntm.criterion-updates not yet validated and stored; projector: stored reports not yet in the figures',
  })
  stage: string;
  @ApiProperty({ example: 120, description: 'Messages the stage has not processed yet (its consumer lag)' }) lag: number;
  @ApiProperty({ type: [PartitionBacklogDto] }) partitions: PartitionBacklogDto[];
}

export class BacklogDto {
  @ApiProperty({
    example: 120,
    nullable: true,
    type: Number,
    description: 'Reports on their way into the figures (the stages’ lags added up); 0: the figures are current; null: Kafka could not be asked',
  })
  total: number | null;
  @ApiProperty({ description: 'total is 0: every report on Kafka is in the figures' }) current: boolean;
  @ApiProperty({ type: [StageBacklogDto] }) stages: StageBacklogDto[];
  @ApiProperty({ example: '2026-01-05T03:00:00.000Z', description: 'When it was measured (answers are reused for up to 2 s)' }) measuredAt: string;
  @ApiPropertyOptional({ description: 'Why the backlog is unknown (when total is null)' }) error?: string;
}
