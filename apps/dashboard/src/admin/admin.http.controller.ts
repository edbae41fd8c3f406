import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { assertCanAdminister, AuthGuard, CurrentUser, Roles, type Principal } from '@pledge/auth';
import { EvaluationSettingsResponseDto } from '../evaluations/evaluations.dto';
import { requireViewer } from '../progress/programme/request-context';
import {
  ChangeThresholdBodyDto,
  ChangeThresholdResultDto,
  ConditionBasisResultDto,
  EvaluationSettingsBodyDto,
  IndicatorMappingsBodyDto,
  IndicatorMappingsDto,
  RecognitionRecordDto,
  RecordRecognitionBodyDto,
  RenameUnitBodyDto,
  RenameUnitResultDto,
  ResignPledgesBodyDto,
  ResignPledgesResultDto,
  RevokeRecognitionBodyDto,
  SetConditionBasisBodyDto,
} from './admin.dto';
import { ChangeBoundsHandler, ChangeBoundsResult } from './change-bounds.handler';
import { ChangeThresholdHandler } from './change-threshold.handler';
import { ResignPledgesHandler } from './resign-pledges.handler';
import { IndicatorMappingsHandler } from './indicator-mappings.handler';
import { ChangeUnitParentHandler } from './change-unit-parent.handler';
import { AddCellHandler } from './add-cell.handler';
import { RecordRecognitionHandler } from './record-recognition.handler';
import { SetConditionBasisHandler } from './set-condition-basis.handler';
import { RenameUnitHandler } from './rename-unit.handler';
import { SetEvaluationSettingsHandler } from './set-evaluation-settings.handler';

function administrator(me: Principal | undefined): Principal {
  const p = requireViewer(me);
  assertCanAdminister(p);
  return p;
}

/** The administrator's edits of the reference data; each use case has its own handler. */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('administrator')
@ApiForbiddenResponse({ description: 'Only an administrator may do this' })
@Controller('api/v1/admin')
export class AdminHttpController {
  constructor(
    private readonly thresholds: ChangeThresholdHandler,
    private readonly units: RenameUnitHandler,
    private readonly settings: SetEvaluationSettingsHandler,
    private readonly recognitions: RecordRecognitionHandler,
    private readonly resign: ResignPledgesHandler,
    private readonly moves: ChangeUnitParentHandler,
    private readonly cells: AddCellHandler,
    private readonly conditions: SetConditionBasisHandler,
    private readonly bounds: ChangeBoundsHandler,
    private readonly mappings: IndicatorMappingsHandler,
  ) {}

  @Patch('catalogues/:version/criteria/:criterion/indicators/:indicator/bounds')
  @ApiOperation({
    summary: 'Set an indicator’s plausible figures: whole numbers or not, the ceiling of one unit’s numerator, denominator or value (null: not known)',
    description:
      'Body {integer, max, source, confidence, reason?}. Like thresholds: kept over seed reloads, in audit_log; intake and ingest refuse figures beyond it ' +
      '(problems integer_required, above_ceiling) within REFERENCE_CACHE_MS; the web form applies it when it next loads the catalogue.',
  })
  @ApiParam({ name: 'version', example: 'NTM-2021-2025' })
  @ApiParam({ name: 'criterion', example: 'XA-04' })
  @ApiParam({ name: 'indicator', example: '4.2' })
  @ApiBadRequestResponse({ description: 'A field is missing or wrong, or the bounds do not fit the indicator' })
  @ApiNotFoundResponse({ description: 'Unknown indicator' })
  changeBounds(
    @CurrentUser() me: Principal | undefined,
    @Param('version') version: string,
    @Param('criterion') criterion: string,
    @Param('indicator') indicator: string,
    @Body() body: unknown,
  ): Promise<ChangeBoundsResult> {
    return this.bounds.execute(administrator(me), { version, criterion, indicator }, body);
  }

  @Get('recognitions')
  @ApiOperation({ summary: 'Recognition decisions recorded (a unit’s standard as recognised by the authority, beside the computed one)' })
  @ApiOkResponse({ type: [RecognitionRecordDto] })
  listRecognitions(@CurrentUser() me: Principal | undefined, @Query('unitId') unitId?: string): Promise<RecognitionRecordDto[]> {
    administrator(me);
    return this.recognitions.list(unitId || undefined);
  }

  @Post('recognitions')
  @ApiOperation({
    summary: 'Record a recognition decision (unit, tier, decision number and day when known, issuer, source)',
    description: 'Views show "recognised" beside "computed"; each district condition counts one or both (its basis).',
  })
  @ApiBody({ type: RecordRecognitionBodyDto })
  @ApiOkResponse({ type: RecognitionRecordDto })
  @ApiBadRequestResponse({ description: 'A field is missing or wrong (dates, a tier that does not fit the unit)' })
  @ApiNotFoundResponse({ description: 'Unknown unit or tier' })
  recordRecognition(@CurrentUser() me: Principal | undefined, @Body() body: unknown): Promise<RecognitionRecordDto> {
    return this.recognitions.record(administrator(me), body);
  }

