/**
 * The work the read API does off the request thread (./off-thread.service), as plain functions of plain data: a
 * programme day the projector does not keep (libs/domain programmeOnDay, ./compute-day), and the XLSX reports (exceljs
 * builds and zips a workbook: tens to hundreds of milliseconds that would otherwise hold every other request,
 * /health included).
 */
import type { ProgrammeDay } from '@pledge/domain';
import type { EvaluationResponseDto } from '../../evaluations/evaluations.dto';
import { districtReportWorkbook } from '../../exports/district-report';
import { evaluationWorkbook } from '../../exports/evaluation-report';
import type { ReportLang } from '../../exports/report-words';
import type { ProgressResponseDto } from '../progress.dto';
import type { ComputeDayRequest, ComputeDayState } from './compute-day';

export type OffThreadTask =
  | { kind: 'day'; request: ComputeDayRequest }
  | { kind: 'district-xlsx'; progress: ProgressResponseDto; lang: ReportLang }
  | { kind: 'evaluation-xlsx'; evaluation: EvaluationResponseDto; lang: ReportLang; demo?: boolean };

export type OffThreadResult<T extends OffThreadTask> = T extends { kind: 'day' } ? ProgrammeDay : Uint8Array;

/** Runs one task (in the worker thread, or in the calling thread where no compiled worker exists). */
export async function runTask(state: ComputeDayState, task: OffThreadTask): Promise<ProgrammeDay | Uint8Array> {
  switch (task.kind) {
    case 'day':
      return state.compute(task.request);
    case 'district-xlsx':
      return new Uint8Array(await (await districtReportWorkbook(task.progress, task.lang)).xlsx.writeBuffer());
    case 'evaluation-xlsx':
      return new Uint8Array(await (await evaluationWorkbook(task.evaluation, task.lang, task.demo === true)).xlsx.writeBuffer());
  }
}
