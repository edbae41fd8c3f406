import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentUser, type Principal } from '@pledge/auth';
import { AS_OF_DESCRIPTION } from './get-progress.http.controller';
import { UnitProgressResponseDto } from './get-unit-progress.dto';
import { GetUnitProgressHandler } from './get-unit-progress.handler';
import { requireViewer } from './programme/request-context';

@ApiTags('progress')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/progress/units')
export class GetUnitProgressHttpController {
  constructor(private readonly handler: GetUnitProgressHandler) {}

  @Get(':id')
  @ApiOperation({
    summary: 'Drill-down: one unit’s standards, criteria and indicators on the view date (value, threshold in force, coverage, why)',
    description:
      'A cell: its standard (NTM hamlet / civilised-urban ward) and its pledge items. A commune: NTM and advanced NTM, each indicator ' +
      'combined from its cells as the catalogue says. The district: also the district standard. Scope: a cell for its secretary, its ' +
      'commune’s officer and district roles; a commune for its officer and district roles; the district for every logged-in account.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_DESCRIPTION })
  @ApiQuery({ name: 'version', required: false })
  @ApiQuery({
    name: 'programme',
    required: false,
    description: 'Programme (GET /api/v1/programmes), e.g. 2021-2025; default: the one in force on asOf (or today) whose figures can be shown',
  })
  @ApiOkResponse({ type: UnitProgressResponseDto })
  @ApiForbiddenResponse({ description: 'The unit is outside the caller’s scope' })
  @ApiNotFoundResponse({ description: 'Unknown unit, or not part of the programme on that day' })
  get(
    @CurrentUser() me: Principal | undefined,
    @Param('id') id: string,
    @Query('asOf') asOf?: string,
    @Query('version') version?: string,
    @Query('programme') programme?: string,
  ): Promise<UnitProgressResponseDto> {
    return this.handler.execute(requireViewer(me), id, { asOf, version, programme });
  }
}
