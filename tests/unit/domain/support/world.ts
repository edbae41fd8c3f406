/**
 * A small, fully known world for domain tests: a district with two communes (3 + 2 hamlets) and a town with two
 * wards, and a compact catalogue with every rollup method. Thresholds are fixed here, so tests do not depend on the
 * seed data an administrator may edit.
 */
import {
  applyReadings,
  createAssessmentContext,
  EMPTY_READINGS_STATE,
  indexCatalogue,
  indexUnits,
  parseCatalogueFile,
  parseUnitsFile,
  unwrap,
  type AssessmentContext,
  type Catalogue,
  type IsoDate,
  type Reading,
  type UnitsFile,
} from '@pledge/domain';

const unit = (id: string, kind: string, name: string, parentId: string | null, validTo: string | null = '2025-06-30') => ({
  id,
  code: id,
  codeIsSynthetic: kind === 'hamlet' || kind === 'ward',
  kind,
  name,
  parentId,
  validFrom: '2000-01-01',
  validTo,
  placeholder: false,
  source: 'test fixture',
  attributes: {},
});

/** Units: district D with communes C1 (H1..H3), C2 (H4, H5) and town T (W1, W2); successor commune N1 from 2025-07-01. */
export function worldUnitsJson(): { units: object[]; successions: object[] } {
  return {
    units: [
      unit('P', 'province', 'Tỉnh Thử', null, null),
      unit('D', 'district', 'Huyện Thử', 'P'),
      unit('C1', 'commune', 'Xã Một', 'D'),
      unit('C2', 'commune', 'Xã Hai', 'D'),
      unit('T', 'town', 'Thị trấn Thử', 'D'),
      unit('H1', 'hamlet', 'Ấp Một', 'C1'),
      unit('H2', 'hamlet', 'Ấp Hai', 'C1'),
      unit('H3', 'hamlet', 'Ấp Ba', 'C1'),
      unit('H4', 'hamlet', 'Ấp Bốn', 'C2'),
      unit('H5', 'hamlet', 'Ấp Năm', 'C2'),
      unit('W1', 'ward', 'Khóm Một', 'T'),
      unit('W2', 'ward', 'Khóm Hai', 'T'),
      { ...unit('N1', 'commune', 'Xã Mới', 'P', null), validFrom: '2025-07-01' },
    ],
    successions: [
      { predecessorId: 'C1', successorId: 'N1', effectiveOn: '2025-07-01', share: 'whole', note: '' },
      { predecessorId: 'C2', successorId: 'N1', effectiveOn: '2025-07-01', share: 'part', note: '' },
    ],
  };
}

/** A JSON object under construction. */
export type Json = Record<string, unknown>;

/** The fixture catalogue's JSON shape, typed just enough for tests to edit it. */
export type CatalogueJson = Json & { criteria: Array<Json & { code: string; indicators: Json[] }> };

const fraction = { numeratorVi: 'Số hộ đạt', numeratorEn: 'Households meeting it', denominatorVi: 'Tổng số hộ', denominatorEn: 'Households', unit: 'hộ' };
const common = { thresholdSource: 'test', thresholdConfidence: 'found' };
const pct = (code: string, threshold: number | null, extra: Json = {}): Json => ({
  code,
  nameVi: `Chỉ tiêu ${code}`,
  nameEn: `Indicator ${code}`,
  kind: 'percentage',
  unit: '%',
  comparator: '>=',
  threshold,
  ...common,
  rollup: { method: 'ratio' },
  fraction,
  range: { min: 0, max: 100 },
  reportedBy: 'cell',
  ...extra,
});
const yesNo = (code: string, reportedBy: string, rollup: Json = { method: 'none' }): Json => ({
  code,
  nameVi: `Chỉ tiêu ${code}`,
  nameEn: `Indicator ${code}`,
  kind: 'boolean',
  unit: 'yes/no',
  comparator: '==',
  threshold: true,
  ...common,
  rollup,
  reportedBy,
});
const criterion = (code: string, appliesTo: string, nameVi: string, nameEn: string, indicators: Json[], tier = 'ntm') => ({
  code,
  appliesTo,
  tier,
  nameVi,
  nameEn,
  source: 'test',
  indicators,
});
const labels = (vi: string, en: string) => ({ met: { vi, en }, notMet: { vi: `chưa ${vi}`, en: `not ${en}` } });

