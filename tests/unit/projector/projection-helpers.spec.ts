import {
  applyReadings,
  assessCriterion,
  assessTier,
  assessUnitStatuses,
  createAssessmentContext,
  criterionStatusOn,
  EMPTY_READINGS_STATE,
  forecastPledgeItem,
  indexCatalogue,
  indexUnits,
  indicatorStatusOn,
  isStale,
  periodsBetween,
  pledgeItemSnapshot,
  pledgeItemStatusOn,
  reportingPeriodOf,
  reportingSummary,
  staleOn,
  addDays,
  type HistoryPoint,
  type IsoDate,
  type Reading,
  type ReportingPeriod,
} from '@pledge/domain';
import fc from 'fast-check';
import { loadSeeds } from '../domain/support/seeds';

/**
 * The projector stores statuses without "today"; these pure helpers must give, for any day, exactly what the
 * domain's own assessments and forecasts give on that day.
 */
const seeds = loadSeeds();
const catalogue = indexCatalogue(seeds.catalogue);
const units = indexUnits(seeds.units);

const day = (from: string, to: string) =>
  fc.integer({ min: Date.parse(`${from}T00:00:00Z`) / 86_400_000, max: Date.parse(`${to}T00:00:00Z`) / 86_400_000 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
const period = fc.record({ every: fc.constantFrom('month', 'quarter', 'year') as fc.Arbitrary<ReportingPeriod['every']>, dueDay: fc.integer({ min: 1, max: 28 }) });

describe('staleness without today', () => {
  it('staleOn is the first day on which isStale says stale', () => {
    fc.assert(
      fc.property(day('2021-01-01', '2026-12-31'), period, (asOf, p) => {
        const s = staleOn(asOf, p);
        expect(isStale(asOf, p, s)).toBe(true);
        expect(isStale(asOf, p, addDays(s, -1))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('example: a reading of mid-June is stale from the day July is due (5 August)', () => {
    expect(staleOn('2025-06-15', { every: 'month', dueDay: 5 })).toBe('2025-08-05');
    expect(reportingPeriodOf('2025-06-15', { every: 'month', dueDay: 5 })).toEqual({ start: '2025-06-01', end: '2025-06-30', due: '2025-07-05' });
  });

  it("a hamlet's stored criterion statuses give assessCriterion's status on any later day", () => {
    const hamlet = [...units.byId.values()].find((u) => u.kind === 'hamlet')!;
    const sources = catalogue.catalogue.criteria
      .filter((c) => ['hamlet', 'commune'].includes(c.appliesTo))
      .flatMap((c) => c.indicators.filter((i) => i.reportedBy === 'cell' && !i.readingOf).map((i) => ({ c: c.code, i })));
    const reading = fc.record({ src: fc.constantFrom(...sources), asOf: day('2024-01-01', '2025-06-30'), pct: fc.integer({ min: 0, max: 100 }), yes: fc.boolean() }).map(
      ({ src, asOf, pct, yes }, ): Reading => ({
        eventId: `e-${src.c}-${src.i.code}-${asOf}`,
        hamletId: hamlet.id,
        criterionCode: src.c,
        indicatorCode: src.i.code,
        value: src.i.kind === 'boolean' ? yes : src.i.kind === 'percentage' ? null : pct,
        numerator: src.i.kind === 'percentage' ? pct : null,
        denominator: src.i.kind === 'percentage' ? 100 : null,
        asOf,
        reportedAt: `${asOf}T05:00:00.000Z`,
        reportedBy: 'x',
      }),
    );
    fc.assert(
      fc.property(fc.array(reading, { minLength: 1, maxLength: 25 }), fc.array(day('2024-01-01', '2026-06-30'), { minLength: 1, maxLength: 5 }), (readings, days) => {
        const state = applyReadings(EMPTY_READINGS_STATE, readings);
        const V = [...state.values()].map((r) => r.asOf).sort().pop()!;
        const stored = assessUnitStatuses(createAssessmentContext({ catalogue, units, state, now: new Date(`${V}T05:00:00Z`), asOf: V }), hamlet.id);
        for (const d of days.filter((x) => x >= V)) {
          const ctx = createAssessmentContext({ catalogue, units, state, now: new Date(`${d}T05:00:00Z`), asOf: d });
          for (const c of stored.criteria) {
            const rows = stored.indicators.filter((i) => i.criterionCode === c.criterionCode);
            expect({ c: c.criterionCode, d, s: criterionStatusOn(rows, d) }).toEqual({ c: c.criterionCode, d, s: assessCriterion(ctx, hamlet.id, c.criterionCode).status });
            for (const i of rows) expect(indicatorStatusOn(i, d)).toBe(assessCriterion(ctx, hamlet.id, c.criterionCode).indicators.find((x) => x.indicatorCode === i.indicatorCode)!.status);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('tiers from the stored criteria', () => {
  it("equal assessTier for cells, communes and the town, whatever the readings", () => {
    const units6 = ['30133', '30130'].flatMap((id) => [id, ...(units.childrenById.get(id) ?? []).map((u) => u.id)]);
    const cellSources = catalogue.catalogue.criteria.flatMap((c) => c.indicators.filter((i) => i.reportedBy === 'cell' && !i.readingOf).map((i) => ({ c: c.code, i })));
    const reading = fc
      .record({ unit: fc.constantFrom(...units6.filter((u) => units.byId.get(u)!.kind !== 'commune' && units.byId.get(u)!.kind !== 'town')), src: fc.constantFrom(...cellSources), pct: fc.integer({ min: 90, max: 100 }), yes: fc.boolean() })
      .map(({ unit, src, pct, yes }): Reading => ({
        eventId: `e-${unit}-${src.c}-${src.i.code}`,
        hamletId: unit,
        criterionCode: src.c,
        indicatorCode: src.i.code,
        value: src.i.kind === 'boolean' ? yes : src.i.kind === 'percentage' ? null : pct,
        numerator: src.i.kind === 'percentage' ? pct : null,
        denominator: src.i.kind === 'percentage' ? 100 : null,
        asOf: '2025-06-15',
        reportedAt: '2025-06-16T05:00:00.000Z',
        reportedBy: 'x',
      }));
    fc.assert(
      fc.property(fc.array(reading, { maxLength: 120 }), (readings) => {
        const state = applyReadings(EMPTY_READINGS_STATE, readings);
        const ctx = createAssessmentContext({ catalogue, units, state, now: new Date('2025-07-01T05:00:00Z'), asOf: '2025-07-01' });
        for (const unitId of units6) {
          for (const t of assessUnitStatuses(ctx, unitId).tiers) {
            const expected = assessTier(ctx, unitId, t.tierCode);
            expect({ unitId, tier: t.tierCode, status: t.status, met: t.metCriteria, total: t.totalCriteria }).toEqual({
              unitId,
              tier: t.tierCode,
              status: expected.status,
              met: expected.metCriteria,
              total: expected.totalCriteria,
            });
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('pledge item snapshots', () => {
  const items = seeds.pledges.pledges.flatMap((pledge) => pledge.items.map((item) => ({ pledge, item })));

  it('pledgeItemStatusOn equals forecastPledgeItem on every day', () => {
    const point = fc.record({ asOf: day('2023-01-01', '2025-12-31'), value: fc.integer({ min: 0, max: 100 }) });
    fc.assert(
      fc.property(fc.constantFrom(...items), fc.uniqueArray(point, { maxLength: 8, selector: (p) => p.asOf }), fc.array(day('2022-12-01', '2026-03-31'), { minLength: 1, maxLength: 8 }), ({ pledge, item }, points, days) => {
        const history: HistoryPoint[] = typeof item.target.value === 'boolean' && item.indicatorCode !== null ? points.map((p) => ({ asOf: p.asOf, value: p.value >= 50 ? 1 : 0 })) : points;
        const snapshot = pledgeItemSnapshot({ pledge, item, history });
        for (const d of days) expect({ d, s: pledgeItemStatusOn(snapshot, d) }).toEqual({ d, s: forecastPledgeItem({ pledge, item, history, today: d }).status });
      }),
      { numRuns: 150 },
    );
  });
});

describe('reporting completeness', () => {
  it('lists the periods between two days and names the cells that have not reported', () => {
    const monthly = { every: 'month', dueDay: 5 } as const;
    const periods = periodsBetween('2024-11-20', '2025-02-03', () => monthly);
    expect(periods.map((p) => p.start)).toEqual(['2024-11-01', '2024-12-01', '2025-01-01', '2025-02-01']);
    const commune = [...units.byId.values()].find((u) => u.kind === 'commune' && (units.childrenById.get(u.id)?.length ?? 0) >= 3)!;
    const cells = units.childrenById.get(commune.id)!.map((c) => c.id);
    const reports: Record<string, 'on_time' | 'late'> = { [cells[0]]: 'on_time', [cells[1]]: 'late' };
    const s = reportingSummary(units, commune.id, periods[0], (cell: string, start: IsoDate) => (start === '2024-11-01' ? reports[cell] : undefined));
    expect(s).toMatchObject({ cellsExpected: cells.length, cellsReported: 2, cellsOnTime: 1, cellsLate: 1, lateCellIds: [cells[1]], missingCellIds: cells.slice(2) });
  });
});
