import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const INBOX_CHANNELS = ['inbox', 'email', 'webhook'] as const;

export class InboxMessageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Title, Vietnamese by default (English for accounts whose locale is en)', example: 'Nhắc hạn giao ước thi đua: Ấp Trung' })
  title: string;
  @ApiProperty({
    description: 'Plain text, one line per item ("\\n" separated)',
    example: 'Chi bộ Ấp Trung có 1 chỉ tiêu giao ước thi đua cần cập nhật kết quả:\n- Tiêu chí AP-01 …: hạn 30/06/2025 (còn 7 ngày)',
  })
  body: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Absolute link to act on it (PUBLIC_BASE_URL + /submit?cell=…, /units/<commune>, /)' })
  link: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    enum: ['pledge_due', 'report_missing', 'escalation', 'digest'],
    description: 'Kind of reminder (null for other messages)',
  })
  kind: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The cell (pledge, report), the commune (escalation) or null (digest)' })
  unitId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'When the user marked it read; null = unread' })
  readAt: string | null;
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxMessageDto], description: 'Newest first' }) items: InboxMessageDto[];
  @ApiProperty({ description: 'Unread messages of the user in total' }) unread: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `before` to get the next (older) page; null on the last page' })
  nextBefore: string | null;
}

export class MarkReadDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) readAt: string;
}

export class MarkAllReadDto {
  @ApiProperty({ description: 'Messages that were unread and are now read' }) updated: number;
}

export class NotificationPreferencesDto {
  @ApiProperty({ enum: INBOX_CHANNELS, isArray: true, description: 'Channels the account receives reminders on' }) channels: string[];
  @ApiProperty({
    description:
      'True when no preference is stored: the defaults apply (inbox, plus e-mail and webhook when the account has an address and the installation has the channel configured)',
  })
  defaults: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The account’s e-mail address (needed for the email channel)' }) email: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The account’s phone number (needed for the webhook channel: SMS/Zalo gateway)' }) phone:
    string | null;
}

export class UpdateNotificationPreferencesDto {
  @ApiProperty({
    enum: INBOX_CHANNELS,
    isArray: true,
    example: ['inbox', 'email'],
    description: 'At least one; email needs an e-mail address on the account, webhook a phone number',
  })
  channels: string[];
}
