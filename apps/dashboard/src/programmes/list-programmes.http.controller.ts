import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentUser, type Principal } from '@pledge/auth';
import { requireViewer } from '../progress/programme/request-context';
import { ListProgrammesHandler } from './list-programmes.handler';
import { ProgrammesResponseDto } from './programmes.dto';

@ApiTags('programmes')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/programmes')
export class ListProgrammesHttpController {
  constructor(private readonly handler: ListProgrammesHandler) {}

  @Get()
  @ApiOperation({
    summary:
      'The programmes (2021–2025, 2026–2030): period, catalogue version, targets and their commune groups, status (open / closed), in force, the default of the views',
    description: 'The progress views accept ?programme=<id>. A programme whose catalogue is not published cannot be shown yet (409 catalogue_not_published).',
  })
  @ApiQuery({ name: 'day', required: false, description: 'Day the status, groups and cells are read on (default: today in Vietnam)' })
  @ApiOkResponse({ type: ProgrammesResponseDto })
  get(@CurrentUser() me: Principal | undefined, @Query('day') day?: string): Promise<ProgrammesResponseDto> {
    requireViewer(me);
    return this.handler.execute({ day });
  }
}
