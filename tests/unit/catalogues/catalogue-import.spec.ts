import {
  catalogueFromJson,
  catalogueFromWorkbook,
  catalogueVersionOn,
  governsFigures,
  parseCatalogueFile,
  programmeToday,
  publishGaps,
  replaceableByImport,
  resolveThreshold,
  type CatalogueCellValue,
  type CatalogueWorkbook,
} from '@pledge/domain';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SEEDS = join(__dirname, '..', '..', '..', 'seeds', 'catalogue');
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A table sheet from rows of {columnKey: value}: columns lettered in the order of `keys`. */
function table(name: string, keys: string[], rows: Record<string, CatalogueCellValue>[]) {
  const letters = Object.fromEntries(keys.map((k, i) => [k, LETTERS[i]]));
  return {
    name,
    letters,
    rows: rows.map((r, i) => ({
      row: i + 2,
      cells: Object.fromEntries(
        Object.entries(r)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, { value: v, column: letters[k] }]),
      ),
    })),
  };
}

const VERSION = {
  version: 'NTM-2026-2030',
  titleVi: 'Bộ tiêu chí xã nông thôn mới 2026–2030',
  titleEn: 'New-rural commune criteria 2026–2030',
  periodFrom: '2026-01-01',
  periodTo: '31/12/2030',
  deadline: '2030-12-31',
  reportingEvery: 'month',
  reportingDueDay: 5,
  standardVi: 'Xã đạt chuẩn nông thôn mới',
  standardEn: 'New-rural commune',
};

function workbook(
  over: {
    version?: Record<string, CatalogueCellValue>;
    criteria?: Record<string, CatalogueCellValue>[];
    indicators?: Record<string, CatalogueCellValue>[];
  } = {},
): CatalogueWorkbook {
  const v = { ...VERSION, ...(over.version ?? {}) };
  const fields = Object.fromEntries(Object.entries(v).map(([k, value], i) => [k, { row: i + 2, cell: { value, column: 'B' } }] as const));
  const criteria = over.criteria ?? [
    { code: 'TC-01', nameVi: 'Quy hoạch', nameEn: 'Planning', appliesTo: 'commune', source: 'QĐ 51/2025/QĐ-TTg' },
    { code: 'TC-02', nameVi: 'Hạ tầng kinh tế – xã hội', nameEn: 'Socio-economic infrastructure', appliesTo: 'xã', source: 'QĐ 51/2025/QĐ-TTg' },
  ];
  const indicators = over.indicators ?? [
    {
      criterionCode: 'TC-01',
      code: '1.1',
      nameVi: 'Có quy hoạch chung',
      nameEn: 'General plan',
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
      levelGroup2: '90',
      levelGroup3: null,
      thresholdSource: 'test',
      thresholdConfidence: 'found',
    },
    { criterionCode: 'TC-02', code: '2.2', nameVi: 'Số chợ', nameEn: 'Markets', kind: 'count', unit: 'chợ', comparator: '>=', threshold: null },
  ];
  const ckeys = ['code', 'nameVi', 'nameEn', 'appliesTo', 'tier', 'group', 'source', 'note'];
  const ikeys = [
    'criterionCode',
    'code',
    'nameVi',
    'nameEn',
    'kind',
    'unit',
    'unitEn',
    'comparator',
    'threshold',
    'levelGroup1',
    'levelGroup2',
    'levelGroup3',
    'thresholdSource',
    'thresholdConfidence',
    'rangeMin',
    'rangeMax',
    'reportedBy',
    'rollup',
    'note',
  ];
  return {
    version: { name: 'Phiên bản - Version', fields },
    criteria: table('Tiêu chí - Criteria', ckeys, criteria),
    indicators: table('Chỉ tiêu - Indicators', ikeys, indicators),
  };
}

