import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { sendPreparedJson } from '@pledge/platform';
import { AuthGuard, CurrentUser, type Principal } from '@pledge/auth';
import { OVERALL_PROGRESS_DESCRIPTION } from './present-standard';
import { GetProgressHandler } from './get-progress.handler';
import { requireViewer } from './programme/request-context';
import { ProgressResponseDto } from './progress.dto';

export const AS_OF_DESCRIPTION =
  'The day to assess (YYYY-MM-DD), within the programme’s dates (its period’s first day to its deadline; outside them: 400 outside_programme with the range). ' +
  'Default: today in Vietnam, but never after the catalogue’s deadline (31/12/2025): ' +
  'after it, the programme is shown as it stood on its deadline (the response says so in asOfNote). ' +
  'Staleness, the thresholds of that year and the forecast are judged on this day; readings describing later days are left out.';

@ApiTags('progress')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/progress')
export class GetProgressHttpController {
  constructor(private readonly handler: GetProgressHandler) {}

  @Get()
  @ApiOperation({
    summary: "The district's progress toward the NTM district standard, per commune and per cell (tiến độ xây dựng huyện nông thôn mới)",
    description:
      'The projector’s programme on the view date (libs/domain programmeOnDay, stored for the end of every reporting period and for today; ' +
      'any other day of the programme is computed on demand, off the request thread; `source` says which), ' +
      'cached until the projector signals that day changed or an administrator changes the reference data. ' +
      `Overall progress: ${OVERALL_PROGRESS_DESCRIPTION} ` +
      'Who sees what: the district figures, the conditions and the commune rows are shown to every logged-in account; heatmap rows ' +
      '(cells) only within the caller’s scope: a secretary its cell, a commune officer the cells of its commune, district leaders and administrators all ' +
      '(heatmap.hiddenRows counts the others).',
  })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_DESCRIPTION })
  @ApiQuery({ name: 'version', required: false, description: 'Catalogue version (default: the one governing asOf), e.g. NTM-2021-2025' })
  @ApiQuery({
    name: 'programme',
    required: false,
    description: 'Programme (GET /api/v1/programmes), e.g. 2021-2025; default: the one in force on asOf (or today) whose figures can be shown',
  })
  @ApiOkResponse({ type: ProgressResponseDto })
  @ApiUnauthorizedResponse({ description: 'No or invalid access token' })
  async get(
    @CurrentUser() me: Principal | undefined,
    @Res() res: Response,
    @Query('asOf') asOf?: string,
    @Query('version') version?: string,
    @Query('programme') programme?: string,
  ): Promise<void> {
    // the answer is written as JSON once per view and scope, then served as it is, gzip-compressed once when accepted (ProgressResponseDto)
    sendPreparedJson(res, await this.handler.json(requireViewer(me), { asOf, version, programme }));
  }
}
