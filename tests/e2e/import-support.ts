import ExcelJS from 'exceljs';
import type { Client } from 'pg';

/** Helpers of the spreadsheet-import tests: what the app's template holds, and values a filled-in row may carry. */

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A row of the template: a unit, an indicator it reports, and the indicator's kind and range (from the catalogue). */
export interface TemplatePair {
  unitCode: string;
  criterionCode: string;
  indicatorCode: string;
  kind: string;
  range: { min?: number; max?: number } | null;
}

/** The header (row 1) and the rows of a template's data sheet, with each indicator's kind read from the database. */
export async function readTemplate(file: ArrayBuffer | Buffer, pg: Client): Promise<{ header: string[]; pairs: TemplatePair[]; dates: (Date | null)[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as ArrayBuffer);
  const sheet = wb.getWorksheet('Số liệu');
  if (!sheet) throw new Error('the template has no sheet "Số liệu"');
  const header = (sheet.getRow(1).values as string[]).slice(1);
  const kinds = new Map<string, { kind: string; range: TemplatePair['range'] }>(
    (await pg.query(`SELECT criterion_code || '/' || code AS k, kind, range FROM indicator WHERE catalogue_version = 'NTM-2021-2025'`)).rows.map((r) => [
      r.k,
      { kind: r.kind, range: r.range },
    ]),
  );
  const pairs: TemplatePair[] = [];
  const dates: (Date | null)[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const [unitCode, , criterionCode, indicatorCode, , , asOf] = (row.values as unknown[]).slice(1) as [
      string,
      string,
      string,
      string,
      string,
      string,
      Date | null,
    ];
    pairs.push({ unitCode, criterionCode, indicatorCode, ...kinds.get(`${criterionCode}/${indicatorCode}`)! });
    dates.push(asOf ?? null);
  });
  return { header, pairs, dates };
}

/** [value, numerator, denominator] of a valid reading number `i` of a pair, as an officer types it. */
export function validValues(p: TemplatePair, i: number): [unknown, unknown, unknown] {
  if (p.kind === 'percentage') {
    const denominator = 200 + (i % 50);
    return [null, denominator - (i % 30), denominator];
  }
  if (p.kind === 'boolean') return [i % 3 ? 'Đạt' : 'Không đạt', null, null];
  if (p.kind === 'count') return [(p.range?.min ?? 0) + (i % 40), null, null];
  return [(p.range?.min ?? 0) + (i % 10) + 0.5, null, null];
}

/** Days of the programme 2021–2025 (the 15th and the last of each month), oldest first. */
export function programmeDays(): string[] {
  const days: string[] = [];
  for (let y = 2021; y <= 2025; y++)
    for (let m = 1; m <= 12; m++)
      for (const d of [15, new Date(Date.UTC(y, m, 0)).getUTCDate()]) days.push(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  return days;
}