describe('catalogue import (libs/domain rules)', () => {
  it('a correct workbook gives a draft: per-group levels as unit-attribute rules, an empty level stays unknown, the standard as a base tier', () => {
    const outcome = catalogueFromWorkbook(workbook());
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems, null, 1));
    const c = outcome.catalogue;
    expect(c.status).toBe('draft');
    expect(c.periodTo).toBe('2030-12-31');
    expect(c.criteria.map((x) => x.code)).toEqual(['TC-01', 'TC-02']);
    expect(c.criteria[1].appliesTo).toBe('commune');
    const roads = c.criteria[1].indicators[0];
    expect(roads.threshold).toBeNull();
    expect(roads.thresholdRules.map((r) => [r.unitAttributes, r.threshold])).toEqual([
      [{ communeGroup: 1 }, 100],
      [{ communeGroup: 2 }, 90],
    ]);
    expect(resolveThreshold(roads, { year: 2027, unitAttributes: { communeGroup: 2 } }).value).toBe(90);
    expect(resolveThreshold(roads, { year: 2027, unitAttributes: { communeGroup: 3 } }).value).toBeNull();
    const markets = c.criteria[1].indicators[1];
    expect(markets).toMatchObject({ threshold: null, thresholdConfidence: 'unknown', range: { min: 0, max: 1e9 } });
    expect(c.criteria[0].indicators[0]).toMatchObject({ threshold: true, unit: 'có/không' });
    expect(c.tiers).toEqual([
      expect.objectContaining({ code: 'NTM-2026-2030-commune', appliesTo: 'commune', base: true, nameVi: 'Xã đạt chuẩn nông thôn mới' }),
    ]);
    expect(publishGaps(c)).toEqual([]);
  });

  it('lists every problem at once with sheet, row, column and both languages', () => {
    const outcome = catalogueFromWorkbook(
      workbook({
        version: { periodFrom: '2026-02-30', reportingDueDay: 31, standardEn: null },
        criteria: [
          { code: 'TC-01', nameVi: 'Quy hoạch', nameEn: 'Planning', appliesTo: 'commune', source: 's' },
          { code: 'TC-01', nameVi: 'Trùng', nameEn: 'Duplicate', appliesTo: 'commune', source: 's' },
          { code: 'TC-03', nameVi: null, nameEn: 'No name', appliesTo: 'county', source: 's' },
          { code: 'TC-04', nameVi: 'Ấp', nameEn: 'Hamlet', appliesTo: 'hamlet', source: 's' },
        ],
        indicators: [
          { criterionCode: 'TC-09', code: '9.1', nameVi: 'x', nameEn: 'x', kind: 'count', comparator: '>=' },
          { criterionCode: 'TC-01', code: '1.1', nameVi: 'x', nameEn: 'x', kind: 'ratio', comparator: '>=' },
          { criterionCode: 'TC-01', code: '1.2', nameVi: 'x', nameEn: 'x', kind: 'percentage', comparator: '=>', threshold: 'nhiều', thresholdSource: 's' },
          { criterionCode: 'TC-01', code: '1.3', nameVi: 'x', nameEn: 'x', kind: 'percentage', comparator: '>=', threshold: 80 },
          { criterionCode: 'TC-04', code: '4.1', nameVi: 'x', nameEn: 'x', kind: 'percentage', comparator: '>=', levelGroup1: 50, thresholdSource: 's' },
          { criterionCode: 'TC-01', code: '1.4', nameVi: 'x', nameEn: 'x', kind: 'boolean', comparator: '>=' },
          { criterionCode: 'TC-01', code: '1.4', nameVi: 'y', nameEn: 'y', kind: 'boolean', comparator: '==' },
        ],
      }),
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const found = outcome.problems.map((p) => [p.sheet?.split(' - ')[1] ?? null, p.row, p.column, p.field, p.problem]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['Version', 5, 'B', 'periodFrom', 'not_a_date'],
        ['Version', 9, 'B', 'reportingDueDay', 'out_of_range'],
        ['Version', 11, 'B', 'standardEn', 'required'],
        ['Criteria', 3, 'A', 'code', 'duplicate_code'],
        ['Criteria', 4, 'B', 'nameVi', 'required'],
        ['Criteria', 4, 'D', 'appliesTo', 'unknown_value'],
        ['Indicators', 2, 'A', 'criterionCode', 'unknown_criterion'],
        ['Indicators', 3, 'E', 'kind', 'unknown_value'],
        ['Indicators', 4, 'H', 'comparator', 'unknown_value'],
        ['Indicators', 4, 'I', 'threshold', 'not_a_number'],
        ['Indicators', 5, 'M', 'thresholdSource', 'required'],
        ['Indicators', 6, 'J', 'levelGroup1', 'group_levels_not_commune'],
        ['Indicators', 7, 'H', 'comparator', 'bad_comparator'],
        ['Indicators', 8, 'B', 'code', 'duplicate_code'],
        ['Indicators', 2, 'F', 'unit', 'required'],
      ]),
    );
    for (const p of outcome.problems) {
      expect(p.message.length).toBeGreaterThan(0);
      expect(p.messageEn.length).toBeGreaterThan(0);
    }
  });

  it('the catalogue’s own cross-checks are placed on their row (a sum rollup does not fit a percentage)', () => {
    const outcome = catalogueFromWorkbook(
      workbook({
        indicators: [
          { criterionCode: 'TC-01', code: '1.1', nameVi: 'x', nameEn: 'x', kind: 'percentage', comparator: '>=', reportedBy: 'cell', rollup: 'sum' },
          { criterionCode: 'TC-02', code: '2.1', nameVi: 'x', nameEn: 'x', kind: 'count', unit: 'chợ', comparator: '>=' },
        ],
      }),
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok)
      expect(outcome.problems).toEqual([
        expect.objectContaining({ sheet: 'Chỉ tiêu - Indicators', row: 2, messageEn: expect.stringContaining('rollup sum does not fit a percentage') }),
      ]);
  });

  it('texts are NFC-normalised where they enter', () => {
    const decomposed = 'Quy hoạch'.normalize('NFD');
    const outcome = catalogueFromWorkbook(
      workbook({
        criteria: [
          { code: 'TC-01', nameVi: decomposed, nameEn: 'Planning', appliesTo: 'commune', source: 's' },
          { code: 'TC-02', nameVi: 'Hạ tầng', nameEn: 'Infra', appliesTo: 'commune', source: 's' },
        ],
      }),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    expect(outcome.catalogue.criteria[0].nameVi).toBe('Quy hoạch'.normalize('NFC'));
    expect(outcome.catalogue.criteria[0].nameVi).not.toBe(decomposed);
  });

  it('missing sheets are named', () => {
    const outcome = catalogueFromWorkbook({ version: workbook().version });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems.map((p) => p.problem)).toEqual(['missing_sheet', 'missing_sheet']);
  });

  it('JSON in the seed format: parsed by the same rules, always a draft; problems carry their JSON path', () => {
    const seed = JSON.parse(readFileSync(join(SEEDS, 'NTM-2021-2025.json'), 'utf8'));
    const ok = catalogueFromJson(seed);
    expect(ok.ok && ok.catalogue.status).toBe('draft');
    const bad = catalogueFromJson({ ...seed, criteria: [{ ...seed.criteria[0], indicators: [{ ...seed.criteria[0].indicators[0], kind: 'colour' }] }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.some((p) => p.field.startsWith('criteria[0].indicators[0].kind'))).toBe(true);
    expect(catalogueFromJson([]).ok).toBe(false);
  });
});

