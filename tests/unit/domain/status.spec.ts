import {
  assessCriterion,
  assessIndicator,
  assessTier,
  assessUnitStandard,
  isStale,
  requiredPeriodStart,
  resolveThreshold,
  summariseStatuses,
  getIndicator,
  indexCatalogue,
  utcMsToIsoDate,
  yearOf,
} from '@pledge/domain';
import fc from 'fast-check';
import { communeMeetsAll, power, reading, worldCatalogue, worldCatalogueJson, worldContext } from './support/world';

const A1 = { criterionCode: 'XA-A', indicatorCode: 'A.1' };
const monthly = { every: 'month', dueDay: 5 } as const;

describe('reporting periods and staleness', () => {
  it('requires last month once its report is due on the 5th, the month before until then', () => {
    expect(requiredPeriodStart(monthly, '2024-03-10')).toBe('2024-02-01');
    expect(requiredPeriodStart(monthly, '2024-03-05')).toBe('2024-02-01');
    expect(requiredPeriodStart(monthly, '2024-03-04')).toBe('2024-01-01');
    expect(requiredPeriodStart(monthly, '2024-01-03')).toBe('2023-11-01');
  });

  it('handles quarters and years', () => {
    expect(requiredPeriodStart({ every: 'quarter', dueDay: 10 }, '2024-04-10')).toBe('2024-01-01');
    expect(requiredPeriodStart({ every: 'quarter', dueDay: 10 }, '2024-04-09')).toBe('2023-10-01');
    expect(requiredPeriodStart({ every: 'quarter', dueDay: 10 }, '2024-06-30')).toBe('2024-01-01');
    expect(requiredPeriodStart({ every: 'year', dueDay: 15 }, '2024-01-20')).toBe('2023-01-01');
    expect(requiredPeriodStart({ every: 'year', dueDay: 15 }, '2024-01-14')).toBe('2022-01-01');
  });

  it('calls a reading stale when it describes a day before the required period', () => {
    expect(isStale('2024-01-31', monthly, '2024-03-10')).toBe(true);
    expect(isStale('2024-02-01', monthly, '2024-03-10')).toBe(false);
  });
});

describe('indicator status', () => {
  const full = [power('H1', 99, 100), power('H2', 198, 200), power('H3', 50, 50)];

  it('met: every cell reported recent figures that meet the threshold', () => {
    const a = assessIndicator(worldContext(full, '2024-07-10T03:00:00Z'), 'C1', A1);
    expect(a.status).toBe('met');
    expect(a.value).toBeCloseTo((347 / 350) * 100, 9);
    expect(a.reason.vi).toBe('Đạt: 99,1% (yêu cầu ≥ 98%)');
  });

  it('not_met: below the threshold', () => {
    const a = assessIndicator(worldContext([power('H1', 90, 100), power('H2', 180, 200), power('H3', 50, 50)], '2024-07-10T03:00:00Z'), 'C1', A1);
    expect(a.status).toBe('not_met');
  });

  it('no_data: nothing reported at all', () => {
    const a = assessIndicator(worldContext([], '2024-07-10T03:00:00Z'), 'C1', A1);
    expect(a.status).toBe('no_data');
    expect(a.value).toBeNull();
    expect(a.rollup.coverage.missing).toEqual(['H1', 'H2', 'H3']);
  });

  it('stale: the newest figures are older than the required reporting period (judged on "now")', () => {
    // Figures as of 2024-06-30; on 2024-08-06 July's report was due (from 2024-07-01 on).
    const a = assessIndicator(worldContext(full, '2024-08-06T03:00:00Z'), 'C1', A1);
    expect(a.status).toBe('stale');
    expect(a.judgement).toBe('met');
    expect(a.requiredFrom).toBe('2024-07-01');
    expect(a.staleUnitIds).toEqual(['H1', 'H2', 'H3']);
    expect(a.reason.vi).toBe('Số liệu quá hạn: cần số liệu từ ngày 01/07/2024 của Ấp Một, Ấp Hai, Ấp Ba');
    // On 2024-08-04 (before the 5th) July's report is not due yet: still fresh.
    expect(assessIndicator(worldContext(full, '2024-08-04T03:00:00Z'), 'C1', A1).status).toBe('met');
  });

  it('uses the Vietnamese calendar day of "now" (UTC+7)', () => {
    // 2024-08-04T17:30Z is already 2024-08-05 00:30 in Vietnam: July's report is due.
    expect(assessIndicator(worldContext(full, '2024-08-04T17:30:00Z'), 'C1', A1).status).toBe('stale');
    expect(assessIndicator(worldContext(full, '2024-08-04T16:30:00Z'), 'C1', A1).status).toBe('met');
  });

  it('threshold_missing: data present but the threshold is null — says it cannot be judged', () => {
    const json = worldCatalogueJson();
    json.criteria[0].indicators[0].threshold = null;
    const a = assessIndicator(worldContext(full, '2024-07-10T03:00:00Z', { catalogue: worldCatalogue(json) }), 'C1', A1);
    expect(a.status).toBe('threshold_missing');
    expect(a.judgement).toBeNull();
    expect(a.reason.vi).toBe('Chưa có ngưỡng, không thể kết luận đạt hay chưa đạt: 99,1% (chưa có ngưỡng)');
    expect(a.reason.en).toBe('No threshold set: cannot be judged: 99.1% (no threshold set)');
  });
});

