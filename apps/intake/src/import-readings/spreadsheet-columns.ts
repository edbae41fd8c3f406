/**
 * The columns of the readings spreadsheet (the template the app provides, and what an upload is read by): one row per
 * unit × indicator × date. Headers are bilingual ("Mã đơn vị / Unit code"); an upload is matched by header, so
 * columns may be moved or the information columns deleted.
 */
export type ColumnKey =
  'unitCode' | 'unitName' | 'criterionCode' | 'indicatorCode' | 'indicatorName' | 'kind' | 'asOf' | 'value' | 'numerator' | 'denominator' | 'note';

export interface ColumnDef {
  key: ColumnKey;
  vi: string;
  en: string;
  width: number;
  /** Filled by the template for the reader's information; ignored on upload. */
  info?: boolean;
  /** An upload without this column is refused as a whole. */
  required?: boolean;
}

export const COLUMNS: readonly ColumnDef[] = [
  { key: 'unitCode', vi: 'Mã đơn vị', en: 'Unit code', width: 18, required: true },
  { key: 'unitName', vi: 'Tên đơn vị', en: 'Unit name', width: 26, info: true },
  { key: 'criterionCode', vi: 'Mã tiêu chí', en: 'Criterion', width: 12, required: true },
  { key: 'indicatorCode', vi: 'Mã chỉ tiêu', en: 'Indicator', width: 11, required: true },
  { key: 'indicatorName', vi: 'Tên chỉ tiêu', en: 'Indicator name', width: 50, info: true },
  { key: 'kind', vi: 'Cách ghi số liệu', en: 'How to fill in', width: 30, info: true },
  { key: 'asOf', vi: 'Ngày số liệu (ngày/tháng/năm)', en: 'As of (dd/mm/yyyy)', width: 16, required: true },
  { key: 'value', vi: 'Giá trị', en: 'Value', width: 12 },
  { key: 'numerator', vi: 'Tử số', en: 'Numerator', width: 11 },
  { key: 'denominator', vi: 'Mẫu số', en: 'Denominator', width: 11 },
  { key: 'note', vi: 'Ghi chú', en: 'Note', width: 30 },
];

export const DATA_SHEET = { vi: 'Số liệu', en: 'Readings' };

export const headerOf = (c: ColumnDef): string => `${c.vi} / ${c.en}`;

/** Lower case, without Vietnamese diacritics (đ → d) and spaces folded: how headers are compared. */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The column a header names: the bilingual template header, either language alone, or the key itself. */
export function columnOfHeader(header: string): ColumnDef | undefined {
  const h = foldText(header);
  if (!h) return undefined;
  return COLUMNS.find((c) => {
    const vi = foldText(c.vi);
    const en = foldText(c.en);
    return h === foldText(headerOf(c)) || h === vi || h === en || h === c.key.toLowerCase() || h.startsWith(`${vi} /`) || h.endsWith(`/ ${en}`);
  });
}

/** Excel's column letter of a 1-based column number. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
