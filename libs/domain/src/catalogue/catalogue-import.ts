/**
 * Turning an administrator's upload (the catalogue workbook's rows, or a JSON document in the seed format) into a
 * catalogue version, with every problem listed at once by sheet, row, column and field (Vietnamese and English).
 * Pure: the spreadsheet is read elsewhere (libs/persistence) into {@link CatalogueWorkbook}; storing is elsewhere too.
 *
 * Rules (on top of the catalogue's own checks, parseCatalogueFile):
 * - the three sheets exist; required fields are filled in; texts are NFC and not empty;
 * - dates are real dates; the reporting period is month, quarter or year with a due day 1–28;
 * - criterion codes are unique; `appliesTo`, `tier` are known words;
 * - every indicator names a criterion of the criteria sheet; indicator codes are unique within their criterion;
 * - `kind`, `comparator`, `reportedBy`, `rollup`, `confidence` are known words; a yes/no indicator uses ==;
 * - a level is a number (a yes/no indicator: yes/no); empty = unknown, kept visibly unknown (never invented);
 * - per-group levels only for criteria that apply to communes; a level needs its source;
 * - the standard's name is given in both languages or not at all; a legal basis has its title and status.
 */
import { isIsoDate, type IsoDate } from '../shared/iso-date';
import { formatIssue, type ValidationIssue } from '../shared/validation';
import { toNfc } from '../text/nfc';
import { parseCatalogueFile } from './catalogue.schema';
import { THRESHOLD_CONFIDENCES, type Catalogue } from './catalogue.types';
import {
  CATALOGUE_SHEETS,
  COMMUNE_GROUP_ATTRIBUTE,
  COMMUNE_GROUPS,
  CRITERIA_COLUMNS,
  INDICATOR_COLUMNS,
  sheetNameOf,
  VERSION_FIELDS,
  type CatalogueColumnDef,
  type CatalogueSheetKey,
} from './catalogue-template';

/** One problem of an upload: where (sheet, Excel row, column letter, field) and why, in both languages. */
export interface CatalogueProblem {
  /** The sheet's name ("Chỉ tiêu - Indicators"); null for a JSON document or the whole file. */
  readonly sheet: string | null;
  /** The row as Excel numbers it; null when not about one row. */
  readonly row: number | null;
  /** The column letter ("E"); null when not about one cell. */
  readonly column: string | null;
  /** The field: a template column key, or a JSON path for a JSON document. */
  readonly field: string;
  /** Machine-readable problem: required, unknown_value, not_a_number, duplicate_code, unknown_criterion, ... */
  readonly problem: string;
  readonly message: string;
  readonly messageEn: string;
}

/** A cell as read from the workbook (text already trimmed; a date cell as a Date). */
export type CatalogueCellValue = string | number | boolean | Date | null;

export interface CatalogueCell {
  readonly value: CatalogueCellValue;
  /** Its column letter. */
  readonly column: string;
}

/** A row of the criteria or indicators sheet: its Excel number and its cells by column key. */
export interface CatalogueSheetRow {
  readonly row: number;
  readonly cells: Readonly<Record<string, CatalogueCell>>;
}

/** A table sheet as read: its name, its rows with something in them, and where each known column is. */
export interface CatalogueTableSheet {
  readonly name: string;
  readonly rows: readonly CatalogueSheetRow[];
  readonly letters: Readonly<Record<string, string>>;
}

/** The workbook as read: the version sheet's fields (by key, with their row) and the two table sheets. */
export interface CatalogueWorkbook {
  readonly version?: { readonly name: string; readonly fields: Readonly<Record<string, { readonly row: number; readonly cell: CatalogueCell }>> };
  readonly criteria?: CatalogueTableSheet;
  readonly indicators?: CatalogueTableSheet;
}

export type CatalogueImportOutcome =
  { readonly ok: true; readonly catalogue: Catalogue } | { readonly ok: false; readonly problems: readonly CatalogueProblem[] };

