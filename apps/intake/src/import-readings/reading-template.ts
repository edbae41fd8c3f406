import { catalogueVersionOn, checkCriterionUpdate, type SubmissionReference } from '@pledge/domain';
import ExcelJS from 'exceljs';
import { COLUMNS, DATA_SHEET, headerOf } from './spreadsheet-columns';

/** A unit whose readings the template asks for (in the uploader's scope). */
export interface TemplateUnit {
  id: string;
  name: string;
  kind: string;
  placeholder: boolean;
}

/** An indicator of the catalogue version, as the template describes it. */
export interface TemplateIndicator {
  criterionCode: string;
  code: string;
  nameVi: string;
  nameEn: string;
  kind: string;
  unit: string;
  range: { min?: number; max?: number } | null;
}

const FIELDS_OF_THE_SUBJECT = new Set(['hamletCode', 'criterionCode', 'readings[0].indicatorCode']);

/**
 * The indicators a unit of this kind reports in the catalogue version governing `asOf`, as the submission rules decide
 * it: each indicator is put to @pledge/domain checkCriterionUpdate for `unit`, and kept when the rules find nothing
 * wrong with the unit, the criterion or the indicator (only, possibly, with the probe's reading). No rule is restated.
 */
export function reportableIndicators(
  ref: SubmissionReference,
  unitId: string,
  asOf: string,
  indicators: readonly TemplateIndicator[],
  now: Date,
): TemplateIndicator[] {
  return indicators.filter((ind) => {
    const probe = {
      eventId: '00000000-0000-4000-8000-000000000000',
      schemaVersion: 1,
      hamletCode: unitId,
      criterionCode: ind.criterionCode,
      readings: [{ indicatorCode: ind.code, value: 0 }],
      asOf,
      reportedAt: now.toISOString(),
      reportedBy: 'template',
    };
    const check = checkCriterionUpdate(probe, ref, now);
    return check.ok || !check.reasons.some((r) => FIELDS_OF_THE_SUBJECT.has(r.field) || r.field === 'asOf');
  });
}

/** How a reading of this kind is written in the sheet (the "how to fill in" column). */
export function howToFill(ind: TemplateIndicator, lang: 'vi' | 'en'): string {
  const range = ind.range && (ind.range.min !== undefined || ind.range.max !== undefined) ? ` (${ind.range.min ?? 0}–${ind.range.max ?? '∞'})` : '';
  switch (ind.kind) {
    case 'percentage':
      return lang === 'vi' ? 'Tỷ lệ: ghi tử số và mẫu số (không ghi %)' : 'Percentage: numerator and denominator (not a %)';
    case 'boolean':
      return lang === 'vi' ? 'Đạt / Không đạt (có / không)' : 'Yes / No';
    case 'count':
      return lang === 'vi' ? `Số nguyên${range} ${ind.unit}`.trim() : `Whole number${range} ${ind.unit}`.trim();
    default:
      return lang === 'vi' ? `Số${range} ${ind.unit}`.trim() : `Number${range} ${ind.unit}`.trim();
  }
}

const INSTRUCTIONS: [string, string][] = [
  ['Mỗi dòng là một số liệu: một đơn vị × một chỉ tiêu × một ngày.', 'Each row is one reading: one unit × one indicator × one day.'],
  [
    'Điền "Ngày số liệu" (ngày/tháng/năm) và giá trị; các cột màu xám chỉ để tham khảo.',
    'Fill in "As of" (dd/mm/yyyy) and the value; grey columns are for information only.',
  ],
  [
    'Chỉ tiêu tỷ lệ: ghi tử số và mẫu số, không ghi phần trăm. Chỉ tiêu đạt/không đạt: ghi "Đạt" hoặc "Không đạt".',
    'Percentage indicators: numerator and denominator, never a percentage. Yes/no indicators: "Đạt" (yes) or "Không đạt" (no).',
  ],
  [
    'Dòng không có giá trị nào được bỏ qua. Có thể xoá dòng, thêm dòng (ngày khác), đổi thứ tự cột.',
    'Rows without any value are skipped. Rows may be deleted or added (other days); columns may be moved.',
  ],
  [
    'Mỗi dòng được kiểm tra như báo cáo gửi từ điện thoại; dòng sai được liệt kê theo dòng và cột, các dòng đúng vẫn được lưu.',
    'Each row is checked like a report sent from a phone; wrong rows are listed by row and column, the right ones are stored.',
  ],
  [
    'Tải lên lại cùng một tệp không lưu thêm gì (mỗi dòng có mã riêng theo tệp).',
    'Uploading the same file again stores nothing new (each row has an id derived from the file).',
  ],
];

