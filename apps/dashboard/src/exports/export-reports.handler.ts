import { Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import { GetEvaluationHandler } from '../evaluations/get-evaluation.handler';
import { DemoDataService } from '../demo-data/demo-data.service';
import { GetProgressHandler } from '../progress/get-progress.handler';
import { OffThreadService } from '../progress/programme/off-thread.service';
import { csvTableOf, districtReportCsv, type CsvTable } from './district-report';
import { langOf } from './report-words';

/**
 * Exports: the district report (XLSX, CSV) built from the same handler that answers GET /api/v1/progress, and the
 * year-end evaluation report from the one that answers GET /api/v1/evaluations/{year}, so the files always show
 * the figures of the API and of the dashboard, for the caller's scope. Workbooks are built off the request thread.
 */
@Injectable()
export class ExportReportsHandler {
  constructor(
    private readonly progress: GetProgressHandler,
    private readonly evaluations: GetEvaluationHandler,
    private readonly offThread: OffThreadService,
    private readonly demo: DemoDataService,
  ) {}

  async districtXlsx(me: Principal, q: { asOf?: string; lang?: string; programme?: string }): Promise<{ buffer: Buffer; asOf: string }> {
    const p = await this.progress.execute(me, { asOf: q.asOf, programme: q.programme });
    const bytes = await this.offThread.run({ kind: 'district-xlsx', progress: p, lang: langOf(q.lang) });
    return { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), asOf: p.asOf };
  }

  async districtCsv(
    me: Principal,
    q: { asOf?: string; lang?: string; table?: string; programme?: string },
  ): Promise<{ text: string; asOf: string; table: CsvTable }> {
    const p = await this.progress.execute(me, { asOf: q.asOf, programme: q.programme });
    const table = csvTableOf(q.table);
    return { text: districtReportCsv(p, table, q.lang), asOf: p.asOf, table };
  }

  async evaluationXlsx(me: Principal, year: string, lang?: string, programme?: string): Promise<{ buffer: Buffer; year: number }> {
    const e = await this.evaluations.execute(me, year, { programme });
    const bytes = await this.offThread.run({ kind: 'evaluation-xlsx', evaluation: e, lang: langOf(lang), demo: await this.demo.present() });
    return { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), year: e.year };
  }
}