const SCOPES: Record<string, string> = {
  commune: 'commune',
  xa: 'commune',
  xã: 'commune',
  hamlet: 'hamlet',
  ấp: 'hamlet',
  ap: 'hamlet',
  ward: 'ward',
  khóm: 'ward',
  khom: 'ward',
  town: 'town',
  'thị trấn': 'town',
  district: 'district',
  huyện: 'district',
};
const TIERS: Record<string, string> = { ntm: 'ntm', chuẩn: 'ntm', advanced: 'advanced', 'nâng cao': 'advanced', model: 'model', 'kiểu mẫu': 'model' };
const KINDS: Record<string, string> = {
  percentage: 'percentage',
  'tỷ lệ': 'percentage',
  '%': 'percentage',
  amount: 'amount',
  'số tiền': 'amount',
  'số đo': 'amount',
  count: 'count',
  'số đếm': 'count',
  boolean: 'boolean',
  'có/không': 'boolean',
  'yes/no': 'boolean',
};
const COMPARATORS: Record<string, string> = { '>=': '>=', '≥': '>=', '<=': '<=', '≤': '<=', '==': '==', '=': '==', '>': '>', '<': '<' };
const REPORTERS: Record<string, string> = { commune: 'commune', xã: 'commune', cell: 'cell', 'chi bộ': 'cell', district: 'district', huyện: 'district' };
const ROLLUPS = ['none', 'ratio', 'sum', 'min', 'max', 'all', 'any', 'share'];
const EVERY: Record<string, string> = { month: 'month', tháng: 'month', quarter: 'quarter', quý: 'quarter', year: 'year', năm: 'year' };
const YES = ['có', 'co', 'yes', 'true', 'đạt', '1'];
const NO = ['không', 'khong', 'no', 'false', 'chưa', '0'];

type Json = Record<string, unknown>;

class Problems {
  readonly list: CatalogueProblem[] = [];
  add(sheet: string | null, row: number | null, column: string | null, field: string, problem: string, message: string, messageEn: string): void {
    this.list.push({ sheet, row, column, field, problem, message, messageEn });
  }
}

const labelOf = (c: CatalogueColumnDef): string => `"${c.vi}"`;
const labelEnOf = (c: CatalogueColumnDef): string => `"${c.en}"`;

function textOf(v: CatalogueCellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = toNfc(String(v)).trim();
  return s === '' ? null : s;
}

function dateOf(v: CatalogueCellValue | undefined): IsoDate | null | 'bad' {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'bad' : v.toISOString().slice(0, 10);
  const s = String(v).trim();
  if (isIsoDate(s)) return s;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) {
    const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
    if (isIsoDate(iso)) return iso;
  }
  return 'bad';
}

function numberOf(v: CatalogueCellValue | undefined): number | null | 'bad' {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : 'bad';
  if (typeof v === 'boolean' || v instanceof Date) return 'bad';
  const s = v.trim().replace(/\s/g, '');
  if (s === '') return null;
  // Vietnamese decimal comma ("4,5") or point
  const n = Number(/^-?\d+,\d+$/.test(s) ? s.replace(',', '.') : s);
  return Number.isFinite(n) ? n : 'bad';
}

function boolOf(v: CatalogueCellValue | undefined): boolean | null | 'bad' {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (s === '') return null;
  if (YES.includes(s)) return true;
  if (NO.includes(s)) return false;
  return 'bad';
}

const vocab = (table: Record<string, string> | string[], v: string): string | undefined =>
  Array.isArray(table) ? (table.includes(v.toLowerCase()) ? v.toLowerCase() : undefined) : table[v.toLowerCase()];

/**
 * The catalogue version a workbook describes (a draft), or every problem found in it. Nothing is partial: with any
 * problem there is no catalogue.
 */
