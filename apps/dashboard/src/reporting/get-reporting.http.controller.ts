import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthGuard, CurrentUser, type Principal } from '@pledge/auth';
import { AS_OF_DESCRIPTION } from '../progress/get-progress.http.controller';
import { requireViewer } from '../progress/programme/request-context';
import { GetReportingHandler } from './get-reporting.handler';
import { ReportingResponseDto } from './reporting.dto';

@ApiTags('reporting')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/reporting')
export class GetReportingHttpController {
  constructor(private readonly handler: GetReportingHandler) {}

  @Get()
  @ApiOperation({
    summary: 'Reporting completeness for a period (tình hình báo cáo): which cells reported, on time or late, and the named list of those that have not',
    description:
      'From the projector’s read models rm_reporting_summary and rm_cell_report. A cell "reported for" a period when it sent figures describing a day ' +
      'inside it (whenever they arrived); on time when its first report’s day in Vietnam (Asia/Ho_Chi_Minh) is on or before the due date ' +
      '(the catalogue’s reportingPeriod: monthly, due on the 5th of the next month). The period defaults to the newest one whose report was due on the ' +
      'view date (on 31/12/2025: November 2025, due 05/12/2025); period.note says which. Scope (libs/auth): district leaders and administrators see every ' +
      'cell, a commune officer the cells of its commune, a secretary its own cell; the counts cover what the caller sees.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_DESCRIPTION })
  @ApiQuery({
    name: 'period',
    required: false,
    description: 'YYYY-MM: the reporting period containing that month (not after the view date). Default: the newest period due on the view date.',
    example: '2025-11',
  })
  @ApiQuery({ name: 'version', required: false, description: 'Catalogue version (default: the one governing asOf)' })
  @ApiQuery({
    name: 'programme',
    required: false,
    description: 'Programme (GET /api/v1/programmes), e.g. 2021-2025; default: the one in force on asOf (or today) whose figures can be shown',
  })
  @ApiOkResponse({ type: ReportingResponseDto })
  @ApiBadRequestResponse({ description: 'invalid_date, invalid_period, before_period, after_view_date, unknown_version' })
  @ApiUnauthorizedResponse({ description: 'No or invalid access token' })
  get(
    @CurrentUser() me: Principal | undefined,
    @Query('asOf') asOf?: string,
    @Query('period') period?: string,
    @Query('version') version?: string,
    @Query('programme') programme?: string,
  ): Promise<ReportingResponseDto> {
    return this.handler.execute(requireViewer(me), { asOf, period, version, programme });
  }
}
