import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ReminderDeliveryDto {
  @ApiProperty({ enum: ['inbox', 'email', 'webhook'] }) channel: string;
  @ApiProperty({ enum: ['pending', 'sending', 'delivered', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) deliveredAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lastError: string | null;
}

export class ReminderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['pledge_due', 'report_missing', 'escalation', 'digest'] }) kind: string;
  @ApiProperty({ enum: ['planned', 'sending', 'sent', 'cancelled', 'failed'] }) status: string;
  @ApiProperty({ description: 'Channels chosen at dispatch (empty while planned)', isArray: true, type: String }) channels: string[];
  @ApiProperty({ format: 'date-time', description: 'When it fires (or fired); moved later only by quiet hours or the rate limit' }) fireAt: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) dispatchedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'When every delivery became final' }) sentAt: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Why it was cancelled: item_met, item_waived, reported, nothing_late, not_relevant, replanned, recipient_inactive, unknown_scope',
  })
  cancelReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) unitId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The pledge item when the message is about exactly one' }) pledgeItemId: string | null;
  @ApiProperty({ type: [String], description: 'Every pledge item the message is about (pledge_due)' }) pledgeItemIds: string[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Username of the recipient' }) recipient: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Title as sent (null until dispatched)' }) title: string | null;
  @ApiProperty({ type: [ReminderDeliveryDto] }) deliveries: ReminderDeliveryDto[];
}

export class ReminderListDto {
  @ApiProperty({ type: [ReminderDto], description: 'Newest first (by sent/fire time)' }) items: ReminderDto[];
}
