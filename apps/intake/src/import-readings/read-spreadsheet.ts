import type { ReadingImportProblem } from '@pledge/persistence';
import ExcelJS from 'exceljs';
import { ColumnKey, columnLetter, columnOfHeader, COLUMNS, DATA_SHEET, foldText, headerOf } from './spreadsheet-columns';

/** A cell's content as the reader sees it: text (NFC, trimmed), a number, a date, a yes/no, or an Excel error. */
export type CellContent = { text: string } | { number: number } | { date: Date } | { bool: boolean } | { error: string };

/** A row of the data sheet with something in it: its number as Excel shows it, and its cells by column. */
export interface SheetRow {
  row: number;
  cells: Partial<Record<ColumnKey, CellContent>>;
}

export interface ReadSheet {
  rows: SheetRow[];
  /** Where each column is in the uploaded sheet (its letter), for the problems. */
  letters: Partial<Record<ColumnKey, string>>;
}

/** The file cannot be read as a readings spreadsheet at all (the job fails with this problem). */
export class UnreadableSpreadsheet extends Error {
  constructor(readonly detail: ReadingImportProblem) {
    super(detail.messageEn);
  }
}

const fileProblem = (problem: string, message: string, messageEn: string, row: number | null = null): ReadingImportProblem => ({
  row,
  column: null,
  cell: null,
  field: '(file)',
  problem,
  message,
  messageEn,
});

function contentOf(value: ExcelJS.CellValue): CellContent | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return { number: value };
  if (typeof value === 'boolean') return { bool: value };
  if (typeof value === 'string') {
    const text = value.normalize('NFC').trim();
    return text ? { text } : undefined;
  }
  if (value instanceof Date) return { date: value };
  if (typeof value === 'object') {
    if ('error' in value) return { error: String(value.error) };
    if ('result' in value) return contentOf(value.result); // a formula: its last computed result
    if ('richText' in value) return contentOf(value.richText.map((t) => t.text).join(''));
    if ('text' in value) return contentOf(String(value.text)); // a hyperlink
  }
  return contentOf(String(value));
}

/**
 * Reads the data sheet of an uploaded workbook: the sheet named like the template's ("Số liệu" / "Readings"), else
 * the first one; columns found by their header in row 1 (so they may be moved, and the information columns dropped);
 * every later row with something in an input column. Throws {@link UnreadableSpreadsheet} for a file that is not an
 * .xlsx workbook, has no sheet, lacks a required column, or has more than `maxRows` rows.
 */
export async function readSpreadsheet(file: Buffer, maxRows: number): Promise<ReadSheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch (err) {
    throw new UnreadableSpreadsheet(
      fileProblem(
        'not_xlsx',
        'Tệp không phải bảng tính Excel (.xlsx); hãy dùng tệp mẫu của hệ thống',
        `the file is not an Excel workbook (.xlsx): ${(err as Error).message}`,
      ),
    );
  }
  const sheets = wb.worksheets;
  const sheet = sheets.find((s) => [foldText(DATA_SHEET.vi), foldText(DATA_SHEET.en)].includes(foldText(s.name))) ?? sheets[0];
  if (!sheet) throw new UnreadableSpreadsheet(fileProblem('no_sheet', 'Bảng tính không có trang nào', 'the workbook has no sheet'));

  const at = new Map<ColumnKey, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const header = contentOf(cell.value);
    const def = header && 'text' in header ? columnOfHeader(header.text) : undefined;
    if (def && !at.has(def.key)) at.set(def.key, col);
  });
  const missing = COLUMNS.filter((c) => c.required && !at.has(c.key));
  if (missing.length)
    throw new UnreadableSpreadsheet(
      fileProblem(
        'missing_column',
        `Trang "${sheet.name}" thiếu cột ${missing.map((c) => `"${c.vi}"`).join(', ')} ở dòng 1; hãy dùng tệp mẫu của hệ thống`,
        `sheet "${sheet.name}" has no column ${missing.map((c) => `"${headerOf(c)}"`).join(', ')} in row 1; use the system's template`,
        1,
      ),
    );
  if (!['value', 'numerator', 'denominator'].some((k) => at.has(k as ColumnKey)))
    throw new UnreadableSpreadsheet(
      fileProblem(
        'missing_column',
        'Bảng tính thiếu cột "Giá trị" hoặc "Tử số"/"Mẫu số" ở dòng 1',
        'the sheet has no "Value" nor "Numerator"/"Denominator" column in row 1',
        1,
      ),
    );

  const inputs = COLUMNS.filter((c) => !c.info && at.has(c.key));
  const valueKeys: ColumnKey[] = ['value', 'numerator', 'denominator', 'note'];
  const rows: SheetRow[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (!row.hasValues) continue;
    const cells: SheetRow['cells'] = {};
    for (const c of inputs) {
      const content = contentOf(row.getCell(at.get(c.key)!).value);
      if (content) cells[c.key] = content;
    }
    // a template row nobody filled in (no value, no note; the date may be prefilled) is not a reading
    if (!valueKeys.some((k) => cells[k])) continue;
    if (rows.length >= maxRows)
      throw new UnreadableSpreadsheet(
        fileProblem(
          'too_many_rows',
          `Bảng tính có hơn ${maxRows} dòng số liệu; hãy chia thành nhiều tệp`,
          `the sheet has more than ${maxRows} rows of readings; split it into several files`,
        ),
      );
    rows.push({ row: r, cells });
  }
  const letters: ReadSheet['letters'] = {};
  for (const [k, col] of at) letters[k] = columnLetter(col);
  return { rows, letters };
}
