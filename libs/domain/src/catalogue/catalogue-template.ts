/**
 * The catalogue workbook (mẫu nhập bộ tiêu chí): its sheets and columns, stated once for the generator (the template
 * an administrator downloads, committed at seeds/templates/catalogue-template.xlsx) and for the reader of an upload.
 * Headers are bilingual ("Mã tiêu chí / Criterion code"); an upload is matched by header (either language, or the
 * key), so columns may be moved. Pure data: the spreadsheet library lives in libs/persistence.
 */

/** The sheets of the workbook. */
export type CatalogueSheetKey = 'version' | 'criteria' | 'indicators' | 'instructions';

export interface CatalogueSheetDef {
  readonly key: CatalogueSheetKey;
  readonly vi: string;
  readonly en: string;
}

export const CATALOGUE_SHEETS: Readonly<Record<CatalogueSheetKey, CatalogueSheetDef>> = {
  version: { key: 'version', vi: 'Phiên bản', en: 'Version' },
  criteria: { key: 'criteria', vi: 'Tiêu chí', en: 'Criteria' },
  indicators: { key: 'indicators', vi: 'Chỉ tiêu', en: 'Indicators' },
  instructions: { key: 'instructions', vi: 'Hướng dẫn', en: 'Instructions' },
};

/** A sheet's name in the workbook: "Tiêu chí - Criteria". */
export const sheetNameOf = (s: CatalogueSheetDef): string => `${s.vi} - ${s.en}`;

export interface CatalogueColumnDef {
  readonly key: string;
  readonly vi: string;
  readonly en: string;
  readonly width: number;
  /** Must be filled in on every row. */
  readonly required?: boolean;
  readonly helpVi: string;
  readonly helpEn: string;
}

/** The number of commune groups whose levels the indicators sheet has a column for (Decision 51/2025/QĐ-TTg: three). */
export const COMMUNE_GROUPS = [1, 2, 3] as const;

/** The unit attribute a per-group level applies to (`unitAttributes: { communeGroup: 1 }`). */
export const COMMUNE_GROUP_ATTRIBUTE = 'communeGroup';

/** Fields of the version sheet: one per row (column A the field, column B its value). */
export const VERSION_FIELDS: readonly CatalogueColumnDef[] = [
  {
    key: 'version',
    vi: 'Mã phiên bản',
    en: 'Version code',
    width: 0,
    required: true,
    helpVi: 'Chữ, số, dấu chấm, gạch ngang; ví dụ NTM-2026-2030',
    helpEn: 'letters, digits, dot, dash; e.g. NTM-2026-2030',
  },
  { key: 'titleVi', vi: 'Tên (tiếng Việt)', en: 'Title (Vietnamese)', width: 0, required: true, helpVi: 'Tên bộ tiêu chí', helpEn: 'title of the catalogue' },
  { key: 'titleEn', vi: 'Tên (tiếng Anh)', en: 'Title (English)', width: 0, required: true, helpVi: 'Tên bằng tiếng Anh', helpEn: 'title in English' },
  {
    key: 'periodFrom',
    vi: 'Từ ngày',
    en: 'Period from',
    width: 0,
    required: true,
    helpVi: 'Ngày bắt đầu giai đoạn (YYYY-MM-DD hoặc ngày/tháng/năm)',
    helpEn: 'first day of the period (YYYY-MM-DD or dd/mm/yyyy)',
  },
  { key: 'periodTo', vi: 'Đến ngày', en: 'Period to', width: 0, required: true, helpVi: 'Ngày cuối giai đoạn', helpEn: 'last day of the period' },
  { key: 'deadline', vi: 'Thời hạn đạt chuẩn', en: 'Deadline', width: 0, required: true, helpVi: 'Hạn hoàn thành giao ước', helpEn: 'the pledges’ deadline' },
  {
    key: 'reportingEvery',
    vi: 'Kỳ báo cáo',
    en: 'Reporting period',
    width: 0,
    required: true,
    helpVi: 'month | quarter | year (tháng | quý | năm)',
    helpEn: 'month | quarter | year',
  },
  {
    key: 'reportingDueDay',
    vi: 'Ngày hạn báo cáo',
    en: 'Report due day',
    width: 0,
    required: true,
    helpVi: 'Ngày trong tháng sau kỳ (1–28)',
    helpEn: 'day of the month after the period (1–28)',
  },
  {
    key: 'standardVi',
    vi: 'Tên chuẩn (tiếng Việt)',
    en: 'Standard name (Vietnamese)',
    width: 0,
    helpVi: 'Chuẩn mà đơn vị hướng tới, ví dụ theo quyết định; bắt buộc trước khi công bố',
    helpEn: 'the standard the units aim for, as the decision names it; required before publishing',
  },
  {
    key: 'standardEn',
    vi: 'Tên chuẩn (tiếng Anh)',
    en: 'Standard name (English)',
    width: 0,
    helpVi: 'Tên chuẩn bằng tiếng Anh',
    helpEn: 'the standard’s name in English',
  },
  { key: 'legalId', vi: 'Mã văn bản', en: 'Legal basis id', width: 0, helpVi: 'Ví dụ QD-51-2025', helpEn: 'e.g. QD-51-2025' },
  { key: 'legalTitle', vi: 'Tên văn bản', en: 'Legal basis title', width: 0, helpVi: 'Số, ký hiệu và trích yếu', helpEn: 'number and title of the decision' },
  { key: 'legalDate', vi: 'Ngày ký', en: 'Signed on', width: 0, helpVi: 'Ngày ký văn bản', helpEn: 'date signed' },
  { key: 'legalEffective', vi: 'Ngày hiệu lực', en: 'In force from', width: 0, helpVi: 'Ngày văn bản có hiệu lực', helpEn: 'date in force' },
  {
    key: 'legalStatus',
    vi: 'Tình trạng văn bản',
    en: 'Legal basis status',
    width: 0,
    helpVi: 'Ví dụ: đã đối chiếu văn bản gốc',
    helpEn: 'e.g. checked against the official text',
  },
];

