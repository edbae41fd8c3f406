import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentUser, type Principal } from '@pledge/auth';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { intParam, requireViewer } from '../progress/programme/request-context';
import { EvaluationResponseDto, EvaluationSettingsResponseDto } from './evaluations.dto';
import { GetEvaluationHandler } from './get-evaluation.handler';
import { settingsResponse } from './settings-dto';

@ApiTags('evaluations')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/evaluations')
export class EvaluationsHttpController {
  constructor(
    private readonly handler: GetEvaluationHandler,
    private readonly views: ProgrammeDaysService,
  ) {}

  @Get('settings')
  @ApiOperation({
    summary: 'The evaluation settings (bands, the cap on "excellent", fulfilment credits) in force, and every stored one',
    description: 'Set by an administrator with PUT /api/v1/admin/evaluation-settings/{scope}.',
  })
  @ApiQuery({ name: 'year', required: false, description: 'The settings in force for this year (default: the default settings)' })
  @ApiOkResponse({ type: EvaluationSettingsResponseDto })
  async settings(@CurrentUser() me: Principal | undefined, @Query('year') year?: string): Promise<EvaluationSettingsResponseDto> {
    requireViewer(me);
    const y = intParam('year', year, 1900, 2999) ?? null;
    return settingsResponse(await this.views.reference(), y);
  }

  @Get(':year')
  @ApiOperation({
    summary: 'Year-end classification of the cells from pledge fulfilment (đánh giá, xếp loại chi bộ) and its report text',
    description:
      'Each cell’s pledge-fulfilment score on 31/12 of the year gives a candidate level (bands); then the cap: excellent (HTXSNV) ≤ ratio × the ' +
      '"good" pool (default 20%, the pool counting the excellent ones, rounded down); candidates beyond the limit (lowest scores first) stay ' +
      '"good" with the reason. Report lines as district reports write them, e.g. "8/40 tập thể hoàn thành xuất sắc nhiệm vụ (đạt 20%)". ' +
      'Counts and report: every logged-in account; per-cell rows: within the caller’s scope.',
  })
  @ApiParam({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'version', required: false })
  @ApiQuery({
    name: 'programme',
    required: false,
    description: 'Programme (GET /api/v1/programmes), e.g. 2021-2025; default: the one in force on asOf (or today) whose figures can be shown',
  })
  @ApiOkResponse({ type: EvaluationResponseDto })
  @ApiNotFoundResponse({ description: 'No pledges to evaluate that year' })
  get(
    @CurrentUser() me: Principal | undefined,
    @Param('year') year: string,
    @Query('version') version?: string,
    @Query('programme') programme?: string,
  ): Promise<EvaluationResponseDto> {
    return this.handler.execute(requireViewer(me), year, { version, programme });
  }
}
