import {
  forecastPledges,
  indexCatalogue,
  indexUnits,
  pledgeItemHistory,
  criterionProgressPoint,
  expectedProgressOn,
  forecastDistrict,
  forecastPledgeItem,
  forecastSeries,
  leastSquaresTrend,
  assessCriterion,
  isIsoDate,
  addDays,
  daysBetween,
  formatDate,
  DEFAULT_FORECAST_OPTIONS,
  FORECAST_STATUSES,
  type ForecastStatus,
  type HistoryPoint,
  type Pledge,
  type PledgeTarget,
} from '@pledge/domain';
import fc from 'fast-check';
import { communeMeetsAll, power, worldCatalogue, worldContext, worldUnits } from './support/world';

/** 80, 83, 86 on 2024-03-01, 03-31, 04-30: exactly +0.1 per day. */
const steady: HistoryPoint[] = [
  { asOf: '2024-03-01', value: 80 },
  { asOf: '2024-03-31', value: 83 },
  { asOf: '2024-04-30', value: 86 },
];
const target98 = { comparator: '>=', value: 98 } as const;

describe('trend', () => {
  it('fits a least-squares line (value per day)', () => {
    const trend = leastSquaresTrend(steady);
    expect(trend?.slopePerDay).toBeCloseTo(0.1, 12);
    expect(trend?.intercept).toBeCloseTo(80, 12);
    expect(leastSquaresTrend([{ asOf: '2024-03-01', value: 1 }])).toBeNull();
    expect(
      leastSquaresTrend([
        { asOf: '2024-03-01', value: 1 },
        { asOf: '2024-03-01', value: 2 },
      ]),
    ).toBeNull();
  });

  it('expected progress is linear from signing to due date', () => {
    expect(expectedProgressOn('2024-01-01', '2024-12-31', '2024-01-01')).toBe(0);
    expect(expectedProgressOn('2024-01-01', '2025-01-01', '2024-07-02')).toBeCloseTo(0.5, 2);
    expect(expectedProgressOn('2024-01-01', '2024-12-31', '2026-01-01')).toBe(1);
  });
});

