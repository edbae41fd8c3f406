import { SUBMISSION_STATUSES } from '@pledge/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@pledge/auth';
import { z } from 'zod';
import { parseBody, UuidParam } from '../http/body';
import { ListSubmissionsQuery } from './list-submissions.query';
import { SubmissionPageDto, SubmissionView, SubmissionViewDto } from './submission-view';

const filterSchema = z
  .object({
    status: z.enum(SUBMISSION_STATUSES).optional(),
    criterionCode: z.string().max(32).optional(),
    hamletCode: z.string().max(64).optional(),
    reviewStatus: z.enum(['verified', 'returned', 'none']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict(); // an unknown query parameter is a 400, never silently ignored

const filterDocs = () => (target: object, key: string | symbol, desc: PropertyDescriptor) => {
  ApiQuery({ name: 'status', required: false, enum: SUBMISSION_STATUSES })(target, key, desc);
  ApiQuery({ name: 'criterionCode', required: false })(target, key, desc);
  ApiQuery({ name: 'reviewStatus', required: false, enum: ['verified', 'returned', 'none'] })(target, key, desc);
  ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })(target, key, desc);
  ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })(target, key, desc);
};

@ApiTags('submissions')
@ApiBearerAuth()
@Controller('api/v1')
export class ListSubmissionsHttpController {
  constructor(private readonly query: ListSubmissionsQuery) {}

  @Get('submissions')
  @ApiOperation({
    summary:
      'The submissions of one’s own unit (a secretary: the cell; an officer: the commune’s own figures), newest first, with processing status, rejection reasons and the commune’s review',
    description: 'status: accepted → recorded (event store) → projected (read models), or rejected with the reasons ingest gave.',
  })
  @filterDocs()
  @ApiOkResponse({ type: SubmissionPageDto })
  mine(@CurrentUser() me: Principal, @Query() q: Record<string, unknown>) {
    return this.query.mine(me, parseBody(filterSchema, q));
  }

  @Get('submissions/:eventId')
  @ApiOperation({ summary: 'One submission (secretary: own cell; officer: own commune; leaders, administrators: all)' })
  @ApiOkResponse({ type: SubmissionViewDto })
  @ApiNotFoundResponse({ description: 'no such submission in the caller’s scope' })
  one(@CurrentUser() me: Principal, @Param('eventId', UuidParam) eventId: string): Promise<SubmissionView> {
    return this.query.one(me, eventId);
  }

  @Roles('commune_officer', 'district_leader', 'administrator')
  @Get('communes/:communeId/submissions')
  @ApiOperation({ summary: 'The submissions of a commune’s cells (cán bộ xã: own commune; district roles: any), newest first' })
  @filterDocs()
  @ApiQuery({ name: 'hamletCode', required: false })
  @ApiOkResponse({ type: SubmissionPageDto })
  @ApiForbiddenResponse({ description: 'another commune' })
  ofCommune(@CurrentUser() me: Principal, @Param('communeId') communeId: string, @Query() q: Record<string, unknown>) {
    return this.query.ofCommune(me, communeId, parseBody(filterSchema, q));
  }
}
