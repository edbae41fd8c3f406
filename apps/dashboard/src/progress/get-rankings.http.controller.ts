import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentUser, type Principal } from '@pledge/auth';
import { AS_OF_DESCRIPTION } from './get-progress.http.controller';
import { RankingsResponseDto } from './get-rankings.dto';
import { GetRankingsHandler } from './get-rankings.handler';
import { requireViewer } from './programme/request-context';

@ApiTags('progress')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/rankings')
export class GetRankingsHttpController {
  constructor(private readonly handler: GetRankingsHandler) {}

  @Get()
  @ApiOperation({
    summary: 'Ranking of the cells by pledge fulfilment (xếp hạng thực hiện giao ước), or of the communes by criteria met',
    description:
      'Ranks are over the whole district; a secretary receives only its cell’s row and a commune officer its commune’s rows (with their district rank).',
  })
  @ApiQuery({ name: 'level', required: false, enum: ['cell', 'commune'] })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_DESCRIPTION })
  @ApiQuery({ name: 'version', required: false })
  @ApiQuery({
    name: 'programme',
    required: false,
    description: 'Programme (GET /api/v1/programmes), e.g. 2021-2025; default: the one in force on asOf (or today) whose figures can be shown',
  })
  @ApiOkResponse({ type: RankingsResponseDto })
  get(
    @CurrentUser() me: Principal | undefined,
    @Query('level') level?: string,
    @Query('asOf') asOf?: string,
    @Query('version') version?: string,
    @Query('programme') programme?: string,
  ): Promise<RankingsResponseDto> {
    return this.handler.execute(requireViewer(me), { level, asOf, version, programme });
  }
}
