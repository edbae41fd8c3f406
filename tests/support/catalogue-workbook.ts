import { CRITERIA_COLUMNS, INDICATOR_COLUMNS, VERSION_FIELDS, CATALOGUE_SHEETS, sheetNameOf } from '@pledge/domain';
import ExcelJS from 'exceljs';

type Cells = Record<string, string | number | boolean | null>;

/** A catalogue workbook filled into the template (from `template`, e.g. the downloaded file): cells by column key. */
export async function fillCatalogueTemplate(template: Buffer, content: { version: Cells; criteria: Cells[]; indicators: Cells[] }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const version = wb.getWorksheet(sheetNameOf(CATALOGUE_SHEETS.version))!;
  VERSION_FIELDS.forEach((f, i) => {
    if (f.key in content.version) version.getCell(i + 2, 2).value = content.version[f.key];
  });
  const fill = (name: string, keys: readonly { key: string }[], rows: Cells[]) => {
    const sheet = wb.getWorksheet(name)!;
    rows.forEach((r, ri) =>
      keys.forEach((k, ci) => {
        if (k.key in r) sheet.getCell(ri + 2, ci + 1).value = r[k.key];
      }),
    );
  };
  fill(sheetNameOf(CATALOGUE_SHEETS.criteria), CRITERIA_COLUMNS, content.criteria);
  fill(sheetNameOf(CATALOGUE_SHEETS.indicators), INDICATOR_COLUMNS, content.indicators);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A small 2026–2030 catalogue: 2 criteria, 3 indicators (levels are test values, not the decision's). 1.1 and 2.1 are
 * reported by the commune; 2.2 by the cells (hamlets), summed for the commune: what a cell re-signs and reports.
 */
export const SMALL_2026 = {
  version: {
    version: 'NTM-2026-2030',
    titleVi: 'Bộ tiêu chí xã nông thôn mới 2026–2030 (thử nghiệm)',
    titleEn: 'New-rural commune criteria 2026–2030 (test)',
    periodFrom: '2026-01-01',
    periodTo: '2030-12-31',
    deadline: '2030-12-31',
    reportingEvery: 'month',
    reportingDueDay: 5,
    standardVi: 'Xã đạt chuẩn nông thôn mới (thử nghiệm)',
    standardEn: 'New-rural commune (test)',
    legalId: 'VN-51-2025',
    legalTitle: 'QĐ 51/2025/QĐ-TTg',
    legalDate: '29/12/2025',
    legalEffective: '2026-02-15',
    legalStatus: 'test data',
  },
  criteria: [
    { code: 'TC-01', nameVi: 'Quy hoạch', nameEn: 'Planning', appliesTo: 'commune', source: 'test' },
    { code: 'TC-02', nameVi: 'Hạ tầng kinh tế – xã hội', nameEn: 'Socio-economic infrastructure', appliesTo: 'commune', source: 'test' },
  ] as Cells[],
  indicators: [
    {
      criterionCode: 'TC-01',
      code: '1.1',
      nameVi: 'Có quy hoạch chung xây dựng xã',
      nameEn: 'Commune general plan',
      kind: 'boolean',
      comparator: '==',
      threshold: 'có',
      thresholdSource: 'test',
      thresholdConfidence: 'found',
    },
    {
      criterionCode: 'TC-02',
      code: '2.1',
      nameVi: 'Tỷ lệ đường xã được cứng hóa',
      nameEn: 'Paved commune roads',
      kind: 'percentage',
      comparator: '>=',
      levelGroup1: 100,
      levelGroup2: 90,
      levelGroup3: 80,
      thresholdSource: 'test',
      thresholdConfidence: 'found',
    },
    {
      criterionCode: 'TC-02',
      code: '2.2',
      nameVi: 'Số điểm sinh hoạt văn hóa',
      nameEn: 'Cultural venues',
      kind: 'count',
      unit: 'điểm',
      comparator: '>=',
      reportedBy: 'cell',
      rollup: 'sum',
    },
  ] as Cells[],
};

/** The same catalogue with several mistakes (each a different rule). */
export const BROKEN_2026 = {
  version: { ...SMALL_2026.version, periodTo: '31/13/2030' },
  criteria: [...SMALL_2026.criteria, { code: 'TC-02', nameVi: 'Trùng mã', nameEn: 'Duplicate code', appliesTo: 'commune', source: 'test' }] as Cells[],
  indicators: [
    { ...SMALL_2026.indicators[0], kind: 'yes-no' },
    { ...SMALL_2026.indicators[1], levelGroup2: 'chín mươi' },
    { ...SMALL_2026.indicators[2], criterionCode: 'TC-09' },
  ] as Cells[],
};
