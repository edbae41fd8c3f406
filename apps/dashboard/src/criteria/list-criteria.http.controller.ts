import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentUser, type Principal } from '@pledge/auth';
import { requireViewer } from '../progress/programme/request-context';
import { CriteriaResponseDto } from './criteria.dto';
import { ListCriteriaHandler } from './list-criteria.handler';

@ApiTags('criteria')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/criteria')
export class ListCriteriaHttpController {
  constructor(private readonly handler: ListCriteriaHandler) {}

  @Get()
  @ApiOperation({
    summary: 'The criteria catalogue (bộ tiêu chí) with indicators and thresholds: value, comparator, source, confidence, who changed it last',
    description:
      'Thresholds are data: an administrator changes them with PATCH /api/v1/admin/catalogues/{version}/criteria/{criterion}/indicators/{indicator}/threshold.',
  })
  @ApiQuery({ name: 'version', required: false, description: 'Default: the version governing today, else the latest (NTM-2021-2025)' })
  @ApiQuery({ name: 'appliesTo', required: false, enum: ['commune', 'hamlet', 'ward', 'district', 'town'] })
  @ApiQuery({ name: 'tier', required: false, enum: ['ntm', 'advanced', 'model'] })
  @ApiOkResponse({ type: CriteriaResponseDto })
  get(
    @CurrentUser() me: Principal | undefined,
    @Query('version') version?: string,
    @Query('appliesTo') appliesTo?: string,
    @Query('tier') tier?: string,
  ): Promise<CriteriaResponseDto> {
    requireViewer(me);
    return this.handler.execute({ version, appliesTo, tier });
  }
}
