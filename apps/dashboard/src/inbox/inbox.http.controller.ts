import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentUser, type Principal } from '@pledge/auth';
import { InboxPageDto, MarkAllReadDto, MarkReadDto, NotificationPreferencesDto, UpdateNotificationPreferencesDto } from './inbox.dto';
import { InboxHandler } from './inbox.handler';

/** The caller's in-app inbox (reminders, summaries, digests) and the channels reminders reach them on. */
@ApiTags('inbox')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/v1/inbox')
export class InboxHttpController {
  constructor(private readonly inbox: InboxHandler) {}

  @Get()
  @ApiOperation({ summary: 'My inbox, newest first (hộp thư nhắc việc)' })
  @ApiQuery({ name: 'unread', required: false, enum: ['true', 'false'], description: 'true: unread messages only' })
  @ApiQuery({ name: 'limit', required: false, description: '1..200, default 50' })
  @ApiQuery({ name: 'before', required: false, description: 'ISO instant: messages created before it (the previous page’s nextBefore)' })
  @ApiOkResponse({ type: InboxPageDto })
  list(
    @CurrentUser() me: Principal,
    @Query('unread') unread?: string,
    @Query('limit') limit?: string,
    @Query('before') before?: string,
  ): Promise<InboxPageDto> {
    return this.inbox.list(me.accountId, { unread, limit, before });
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all my messages read' })
  @ApiOkResponse({ type: MarkAllReadDto })
  readAll(@CurrentUser() me: Principal): Promise<MarkAllReadDto> {
    return this.inbox.markAllRead(me.accountId);
  }

  @Get('preferences')
  @ApiOperation({ summary: 'The channels my reminders come on (in-app, e-mail, webhook to an SMS/Zalo gateway)' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  preferences(@CurrentUser() me: Principal): Promise<NotificationPreferencesDto> {
    return this.inbox.preferences(me.accountId);
  }

  @Put('preferences')
  @ApiOperation({ summary: 'Choose the channels my reminders come on' })
  @ApiBody({ type: UpdateNotificationPreferencesDto })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  setPreferences(@CurrentUser() me: Principal, @Body() body: UpdateNotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    return this.inbox.setPreferences(me.accountId, me.username, body);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my messages read (404 for another user’s message)' })
  @ApiOkResponse({ type: MarkReadDto })
  read(@CurrentUser() me: Principal, @Param('id') id: string): Promise<MarkReadDto> {
    return this.inbox.markRead(me.accountId, id);
  }
}
