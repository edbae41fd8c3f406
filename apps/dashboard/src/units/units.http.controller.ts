import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentUser, type Principal } from '@pledge/auth';
import { requireViewer } from '../progress/programme/request-context';
import { GetUnitHandler } from './get-unit.handler';
import { ListUnitReadingsHandler } from './list-unit-readings.handler';
import { ListUnitsHandler } from './list-units.handler';
import { UnitDetailDto, UnitReadingsResponseDto, UnitsResponseDto } from './units.dto';

/** The three unit use cases share one route prefix; each has its own handler. */
@ApiTags('units')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/units')
export class UnitsHttpController {
  constructor(
    private readonly list: ListUnitsHandler,
    private readonly one: GetUnitHandler,
    private readonly readings: ListUnitReadingsHandler,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The administrative units: province → district → town/communes → cells (ấp, khóm), dated, with the successor links of 01/07/2025',
    description: 'Without asOf: every unit that ever existed (the old province 87 and the new province 82 as two trees). Readable by every logged-in account.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'Only the units valid on this day (YYYY-MM-DD)' })
  @ApiQuery({ name: 'format', required: false, enum: ['tree', 'flat'] })
  @ApiOkResponse({ type: UnitsResponseDto })
  listUnits(@CurrentUser() me: Principal | undefined, @Query('asOf') asOf?: string, @Query('format') format?: string): Promise<UnitsResponseDto> {
    requireViewer(me);
    return this.list.execute({ asOf, format });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One unit: parent chain, children, successors/predecessors, every name it had, where its readings are' })
  @ApiOkResponse({ type: UnitDetailDto })
  @ApiNotFoundResponse({ description: 'Unknown unit' })
  getUnit(@CurrentUser() me: Principal | undefined, @Param('id') id: string): Promise<UnitDetailDto> {
    requireViewer(me);
    return this.one.execute(id);
  }

  @Get(':id/readings')
  @ApiOperation({
    summary: 'Drill-down: the history of readings of a cell (or of a commune’s cells) and who reported each',
    description:
      'Scope: a cell for its secretary, its commune’s officer and district roles; a commune for its officer and district roles; the district for district roles.',
  })
  @ApiQuery({ name: 'criterion', required: false, example: 'XA-04' })
  @ApiQuery({ name: 'indicator', required: false, example: '4.2' })
  @ApiQuery({ name: 'from', required: false, description: 'asOf on or after (YYYY-MM-DD)' })
  @ApiQuery({ name: 'to', required: false, description: 'asOf on or before (YYYY-MM-DD)' })
  @ApiQuery({ name: 'limit', required: false, description: '1..1000, default 100' })
  @ApiQuery({ name: 'offset', required: false })
  @ApiOkResponse({ type: UnitReadingsResponseDto })
  @ApiForbiddenResponse({ description: 'Outside the caller’s scope' })
  listReadings(
    @CurrentUser() me: Principal | undefined,
    @Param('id') id: string,
    @Query('criterion') criterion?: string,
    @Query('indicator') indicator?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ): Promise<UnitReadingsResponseDto> {
    return this.readings.execute(requireViewer(me), id, { criterion, indicator, from, to, limit, offset });
  }
}