describe('yearly indicators: the year of the figure and the year of the level are the same year', () => {
  const B1 = { criterionCode: 'XA-B', indicatorCode: 'B.1' };
  const income = (asOf: string, value = 55) => [
    reading({ hamletId: 'H4', criterionCode: 'XA-B', indicatorCode: 'B.1', value, asOf, reportedAt: `${asOf}T12:00:00.000Z` }),
    reading({ hamletId: 'H4', criterionCode: 'XA-B', indicatorCode: 'B.0', value: 800, asOf, reportedAt: `${asOf}T12:00:00.000Z` }),
    reading({ hamletId: 'H5', criterionCode: 'XA-B', indicatorCode: 'B.1', value, asOf, reportedAt: `${asOf}T12:00:00.000Z` }),
    reading({ hamletId: 'H5', criterionCode: 'XA-B', indicatorCode: 'B.0', value: 700, asOf, reportedAt: `${asOf}T12:00:00.000Z` }),
  ];

  it('judges a year’s figure against that year’s level', () => {
    const in2024 = assessIndicator(worldContext(income('2024-12-31'), '2024-12-31T10:00:00Z'), 'C2', B1);
    expect([in2024.status, in2024.year, in2024.threshold.value, in2024.threshold.year, in2024.threshold.source]).toEqual(['met', 2024, 55, 2024, 'test 2024']);
    const in2025 = assessIndicator(worldContext(income('2025-12-31'), '2025-12-31T10:00:00Z'), 'C2', B1);
    expect([in2025.status, in2025.threshold.value]).toEqual(['not_met', 60]);
    expect(in2025.reason.vi).toBe('Chưa đạt: 55 triệu đồng/người/năm (yêu cầu ≥ 60 triệu đồng/người/năm, thiếu 5 triệu đồng/người/năm)');
  });

  it('shows an earlier year’s figure with its year and counts it as missing for the year assessed', () => {
    // on 31/12/2025 the 2025 level applies; a 2024 figure is not 2025's figure
    const a = assessIndicator(worldContext(income('2024-12-31', 70), '2025-12-31T10:00:00Z'), 'C2', B1);
    expect([a.status, a.year, a.threshold.value, a.threshold.year]).toEqual(['no_data', 2025, 60, 2025]);
    expect(a.rollup.outdated.map((o) => [o.unitId, o.asOf])).toEqual([
      ['H4', '2024-12-31'],
      ['H5', '2024-12-31'],
    ]);
    expect(a.reason.vi).toBe(
      'Chưa có số liệu năm 2025 của 2/2 đơn vị báo cáo: Ấp Bốn, Ấp Năm (số liệu gần nhất là của năm 2024, không dùng để đánh giá năm 2025)',
    );
    expect(a.reason.en).toBe('No 2025 figure from 2 of 2 reporting units: Ấp Bốn, Ấp Năm (the latest figure is for 2024 and does not count for 2025)');
  });

  it('never borrows another year’s level: a year without its own level cannot be judged', () => {
    const a = assessIndicator(worldContext(income('2021-12-31', 70), '2021-12-31T10:00:00Z'), 'C2', B1);
    expect([a.status, a.threshold.value, a.threshold.year]).toEqual(['threshold_missing', null, 2021]);
    expect(a.reason.vi).toBe('Chưa có ngưỡng của năm 2021, không thể kết luận đạt hay chưa đạt: 70 triệu đồng/người/năm (chưa có ngưỡng năm 2021)');
  });

  it('a yearly figure is never judged against another year’s level, whatever the days (property)', () => {
    const day = fc.integer({ min: 0, max: 5 * 365 }).map((n) => utcMsToIsoDate(Date.UTC(2021, 0, 1) + n * 86_400_000));
    fc.assert(
      fc.property(day, day, fc.integer({ min: 30, max: 90 }), (figureDay, viewDay, value) => {
        fc.pre(figureDay <= viewDay);
        const a = assessIndicator(worldContext(income(figureDay, value), `${viewDay}T10:00:00Z`, { asOf: viewDay }), 'C2', B1);
        if (a.status === 'met' || a.status === 'not_met') {
          expect(a.threshold.year).toBe(yearOf(viewDay));
          expect(yearOf(figureDay)).toBe(yearOf(viewDay));
        }
        if (yearOf(figureDay) < yearOf(viewDay)) expect(a.status).toBe('no_data');
        expect(a.status).not.toBe('stale');
      }),
      { numRuns: 300 },
    );
  });
});

