/**
 * The catalogue workbook on disk (exceljs): the template an administrator downloads (generated from libs/domain's
 * sheet and column definitions; committed at seeds/templates/catalogue-template.xlsx) and the reader of an upload
 * into libs/domain's CatalogueWorkbook (the rules are there).
 */
import {
  CATALOGUE_INSTRUCTIONS,
  CATALOGUE_SHEETS,
  catalogueHeaderOf,
  columnOfHeader,
  CRITERIA_COLUMNS,
  INDICATOR_COLUMNS,
  sheetNameOf,
  sheetOfName,
  VERSION_FIELDS,
  type CatalogueCell,
  type CatalogueCellValue,
  type CatalogueColumnDef,
  type CatalogueProblem,
  type CatalogueSheetRow,
  type CatalogueTableSheet,
  type CatalogueWorkbook,
} from '@pledge/domain';
import ExcelJS from 'exceljs';

const VERSION_HEADERS = [
  { vi: 'Trường', en: 'Field' },
  { vi: 'Giá trị', en: 'Value' },
  { vi: 'Hướng dẫn', en: 'Help' },
];

/** The template workbook: version (one field per row), criteria, indicators, instructions (Vietnamese and English). */
export async function buildCatalogueTemplate(now: Date = new Date('2026-01-01T00:00:00Z')): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Thanh Bình pledge pipeline';
  wb.created = now;
  wb.modified = now;

  const version = wb.addWorksheet(sheetNameOf(CATALOGUE_SHEETS.version), { views: [{ state: 'frozen', ySplit: 1 }] });
  version.columns = [
    { header: catalogueHeaderOf(VERSION_HEADERS[0]), key: 'field', width: 40 },
    { header: catalogueHeaderOf(VERSION_HEADERS[1]), key: 'value', width: 50 },
    { header: catalogueHeaderOf(VERSION_HEADERS[2]), key: 'help', width: 80 },
  ];
  for (const f of VERSION_FIELDS) {
    const row = version.addRow({ field: catalogueHeaderOf(f) + (f.required ? ' *' : ''), value: null, help: `${f.helpVi} / ${f.helpEn}` });
    row.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
  }
  version.getColumn(2).numFmt = '@';

  const table = (def: (typeof CATALOGUE_SHEETS)['criteria'], columns: readonly CatalogueColumnDef[]): void => {
    const sheet = wb.addWorksheet(sheetNameOf(def), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ header: catalogueHeaderOf(c) + (c.required ? ' *' : ''), key: c.key, width: c.width }));
    columns.forEach((c, i) => {
      sheet.getCell(1, i + 1).note = `${c.helpVi}\n${c.helpEn}`;
    });
  };
  table(CATALOGUE_SHEETS.criteria, CRITERIA_COLUMNS);
  table(CATALOGUE_SHEETS.indicators, INDICATOR_COLUMNS);
  for (const s of wb.worksheets) {
    const header = s.getRow(1);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'middle' };
    header.height = 32;
  }

  const help = wb.addWorksheet(sheetNameOf(CATALOGUE_SHEETS.instructions));
  help.columns = [
    { header: 'Tiếng Việt', key: 'vi', width: 90 },
    { header: 'English', key: 'en', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const line of CATALOGUE_INSTRUCTIONS) help.addRow(line).alignment = { wrapText: true, vertical: 'top' };
  const allColumns: [string, readonly CatalogueColumnDef[]][] = [
    [sheetNameOf(CATALOGUE_SHEETS.version), VERSION_FIELDS],
    [sheetNameOf(CATALOGUE_SHEETS.criteria), CRITERIA_COLUMNS],
    [sheetNameOf(CATALOGUE_SHEETS.indicators), INDICATOR_COLUMNS],
  ];
  help.addRow({});
  for (const [sheet, cols] of allColumns) {
    help.addRow({ vi: sheet, en: sheet }).font = { bold: true };
    for (const c of cols)
      help.addRow({ vi: `${c.vi}${c.required ? ' (bắt buộc)' : ''}: ${c.helpVi}`, en: `${c.en}${c.required ? ' (required)' : ''}: ${c.helpEn}` }).alignment = {
        wrapText: true,
        vertical: 'top',
      };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Each sheet's name and its row-1 headers (the version sheet: also its field labels): what the committed template is checked by. */
export async function workbookOutline(file: Buffer): Promise<{ sheet: string; headers: string[] }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  return wb.worksheets.map((s) => {
    const headers: string[] = [];
    s.getRow(1).eachCell({ includeEmpty: false }, (cell) => headers.push(String(cell.value)));
    if (sheetOfName(s.name)?.key === 'version') for (let r = 2; r <= s.rowCount; r++) headers.push(String(s.getCell(r, 1).value ?? ''));
    return { sheet: s.name, headers };
  });
}

function valueOf(value: ExcelJS.CellValue): CatalogueCellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const t = value.normalize('NFC').trim();
    return t === '' ? null : t;
  }
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('error' in value) return String(value.error);
    if ('result' in value) return valueOf(value.result);
    if ('richText' in value) return valueOf(value.richText.map((t) => t.text).join(''));
    if ('text' in value) return valueOf(String(value.text));
  }
  return valueOf(String(value));
}