export const CRITERIA_COLUMNS: readonly CatalogueColumnDef[] = [
  {
    key: 'code',
    vi: 'Mã tiêu chí',
    en: 'Criterion code',
    width: 14,
    required: true,
    helpVi: 'Duy nhất trong phiên bản, ví dụ TC-01',
    helpEn: 'unique in the version, e.g. TC-01',
  },
  { key: 'nameVi', vi: 'Tên tiêu chí', en: 'Name (Vietnamese)', width: 40, required: true, helpVi: 'Như trong quyết định', helpEn: 'as in the decision' },
  { key: 'nameEn', vi: 'Tên tiếng Anh', en: 'Name (English)', width: 40, required: true, helpVi: 'Bản dịch tiếng Anh', helpEn: 'English translation' },
  {
    key: 'appliesTo',
    vi: 'Áp dụng cho',
    en: 'Applies to',
    width: 14,
    required: true,
    helpVi: 'commune (xã) | hamlet (ấp) | ward (khóm) | town (thị trấn) | district (huyện)',
    helpEn: 'commune | hamlet | ward | town | district',
  },
  {
    key: 'tier',
    vi: 'Mức',
    en: 'Tier',
    width: 10,
    helpVi: 'ntm (chuẩn, mặc định) | advanced (nâng cao) | model (kiểu mẫu)',
    helpEn: 'ntm (default) | advanced | model',
  },
  { key: 'group', vi: 'Nhóm', en: 'Group', width: 10, helpVi: 'Nhóm tiêu chí trong quyết định (nếu có)', helpEn: 'group in the decision (optional)' },
  { key: 'source', vi: 'Nguồn', en: 'Source', width: 36, required: true, helpVi: 'Văn bản, điều, phụ lục', helpEn: 'decision, article, annex' },
  { key: 'note', vi: 'Ghi chú', en: 'Note', width: 30, helpVi: 'Tùy chọn', helpEn: 'optional' },
];