export function catalogueFromWorkbook(wb: CatalogueWorkbook): CatalogueImportOutcome {
  const p = new Problems();
  const missingSheet = (key: CatalogueSheetKey): void => {
    const s = CATALOGUE_SHEETS[key];
    p.add(
      null,
      null,
      null,
      '(file)',
      'missing_sheet',
      `Thiếu trang "${sheetNameOf(s)}"; hãy dùng tệp mẫu`,
      `the workbook has no "${sheetNameOf(s)}" sheet; use the template`,
    );
  };
  if (!wb.version) missingSheet('version');
  if (!wb.criteria) missingSheet('criteria');
  if (!wb.indicators) missingSheet('indicators');
  if (!wb.version || !wb.criteria || !wb.indicators) return { ok: false, problems: p.list };

  // where each part of the assembled document came from, to place the catalogue's own checks on a cell
  const versionRows = new Map<string, { row: number; column: string }>();
  const criterionRows: { row: number; letters: Record<string, string> }[] = [];

  // version sheet
  const vs = wb.version;
  const field = (key: string): CatalogueCell | undefined => vs.fields[key]?.cell;
  const vAt = (key: string): [string, number | null, string | null] => [vs.name, vs.fields[key]?.row ?? null, vs.fields[key]?.cell.column ?? 'B'];
  const version: Json = { status: 'draft', warnings: [], districtConditions: [] };
  for (const def of VERSION_FIELDS) {
    const at = vs.fields[def.key];
    if (at) versionRows.set(def.key, { row: at.row, column: at.cell.column });
    const v = field(def.key)?.value;
    if (def.required && textOf(v) === null) {
      if (!at)
        p.add(vs.name, null, 'A', def.key, 'missing_field', `Trang Phiên bản thiếu dòng ${labelOf(def)}`, `the Version sheet has no ${labelEnOf(def)} row`);
      else p.add(...vAt(def.key), def.key, 'required', `Chưa điền ${labelOf(def)}`, `${labelEnOf(def)} is empty`);
    }
  }
  const vtext = (key: string): string | null => textOf(field(key)?.value);
  version.version = vtext('version');
  if (version.version !== null && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(String(version.version)))
    p.add(
      ...vAt('version'),
      'version',
      'bad_code',
      'Mã phiên bản chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới',
      'a version code is letters, digits, dot, dash or underscore',
    );
  version.titleVi = vtext('titleVi');
  version.titleEn = vtext('titleEn');
  for (const key of ['periodFrom', 'periodTo', 'deadline', 'legalDate', 'legalEffective']) {
    const d = dateOf(field(key)?.value);
    const def = VERSION_FIELDS.find((f) => f.key === key)!;
    if (d === 'bad')
      p.add(
        ...vAt(key),
        key,
        'not_a_date',
        `${labelOf(def)} không phải ngày (YYYY-MM-DD hoặc ngày/tháng/năm)`,
        `${labelEnOf(def)} is not a date (YYYY-MM-DD or dd/mm/yyyy)`,
      );
    else version[key] = d;
  }
  const every = vtext('reportingEvery');
  const everyKey = every === null ? undefined : vocab(EVERY, every);
  if (every !== null && !everyKey)
    p.add(
      ...vAt('reportingEvery'),
      'reportingEvery',
      'unknown_value',
      `Kỳ báo cáo "${every}" không hợp lệ (month, quarter, year)`,
      `reporting period "${every}" is not month, quarter or year`,
    );
  const due = numberOf(field('reportingDueDay')?.value);
  if (due === 'bad' || (typeof due === 'number' && (!Number.isInteger(due) || due < 1 || due > 28)))
    p.add(
      ...vAt('reportingDueDay'),
      'reportingDueDay',
      'out_of_range',
      'Ngày hạn báo cáo là số nguyên từ 1 đến 28',
      'the report due day is a whole number 1–28',
    );
  version.reportingPeriod = { every: everyKey ?? 'month', dueDay: typeof due === 'number' ? due : 1 };
  const standardVi = vtext('standardVi');
  const standardEn = vtext('standardEn');
  if ((standardVi === null) !== (standardEn === null)) {
    const missing = standardVi === null ? 'standardVi' : 'standardEn';
    p.add(...vAt(missing), missing, 'required', 'Tên chuẩn cần cả tiếng Việt và tiếng Anh', 'the standard’s name is needed in both Vietnamese and English');
  }
  const legalId = vtext('legalId');
  if (legalId !== null) {
    for (const key of ['legalTitle', 'legalStatus']) {
      const def = VERSION_FIELDS.find((f) => f.key === key)!;
      if (vtext(key) === null)
        p.add(...vAt(key), key, 'required', `Có mã văn bản thì phải điền ${labelOf(def)}`, `${labelEnOf(def)} is required with a legal basis id`);
    }
    version.legalBasis = [
      {
        id: legalId,
        title: vtext('legalTitle') ?? '',
        date: version.legalDate ?? null,
        status: vtext('legalStatus') ?? '',
        effective: version.legalEffective ?? null,
      },
    ];
  } else version.legalBasis = [];
  delete version.legalDate;
  delete version.legalEffective;

  // criteria sheet
  const cs = wb.criteria;
  const criteria: Json[] = [];
  const criterionByCode = new Map<string, Json>();
  const required = (sheet: CatalogueTableSheet, r: CatalogueSheetRow, defs: readonly CatalogueColumnDef[]): void => {
    for (const def of defs) {
      if (!def.required) continue;
      if (textOf(r.cells[def.key]?.value) === null)
        p.add(sheet.name, r.row, sheet.letters[def.key] ?? null, def.key, 'required', `Chưa điền ${labelOf(def)}`, `${labelEnOf(def)} is empty`);
    }
  };
  for (const def of CRITERIA_COLUMNS)
    if (def.required && !cs.letters[def.key])
      p.add(cs.name, 1, null, def.key, 'missing_column', `Trang "${cs.name}" thiếu cột ${labelOf(def)}`, `sheet "${cs.name}" has no ${labelEnOf(def)} column`);
  for (const r of cs.rows) {
    required(cs, r, CRITERIA_COLUMNS);
    const t = (k: string): string | null => textOf(r.cells[k]?.value);
    const at = (k: string): [string, number, string | null] => [cs.name, r.row, cs.letters[k] ?? null];
    const code = t('code');
    if (code !== null && criterionByCode.has(code)) {
      p.add(
        ...at('code'),
        'code',
        'duplicate_code',
        `Mã tiêu chí ${code} bị trùng (đã có ở dòng ${String(criterionByCode.get(code)!.__row)})`,
        `criterion code ${code} is a duplicate (already on row ${String(criterionByCode.get(code)!.__row)})`,
      );
      continue;
    }
    const applies = t('appliesTo');
    const scope = applies === null ? undefined : vocab(SCOPES, applies);
    if (applies !== null && !scope)
      p.add(
        ...at('appliesTo'),
        'appliesTo',
        'unknown_value',
        `"${applies}" không phải đối tượng áp dụng (commune, hamlet, ward, town, district)`,
        `"${applies}" is not commune, hamlet, ward, town or district`,
      );
    const tierText = t('tier');
    const tier = tierText === null ? 'ntm' : vocab(TIERS, tierText);
    if (!tier)
      p.add(
        ...at('tier'),
        'tier',
        'unknown_value',
        `Mức "${tierText}" không hợp lệ (ntm, advanced, model)`,
        `tier "${tierText}" is not ntm, advanced or model`,
      );
    const c: Json = {
      __row: r.row,
      code: code ?? '',
      appliesTo: scope ?? 'commune',
      tier: tier ?? 'ntm',
      group: t('group'),
      nameVi: t('nameVi') ?? '',
      nameEn: t('nameEn') ?? '',
      placeholder: false,
      source: t('source') ?? '',
      note: t('note'),
      indicators: [] as Json[],
    };
    if (code !== null) criterionByCode.set(code, c);
    criteria.push(c);
    criterionRows.push({ row: r.row, letters: { ...cs.letters } });
  }
  if (cs.rows.length === 0) p.add(cs.name, null, null, '(sheet)', 'empty_sheet', 'Trang Tiêu chí chưa có tiêu chí nào', 'the Criteria sheet has no criterion');

  // indicators sheet
  const is = wb.indicators;
  for (const def of INDICATOR_COLUMNS)
    if (def.required && !is.letters[def.key])
      p.add(is.name, 1, null, def.key, 'missing_column', `Trang "${is.name}" thiếu cột ${labelOf(def)}`, `sheet "${is.name}" has no ${labelEnOf(def)} column`);
  for (const r of is.rows) {
    required(is, r, INDICATOR_COLUMNS);
    const t = (k: string): string | null => textOf(r.cells[k]?.value);
    const at = (k: string): [string, number, string | null] => [is.name, r.row, is.letters[k] ?? null];
    const criterionCode = t('criterionCode');
    const code = t('code');
    const criterion = criterionCode === null ? undefined : criterionByCode.get(criterionCode);
    if (criterionCode !== null && !criterion)
      p.add(
        ...at('criterionCode'),
        'criterionCode',
        'unknown_criterion',
        `Tiêu chí ${criterionCode} không có ở trang Tiêu chí`,
        `criterion ${criterionCode} is not on the Criteria sheet`,
      );
    const kindText = t('kind');
    const kind = kindText === null ? undefined : vocab(KINDS, kindText);
    if (kindText !== null && !kind)
      p.add(
        ...at('kind'),
        'kind',
        'unknown_value',
        `Loại "${kindText}" không hợp lệ (percentage, amount, count, boolean)`,
        `kind "${kindText}" is not percentage, amount, count or boolean`,
      );
    const cmpText = t('comparator');
    const comparator = cmpText === null ? undefined : COMPARATORS[cmpText];
    if (cmpText !== null && !comparator)
      p.add(
        ...at('comparator'),
        'comparator',
        'unknown_value',
        `Phép so sánh "${cmpText}" không hợp lệ (>=, <=, ==, >, <)`,
        `comparator "${cmpText}" is not >=, <=, ==, > or <`,
      );
    if (kind === 'boolean' && comparator && comparator !== '==')
      p.add(...at('comparator'), 'comparator', 'bad_comparator', 'Chỉ tiêu có/không dùng phép so sánh ==', 'a yes/no indicator uses the comparator ==');
    const level = (k: string): number | boolean | null => {
      const def = INDICATOR_COLUMNS.find((d) => d.key === k)!;
      const raw = r.cells[k]?.value;
      if (kindText !== null && !kind) return null; // an unknown kind is reported once; its levels cannot be judged
      if (kind === 'boolean') {
        const b = boolOf(raw);
        if (b === 'bad') {
          p.add(
            ...at(k),
            k,
            'not_yes_no',
            `${labelOf(def)} của chỉ tiêu có/không phải là "có" hoặc "không" (hoặc để trống)`,
            `${labelEnOf(def)} of a yes/no indicator is "yes" or "no" (or empty)`,
          );
          return null;
        }
        return b;
      }
      const n = numberOf(raw);
      if (n === 'bad') {
        p.add(
          ...at(k),
          k,
          'not_a_number',
          `${labelOf(def)} "${textOf(raw)}" không phải là số (để trống nếu chưa biết)`,
          `${labelEnOf(def)} "${textOf(raw)}" is not a number (leave it empty when unknown)`,
        );
        return null;
      }
      return n;
    };
    const threshold = level('threshold');
    const groupLevels = COMMUNE_GROUPS.map((g) => ({ g, value: level(`levelGroup${g}`) }));
    const anyGroup = groupLevels.some((x) => r.cells[`levelGroup${x.g}`] && textOf(r.cells[`levelGroup${x.g}`].value) !== null);
    if (anyGroup && criterion && criterion.appliesTo !== 'commune')
      p.add(
        ...at('levelGroup1'),
        'levelGroup1',
        'group_levels_not_commune',
        `Mức theo nhóm xã chỉ dùng cho tiêu chí áp dụng cho xã (tiêu chí ${criterionCode} áp dụng cho ${String(criterion.appliesTo)})`,
        `levels per commune group are for commune criteria only (${criterionCode} applies to ${String(criterion.appliesTo)})`,
      );
    const source = t('thresholdSource');
    const anyLevel = threshold !== null || groupLevels.some((x) => x.value !== null);
    if (anyLevel && source === null)
      p.add(...at('thresholdSource'), 'thresholdSource', 'required', 'Có mức đạt thì phải ghi "Nguồn mức đạt"', 'a level needs its "Level source"');
    const confText = t('thresholdConfidence');
    const confidence = confText === null ? 'unknown' : (THRESHOLD_CONFIDENCES as readonly string[]).find((c) => c === confText.toLowerCase());
    if (!confidence)
      p.add(
        ...at('thresholdConfidence'),
        'thresholdConfidence',
        'unknown_value',
        `Độ tin cậy "${confText}" không hợp lệ (${THRESHOLD_CONFIDENCES.join(', ')})`,
        `confidence "${confText}" is not one of ${THRESHOLD_CONFIDENCES.join(', ')}`,
      );
    const repText = t('reportedBy');
    const reportedBy = repText === null ? 'commune' : vocab(REPORTERS, repText);
    if (!reportedBy)
      p.add(
        ...at('reportedBy'),
        'reportedBy',
        'unknown_value',
        `Đơn vị báo cáo "${repText}" không hợp lệ (commune, cell, district)`,
        `reported by "${repText}" is not commune, cell or district`,
      );
    const rollText = t('rollup');
    const rollup = rollText === null ? 'none' : vocab(ROLLUPS, rollText);
    if (!rollup)
      p.add(
        ...at('rollup'),
        'rollup',
        'unknown_value',
        `Cách tổng hợp "${rollText}" không hợp lệ (${ROLLUPS.join(', ')})`,
        `rollup "${rollText}" is not one of ${ROLLUPS.join(', ')}`,
      );
    if ((kind === 'amount' || kind === 'count') && t('unit') === null)
      p.add(...at('unit'), 'unit', 'required', 'Chỉ tiêu số tiền, số đếm phải có "Đơn vị tính"', 'an amount or count indicator needs its "Unit"');
    const rmin = numberOf(r.cells.rangeMin?.value);
    const rmax = numberOf(r.cells.rangeMax?.value);
    for (const [k, v] of [
      ['rangeMin', rmin],
      ['rangeMax', rmax],
    ] as const)
      if (v === 'bad')
        p.add(
          ...at(k),
          k,
          'not_a_number',
          `${labelOf(INDICATOR_COLUMNS.find((d) => d.key === k)!)} không phải là số`,
          `${labelEnOf(INDICATOR_COLUMNS.find((d) => d.key === k)!)} is not a number`,
        );
    if (!criterion || code === null) continue;
    const list = criterion.indicators as Json[];
    const dup = list.find((i) => i.code === code);
    if (dup) {
      p.add(
        ...at('code'),
        'code',
        'duplicate_code',
        `Chỉ tiêu ${criterionCode} ${code} bị trùng (đã có ở dòng ${String(dup.__row)})`,
        `indicator ${criterionCode} ${code} is a duplicate (already on row ${String(dup.__row)})`,
      );
      continue;
    }
    const k = kind ?? 'percentage';
    const src = source ?? 'chưa có mức đạt / no level given';
    const conf = confidence ?? 'unknown';
    list.push({
      __row: r.row,
      code,
      nameVi: t('nameVi') ?? '',
      nameEn: t('nameEn') ?? '',
      kind: k,
      unit: t('unit') ?? (k === 'percentage' ? '%' : k === 'boolean' ? 'có/không' : ''),
      unitEn: t('unitEn') ?? (k === 'boolean' ? 'yes/no' : null),
      comparator: comparator ?? null,
      threshold,
      thresholdSource: src,
      thresholdConfidence: conf,
      thresholdRules: groupLevels
        .filter((x) => x.value !== null)
        .map((x) => ({
          fromYear: null,
          year: null,
          unitAttributes: { [COMMUNE_GROUP_ATTRIBUTE]: x.g },
          threshold: x.value,
          thresholdSource: src,
          thresholdConfidence: conf,
        })),
      rollup: { method: rollup ?? 'none', ...(rollup === 'share' ? { atLeast: null } : {}) },
      range: k === 'boolean' ? null : { min: typeof rmin === 'number' ? rmin : 0, max: typeof rmax === 'number' ? rmax : k === 'percentage' ? 100 : 1e9 },
      bounds: null,
      reportedBy: reportedBy ?? 'commune',
      note: t('note'),
    });
  }

  const tiers: Json[] = [];
  if (standardVi !== null && standardEn !== null) {
    const scopes = [...new Set(criteria.filter((c) => c.tier === 'ntm').map((c) => String(c.appliesTo)))];
    for (const scope of scopes)
      tiers.push({
        code: `${String(version.version)}-${scope}`,
        appliesTo: scope,
        base: true,
        nameVi: standardVi,
        nameEn: standardEn,
        statusLabels: {
          met: { vi: `đạt: ${standardVi}`, en: `meets: ${standardEn}` },
          notMet: { vi: `chưa đạt: ${standardVi}`, en: `does not yet meet: ${standardEn}` },
        },
        rule: { type: 'criteria', select: { appliesTo: scope, tier: 'ntm' }, requiresTiers: [] },
        placeholder: false,
        source: (version.legalBasis as Json[])[0]?.title ?? 'nhập từ bảng tính / imported from the workbook',
      });
  }
  if (p.list.length) return { ok: false, problems: p.list };

  const strip = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('__')));
  const doc = { ...version, tiers, criteria: criteria.map((c) => ({ ...strip(c), indicators: (c.indicators as Json[]).map(strip) })) };
  const outcome = parseCatalogueFile(doc, 'workbook');
  if (outcome.ok) return { ok: true, catalogue: outcome.value };
  // the catalogue's own cross-checks (rollup fits kind, threshold within range, ...): placed on their row
  return {
    ok: false,
    problems: outcome.issues.map((issue) => {
      const m = /^criteria\[(\d+)\](?:\.indicators\[(\d+)\])?\.?([A-Za-z]*)/.exec(issue.path);
      if (m && m[2] !== undefined) {
        const c = criteria[Number(m[1])];
        const ind = (c?.indicators as Json[] | undefined)?.[Number(m[2])];
        const key = INDICATOR_COLUMNS.some((d) => d.key === m[3])
          ? m[3]
          : m[3] === 'range'
            ? 'rangeMax'
            : m[3] === 'thresholdRules'
              ? 'levelGroup1'
              : m[3] || 'code';
        return {
          sheet: is.name,
          row: (ind?.__row as number) ?? null,
          column: is.letters[key] ?? null,
          field: key,
          problem: 'invalid',
          message: `Không hợp lệ: ${issue.problem}`,
          messageEn: issue.problem,
        };
      }
      if (m) {
        const c = criteria[Number(m[1])];
        const key = CRITERIA_COLUMNS.some((d) => d.key === m[3]) ? m[3] : 'code';
        return {
          sheet: cs.name,
          row: (c?.__row as number) ?? null,
          column: cs.letters[key] ?? null,
          field: key,
          problem: 'invalid',
          message: `Không hợp lệ: ${issue.problem}`,
          messageEn: issue.problem,
        };
      }
      const key = issue.path.split(/[.[]/)[0];
      const at = versionRows.get(key);
      return {
        sheet: vs.name,
        row: at?.row ?? null,
        column: at?.column ?? null,
        field: key || '(file)',
        problem: 'invalid',
        message: `Không hợp lệ: ${issue.problem}`,
        messageEn: issue.problem,
      };
    }),
  };
}

/** Problems of a JSON document (the seed format) as upload problems: no sheet, the field is the JSON path. */
export function problemsOfIssues(issues: readonly ValidationIssue[]): CatalogueProblem[] {
  return issues.map((i) => ({
    sheet: null,
    row: null,
    column: null,
    field: i.path || '(document)',
    problem: 'invalid',
    message: `Không hợp lệ: ${formatIssue(i)}`,
    messageEn: formatIssue(i),
  }));
}

/**
 * The catalogue version a JSON document (seeds/catalogue/<version>.json format) describes, as a draft: the same
 * parser as the seed files (field checks and cross-checks), every problem listed.
 */
export function catalogueFromJson(input: unknown): CatalogueImportOutcome {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    return {
      ok: false,
      problems: [
        {
          sheet: null,
          row: null,
          column: null,
          field: '(document)',
          problem: 'not_an_object',
          message: 'Tệp JSON phải là một đối tượng bộ tiêu chí',
          messageEn: 'the JSON document must be one catalogue object',
        },
      ],
    };
  const outcome = parseCatalogueFile({ ...(input as Json), status: 'draft' }, 'json');
  return outcome.ok ? { ok: true, catalogue: outcome.value } : { ok: false, problems: problemsOfIssues(outcome.issues) };
}
