import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module';
import { ListCriteriaHandler } from './list-criteria.handler';
import { ListCriteriaHttpController } from './list-criteria.http.controller';

/** GET /api/v1/criteria. */
@Module({
  imports: [ProgressModule],
  controllers: [ListCriteriaHttpController],
  providers: [ListCriteriaHandler],
})
export class CriteriaModule {}
