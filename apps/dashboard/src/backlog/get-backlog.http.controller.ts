import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthGuard } from '@pledge/auth';
import { ConsumerLagMonitor } from '@pledge/platform';
import { BacklogDto } from './backlog.dto';

@ApiTags('pipeline')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/pipeline')
export class GetBacklogHttpController {
  constructor(private readonly lag: ConsumerLagMonitor) {}

  @Get('backlog')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'How many reports are still on their way into the figures (đang cập nhật: còn N báo cáo)',
    description:
      'The consumer lag of each stage of the pipeline, measured from Kafka: ingest (reports on ntm.criterion-updates not yet validated into the event ' +
      'store) and projector (stored reports not yet folded into the read models). While total is above 0 the figures are not yet current (after an ' +
      'outage, a spreadsheet import or a history load). Any logged-in account; the answer holds no figures of any unit. Also in /metrics as ' +
      'pipeline_backlog_messages{stage} and kafka_consumer_lag{stage,partition}.',
  })
  @ApiOkResponse({ type: BacklogDto })
  @ApiUnauthorizedResponse({ description: 'No or invalid access token' })
  async get(): Promise<BacklogDto> {
    const snap = await this.lag.current();
    return { ...snap, current: snap.total === 0 };
  }
}