describe('reporting frequency decides what is out of date', () => {
  const withEvery = (every: object) => {
    const json = worldCatalogueJson();
    json.criteria[0].indicators[0].reportingPeriod = every;
    return worldCatalogue(json);
  };
  const full = [power('H1', 99, 100), power('H2', 198, 200), power('H3', 50, 50)];

  it('an on-change figure holds until a new one arrives: never stale', () => {
    const catalogue = withEvery({ every: 'on_change' });
    const a = assessIndicator(worldContext(full, '2025-12-31T03:00:00Z', { catalogue }), 'C1', A1);
    expect([a.status, a.frequency, a.staleUnitIds]).toEqual(['met', 'on_change', []]);
  });

  it('a quarterly figure turns stale once the next quarter’s report is due', () => {
    const catalogue = withEvery({ every: 'quarter', dueDay: 5 });
    // figures of Q2 2024: current through Q3, stale once Q3's report is due on 05/10/2024
    expect(assessIndicator(worldContext(full, '2024-10-04T03:00:00Z', { catalogue }), 'C1', A1).status).toBe('met');
    expect(assessIndicator(worldContext(full, '2024-10-05T03:00:00Z', { catalogue }), 'C1', A1).status).toBe('stale');
  });

  it('stale follows the frequency: the same figures on the same day are stale monthly, current quarterly and on change (property)', () => {
    const day = fc.integer({ min: 0, max: 900 }).map((n) => utcMsToIsoDate(Date.UTC(2024, 5, 30) + n * 86_400_000));
    const catalogues = {
      month: withEvery({ every: 'month', dueDay: 5 }),
      quarter: withEvery({ every: 'quarter', dueDay: 5 }),
      on_change: withEvery({ every: 'on_change' }),
    };
    fc.assert(
      fc.property(day, (viewDay) => {
        const status = (k: keyof typeof catalogues) =>
          assessIndicator(worldContext(full, `${viewDay}T10:00:00Z`, { asOf: viewDay, catalogue: catalogues[k] }), 'C1', A1).status;
        const monthly = { every: 'month' as const, dueDay: 5 };
        const quarterly = { every: 'quarter' as const, dueDay: 5 };
        expect(status('month')).toBe(isStale('2024-06-30', monthly, viewDay) ? 'stale' : 'met');
        expect(status('quarter')).toBe(isStale('2024-06-30', quarterly, viewDay) ? 'stale' : 'met');
        expect(status('on_change')).toBe('met');
      }),
      { numRuns: 200 },
    );
  });
});

