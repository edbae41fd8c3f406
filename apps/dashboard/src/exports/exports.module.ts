import { Module } from '@nestjs/common';
import { DemoDataModule } from '../demo-data/demo-data.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { ProgressModule } from '../progress/progress.module';
import { ExportReportsHandler } from './export-reports.handler';
import { ExportReportsHttpController } from './export-reports.http.controller';

/**
 * GET /api/v1/exports/district-report.xlsx|.csv and /api/v1/exports/evaluation-{year}.xlsx, built by the very
 * handlers (and so the one cache) of the read API: GetProgressHandler from ProgressModule, GetEvaluationHandler
 * from EvaluationsModule.
 */
@Module({
  imports: [ProgressModule, EvaluationsModule, DemoDataModule],
  controllers: [ExportReportsHttpController],
  providers: [ExportReportsHandler],
})
export class ExportsModule {}