  @Post('recognitions/:id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that a later decision withdrew a recognition (from revokedOn on, it no longer counts)' })
  @ApiBody({ type: RevokeRecognitionBodyDto })
  @ApiOkResponse({ type: RecognitionRecordDto })
  revokeRecognition(@CurrentUser() me: Principal | undefined, @Param('id') id: string, @Body() body: unknown): Promise<RecognitionRecordDto> {
    return this.recognitions.revoke(administrator(me), id, body);
  }

  @Put('catalogues/:version/conditions/:condition/basis')
  @ApiOperation({ summary: 'Set what a district condition counts as a unit at the tier: computed, recognised, or either' })
  @ApiParam({ name: 'version', example: 'NTM-2021-2025' })
  @ApiParam({ name: 'condition', example: 'DK-01' })
  @ApiBody({ type: SetConditionBasisBodyDto })
  @ApiOkResponse({ type: ConditionBasisResultDto })
  setConditionBasis(
    @CurrentUser() me: Principal | undefined,
    @Param('version') version: string,
    @Param('condition') condition: string,
    @Body() body: unknown,
  ): Promise<ConditionBasisResultDto> {
    return this.conditions.execute(administrator(me), { version, condition }, body);
  }

  @Patch('catalogues/:version/criteria/:criterion/indicators/:indicator/threshold')
  @ApiOperation({
    summary: 'Change an indicator’s threshold (value, source, confidence), or its rule from a year',
    description:
      'Checked against the indicator (kind, range) by libs/domain; recorded in threshold_revision and audit_log; takes effect in GET /api/v1/progress at once; ' +
      'the seed loader never overwrites it.',
  })
  @ApiParam({ name: 'version', example: 'NTM-2021-2025' })
  @ApiParam({ name: 'criterion', example: 'XA-09' })
  @ApiParam({ name: 'indicator', example: '9.2' })
  @ApiBody({ type: ChangeThresholdBodyDto })
  @ApiOkResponse({ type: ChangeThresholdResultDto })
  @ApiBadRequestResponse({ description: 'A field is missing or wrong, or the value does not fit the indicator' })
  @ApiNotFoundResponse({ description: 'Unknown indicator' })
  changeThreshold(
    @CurrentUser() me: Principal | undefined,
    @Param('version') version: string,
    @Param('criterion') criterion: string,
    @Param('indicator') indicator: string,
    @Body() body: unknown,
  ): Promise<ChangeThresholdResultDto> {
    return this.thresholds.execute(administrator(me), { version, criterion, indicator }, body);
  }

  @Post('programmes/:id/pledges')
  @ApiOperation({
    summary: "Re-sign cells' pledges for a programme (one or many: the JSON import); every problem listed, nothing stored unless all are right",
    description:
      'Body: { pledges: [{ cellId, signedOn, items: [{ criterionCode, indicatorCode, target: { comparator, value }, dueDate, note? }] }] }. ' +
      "Items are indicators of the programme's published catalogue; the cell must lie under one of the programme's communes on the signing day. " +
      'The 2021–2025 pledges are not changed. 409 already_signed when a cell has a pledge of the programme.',
  })
  @ApiParam({ name: 'id', example: '2026-2030' })
  @ApiBody({ type: ResignPledgesBodyDto })
  @ApiCreatedResponse({ type: ResignPledgesResultDto })
  @ApiBadRequestResponse({ description: 'Every problem of every pledge, each naming its field (pledges[0].items[1].dueDate); nothing stored' })
  @ApiNotFoundResponse({ description: 'Unknown programme' })
  @ApiConflictResponse({ description: 'already_signed: a cell has a pledge of the programme' })
  @HttpCode(201)
  resignPledges(@CurrentUser() me: Principal | undefined, @Param('id') id: string, @Body() body: unknown): Promise<unknown> {
    return this.resign.execute(administrator(me), id, body);
  }

  @Get('programmes/:id/indicator-mappings')
  @ApiOperation({
    summary:
      "Every indicator of the predecessor programme's catalogue and what was decided about it: mapped (to an indicator of this programme's), none, undecided",
    description: "A mapped old indicator's readings count for the new indicator in this programme's figures until the cell reports the new one itself.",
  })
  @ApiParam({ name: 'id', example: '2026-2030' })
  @ApiOkResponse({ type: IndicatorMappingsDto })
  @ApiNotFoundResponse({ description: 'Unknown programme' })
  listIndicatorMappings(@CurrentUser() me: Principal | undefined, @Param('id') id: string): Promise<IndicatorMappingsDto> {
    administrator(me);
    return this.mappings.list(id);
  }

  @Put('programmes/:id/indicator-mappings')
  @ApiOperation({
    summary: "Map old indicators to the programme's (or to none): every problem listed, nothing stored unless all are right",
    description:
      'Body: { mappings: [{ from: { criterionCode, indicatorCode }, to: { criterionCode, indicatorCode } | null, note? }] }. Each listed old indicator gets this ' +
      'decision (the others keep theirs); to null: "no mapping". Problems: unknown_indicator (from, to), duplicate, incompatible_kind, incompatible_unit, ' +
      'incompatible_form, incompatible_denominator, incompatible_reporter, no_own_readings, target_taken (a new indicator has one source). ' +
      'Recorded with who and when (and in audit_log); nothing of 2021–2025 is rewritten. 409 catalogue_not_published while the programme’s catalogue is a draft.',
  })
  @ApiParam({ name: 'id', example: '2026-2030' })
  @ApiBody({ type: IndicatorMappingsBodyDto })
  @ApiOkResponse({ type: IndicatorMappingsDto })
  @ApiBadRequestResponse({ description: 'A decision is wrong (every problem listed with its field)' })
  @ApiNotFoundResponse({ description: 'Unknown programme' })
  saveIndicatorMappings(@CurrentUser() me: Principal | undefined, @Param('id') id: string, @Body() body: unknown): Promise<IndicatorMappingsDto> {
    return this.mappings.save(administrator(me), id, body);
  }

  @Post('units/:id/parent')
  @ApiOperation({
    summary: 'A cell continues under another commune from a day (a pending hamlet of a split commune, a merge, a split): dated, history kept, same id',
    description: 'Body: { parentId, from: YYYY-MM-DD, reason }. The period in force ends the day before; a pending decision about the cell is marked decided.',
  })
  @ApiParam({ name: 'id', example: '874-30157-A01' })
  @HttpCode(200)
  moveUnit(@CurrentUser() me: Principal | undefined, @Param('id') id: string, @Body() body: unknown): Promise<unknown> {
    return this.moves.execute(administrator(me), id, body);
  }

  @Post('units')
  @ApiOperation({
    summary: 'Add a hamlet or ward under a commune from a day (e.g. the hamlets of the parts from Tam Nông and Hồng Ngự: the administrator enters their names)',
    description: 'Body: { parentId, kind: hamlet|ward, name, validFrom, source, predecessors?: [unit ids] }. A new id <commune>-A<nn> / -K<nn>.',
  })
  @HttpCode(201)
  addCell(@CurrentUser() me: Principal | undefined, @Body() body: unknown): Promise<unknown> {
    return this.cells.execute(administrator(me), body);
  }

  @Patch('units/:id')
  @ApiOperation({
    summary: 'Rename a unit and/or set or clear its placeholder flag; the id and its history stay, the old name stays in nameHistory',
  })
  @ApiParam({ name: 'id', example: '874-30136-A03' })
  @ApiBody({ type: RenameUnitBodyDto })
  @ApiOkResponse({ type: RenameUnitResultDto })
  @ApiNotFoundResponse({ description: 'Unknown unit' })
  renameUnit(@CurrentUser() me: Principal | undefined, @Param('id') id: string, @Body() body: unknown): Promise<RenameUnitResultDto> {
    return this.units.execute(administrator(me), id, body);
  }

  @Put('evaluation-settings/:scope')
  @ApiOperation({
    summary: 'Set the year-end evaluation settings for every year ("default") or one year (e.g. "2025"): bands, cap, fulfilment credits',
    description: 'What is sent is merged over the settings in force for that scope.',
  })
  @ApiParam({ name: 'scope', example: 'default' })
  @ApiBody({ type: EvaluationSettingsBodyDto })
  @ApiOkResponse({ type: EvaluationSettingsResponseDto })
  setSettings(@CurrentUser() me: Principal | undefined, @Param('scope') scope: string, @Body() body: unknown): Promise<EvaluationSettingsResponseDto> {
    return this.settings.set(administrator(me), scope, body);
  }

  @Delete('evaluation-settings/:scope')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove the settings of a scope (a year then follows the default; the default falls back to the built-in rules)' })
  @ApiParam({ name: 'scope', example: '2025' })
  @ApiOkResponse({ type: EvaluationSettingsResponseDto })
  removeSettings(@CurrentUser() me: Principal | undefined, @Param('scope') scope: string): Promise<EvaluationSettingsResponseDto> {
    return this.settings.remove(administrator(me), scope);
  }
}
