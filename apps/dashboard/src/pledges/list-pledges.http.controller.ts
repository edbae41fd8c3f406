import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentUser, type Principal } from '@pledge/auth';
import { AS_OF_DESCRIPTION } from '../progress/get-progress.http.controller';
import { requireViewer } from '../progress/programme/request-context';
import { ListPledgesHandler } from './list-pledges.handler';
import { PledgesResponseDto } from './pledges.dto';

@ApiTags('pledges')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/pledges')
export class ListPledgesHttpController {
  constructor(private readonly handler: ListPledgesHandler) {}

  @Get()
  @ApiOperation({
    summary: 'The 55 cells’ pledges (giao ước thi đua) with their items: target, due date, status by the domain rules on the current readings',
    description: 'Scope: a secretary sees its cell’s pledge, a commune officer its commune’s, district leaders and administrators all.',
  })
  @ApiQuery({ name: 'cell', required: false, example: '874-30133-A01' })
  @ApiQuery({ name: 'commune', required: false, example: '30133' })
  @ApiQuery({
    name: 'status',
    required: false,
    enum: ['met', 'on_track', 'at_risk', 'off_track', 'overdue', 'no_data', 'waived'],
    description: 'Only items with this status',
  })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_DESCRIPTION })
  @ApiQuery({ name: 'version', required: false })
  @ApiQuery({
    name: 'programme',
    required: false,
    description: 'Programme (GET /api/v1/programmes), e.g. 2021-2025; default: the one in force on asOf (or today) whose figures can be shown',
  })
  @ApiOkResponse({ type: PledgesResponseDto })
  @ApiForbiddenResponse({ description: 'cell or commune outside the caller’s scope' })
  get(
    @CurrentUser() me: Principal | undefined,
    @Query('cell') cell?: string,
    @Query('commune') commune?: string,
    @Query('status') status?: string,
    @Query('asOf') asOf?: string,
    @Query('version') version?: string,
    @Query('programme') programme?: string,
  ): Promise<PledgesResponseDto> {
    return this.handler.execute(requireViewer(me), { cell, commune, status, asOf, version, programme });
  }
}