describe('forecast of a pledge item', () => {
  const base = { target: target98, start: '2024-03-01', today: '2024-05-10', history: steady };

  it('on_track: the trend reaches the target before the due date; the projected date is given', () => {
    const f = forecastSeries({ ...base, due: '2024-12-31' });
    expect(f.projectedCompletion).toBe('2024-08-28'); // 86 + 0.1/day × 120 days
    expect(f.status).toBe('on_track');
    expect(f.actualProgress).toBeCloseTo(6 / 18, 12);
    expect(f.reason.vi).toBe('Chưa đạt mục tiêu ≥ 98 (hạn 31/12/2024): tiến độ thực tế 33,3%, kỳ vọng 23%; theo xu hướng dự kiến đạt ngày 28/08/2024');
  });

  it('at_risk: the trend arrives, but within the grace period after the due date', () => {
    expect(forecastSeries({ ...base, due: '2024-07-31' }).status).toBe('at_risk');
  });

  it('off_track: the trend arrives long after the due date', () => {
    expect(forecastSeries({ ...base, due: '2024-05-20' }).status).toBe('off_track');
  });

  it('met: the latest value meets the target, whatever the date', () => {
    const f = forecastSeries({ ...base, due: '2024-12-31', history: [...steady, { asOf: '2024-05-31', value: 98.5 }], today: '2024-06-10' });
    expect([f.status, f.actualProgress, f.firstMetOn, f.metOnTime]).toEqual(['met', 1, '2024-05-31', true]);
  });

  it('overdue: the due date passed and the target is not met', () => {
    const f = forecastSeries({ ...base, due: '2024-05-01' });
    expect(f.status).toBe('overdue');
    expect(f.reason.vi.startsWith('Quá hạn 01/05/2024, chưa đạt mục tiêu ≥ 98')).toBe(true);
  });

  it('no_data: nothing reported yet', () => {
    expect(forecastSeries({ ...base, due: '2024-12-31', history: [] }).status).toBe('no_data');
  });

  it('without a trend toward the target, compares actual with expected progress', () => {
    const flat = [
      { asOf: '2024-03-01', value: 80 },
      { asOf: '2024-04-30', value: 80 },
    ];
    const early = forecastSeries({ ...base, history: flat, due: '2024-12-31', today: '2024-04-30' });
    expect([early.projectedCompletion, early.status]).toEqual([null, 'at_risk']); // stalled; expected 19,7% − actual 0 ≤ 20%
    expect(forecastSeries({ ...base, history: flat, due: '2024-06-30' }).status).toBe('off_track');
    const falling = [
      { asOf: '2024-03-01', value: 85 },
      { asOf: '2024-04-30', value: 83 },
    ];
    expect(forecastSeries({ ...base, history: falling, due: '2024-06-30' }).projectedCompletion).toBeNull();
  });

  it('a single reading (no trend yet) is on track early on, then at risk', () => {
    const one = [{ asOf: '2024-03-01', value: 80 }];
    expect(forecastSeries({ ...base, history: one, due: '2024-12-31', today: '2024-03-05' }).status).toBe('on_track');
    expect(forecastSeries({ ...base, history: one, due: '2024-12-31', today: '2024-09-01' }).status).toBe('at_risk');
  });

  it('works for targets that must go down (poverty rate ≤ 2%)', () => {
    const poverty = [
      { asOf: '2024-03-01', value: 5 },
      { asOf: '2024-03-31', value: 4.4 },
      { asOf: '2024-04-30', value: 3.8 },
    ];
    const f = forecastSeries({ target: { comparator: '<=', value: 2 }, start: '2024-03-01', due: '2024-12-31', today: '2024-05-10', history: poverty });
    expect(f.projectedCompletion).toBe('2024-07-29'); // 1,8 points at 0,02/day = 90 days after 30/04
    expect(f.status).toBe('on_track');
    expect(f.actualProgress).toBeCloseTo(1.2 / 3, 12);
  });

  it('yes/no targets have no trend: on track until three quarters of the time are gone', () => {
    const no = [{ asOf: '2024-03-01', value: 0 }];
    const yesTarget = { comparator: '==', value: true } as const;
    expect(forecastSeries({ target: yesTarget, start: '2024-01-01', due: '2024-12-31', today: '2024-06-01', history: no }).status).toBe('on_track');
    expect(forecastSeries({ target: yesTarget, start: '2024-01-01', due: '2024-12-31', today: '2024-11-01', history: no }).status).toBe('at_risk');
    expect(
      forecastSeries({ target: yesTarget, start: '2024-01-01', due: '2024-12-31', today: '2024-11-01', history: [...no, { asOf: '2024-10-31', value: 1 }] })
        .status,
    ).toBe('met');
  });

  it('forecastPledgeItem runs from the signing date; whole-criterion items aim at 100% of indicators met', () => {
    const pledge: Pledge = {
      id: 'PL-H1',
      cellId: 'H1',
      catalogueVersion: 'TEST-1',
      signedOn: '2024-03-01',
      placeholder: false,
      source: null,
      items: [
        { id: 'PL-H1-01', criterionCode: 'XA-A', indicatorCode: 'A.1', target: target98, dueDate: '2024-12-31', note: null },
        { id: 'PL-H1-02', criterionCode: 'AP-A', indicatorCode: null, target: { comparator: '==', value: true }, dueDate: '2024-12-31', note: null },
      ],
    };
    const item = forecastPledgeItem({ pledge, item: pledge.items[0], history: steady, today: '2024-05-10' });
    expect([item.pledgeId, item.itemId, item.cellId, item.status, item.projectedCompletion]).toEqual(['PL-H1', 'PL-H1-01', 'H1', 'on_track', '2024-08-28']);
    const ctx = worldContext(communeMeetsAll('C1', '2024-04-30'), '2024-05-10T00:00:00Z');
    const point = criterionProgressPoint(assessCriterion(ctx, 'H1', 'AP-A'), '2024-04-30');
    expect(point).toEqual({ asOf: '2024-04-30', value: 100 });
    expect(forecastPledgeItem({ pledge, item: pledge.items[1], history: [point], today: '2024-05-10' }).status).toBe('met');
  });
});

