import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard, Roles } from '@pledge/auth';
import { ReminderListDto } from './list-reminders.dto';
import { ListRemindersHandler } from './list-reminders.handler';

@ApiTags('reminders')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('administrator', 'district_leader')
@Controller('api/v1/reminders')
export class ListRemindersHttpController {
  constructor(private readonly handler: ListRemindersHandler) {}

  @Get()
  @ApiOperation({
    summary: 'Reminders (planned, sending, sent, cancelled, failed) with their deliveries, newest first',
    description: 'For administrators and district leaders (operations view). Each user reads their own messages at GET /api/v1/inbox.',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['planned', 'sending', 'sent', 'cancelled', 'failed'] })
  @ApiQuery({ name: 'kind', required: false, enum: ['pledge_due', 'report_missing', 'escalation', 'digest'] })
  @ApiQuery({ name: 'unitId', required: false })
  @ApiQuery({ name: 'pledgeItemId', required: false })
  @ApiQuery({ name: 'recipient', required: false, description: 'username' })
  @ApiQuery({ name: 'limit', required: false, description: '1..1000, default 100' })
  @ApiOkResponse({ type: ReminderListDto })
  list(
    @Query('status') status?: string,
    @Query('kind') kind?: string,
    @Query('unitId') unitId?: string,
    @Query('pledgeItemId') pledgeItemId?: string,
    @Query('recipient') recipient?: string,
    @Query('limit') limit?: string,
  ): Promise<ReminderListDto> {
    return this.handler.execute({ status, kind, unitId, pledgeItemId, recipient, limit });
  }
}