describe('all-of levels: several named parts, each judged on its own figure', () => {
  const twoPart = () => {
    const json = worldCatalogueJson();
    const a1 = json.criteria[0].indicators[0];
    a1.threshold = null;
    a1.level = {
      type: 'all_of',
      parts: [
        {
          key: 'hygienic',
          nameVi: 'Hợp vệ sinh',
          nameEn: 'Hygienic',
          indicatorCode: 'A.1',
          comparator: '>=',
          threshold: 95,
          thresholdSource: 't',
          thresholdConfidence: 'found',
        },
        {
          key: 'clean',
          nameVi: 'trong đó nước sạch',
          nameEn: 'of which clean',
          indicatorCode: 'A.1b',
          comparator: '>=',
          threshold: 60,
          thresholdSource: 't',
          thresholdConfidence: 'found',
        },
      ],
    };
    json.criteria[0].indicators.splice(1, 0, { ...a1, code: 'A.1b', level: undefined, comparator: null, threshold: null, assessed: false });
    return worldCatalogue(json);
  };
  const clean = (h: string, n: number, d: number) => reading({ hamletId: h, criterionCode: 'XA-A', indicatorCode: 'A.1b', numerator: n, denominator: d });

  it('is met only when every part is met, and says which part fails and by how much', () => {
    const catalogue = twoPart();
    const hygienic = [power('H1', 99, 100), power('H2', 198, 200), power('H3', 50, 50)];
    const ok = assessIndicator(
      worldContext([...hygienic, clean('H1', 70, 100), clean('H2', 150, 200), clean('H3', 40, 50)], '2024-07-10T03:00:00Z', { catalogue }),
      'C1',
      A1,
    );
    expect([ok.status, ok.parts.map((p) => p.judgement)]).toEqual(['met', ['met', 'met']]);
    const low = assessIndicator(
      worldContext([...hygienic, clean('H1', 50, 100), clean('H2', 100, 200), clean('H3', 29, 50)], '2024-07-10T03:00:00Z', { catalogue }),
      'C1',
      A1,
    );
    expect([low.status, low.parts.map((p) => p.judgement)]).toEqual(['not_met', ['met', 'not_met']]);
    expect(low.reason.vi).toBe('Chưa đạt: Hợp vệ sinh: 99,1% (yêu cầu ≥ 95%); trong đó nước sạch: 51,1% (yêu cầu ≥ 60%, thiếu 8,9 điểm %)');
  });

  it('has no data until every part has its figures', () => {
    const catalogue = twoPart();
    const a = assessIndicator(
      worldContext([power('H1', 99, 100), power('H2', 198, 200), power('H3', 50, 50)], '2024-07-10T03:00:00Z', { catalogue }),
      'C1',
      A1,
    );
    expect(a.status).toBe('no_data');
  });

  it('the catalogue refuses a part judged on an unknown indicator or a level with one part', () => {
    const json = worldCatalogueJson();
    json.criteria[0].indicators[0].threshold = null;
    json.criteria[0].indicators[0].level = {
      type: 'all_of',
      parts: [
        { key: 'a', nameVi: 'a', nameEn: 'a', indicatorCode: 'A.1', comparator: '>=', threshold: 1, thresholdSource: 't', thresholdConfidence: 'found' },
        { key: 'b', nameVi: 'b', nameEn: 'b', indicatorCode: 'A.9', comparator: '>=', threshold: 1, thresholdSource: 't', thresholdConfidence: 'found' },
      ],
    };
    expect(() => worldCatalogue(json)).toThrow(/level.parts\[1\].indicatorCode: unknown indicator XA-A A.9/);
  });

  it('judges a hamlet indicator on the readings of the commune indicator it mirrors (readingOf)', () => {
    const a = assessIndicator(worldContext([power('H1', 96, 100)], '2024-07-10T03:00:00Z'), 'H1', { criterionCode: 'AP-A', indicatorCode: 'AP.1' });
    expect([a.status, a.value]).toEqual(['met', 96]);
  });
});

describe('thresholds that depend on unit attributes (the 2026–2030 commune groups)', () => {
  it('picks the rule matching the unit, the latest year, then the most specific', () => {
    const json = worldCatalogueJson();
    json.criteria[0].indicators[0].thresholdRules = [
      { fromYear: 2026, unitAttributes: { communeGroup: '1' }, threshold: 95, thresholdSource: 'g1', thresholdConfidence: 'found' },
      { fromYear: 2026, unitAttributes: { communeGroup: '2' }, threshold: 90, thresholdSource: 'g2', thresholdConfidence: 'found' },
      { fromYear: 2026, threshold: 99, thresholdSource: 'all', thresholdConfidence: 'found' },
    ];
    const indicator = getIndicator(indexCatalogue(worldCatalogue(json)), A1).indicator;
    expect(resolveThreshold(indicator, { year: 2027, unitAttributes: { communeGroup: '2' } }).value).toBe(90);
    expect(resolveThreshold(indicator, { year: 2027, unitAttributes: { communeGroup: '3' } }).value).toBe(99);
    expect(resolveThreshold(indicator, { year: 2025, unitAttributes: { communeGroup: '2' } })).toMatchObject({ value: 98, ruleIndex: null });
  });
});

describe('criterion status', () => {
  it('summarises: any not_met decides, else no_data, then threshold_missing, then stale', () => {
    expect(summariseStatuses(['met', 'met'])).toBe('met');
    expect(summariseStatuses(['met', 'no_data', 'not_met'])).toBe('not_met');
    expect(summariseStatuses(['stale', 'threshold_missing', 'no_data'])).toBe('no_data');
    expect(summariseStatuses(['stale', 'threshold_missing'])).toBe('threshold_missing');
    expect(summariseStatuses(['met', 'stale'])).toBe('stale');
  });

  it('leaves informational indicators (population) out of the criterion', () => {
    const c = assessCriterion(worldContext(communeMeetsAll('C1', '2024-06-30'), '2024-07-10T03:00:00Z'), 'C1', 'XA-B');
    expect(c.indicators.map((i) => i.indicatorCode)).toEqual(['B.1']);
    expect(c.status).toBe('met');
  });
});

