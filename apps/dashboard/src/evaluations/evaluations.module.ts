import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module';
import { EvaluationsHttpController } from './evaluations.http.controller';
import { GetEvaluationHandler } from './get-evaluation.handler';

/** GET /api/v1/evaluations/{year}, /api/v1/evaluations/settings. */
@Module({
  imports: [ProgressModule],
  controllers: [EvaluationsHttpController],
  providers: [GetEvaluationHandler],
  exports: [GetEvaluationHandler],
})
export class EvaluationsModule {}