/** The fixture catalogue as JSON (tests may change a copy before parsing). */
export function worldCatalogueJson(): CatalogueJson {
  return {
    version: 'TEST-1',
    titleVi: 'Bộ tiêu chí thử',
    titleEn: 'Test criteria',
    periodFrom: '2021-01-01',
    periodTo: '2025-12-31',
    deadline: '2025-12-31',
    reportingPeriod: { every: 'month', dueDay: 5 },
    criteria: [
      criterion('XA-A', 'commune', 'Điện', 'Electricity', [pct('A.1', 98), yesNo('A.2', 'commune')]),
      criterion('XA-B', 'commune', 'Thu nhập', 'Income', [
        {
          code: 'B.0',
          nameVi: 'Dân số',
          nameEn: 'Population',
          kind: 'count',
          unit: 'người',
          comparator: null,
          threshold: null,
          ...common,
          rollup: { method: 'sum' },
          range: { min: 0, max: 100000 },
          reportedBy: 'cell',
          assessed: false,
          reportingPeriod: { every: 'year', dueDay: 15 },
        },
        {
          code: 'B.1',
          nameVi: 'Thu nhập bình quân',
          nameEn: 'Average income',
          kind: 'amount',
          unit: 'triệu đồng/người/năm',
          comparator: '>=',
          threshold: null,
          ...common,
          // a yearly indicator: one level per year, none borrowed from another year (2021 has none)
          thresholdRules: [
            { year: 2022, threshold: 50, thresholdSource: 'test 2022', thresholdConfidence: 'memory_low' },
            { year: 2023, threshold: 52, thresholdSource: 'test 2023', thresholdConfidence: 'memory_low' },
            { year: 2024, threshold: 55, thresholdSource: 'test 2024', thresholdConfidence: 'memory_low' },
            { year: 2025, threshold: 60, thresholdSource: 'test 2025', thresholdConfidence: 'memory_low' },
          ],
          rollup: { method: 'weighted_mean', weightBy: { criterionCode: 'XA-B', indicatorCode: 'B.0' } },
          range: { min: 0, max: 1000 },
          reportedBy: 'cell',
          reportingPeriod: { every: 'year', dueDay: 15 },
        },
      ]),
      criterion('XA-C', 'commune', 'Nhà ở', 'Housing', [
        { ...pct('C.1', 0), kind: 'count', unit: 'nhà', comparator: '==', rollup: { method: 'sum' }, fraction: null, range: { min: 0, max: 1000 } },
        yesNo('C.2', 'cell', { method: 'share', atLeast: 0.5 }),
        yesNo('C.3', 'cell', { method: 'all' }),
        yesNo('C.4', 'cell', { method: 'any' }),
      ]),
      criterion('XA-NC', 'commune', 'NTM nâng cao', 'Advanced NTM', [yesNo('NC.1', 'commune')], 'advanced'),
      criterion('AP-A', 'hamlet', 'Điện ấp', 'Hamlet electricity', [{ ...pct('AP.1', 95), readingOf: { criterionCode: 'XA-A', indicatorCode: 'A.1' } }]),
      criterion('KHOM-A', 'ward', 'Môi trường khóm', 'Ward environment', [pct('K.1', 90)]),
      criterion('HUYEN-A', 'district', 'Quy hoạch huyện', 'District planning', [yesNo('H.1', 'district')]),
    ],
    tiers: [
      {
        code: 'TIER-AP',
        appliesTo: 'hamlet',
        base: true,
        nameVi: 'Ấp NTM',
        nameEn: 'NTM hamlet',
        statusLabels: labels('đạt chuẩn ấp NTM', 'NTM hamlet'),
        rule: { type: 'criteria', select: { appliesTo: 'hamlet', tier: 'ntm' } },
        source: 'test',
      },
      {
        code: 'TIER-KHOM',
        appliesTo: 'ward',
        base: true,
        nameVi: 'Khóm VMĐT',
        nameEn: 'Civilised ward',
        statusLabels: labels('đạt chuẩn khóm văn minh', 'civilised ward'),
        rule: { type: 'criteria', select: { appliesTo: 'ward', tier: 'ntm' } },
        source: 'test',
      },
      {
        code: 'TIER-XA-NTM',
        appliesTo: 'commune',
        base: true,
        nameVi: 'Xã NTM',
        nameEn: 'NTM commune',
        statusLabels: {
          met: { vi: 'đạt chuẩn NTM', en: 'meets the NTM standard' },
          notMet: { vi: 'chưa đạt chuẩn NTM', en: 'does not yet meet the NTM standard' },
        },
        rule: { type: 'criteria', select: { appliesTo: 'commune', tier: 'ntm' } },
        source: 'test',
      },
      {
        code: 'TIER-XA-NC',
        appliesTo: 'commune',
        base: false,
        nameVi: 'Xã NTM nâng cao',
        nameEn: 'Advanced NTM commune',
        statusLabels: {
          met: { vi: 'đạt chuẩn NTM nâng cao', en: 'meets the advanced NTM standard' },
          notMet: { vi: 'chưa đạt chuẩn NTM nâng cao', en: 'does not yet meet the advanced NTM standard' },
        },
        rule: { type: 'criteria', select: { appliesTo: 'commune', tier: 'advanced' }, requiresTiers: ['TIER-XA-NTM'] },
        source: 'test',
      },
      {
        code: 'TIER-TT',
        appliesTo: 'town',
        base: true,
        nameVi: 'Thị trấn văn minh đô thị',
        nameEn: 'Civilised-urban town',
        statusLabels: {
          met: { vi: 'đạt chuẩn văn minh đô thị', en: 'civilised-urban' },
          notMet: { vi: 'chưa đạt chuẩn văn minh đô thị', en: 'not yet civilised-urban' },
        },
        rule: { type: 'criteria', select: { appliesTo: 'ward', tier: 'ntm' } },
        source: 'test',
      },
      {
        code: 'TIER-HUYEN',
        appliesTo: 'district',
        base: true,
        nameVi: 'Huyện NTM',
        nameEn: 'NTM district',
        statusLabels: {
          met: { vi: 'đạt chuẩn huyện NTM', en: 'meets the NTM district standard' },
          notMet: { vi: 'chưa đạt chuẩn huyện NTM', en: 'does not yet meet the NTM district standard' },
        },
        rule: { type: 'district_conditions' },
        source: 'test',
      },
    ],
    districtConditions: [
      {
        code: 'DK-01',
        nameVi: '100% xã đạt chuẩn NTM',
        nameEn: 'All communes NTM',
        rule: { type: 'share_at_tier', unitKinds: ['commune'], tier: 'TIER-XA-NTM', comparator: '>=', threshold: 100, unit: '%', ...common },
        source: 'test',
      },
      {
        code: 'DK-02',
        nameVi: 'Tỷ lệ xã NTM nâng cao',
        nameEn: 'Advanced share',
        rule: { type: 'share_at_tier', unitKinds: ['commune'], tier: 'TIER-XA-NC', comparator: '>=', threshold: 10, unit: '%', ...common },
        source: 'test',
      },
      {
        code: 'DK-03',
        nameVi: 'Thị trấn văn minh đô thị',
        nameEn: 'Town civilised-urban',
        rule: { type: 'share_at_tier', unitKinds: ['town'], tier: 'TIER-TT', comparator: '>=', threshold: 100, unit: '%', ...common },
        source: 'test',
      },
      {
        code: 'DK-04',
        nameVi: 'Đạt các tiêu chí huyện',
        nameEn: 'District criteria',
        rule: { type: 'criteria', select: { appliesTo: 'district', tier: 'ntm' } },
        source: 'test',
      },
    ],
  };
}

