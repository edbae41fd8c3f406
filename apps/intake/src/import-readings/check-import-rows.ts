import { canImportReadingsFor, type Principal } from '@pledge/auth';
import type { CriterionUpdateV1, RejectionReason } from '@pledge/contracts';
import { catalogueVersionOn, checkCriterionUpdate, type SubmissionReference } from '@pledge/domain';
import type { ReadingImportProblem } from '@pledge/persistence';
import { stableUuid } from '@pledge/platform';
import type { CellContent, ReadSheet, SheetRow } from './read-spreadsheet';
import { foldText, type ColumnKey } from './spreadsheet-columns';

/** A row the rules accepted: the update it becomes. */
export interface ImportedRow {
  row: number;
  update: CriterionUpdateV1;
}

export interface CheckedRows {
  valid: ImportedRow[];
  problems: ReadingImportProblem[];
  invalidRows: number;
}

/** The eventId of row `row` of the file with checksum `sha256`: the same file uploaded again gives the same events. */
export const importEventId = (sha256: string, row: number): string => stableUuid(`reading-import:${sha256}:${row}`);

/** Where a rule's field is in the sheet. */
function columnOfField(field: string): ColumnKey | null {
  if (field === 'hamletCode') return 'unitCode';
  if (field === 'criterionCode') return 'criterionCode';
  if (field === 'asOf') return 'asOf';
  if (field === 'note') return 'note';
  if (field === 'readings[0].indicatorCode') return 'indicatorCode';
  if (field === 'readings[0].numerator') return 'numerator';
  if (field === 'readings[0].denominator') return 'denominator';
  if (field === 'readings[0].value' || field === 'readings[0]' || field === 'readings') return 'value';
  return null;
}

const YES = new Set(['co', 'dat', 'x', 'yes', 'true', '1', 'y']);
const NO = new Set(['khong', 'khong dat', 'chua dat', 'no', 'false', '0', 'n']);

/** "12,5" (Vietnamese decimal comma), "1.234,5", "12.5", "1 234" → number; undefined when it is not a number. */
export function numberOfText(text: string): number | undefined {
  let t = text.replace(/[\s\u00a0]/g, '');
  if (/^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) t = t.replace(/\./g, '').replace(',', '.');
  else if (/^[-+]?\d+,\d+$/.test(t)) t = t.replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy), yyyy-mm-dd, or an Excel date → YYYY-MM-DD; undefined otherwise. */
