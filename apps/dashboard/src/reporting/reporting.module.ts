import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module';
import { GetReportingHandler } from './get-reporting.handler';
import { GetReportingHttpController } from './get-reporting.http.controller';

/** GET /api/v1/reporting: reporting completeness per period (the projector's rm_reporting_summary and rm_cell_report). */
@Module({
  imports: [ProgressModule],
  controllers: [GetReportingHttpController],
  providers: [GetReportingHandler],
  exports: [GetReportingHandler],
})
export class ReportingModule {}