describe('forecastPledges: from the readings history', () => {
  const pledge: Pledge = {
    id: 'PL-H1',
    cellId: 'H1',
    catalogueVersion: 'TEST-1',
    signedOn: '2024-03-01',
    placeholder: false,
    source: null,
    items: [
      // AP-A AP.1 mirrors XA-A A.1: its history comes from the cell's A.1 readings.
      { id: 'PL-H1-01', criterionCode: 'AP-A', indicatorCode: 'AP.1', target: target98, dueDate: '2024-12-31', note: null },
      { id: 'PL-H1-02', criterionCode: 'AP-A', indicatorCode: null, target: { comparator: '==', value: true }, dueDate: '2024-12-31', note: null },
    ],
  };
  const readings = [
    power('H1', 80, 100, { asOf: '2024-03-01', reportedAt: '2024-03-02T00:00:00.000Z' }),
    power('H1', 83, 100, { asOf: '2024-03-31', reportedAt: '2024-04-01T00:00:00.000Z' }),
    power('H1', 70, 100, { asOf: '2024-04-30', reportedAt: '2024-05-01T00:00:00.000Z' }),
    power('H1', 86, 100, { asOf: '2024-04-30', reportedAt: '2024-05-02T00:00:00.000Z' }), // correction
    power('H2', 10, 100, { asOf: '2024-04-30' }),
  ];
  const input = { readings, catalogue: indexCatalogue(worldCatalogue()), units: indexUnits(worldUnits()) };

  it("builds each item's history (following readingOf and corrections) and forecasts it", () => {
    expect(pledgeItemHistory(input, pledge, pledge.items[0])).toEqual(steady);
    const [indicatorItem, criterionItem] = forecastPledges({ ...input, pledges: [pledge], today: '2024-05-10' });
    expect([indicatorItem.status, indicatorItem.projectedCompletion]).toEqual(['on_track', '2024-08-28']);
    // AP.1 needs ≥ 95%: not met on any day so far, so the criterion stays at 0% of its indicators.
    expect(pledgeItemHistory(input, pledge, pledge.items[1]).map((p) => p.value)).toEqual([0, 0, 0]);
    expect(criterionItem.itemId).toBe('PL-H1-02');
    const later = [...readings, power('H1', 96, 100, { asOf: '2024-05-31', reportedAt: '2024-06-01T00:00:00.000Z' })];
    expect(forecastPledges({ ...input, readings: later, pledges: [pledge], today: '2024-06-10' }).map((f) => f.status)).toEqual(['on_track', 'met']);
  });
});

describe('district forecast', () => {
  const dates = { firstSigning: '2024-03-01', deadline: '2024-12-31', today: '2024-05-10' };
  const onTrack = forecastSeries({ target: target98, start: '2024-03-01', due: '2024-12-31', today: '2024-05-10', history: steady });
  const met = forecastSeries({ target: target98, start: '2024-03-01', due: '2024-12-31', today: '2024-05-10', history: [{ asOf: '2024-04-30', value: 99 }] });
  const empty = forecastSeries({ target: target98, start: '2024-03-01', due: '2024-12-31', today: '2024-05-10', history: [] });

  it('counts items by status and takes the latest projection when every open item has one', () => {
    const d = forecastDistrict([onTrack, met], dates);
    expect(d.counts).toMatchObject({ met: 1, on_track: 1 });
    expect(d.projectedCompletion).toBe('2024-08-28');
    expect(d.status).toBe('on_track');
    expect(d.actualProgress).toBeCloseTo((1 + 6 / 18) / 2, 12);
  });

  it('falls back on the progress gap when some open item has no projection', () => {
    const d = forecastDistrict([onTrack, met, empty], dates);
    expect(d.projectedCompletion).toBeNull();
    expect(d.status).toBe('on_track'); // actual (1 + 0,33 + 0) / 3 = 44% ≥ expected 23%
    const mostlyEmpty = [met, empty, empty, empty, empty]; // actual 20%
    expect(forecastDistrict(mostlyEmpty, dates).status).toBe('at_risk'); // expected 23%
    expect(forecastDistrict(mostlyEmpty, { ...dates, today: '2024-12-01' }).status).toBe('off_track'); // expected 90%
    expect(forecastDistrict([empty, empty], dates).status).toBe('no_data');
    expect(forecastDistrict([met], dates).status).toBe('met');
    expect(forecastDistrict([onTrack], { ...dates, today: '2025-01-01' }).status).toBe('overdue');
  });
});