function letterOf(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A header cell's text without the template's "required" star. */
const headerText = (v: ExcelJS.CellValue): string | null => {
  const x = valueOf(v);
  return typeof x === 'string' ? x.replace(/\s*\*$/, '') : null;
};

function readTable(sheet: ExcelJS.Worksheet, columns: readonly CatalogueColumnDef[], maxRows: number): CatalogueTableSheet | CatalogueProblem {
  const at = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const h = headerText(cell.value);
    const def = h === null ? undefined : columnOfHeader(columns, h);
    if (def && !at.has(def.key)) at.set(def.key, col);
  });
  const rows: CatalogueSheetRow[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (!row.hasValues) continue;
    const cells: Record<string, CatalogueCell> = {};
    for (const [key, col] of at) {
      const value = valueOf(row.getCell(col).value);
      if (value !== null) cells[key] = { value, column: letterOf(col) };
    }
    if (Object.keys(cells).length === 0) continue;
    if (rows.length >= maxRows)
      return {
        sheet: sheet.name,
        row: r,
        column: null,
        field: '(sheet)',
        problem: 'too_many_rows',
        message: `Trang có hơn ${maxRows} dòng`,
        messageEn: `the sheet has more than ${maxRows} rows`,
      };
    rows.push({ row: r, cells });
  }
  const letters: Record<string, string> = {};
  for (const [k, col] of at) letters[k] = letterOf(col);
  return { name: sheet.name, rows, letters };
}

/** The workbook's sheets as libs/domain reads them, or the one problem that makes the file unreadable. */
export async function readCatalogueWorkbook(
  file: Buffer,
  maxRows = 5000,
): Promise<{ ok: true; workbook: CatalogueWorkbook } | { ok: false; problems: CatalogueProblem[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch (err) {
    return {
      ok: false,
      problems: [
        {
          sheet: null,
          row: null,
          column: null,
          field: '(file)',
          problem: 'not_xlsx',
          message: 'Tệp không phải bảng tính Excel (.xlsx) hay JSON; hãy dùng tệp mẫu',
          messageEn: `the file is neither an Excel workbook (.xlsx) nor JSON: ${(err as Error).message}`,
        },
      ],
    };
  }
  const out: { version?: CatalogueWorkbook['version']; criteria?: CatalogueTableSheet; indicators?: CatalogueTableSheet } = {};
  const problems: CatalogueProblem[] = [];
  for (const sheet of wb.worksheets) {
    const def = sheetOfName(sheet.name);
    if (!def || out[def.key as 'version' | 'criteria' | 'indicators']) continue;
    if (def.key === 'version') {
      const fields: Record<string, { row: number; cell: CatalogueCell }> = {};
      for (let r = 2; r <= sheet.rowCount; r++) {
        const label = headerText(sheet.getCell(r, 1).value);
        const f = label === null ? undefined : columnOfHeader(VERSION_FIELDS, label);
        if (f && !fields[f.key]) fields[f.key] = { row: r, cell: { value: valueOf(sheet.getCell(r, 2).value), column: 'B' } };
      }
      out.version = { name: sheet.name, fields };
    } else if (def.key === 'criteria' || def.key === 'indicators') {
      const t = readTable(sheet, def.key === 'criteria' ? CRITERIA_COLUMNS : INDICATOR_COLUMNS, maxRows);
      if ('rows' in t) out[def.key] = t;
      else problems.push(t);
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, workbook: out };
}