export const INDICATOR_COLUMNS: readonly CatalogueColumnDef[] = [
  {
    key: 'criterionCode',
    vi: 'Mã tiêu chí',
    en: 'Criterion code',
    width: 14,
    required: true,
    helpVi: 'Một mã ở trang Tiêu chí',
    helpEn: 'a code on the Criteria sheet',
  },
  {
    key: 'code',
    vi: 'Mã chỉ tiêu',
    en: 'Indicator code',
    width: 12,
    required: true,
    helpVi: 'Duy nhất trong tiêu chí, ví dụ 1.1',
    helpEn: 'unique within the criterion, e.g. 1.1',
  },
  { key: 'nameVi', vi: 'Tên chỉ tiêu', en: 'Name (Vietnamese)', width: 48, required: true, helpVi: 'Như trong quyết định', helpEn: 'as in the decision' },
  { key: 'nameEn', vi: 'Tên tiếng Anh', en: 'Name (English)', width: 40, required: true, helpVi: 'Bản dịch tiếng Anh', helpEn: 'English translation' },
  {
    key: 'kind',
    vi: 'Loại',
    en: 'Kind',
    width: 12,
    required: true,
    helpVi: 'percentage (tỷ lệ %) | amount (số tiền, số đo) | count (số đếm) | boolean (có/không)',
    helpEn: 'percentage | amount | count | boolean (yes/no)',
  },
  {
    key: 'unit',
    vi: 'Đơn vị tính',
    en: 'Unit',
    width: 14,
    helpVi: 'Ví dụ %, triệu đồng/người/năm; bắt buộc cho số tiền, số đếm; mặc định % hoặc có/không',
    helpEn: 'e.g. %, million VND/person/year; required for amounts and counts; default % or yes/no',
  },
  { key: 'unitEn', vi: 'Đơn vị (tiếng Anh)', en: 'Unit (English)', width: 14, helpVi: 'Tùy chọn', helpEn: 'optional' },
  {
    key: 'comparator',
    vi: 'So sánh',
    en: 'Comparator',
    width: 10,
    required: true,
    helpVi: '>= | <= | == | > | < (có/không: ==)',
    helpEn: '>= | <= | == | > | < (yes/no: ==)',
  },
  {
    key: 'threshold',
    vi: 'Mức đạt (mọi xã)',
    en: 'Level (all units)',
    width: 12,
    helpVi: 'Số, hoặc có/không; để trống = chưa biết',
    helpEn: 'a number, or yes/no; empty = unknown',
  },
  ...COMMUNE_GROUPS.map((g) => ({
    key: `levelGroup${g}`,
    vi: `Mức đạt xã nhóm ${g}`,
    en: `Level, commune group ${g}`,
    width: 12,
    helpVi: `Mức của xã nhóm ${g}; để trống = chưa biết (chỉ cho tiêu chí áp dụng cho xã)`,
    helpEn: `level for communes of group ${g}; empty = unknown (commune criteria only)`,
  })),
  {
    key: 'thresholdSource',
    vi: 'Nguồn mức đạt',
    en: 'Level source',
    width: 30,
    helpVi: 'Bắt buộc khi có mức đạt: văn bản, phụ lục',
    helpEn: 'required when a level is given: decision, annex',
  },
  {
    key: 'thresholdConfidence',
    vi: 'Độ tin cậy',
    en: 'Confidence',
    width: 14,
    helpVi: 'found (văn bản gốc) | found_secondary | memory_high | memory_medium | memory_low | unknown',
    helpEn: 'found | found_secondary | memory_high | memory_medium | memory_low | unknown',
  },
  { key: 'rangeMin', vi: 'Giá trị nhỏ nhất', en: 'Range min', width: 10, helpVi: 'Mặc định 0', helpEn: 'default 0' },
  {
    key: 'rangeMax',
    vi: 'Giá trị lớn nhất',
    en: 'Range max',
    width: 10,
    helpVi: 'Mặc định 100 cho %, giới hạn kỹ thuật cho số khác',
    helpEn: 'default 100 for %, the technical limit otherwise',
  },
  {
    key: 'reportedBy',
    vi: 'Đơn vị báo cáo',
    en: 'Reported by',
    width: 12,
    helpVi: 'commune (xã, mặc định) | cell (chi bộ ấp, khóm) | district',
    helpEn: 'commune (default) | cell | district',
  },
  {
    key: 'rollup',
    vi: 'Cách tổng hợp',
    en: 'Rollup',
    width: 14,
    helpVi: 'none (mặc định) | ratio | sum | min | max | all | any | share (khi chi bộ báo cáo)',
    helpEn: 'none (default) | ratio | sum | min | max | all | any | share (when cells report)',
  },
  { key: 'note', vi: 'Ghi chú', en: 'Note', width: 30, helpVi: 'Tùy chọn', helpEn: 'optional' },
];