export function dateOfCell(c: CellContent): string | undefined {
  if ('date' in c) return Number.isNaN(c.date.getTime()) ? undefined : c.date.toISOString().slice(0, 10);
  if (!('text' in c)) return undefined;
  let y: number, m: number, d: number;
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(c.text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(c.text);
  if (vn) [d, m, y] = [Number(vn[1]), Number(vn[2]), Number(vn[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return undefined;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return t.toISOString().slice(0, 10);
}

const textOf = (c: CellContent | undefined): string | undefined =>
  !c
    ? undefined
    : 'text' in c
      ? c.text
      : 'number' in c
        ? String(c.number)
        : 'bool' in c
          ? String(c.bool)
          : 'date' in c
            ? c.date.toISOString().slice(0, 10)
            : undefined;

/**
 * Every row through the same rules as a report from a phone (@pledge/domain checkCriterionUpdate), after the sheet's
 * own checks (a date, numbers where numbers go, yes/no for yes/no indicators) and the uploader's scope (an officer:
 * the commune's cells and the commune; an administrator: any unit). Each problem names the row and the column. A row
 * repeating an earlier row's unit, indicator and date is a problem too (which of the two would count is unclear).
 */
export async function checkImportRows(
  sheet: ReadSheet,
  ctx: { ref: SubmissionReference; principal: Principal; sha256: string; reportedAt: string; now: Date },
  onProgress?: (checked: number) => Promise<void>,
): Promise<CheckedRows> {
  const valid: ImportedRow[] = [];
  const problems: ReadingImportProblem[] = [];
  let invalidRows = 0;
  const seen = new Map<string, number>();
  for (const [i, r] of sheet.rows.entries()) {
    const own = checkRow(r, ctx, sheet);
    let update = own.update;
    if (update) {
      const key = `${update.hamletCode}|${update.criterionCode}|${update.readings[0].indicatorCode}|${update.asOf}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        own.problems.push(
          problemAt(r.row, 'indicatorCode', sheet, {
            field: 'readings[0].indicatorCode',
            problem: 'duplicate_row',
            message: `Trùng với dòng ${earlier}: cùng đơn vị, chỉ tiêu và ngày số liệu`,
            messageEn: `repeats row ${earlier}: the same unit, indicator and day`,
          }),
        );
        update = undefined;
      } else seen.set(key, r.row);
    }
    if (update) valid.push({ row: r.row, update });
    else invalidRows++;
    problems.push(...own.problems);
    if (onProgress && (i + 1) % 500 === 0) await onProgress(i + 1); // also lets other requests in between
  }
  return { valid, problems, invalidRows };
}

function problemAt(row: number, column: ColumnKey | null, sheet: ReadSheet, r: RejectionReason): ReadingImportProblem {
  return {
    row,
    column,
    cell: column && sheet.letters[column] ? `${sheet.letters[column]}${row}` : null,
    field: r.field,
    problem: r.problem,
    message: r.message,
    messageEn: r.messageEn,
  };
}

function checkRow(
  r: SheetRow,
  ctx: { ref: SubmissionReference; principal: Principal; sha256: string; reportedAt: string; now: Date },
  sheet: ReadSheet,
): { update?: CriterionUpdateV1; problems: ReadingImportProblem[] } {
  const problems: ReadingImportProblem[] = [];
  const at = (column: ColumnKey | null, reason: RejectionReason) => problems.push(problemAt(r.row, column, sheet, reason));
  const c = r.cells;
  const unitCode = textOf(c.unitCode);
  const criterionCode = textOf(c.criterionCode);
  const indicatorCode = textOf(c.indicatorCode);
  const note = textOf(c.note);
  for (const [key, v, vi, en] of [
    ['unitCode', unitCode, 'Mã đơn vị', 'Unit code'],
    ['criterionCode', criterionCode, 'Mã tiêu chí', 'Criterion'],
    ['indicatorCode', indicatorCode, 'Mã chỉ tiêu', 'Indicator'],
  ] as const)
    if (!v) at(key, { field: key, problem: 'required', message: `Thiếu "${vi}"`, messageEn: `"${en}" is missing` });

  let asOf: string | undefined;
  if (!c.asOf)
    at('asOf', { field: 'asOf', problem: 'required', message: 'Thiếu ngày số liệu', messageEn: 'the day the figures describe ("As of") is missing' });
  else {
    asOf = dateOfCell(c.asOf);
    if (!asOf)
      at('asOf', {
        field: 'asOf',
        problem: 'invalid_date',
        message: `"${textOf(c.asOf)}" không phải ngày hợp lệ (ngày/tháng/năm)`,
        messageEn: `"${textOf(c.asOf)}" is not a valid date (dd/mm/yyyy)`,
      });
  }

  // the indicator's kind, when the codes are known, decides how the value cell is read
  const version = asOf ? catalogueVersionOn(ctx.ref.versions, asOf) : undefined;
  const kind = version && criterionCode && indicatorCode ? ctx.ref.indicators.get(`${version.id}/${criterionCode}/${indicatorCode}`)?.kind : undefined;
  const reading: Record<string, unknown> = { indicatorCode: indicatorCode ?? '' };
  const number = (key: 'value' | 'numerator' | 'denominator', vi: string, en: string): number | undefined => {
    const cell = c[key];
    if (!cell) return undefined;
    if ('number' in cell) return cell.number;
    if ('error' in cell) {
      at(key, {
        field: key,
        problem: 'formula_error',
        message: `Ô ${vi} có lỗi công thức (${cell.error})`,
        messageEn: `the ${en} cell holds a formula error (${cell.error})`,
      });
      return undefined;
    }
    const n = 'text' in cell ? numberOfText(cell.text) : undefined;
    if (n === undefined)
      at(key, {
        field: key,
        problem: 'number_required',
        message: `${vi} "${textOf(cell)}" không phải là số`,
        messageEn: `${en} "${textOf(cell)}" is not a number`,
      });
    return n;
  };
  if (c.numerator || c.denominator) {
    const numerator = number('numerator', 'Tử số', 'Numerator');
    const denominator = number('denominator', 'Mẫu số', 'Denominator');
    if (numerator !== undefined) reading.numerator = numerator;
    if (denominator !== undefined) reading.denominator = denominator;
  }
  if (c.value) {
    const v = c.value;
    if (kind === 'boolean' && !('bool' in v)) {
      const word = foldText(textOf(v) ?? '');
      if (YES.has(word)) reading.value = true;
      else if (NO.has(word)) reading.value = false;
      else
        at('value', {
          field: 'value',
          problem: 'boolean_required',
          message: `"${textOf(v)}": ghi "Đạt" hoặc "Không đạt"`,
          messageEn: `"${textOf(v)}": write "Đạt" (yes) or "Không đạt" (no)`,
        });
    } else if ('bool' in v) reading.value = v.bool;
    else {
      const n = number('value', 'Giá trị', 'Value');
      if (n !== undefined) reading.value = n;
    }
  }
  if (problems.length) return { problems };

  const candidate = {
    eventId: importEventId(ctx.sha256, r.row),
    schemaVersion: 1,
    hamletCode: unitCode,
    criterionCode,
    readings: [reading],
    asOf,
    reportedAt: ctx.reportedAt,
    reportedBy: ctx.principal.username,
    ...(note ? { note } : {}),
  };
  const check = checkCriterionUpdate(candidate, ctx.ref, ctx.now);
  if (!check.ok) for (const reason of check.reasons) at(columnOfField(reason.field), reason);
  const unit = ctx.ref.cells.get(unitCode!);
  if (unit && !canImportReadingsFor(ctx.principal, { id: unit.id, communeId: unit.communeId }))
    at('unitCode', {
      field: 'hamletCode',
      problem: 'outside_scope',
      message: `Tài khoản ${ctx.principal.username} chỉ được nhập số liệu của xã ${ctx.principal.unitId} và các chi bộ trong xã, không phải ${unit.id}`,
      messageEn: `account ${ctx.principal.username} may only import readings of commune ${ctx.principal.unitId} and its cells, not ${unit.id}`,
    });
  return problems.length || !check.ok ? { problems } : { update: check.update, problems };
}
