import fc from 'fast-check';
import { applyReadings, assessIndicator, EMPTY_READINGS_STATE, getIndicator, indexCatalogue, rollupIndicator, type Reading } from '@pledge/domain';
import { power, reading, worldCatalogue, worldCatalogueJson, worldContext } from './support/world';

const catalogue = indexCatalogue(worldCatalogue());
const indicatorOf = (criterionCode: string, indicatorCode: string) => getIndicator(catalogue, { criterionCode, indicatorCode }).indicator;
const A1 = { criterionCode: 'XA-A', indicatorCode: 'A.1' };

function rollup(ref: { criterionCode: string; indicatorCode: string }, unitIds: string[], readings: Reading[]) {
  return rollupIndicator({
    indicator: indicatorOf(ref.criterionCode, ref.indicatorCode),
    readingsOf: ref,
    unitIds,
    state: applyReadings(EMPTY_READINGS_STATE, readings),
  });
}

describe('rollup of hamlet readings to the commune', () => {
  it('adds numerators and denominators instead of averaging percentages — and the verdict differs', () => {
    // Xã Hai: Ấp Bốn has 10 of 10 households with safe power (100%); Ấp Năm 440 of 500 (88%).
    const readings = [power('H4', 10, 10), power('H5', 440, 500)];
    const averageOfPercentages = (100 + 88) / 2;
    const result = rollup(A1, ['H4', 'H5'], readings);
    expect(averageOfPercentages).toBe(94);
    expect(result.numerator).toBe(450);
    expect(result.denominator).toBe(510);
    expect(result.value).toBeCloseTo(88.24, 2);
    // With a 90% threshold the mean of percentages (94%) would say "met"; the commune (88,2%) is not.
    const json = worldCatalogueJson();
    json.criteria[0].indicators[0].threshold = 90;
    const verdict = assessIndicator(worldContext(readings, '2024-07-10T00:00:00Z', { catalogue: worldCatalogue(json) }), 'C2', A1);
    expect(verdict.value).toBeCloseTo(88.24, 2);
    expect(verdict.status).toBe('not_met');
    expect(verdict.reason.vi).toBe('Chưa đạt: 88,2% (yêu cầu ≥ 90%, thiếu 1,8 điểm %)');
    expect(verdict.reason.en).toBe('Not met: 88.2% (required ≥ 90%, 1.8 percentage points short)');
  });

  it('weights amounts by the population each cell reports', () => {
    const readings = [
      reading({ hamletId: 'H1', criterionCode: 'XA-B', indicatorCode: 'B.1', value: 40 }),
      reading({ hamletId: 'H1', criterionCode: 'XA-B', indicatorCode: 'B.0', value: 1000 }),
      reading({ hamletId: 'H2', criterionCode: 'XA-B', indicatorCode: 'B.1', value: 70 }),
      reading({ hamletId: 'H2', criterionCode: 'XA-B', indicatorCode: 'B.0', value: 100 }),
    ];
    const result = rollup({ criterionCode: 'XA-B', indicatorCode: 'B.1' }, ['H1', 'H2'], readings);
    expect(result.value).toBeCloseTo((40 * 1000 + 70 * 100) / 1100, 9); // 42.7, not the plain mean 55
    expect(result.contributions.map((c) => c.weight)).toEqual([1000, 100]);
  });

  it('counts a cell without a population reading as missing for the weighted mean', () => {
    const readings = [
      reading({ hamletId: 'H1', criterionCode: 'XA-B', indicatorCode: 'B.1', value: 40 }),
      reading({ hamletId: 'H1', criterionCode: 'XA-B', indicatorCode: 'B.0', value: 1000 }),
      reading({ hamletId: 'H2', criterionCode: 'XA-B', indicatorCode: 'B.1', value: 70 }),
    ];
    const result = rollup({ criterionCode: 'XA-B', indicatorCode: 'B.1' }, ['H1', 'H2'], readings);
    expect(result.value).toBe(40);
    expect(result.coverage).toEqual({ expected: 2, reported: 1, missing: ['H2'] });
  });

  it('sums counts', () => {
    const ref = { criterionCode: 'XA-C', indicatorCode: 'C.1' };
    const result = rollup(
      ref,
      ['H1', 'H2', 'H3'],
      [reading({ hamletId: 'H1', ...ref, value: 2 }), reading({ hamletId: 'H2', ...ref, value: 0 }), reading({ hamletId: 'H3', ...ref, value: 3 })],
    );
    expect(result.value).toBe(5);
  });

  it('judges yes/no by the catalogue rule: all, any, share with atLeast', () => {
    const answers = (indicatorCode: string, values: boolean[]) =>
      values.map((value, i) => reading({ hamletId: `H${i + 1}`, criterionCode: 'XA-C', indicatorCode, value }));
    const cells = ['H1', 'H2', 'H3'];
    expect(rollup({ criterionCode: 'XA-C', indicatorCode: 'C.3' }, cells, answers('C.3', [true, true, false])).value).toBe(false);
    expect(rollup({ criterionCode: 'XA-C', indicatorCode: 'C.3' }, cells, answers('C.3', [true, true, true])).value).toBe(true);
    expect(rollup({ criterionCode: 'XA-C', indicatorCode: 'C.4' }, cells, answers('C.4', [false, true, false])).value).toBe(true);
    expect(rollup({ criterionCode: 'XA-C', indicatorCode: 'C.4' }, cells, answers('C.4', [false, false, false])).value).toBe(false);
    const share = rollup({ criterionCode: 'XA-C', indicatorCode: 'C.2' }, cells, answers('C.2', [true, false, false]));
    expect([share.value, share.yesCount, share.share]).toEqual([false, 1, 1 / 3]);
    expect(rollup({ criterionCode: 'XA-C', indicatorCode: 'C.2' }, cells, answers('C.2', [true, true, false])).value).toBe(true);
  });

  it('reports cells without data as missing, and the commune as no_data until every cell reported', () => {
    const readings = [power('H1', 99, 100), power('H3', 100, 100)];
    const result = rollup(A1, ['H1', 'H2', 'H3'], readings);
    expect(result.coverage).toEqual({ expected: 3, reported: 2, missing: ['H2'] });
    expect(result.value).toBeCloseTo(99.5, 9);
    const verdict = assessIndicator(worldContext(readings, '2024-07-10T00:00:00Z'), 'C1', A1);
    expect(verdict.status).toBe('no_data');
    expect(verdict.judgement).toBe('met');
    expect(verdict.reason.vi).toBe('Chưa có số liệu của 1/3 đơn vị báo cáo: Ấp Hai');
    expect(verdict.reason.en).toBe('No data from 1 of 3 reporting units: Ấp Hai');
  });

  it('property: the commune value does not depend on the order in which readings arrived', () => {
    const arbHamletReadings = fc.array(
      fc.record({
        hamlet: fc.constantFrom('H1', 'H2', 'H3'),
        numerator: fc.integer({ min: 0, max: 50 }),
        extra: fc.integer({ min: 0, max: 50 }),
        day: fc.integer({ min: 1, max: 9 }),
        minute: fc.integer({ min: 0, max: 5 }),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(
        arbHamletReadings.chain((rows) => {
          const readings = rows.map((r, i) =>
            power(r.hamlet, r.numerator, r.numerator + r.extra, {
              eventId: `e-${String(i).padStart(3, '0')}`,
              asOf: `2024-05-0${r.day}`,
              reportedAt: `2024-06-01T00:0${r.minute}:00.000Z`,
            }),
          );
          return fc.tuple(fc.constant(readings), fc.shuffledSubarray(readings, { minLength: readings.length, maxLength: readings.length }));
        }),
        ([readings, shuffled]) => {
          const a = rollup(A1, ['H1', 'H2', 'H3'], readings);
          const b = rollup(A1, ['H1', 'H2', 'H3'], shuffled);
          expect([b.value, b.numerator, b.denominator, b.coverage]).toEqual([a.value, a.numerator, a.denominator, a.coverage]);
        },
      ),
    );
  });

  it('property: a ratio rollup always lies between the lowest and the highest hamlet percentage', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 500 })), { minLength: 1, maxLength: 3 }), (pairs) => {
        const readings = pairs.map(([n, extra], i) => power(`H${i + 1}`, n, n + extra));
        const result = rollup(
          A1,
          pairs.map((_, i) => `H${i + 1}`),
          readings,
        );
        const percents = pairs.map(([n, extra]) => (n / (n + extra)) * 100);
        expect(result.value as number).toBeGreaterThanOrEqual(Math.min(...percents) - 1e-9);
        expect(result.value as number).toBeLessThanOrEqual(Math.max(...percents) + 1e-9);
      }),
    );
  });
});