export function worldUnits(): UnitsFile {
  return unwrap(parseUnitsFile(worldUnitsJson(), 'test-units'));
}

export function worldCatalogue(json: object = worldCatalogueJson()): Catalogue {
  return unwrap(parseCatalogueFile(json, 'test-catalogue'));
}

let counter = 0;

/** A reading with defaults: asOf 2024-06-30, reported the next day, a fresh event id. */
export function reading(partial: Partial<Reading> & Pick<Reading, 'hamletId' | 'criterionCode' | 'indicatorCode'>): Reading {
  counter += 1;
  return {
    eventId: `ev-${String(counter).padStart(6, '0')}`,
    value: null,
    numerator: null,
    denominator: null,
    asOf: '2024-06-30',
    reportedAt: '2024-07-01T02:00:00.000Z',
    reportedBy: 'test',
    ...partial,
  };
}

/** A fraction reading of `A.1` (households with power). */
export function power(hamletId: string, numerator: number, denominator: number, extra: Partial<Reading> = {}): Reading {
  return reading({ hamletId, criterionCode: 'XA-A', indicatorCode: 'A.1', numerator, denominator, ...extra });
}

/** Readings that make commune `communeId` meet every NTM criterion of the fixture catalogue (asOf `asOf`). */
export function communeMeetsAll(communeId: 'C1' | 'C2', asOf: IsoDate): Reading[] {
  const hamlets = communeId === 'C1' ? ['H1', 'H2', 'H3'] : ['H4', 'H5'];
  const reportedAt = `${asOf}T09:00:00.000Z`;
  const at = { asOf, reportedAt };
  return [
    reading({ hamletId: communeId, criterionCode: 'XA-A', indicatorCode: 'A.2', value: true, ...at }),
    ...hamlets.flatMap((h) => [
      power(h, 100, 100, at),
      reading({ hamletId: h, criterionCode: 'XA-B', indicatorCode: 'B.0', value: 1000, ...at }),
      reading({ hamletId: h, criterionCode: 'XA-B', indicatorCode: 'B.1', value: 70, ...at }),
      reading({ hamletId: h, criterionCode: 'XA-C', indicatorCode: 'C.1', value: 0, ...at }),
      reading({ hamletId: h, criterionCode: 'XA-C', indicatorCode: 'C.2', value: true, ...at }),
      reading({ hamletId: h, criterionCode: 'XA-C', indicatorCode: 'C.3', value: true, ...at }),
      reading({ hamletId: h, criterionCode: 'XA-C', indicatorCode: 'C.4', value: false, ...at }),
    ]),
    reading({ hamletId: hamlets[0], criterionCode: 'XA-C', indicatorCode: 'C.4', value: true, ...at, reportedAt: `${asOf}T10:00:00.000Z` }),
  ];
}

/** An assessment context over the fixture world. */
export function worldContext(readings: readonly Reading[], now: string, options: { asOf?: IsoDate; catalogue?: Catalogue } = {}): AssessmentContext {
  return createAssessmentContext({
    catalogue: indexCatalogue(options.catalogue ?? worldCatalogue()),
    units: indexUnits(worldUnits()),
    state: applyReadings(EMPTY_READINGS_STATE, readings),
    now: new Date(now),
    asOf: options.asOf,
  });
}
