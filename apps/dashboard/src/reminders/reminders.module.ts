import { Module } from '@nestjs/common';
import { InboxHttpController } from '../inbox/inbox.http.controller';
import { InboxHandler } from '../inbox/inbox.handler';
import { ListRemindersHttpController } from './list-reminders.http.controller';
import { ListRemindersHandler } from './list-reminders.handler';

/** Reminders as the dashboard shows them: the operations list and each user's inbox and channel preferences. */
@Module({
  controllers: [ListRemindersHttpController, InboxHttpController],
  providers: [ListRemindersHandler, InboxHandler],
})
export class DashboardRemindersModule {}