/** The bilingual header of a column: "Mã tiêu chí / Criterion code". */
export const catalogueHeaderOf = (c: Pick<CatalogueColumnDef, 'vi' | 'en'>): string => `${c.vi} / ${c.en}`;

/** Lower case, without Vietnamese diacritics and with spaces folded: how headers and sheet names are compared. */
export function foldHeader(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The column a header names (the bilingual header, either language alone, or the key); undefined otherwise. */
export function columnOfHeader(columns: readonly CatalogueColumnDef[], header: string): CatalogueColumnDef | undefined {
  const h = foldHeader(header);
  return columns.find((c) => [catalogueHeaderOf(c), c.vi, c.en, c.key].some((x) => foldHeader(x) === h));
}

/** The sheet a workbook sheet name stands for (the template's name, either language alone, or the key). */
export function sheetOfName(name: string): CatalogueSheetDef | undefined {
  const n = foldHeader(name);
  return Object.values(CATALOGUE_SHEETS).find((s) => [sheetNameOf(s), s.vi, s.en, s.key].some((x) => foldHeader(x) === n));
}

/** The instructions sheet's lines: Vietnamese, then English. */
export const CATALOGUE_INSTRUCTIONS: readonly { readonly vi: string; readonly en: string }[] = [
  {
    vi: 'Mẫu nhập bộ tiêu chí của một chương trình (ví dụ nông thôn mới 2026–2030).',
    en: 'Template for one programme’s criteria catalogue (e.g. new rural 2026–2030).',
  },
  { vi: 'Trang "Phiên bản": mỗi dòng một trường; điền cột "Giá trị".', en: '"Version" sheet: one field per row; fill in the "Value" column.' },
  { vi: 'Trang "Tiêu chí": mỗi dòng một tiêu chí; mã tiêu chí không trùng nhau.', en: '"Criteria" sheet: one criterion per row; codes are unique.' },
  {
    vi: 'Trang "Chỉ tiêu": mỗi dòng một chỉ tiêu; cột "Mã tiêu chí" phải có ở trang Tiêu chí.',
    en: '"Indicators" sheet: one indicator per row; its criterion code must be on the Criteria sheet.',
  },
  {
    vi: 'Mức đạt để trống nghĩa là CHƯA BIẾT: hệ thống hiển thị "chưa có mức đạt", không tự đặt số nào.',
    en: 'An empty level means UNKNOWN: the system shows "threshold missing" and never makes one up.',
  },
  {
    vi: 'Mức theo nhóm xã (nhóm 1, 2, 3) áp dụng cho xã có thuộc tính nhóm tương ứng; cột "Mức đạt (mọi xã)" áp dụng khi không có mức theo nhóm.',
    en: 'Per-group levels (groups 1, 2, 3) apply to communes of that group; "Level (all units)" applies where no group level is given.',
  },
  { vi: 'Khi có mức đạt, phải ghi "Nguồn mức đạt" (văn bản, phụ lục).', en: 'When a level is given, "Level source" (decision, annex) is required.' },
  {
    vi: 'Tải tệp lên trang "Bộ tiêu chí": mọi lỗi được liệt kê (trang, dòng, cột, lý do) và không lưu gì nếu còn lỗi.',
    en: 'Upload on the "Criteria catalogues" page: every problem is listed (sheet, row, column, reason) and nothing is stored while any remains.',
  },
  {
    vi: 'Tệp hợp lệ được lưu thành BẢN NHÁP; có thể tải lại để thay thế bản nháp. Bản nháp không dùng để tính tiến độ.',
    en: 'A valid file is stored as a DRAFT; upload again to replace the draft. A draft is never used for progress.',
  },
  {
    vi: 'Công bố khi đã đủ: mỗi tiêu chí có ít nhất một chỉ tiêu và có tên chuẩn. Sau khi công bố, chỉ sửa qua chức năng điều chỉnh (có ghi lại), không tải lại được.',
    en: 'Publish when complete: every criterion has an indicator and the standard is named. A published version changes only through recorded revisions, never by re-upload.',
  },
];
