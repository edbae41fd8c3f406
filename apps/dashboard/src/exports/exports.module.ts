import { Module } from '@nestjs/common';
import { GetEvaluationHandler } from '../evaluations/get-evaluation.handler';
import { GetProgressHandler } from '../progress/get-progress.handler';
import { ProgressModule } from '../progress/progress.module';
import { ExportReportsHandler } from './export-reports.handler';
import { ExportReportsHttpController } from './export-reports.http.controller';

/** GET /api/v1/exports/district-report.xlsx|.csv and /api/v1/exports/evaluation-{year}.xlsx. */
@Module({
  imports: [ProgressModule],
  controllers: [ExportReportsHttpController],
  providers: [GetProgressHandler, GetEvaluationHandler, ExportReportsHandler],
})
export class ExportsModule {}