describe('near-flat trends (no completion foreseen)', () => {
  // the shape of PL-874-30145-A01-03 in the crash test: a percentage that barely moves toward 100
  const nearFlat: HistoryPoint[] = [
    { asOf: '2024-01-01', value: 50 },
    { asOf: '2024-03-01', value: 50.001 },
    { asOf: '2024-06-01', value: 50.0005 },
  ];
  const target100 = { comparator: '>=', value: 100 } as const;

  it('projects no date when the trend would need more than the horizon; the documented rule 7 decides', () => {
    const early = forecastSeries({ target: target100, start: '2024-01-01', due: '2025-06-30', today: '2024-03-01', history: nearFlat });
    expect(early.projectedCompletion).toBeNull();
    expect(early.status).toBe('at_risk'); // expected 10,9% − actual ≈ 0 ≤ 20%
    expect(early.reason.vi).toContain('chưa có xu hướng tiến tới mục tiêu');
    const late = forecastSeries({ target: target100, start: '2024-01-01', due: '2025-06-30', today: '2024-07-01', history: nearFlat });
    expect([late.projectedCompletion, late.status]).toEqual([null, 'off_track']);
  });

  it('still projects a slow trend that arrives within the horizon (and judges it off track)', () => {
    const slow = [
      { asOf: '2024-01-01', value: 50 },
      { asOf: '2024-06-01', value: 51.53 },
    ]; // ≈ 0,01/day: 48,47 points to 100 take ≈ 4,815 days
    expect(forecastSeries({ target: target100, start: '2024-01-01', due: '2025-06-30', today: '2024-06-10', history: slow }).projectedCompletion).toBeNull();
    const slower = forecastSeries({ target: { comparator: '>=', value: 60 }, start: '2024-01-01', due: '2025-06-30', today: '2024-06-10', history: slow });
    expect(slower.projectedCompletion).toBe(addDays('2024-06-01', Math.ceil((60 - 51.53) / (1.53 / 152) - 1e-9)));
    expect(slower.status).toBe('off_track');
  });

  it('the horizon is an option', () => {
    const f = forecastSeries(
      { target: target100, start: '2024-01-01', due: '2025-06-30', today: '2024-03-01', history: nearFlat },
      { ...DEFAULT_FORECAST_OPTIONS, projectionHorizonDays: 10 ** 9 },
    );
    expect(f.projectedCompletion).toBeNull(); // beyond year 9999 a date cannot be written: never projected
  });
});

