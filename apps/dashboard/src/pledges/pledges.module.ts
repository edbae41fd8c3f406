import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module';
import { ListPledgesHandler } from './list-pledges.handler';
import { ListPledgesHttpController } from './list-pledges.http.controller';

/** GET /api/v1/pledges. */
@Module({
  imports: [ProgressModule],
  controllers: [ListPledgesHttpController],
  providers: [ListPledgesHandler],
})
export class PledgesModule {}
