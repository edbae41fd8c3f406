import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@pledge/auth';
import { UuidParam } from '../http/body';
import { SubmitBatchHandler, SubmitBatchResult } from '../submit-batch/submit-batch.handler';
import { clientUpdateSchema, SubmitBatchResultDto, SubmitUpdateResultDto } from './submit-update.dto';
import { SubmitUpdateHandler, SubmitUpdateResult } from './submit-update.handler';

const errors = 'Error body: { statusCode, error, message (Vietnamese), messageEn, details: [{ field, problem, message, messageEn }] }.';

@ApiTags('updates (secretaries; officers and district roles for their own unit’s figures)')
@ApiBearerAuth()
@Roles('secretary', 'commune_officer', 'district_leader', 'administrator')
@ApiUnauthorizedResponse({ description: 'no token, expired or invalid token' })
@ApiForbiddenResponse({ description: "hamletCode is not the account's own unit (problem other_cell for a secretary, other_unit otherwise)" })
@ApiBadRequestResponse({ description: `every problem found, each naming the field (e.g. readings[0].numerator) and the problem code. ${errors}` })
@ApiPayloadTooLargeResponse({ description: 'body larger than BODY_LIMIT' })
@ApiUnsupportedMediaTypeResponse({ description: 'Content-Type is not application/json' })
@Controller('api/v1')
export class SubmitUpdateHttpController {
  constructor(
    private readonly handler: SubmitUpdateHandler,
    private readonly batch: SubmitBatchHandler,
  ) {}

  @Post('updates')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Submit one criterion update for one’s own unit (báo cáo một tiêu chí): a secretary for the cell, an officer for the commune’s own figures',
    description:
      'Checked at once against the contract and the catalogue (known cell, criterion, indicator; value forms and ranges; numerator ≤ denominator; ' +
      'asOf not in the future; identifiers in Unicode NFC, free text normalised to NFC). reportedBy is the logged-in username. ' +
      'The accepted update is stored with its outbox row in the same transaction that decides this 202, then published to Kafka topic ' +
      'ntm.criterion-updates (key hamletCode), also while Kafka is down. eventId is chosen by the client: retrying with the same eventId and ' +
      'content returns the same answer (duplicate: true); the same eventId with different content returns 409.',
  })
  @ApiBody({ schema: clientUpdateSchema as never })
  @ApiAcceptedResponse({ type: SubmitUpdateResultDto })
  @ApiConflictResponse({ description: 'eventId already used for different content (problem reused_with_different_content)' })
  submit(@Body() body: unknown, @CurrentUser() me: Principal): Promise<SubmitUpdateResult> {
    return this.handler.execute(body, me);
  }

  @Post('updates/batch')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Submit a batch: a month’s report with several criteria at once (all or nothing)',
    description:
      'Every item is checked like POST /api/v1/updates; if ANY item is wrong, nothing is stored and the 400 lists every problem of every item ' +
      '(fields items[i]....). Otherwise all items are stored in one transaction. Each item keeps its own eventId, so retrying the batch is safe; ' +
      'an eventId reused with other content makes the whole batch 409. At most BATCH_MAX_ITEMS (60) items.',
  })
  @ApiBody({
    schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', minItems: 1, maxItems: 60, items: clientUpdateSchema as never } } },
  })
  @ApiAcceptedResponse({ type: SubmitBatchResultDto })
  @ApiConflictResponse({ description: 'an item’s eventId was already used for different content; nothing stored' })
  submitBatch(@Body() body: unknown, @CurrentUser() me: Principal): Promise<SubmitBatchResult> {
    return this.batch.execute(body, me);
  }

  @Post('submissions/:eventId/corrections')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Correct an earlier submission (sửa báo cáo): a new update that supersedes it',
    description:
      'The body is a complete new update with a NEW eventId, for the same cell and criterion; it is sent as an event with supersedes = the ' +
      'path eventId. The earlier submission stays in the history; the newest reading wins in the read models. Same answers as POST /api/v1/updates.',
  })
  @ApiBody({ schema: clientUpdateSchema as never })
  @ApiAcceptedResponse({ type: SubmitUpdateResultDto })
  correct(@Param('eventId', UuidParam) eventId: string, @Body() body: unknown, @CurrentUser() me: Principal): Promise<SubmitUpdateResult> {
    return this.handler.execute(body, me, { supersedes: eventId });
  }
}