/** The template workbook: the data sheet prefilled with one row per unit × reportable indicator, instructions, the indicators. */
export async function buildTemplate(opts: {
  units: readonly TemplateUnit[];
  indicators: readonly TemplateIndicator[];
  ref: SubmissionReference;
  asOf: string;
  /** Put the date in every row (the officer only fills the values). */
  prefillDate: boolean;
  now: Date;
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Thanh Bình pledge pipeline';
  wb.created = opts.now;
  const sheet = wb.addWorksheet(DATA_SHEET.vi, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: headerOf(c), key: c.key, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  header.height = 32;
  const asOfDate = new Date(`${opts.asOf}T00:00:00Z`);
  const byKind = new Map<string, TemplateIndicator[]>();
  for (const u of opts.units) {
    // units of one kind report the same indicators: ask the rules once per kind
    let list = byKind.get(u.kind);
    if (!list) {
      list = reportableIndicators(opts.ref, u.id, opts.asOf, opts.indicators, opts.now);
      byKind.set(u.kind, list);
    }
    for (const ind of list)
      sheet.addRow({
        unitCode: u.id,
        unitName: u.placeholder ? `${u.name} (tên tạm)` : u.name,
        criterionCode: ind.criterionCode,
        indicatorCode: ind.code,
        indicatorName: `${ind.nameVi} / ${ind.nameEn}`,
        kind: `${howToFill(ind, 'vi')} / ${howToFill(ind, 'en')}`,
        asOf: opts.prefillDate ? asOfDate : null,
      });
  }
  const asOfCol = COLUMNS.findIndex((c) => c.key === 'asOf') + 1;
  sheet.getColumn(asOfCol).numFmt = 'dd/mm/yyyy';
  COLUMNS.forEach((c, i) => {
    if (!c.info) return;
    sheet.getColumn(i + 1).eachCell((cell, row) => {
      if (row > 1) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
    });
  });

  const help = wb.addWorksheet('Hướng dẫn - Instructions');
  help.columns = [
    { header: 'Tiếng Việt', key: 'vi', width: 90 },
    { header: 'English', key: 'en', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const [vi, en] of INSTRUCTIONS) help.addRow({ vi, en }).alignment = { wrapText: true, vertical: 'top' };

  const list = wb.addWorksheet('Chỉ tiêu - Indicators');
  list.columns = [
    { header: 'Mã tiêu chí / Criterion', key: 'c', width: 14 },
    { header: 'Mã chỉ tiêu / Indicator', key: 'i', width: 12 },
    { header: 'Tên / Name', key: 'n', width: 60 },
    { header: 'Name', key: 'e', width: 50 },
    { header: 'Cách ghi / How to fill in', key: 'k', width: 40 },
  ];
  list.getRow(1).font = { bold: true };
  const listed = new Set<string>();
  for (const inds of byKind.values())
    for (const ind of inds) {
      const key = `${ind.criterionCode}/${ind.code}`;
      if (listed.has(key)) continue;
      listed.add(key);
      list.addRow({ c: ind.criterionCode, i: ind.code, n: ind.nameVi, e: ind.nameEn, k: `${howToFill(ind, 'vi')} / ${howToFill(ind, 'en')}` });
    }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The catalogue version for the template's date, for the listing of indicators. */
export function templateVersion(ref: SubmissionReference, asOf: string): string | undefined {
  return catalogueVersionOn(ref.versions, asOf)?.id;
}
