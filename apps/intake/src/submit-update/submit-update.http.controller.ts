import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { criterionUpdateV1Schema } from '@pledge/contracts';
import { SubmitUpdateHandler, SubmitUpdateResult } from './submit-update.handler';

const { reportedBy: _rb, schemaVersion: _sv, reportedAt: _ra, ...clientProperties } = criterionUpdateV1Schema.properties;

@ApiTags('updates')
@Controller('api/v1/updates')
export class SubmitUpdateHttpController {
  constructor(private readonly handler: SubmitUpdateHandler) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Submit one criterion update for one hamlet (báo cáo một tiêu chí)',
    description:
      'Accepted updates are stored in the outbox in the same transaction that decides this 202, then published to ' +
      'Kafka topic ntm.criterion-updates (key: hamletCode). eventId is chosen by the client: retrying with the same ' +
      'eventId and content returns the same answer; the same eventId with different content returns 409.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['eventId', 'hamletCode', 'criterionCode', 'readings', 'asOf'],
      properties: { ...clientProperties, reportedAt: criterionUpdateV1Schema.properties.reportedAt } as never,
    },
  })
  @ApiAcceptedResponse({ description: '{ eventId, status, duplicate }' })
  @ApiBadRequestResponse({ description: 'Validation errors, each naming the field and the problem (Vietnamese and English)' })
  @ApiConflictResponse({ description: 'eventId already used for different content' })
  async submit(@Body() body: Record<string, unknown>): Promise<SubmitUpdateResult> {
    const username = typeof body.reportedBy === 'string' ? body.reportedBy : 'anonymous';
    const { reportedBy: _ignored, ...update } = body;
    return this.handler.execute({ update: update as never, submittedBy: { accountId: null, username } });
  }
}