describe('catalogue lifecycle', () => {
  const v2021 = { id: 'A', periodFrom: '2021-01-01', periodTo: '2025-12-31', deadline: '2025-12-31', status: 'published' };
  const draft = { id: 'B', periodFrom: '2026-01-01', periodTo: '2030-12-31', deadline: '2030-12-31', status: 'draft' };

  it('a draft never governs a day; once published it does', () => {
    expect(governsFigures(draft)).toBe(false);
    expect(governsFigures({})).toBe(true);
    expect(catalogueVersionOn([v2021, draft], '2027-03-01')?.id).toBe('A');
    expect(catalogueVersionOn([v2021, { ...draft, status: 'published' }], '2027-03-01')?.id).toBe('B');
    expect(programmeToday([v2021, draft], '2027-03-01')).toMatchObject({ version: { id: 'A' }, day: '2025-12-31', clamped: true });
    expect(catalogueVersionOn([draft], '2027-03-01')).toBeUndefined();
    expect(programmeToday([draft], '2027-03-01')).toBeUndefined();
  });

  it('only a draft (or a new version) may be replaced by an import', () => {
    expect(replaceableByImport(undefined)).toBe(true);
    expect(replaceableByImport({ status: 'draft' })).toBe(true);
    expect(replaceableByImport({ status: 'published' })).toBe(false);
  });

  it('the seeded 2026–2030 draft: the 10 criteria, no indicator, nothing invented, and not publishable as it is', () => {
    const doc = JSON.parse(readFileSync(join(SEEDS, 'NTM-2026-2030.json'), 'utf8'));
    const parsed = parseCatalogueFile(doc);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const c = parsed.value;
    expect(c.status).toBe('draft');
    expect([c.periodFrom, c.periodTo]).toEqual(['2026-01-01', '2030-12-31']);
    expect(c.legalBasis).toEqual([expect.objectContaining({ date: '2025-12-29', effective: '2026-02-15', status: 'text not retrieved here' })]);
    expect(c.criteria.map((x) => x.nameVi)).toEqual([
      'Quy hoạch',
      'Hạ tầng kinh tế – xã hội',
      'Phát triển kinh tế nông thôn',
      'Đào tạo nguồn nhân lực nông thôn',
      'Văn hóa, giáo dục, y tế',
      'Giảm nghèo và an sinh xã hội',
      'Khoa học công nghệ và chuyển đổi số',
      'Môi trường và cảnh quan nông thôn',
      'Hệ thống chính trị và hành chính công',
      'Tiếp cận pháp luật và an ninh, quốc phòng',
    ]);
    expect(c.criteria.every((x) => x.appliesTo === 'commune' && x.indicators.length === 0)).toBe(true);
    expect(c.tiers).toEqual([]);
    const gaps = publishGaps(c);
    expect(gaps.filter((g) => g.problem === 'no_indicators')).toHaveLength(10);
    expect(gaps.map((g) => g.problem)).toContain('no_standard');
  });

  it('the 2021–2025 seed is published and complete', () => {
    const doc = JSON.parse(readFileSync(join(SEEDS, 'NTM-2021-2025.json'), 'utf8'));
    const parsed = parseCatalogueFile(doc);
    expect(parsed.ok && parsed.value.status).toBe('published');
    if (parsed.ok) expect(publishGaps(parsed.value)).toEqual([]);
  });
});
