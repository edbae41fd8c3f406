import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@pledge/auth';
import { z } from 'zod';
import { parseBody, text, UuidParam } from '../http/body';
import { SubmissionView, SubmissionViewDto } from '../list-submissions/submission-view';
import { ReviewSubmissionHandler } from './review-submission.handler';

class VerifyRequest {
  @ApiPropertyOptional({ maxLength: 1000 }) comment?: string;
}
class ReturnRequest {
  @ApiProperty({ minLength: 1, maxLength: 1000, example: 'Mẫu số hộ dân chưa khớp với số liệu xã, đề nghị kiểm tra lại' }) comment: string;
}

@ApiTags('submissions')
@ApiBearerAuth()
@Roles('commune_officer')
@ApiForbiddenResponse({ description: 'not the officer of the cell’s commune' })
@ApiConflictResponse({ description: 'rejected submissions cannot be reviewed; only recorded ones can be verified' })
@Controller('api/v1/submissions/:eventId')
export class ReviewSubmissionHttpController {
  constructor(private readonly handler: ReviewSubmissionHandler) {}

  @Post('verify')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Verify a submission of a cell of one’s commune (xác nhận)' })
  @ApiBody({ type: VerifyRequest, required: false })
  @ApiOkResponse({ type: SubmissionViewDto })
  verify(@CurrentUser() me: Principal, @Param('eventId', UuidParam) eventId: string, @Body() body: unknown): Promise<SubmissionView> {
    const { comment } = parseBody(z.object({ comment: text(1, 1000).optional() }).strict(), body ?? {});
    return this.handler.execute(me, eventId, 'verified', comment ?? null);
  }

  @Post('return')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Return a submission for correction, with a comment the secretary sees (trả lại để sửa)' })
  @ApiBody({ type: ReturnRequest })
  @ApiOkResponse({ type: SubmissionViewDto })
  returnForCorrection(@CurrentUser() me: Principal, @Param('eventId', UuidParam) eventId: string, @Body() body: unknown): Promise<SubmissionView> {
    const { comment } = parseBody(z.object({ comment: text(1, 1000) }).strict(), body);
    return this.handler.execute(me, eventId, 'returned', comment);
  }
}