describe('forecast properties (fast-check)', () => {
  const dayOf = (from: string, to: string) =>
    fc
      .integer({ min: Date.parse(`${from}T00:00:00Z`) / 86_400_000, max: Date.parse(`${to}T00:00:00Z`) / 86_400_000 })
      .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
  /** Values around a level with tiny, ordinary and huge steps: near-flat trends are the interesting case. */
  const value = fc.oneof(
    fc.double({ min: 0, max: 100, noNaN: true }),
    fc.integer({ min: 0, max: 100 }).chain((v) => fc.double({ min: -1e-6, max: 1e-6, noNaN: true }).map((e) => v + e)),
    fc.constantFrom(0, 50, 50 + 1e-12, 99.999999, 100, 1e9),
  );
  const history = fc.uniqueArray(fc.record({ asOf: dayOf('2022-06-01', '2026-06-30'), value }), { maxLength: 8, selector: (p) => p.asOf });
  const target: fc.Arbitrary<PledgeTarget> = fc.oneof(
    fc.record({
      comparator: fc.constantFrom<'>=' | '<=' | '>' | '<' | '=='>('>=', '<=', '>', '<', '=='),
      value: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(0, 100)),
    }),
    fc.record({ comparator: fc.constant('==' as const), value: fc.boolean() }),
  );
  const dates = fc.tuple(dayOf('2022-01-01', '2025-12-31'), fc.integer({ min: 0, max: 1500 })).map(([start, span]) => ({ start, due: addDays(start, span) }));
  const BAD: Record<ForecastStatus, number> = { met: 0, no_data: 0, on_track: 0, at_risk: 1, off_track: 2, overdue: 3 };

  it('never throws and never produces an invalid date or text, whatever the trend', () => {
    fc.assert(
      fc.property(history, target, dates, dayOf('2021-06-01', '2027-06-30'), (h, t, { start, due }, today) => {
        const f = forecastSeries({ target: t, start, due, today, history: h });
        expect(FORECAST_STATUSES).toContain(f.status);
        if (f.projectedCompletion !== null) {
          expect(isIsoDate(f.projectedCompletion)).toBe(true);
          expect(daysBetween(f.latest!.asOf, f.projectedCompletion)).toBeLessThanOrEqual(DEFAULT_FORECAST_OPTIONS.projectionHorizonDays!);
          expect(f.projectedCompletion >= f.latest!.asOf).toBe(true);
        }
        for (const d of [f.firstMetOn, f.baseline?.asOf, f.latest?.asOf]) if (d != null) expect(isIsoDate(d)).toBe(true);
        expect(`${f.reason.vi} ${f.reason.en}`).not.toMatch(/Invalid|NaN|\+0\d{5}/);
      }),
      { numRuns: 600 },
    );
  });

  it('before the due date the status only worsens as days pass (on_track → at_risk → off_track), as documented', () => {
    fc.assert(
      fc.property(history, target, dates, fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 1500 }), (h, t, { start, due }, a, b) => {
        const span = Math.max(0, daysBetween(start, due));
        const [d1, d2] = [Math.min(a, b) % (span + 1), Math.max(a, b) % (span + 1)].sort((x, y) => x - y).map((k) => addDays(start, k));
        const s1 = forecastSeries({ target: t, start, due, today: d1, history: h }).status;
        const s2 = forecastSeries({ target: t, start, due, today: d2, history: h }).status;
        if (s1 === 'met' || s1 === 'no_data')
          expect(s2).toBe(s1); // the readings decide these, not the day
        else expect({ d1, d2, s1, s2, ok: BAD[s2] >= BAD[s1] }).toMatchObject({ ok: true });
      }),
      { numRuns: 600 },
    );
  });

  it('a pledge item forecast always names writable days, whatever the history', () => {
    fc.assert(
      fc.property(history, target, dates, fc.array(dayOf('2021-06-01', '2027-06-30'), { minLength: 1, maxLength: 6 }), (h, t, { start, due }, days) => {
        const pledge: Pledge = {
          id: 'P',
          cellId: 'H1',
          catalogueVersion: 'TEST-1',
          signedOn: start,
          placeholder: false,
          source: null,
          items: [{ id: 'P-1', criterionCode: 'AP-A', indicatorCode: 'AP.1', target: t, dueDate: due, note: null }],
        };
        const points = typeof t.value === 'boolean' ? h.map((p) => ({ asOf: p.asOf, value: p.value >= 50 ? 1 : 0 })) : h;
        for (const d of days) {
          const f = forecastPledgeItem({ pledge, item: pledge.items[0], history: points, today: d });
          for (const x of [f.projectedCompletion, f.firstMetOn]) if (x !== null) expect(isIsoDate(x)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('formatDate never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), dayOf('0001-01-01', '9999-12-31'), fc.constantFrom('+010521-07', '2023-02-30', '')), (s) => {
        expect(typeof formatDate(s)).toBe('string');
        expect(typeof formatDate(s, 'en')).toBe('string');
      }),
    );
  });
});