describe('commune, hamlet, ward and town standards', () => {
  it('a commune with every criterion met "đạt chuẩn NTM"', () => {
    const t = assessUnitStandard(worldContext(communeMeetsAll('C1', '2024-06-30'), '2024-07-10T03:00:00Z'), 'C1');
    expect(t.tier.code).toBe('TIER-XA-NTM');
    expect([t.status, t.label.vi, t.gaps.vi]).toEqual(['met', 'đạt chuẩn NTM', '']);
  });

  it('a commune missing criteria says how many are met and which are open', () => {
    const readings = communeMeetsAll('C1', '2024-06-30').filter((r) => r.criterionCode !== 'XA-C');
    readings.push(power('H2', 50, 100, { asOf: '2024-06-30', reportedAt: '2024-06-30T10:00:00.000Z' }));
    const t = assessUnitStandard(worldContext(readings, '2024-07-10T03:00:00Z'), 'C1');
    expect(t.status).toBe('not_met');
    expect(t.label).toEqual({ vi: 'chưa đạt chuẩn NTM (đạt 1/3 tiêu chí)', en: 'does not yet meet the NTM standard (1/3 criteria met)' });
    expect(t.gaps.vi).toBe('XA-A Điện (chưa đạt), XA-C Nhà ở (chưa có số liệu)');
  });

  it('undetermined when nothing fails but something is unknown', () => {
    const readings = communeMeetsAll('C1', '2024-06-30').filter((r) => r.criterionCode !== 'XA-C');
    expect(assessUnitStandard(worldContext(readings, '2024-07-10T03:00:00Z'), 'C1').status).toBe('undetermined');
  });

  it('the advanced tier also requires the NTM tier', () => {
    const recognised = reading({ hamletId: 'C2', criterionCode: 'XA-NC', indicatorCode: 'NC.1', value: true });
    const t = assessTier(worldContext([recognised], '2024-07-10T03:00:00Z'), 'C2', 'TIER-XA-NC');
    expect([t.status, t.metCriteria, t.totalCriteria]).toEqual(['undetermined', 1, 1]);
    expect(t.gaps.vi).toBe('chưa đạt chuẩn NTM');
  });

  it('the town is judged on its wards combined (KHOM criteria), each ward on its own figures', () => {
    const k = (hamletId: string, numerator: number, denominator: number) =>
      reading({ hamletId, criterionCode: 'KHOM-A', indicatorCode: 'K.1', numerator, denominator });
    const ctx = worldContext([k('W1', 95, 100), k('W2', 17, 20)], '2024-07-10T03:00:00Z');
    const town = assessUnitStandard(ctx, 'T');
    expect(town.tier.code).toBe('TIER-TT');
    expect(town.status).toBe('met'); // 112/120 = 93,3% ≥ 90%
    expect(town.criteria[0].indicators[0].value).toBeCloseTo((112 / 120) * 100, 9);
    expect(assessUnitStandard(ctx, 'W1').status).toBe('met');
    expect(assessUnitStandard(ctx, 'W2').status).toBe('not_met'); // 85%
  });

  it('a hamlet reaches its NTM hamlet tier through the mirrored commune readings', () => {
    const ctx = worldContext([power('H1', 96, 100)], '2024-07-10T03:00:00Z');
    expect(assessUnitStandard(ctx, 'H1').label.vi).toBe('đạt chuẩn ấp NTM');
  });

  it("walks the structure as it stood on the unit's last day when asked about a later day", () => {
    // The fixture units end 2025-06-30; a view of 2025-12-31 still sees C1's three hamlets.
    const ctx = worldContext([power('H1', 99, 100, { asOf: '2025-11-30', reportedAt: '2025-12-01T00:00:00.000Z' })], '2025-12-10T00:00:00Z');
    const a = assessIndicator(ctx, 'C1', A1);
    expect(a.rollup.coverage).toEqual({ expected: 3, reported: 1, missing: ['H2', 'H3'] });
  });

  it('refuses to assess an indicator at a level where it has no value', () => {
    const ctx = worldContext([], '2024-07-10T03:00:00Z');
    expect(() => assessIndicator(ctx, 'H1', { criterionCode: 'XA-A', indicatorCode: 'A.2' })).toThrow(
      'A.2 is reported by the commune and has no value for hamlet H1',
    );
  });
});
