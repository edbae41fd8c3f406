import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { sendPreparedJson } from '@pledge/platform';
import { AuthGuard, CurrentUser, type Principal } from '@pledge/auth';
import { AS_OF_DESCRIPTION } from '../get-progress.http.controller';
import { requireViewer } from '../programme/request-context';
import { GetTrendHandler } from './get-trend.handler';
import { TrendResponseDto } from './trend.dto';

@ApiTags('progress')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/progress/trend')
export class GetTrendHttpController {
  constructor(private readonly handler: GetTrendHandler) {}

  @Get()
  @ApiOperation({
    summary:
      'Progress over time (xu hướng tiến độ): the overall figure, communes at standard and pledge fulfilment at each month or quarter end, with the forecast to the deadline',
    description:
      'From the first signing of the pledges to the view date (the last point is the view date itself). Each point holds the figures GET /api/v1/progress?asOf=<that day> ' +
      'returns (overall.progress and checks, the conditions, the communes meeting their standard, forecast.actualProgress / expectedProgress / status), ' +
      'read from the projector’s stored days (the end of every reporting period of the programme; a point it does not keep is computed on demand by libs/domain programmeOnDay, off the request thread). ' +
      'forecast.pledges: toward 100% on the projected completion day of forecastDistrict, or the least-squares trend when some item has no projection; forecast.overall: ' +
      'the least-squares trend of the overall figure; both empty once the view date is the deadline. Cached until the projector signals one of its days changed, or reference_changed. District figures: any logged-in account.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_DESCRIPTION })
  @ApiQuery({
    name: 'every',
    required: false,
    enum: ['month', 'quarter'],
    description: 'Distance between the points: calendar quarter ends (default) or month ends',
  })
  @ApiQuery({ name: 'version', required: false, description: 'Catalogue version (default: the one governing asOf)' })
  @ApiQuery({
    name: 'programme',
    required: false,
    description: 'Programme (GET /api/v1/programmes), e.g. 2021-2025; default: the one in force on asOf (or today) whose figures can be shown',
  })
  @ApiOkResponse({ type: TrendResponseDto })
  @ApiBadRequestResponse({ description: 'invalid_date, outside_programme (with the allowed range), unknown_version, every not month|quarter' })
  @ApiUnauthorizedResponse({ description: 'No or invalid access token' })
  async get(
    @CurrentUser() me: Principal | undefined,
    @Res() res: Response,
    @Query('asOf') asOf?: string,
    @Query('every') every?: string,
    @Query('version') version?: string,
    @Query('programme') programme?: string,
  ): Promise<void> {
    // written as JSON once per cached answer, then served as it is (TrendResponseDto)
    sendPreparedJson(res, await this.handler.json(requireViewer(me), { asOf, every, version, programme }));
  }
}
