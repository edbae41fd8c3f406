import {
  addDays,
  catalogueVersionOn,
  compareReadings,
  isStale,
  nextReportingPeriod,
  periodsBetween,
  programmeDates,
  programmeToday,
  READING_ORDER,
  reportingCalendar,
  reportingPeriodContaining,
  reportingPeriodOf,
  reportingPeriodsDueBetween,
  requiredPeriodStart,
  reportingSummary,
  indexUnits,
  staleOn,
  type IsoDate,
  type ReportingPeriod,
} from '@pledge/domain';
import fc from 'fast-check';
import { loadSeeds } from './support/seeds';

/**
 * The rules every app shares and no app restates: the reporting period of a day (due day capped at the month's end),
 * staleness from it, the catalogue version governing a day, the programme's dates, and the order of readings.
 */
const dayArb = (from: string, to: string) =>
  fc
    .integer({ min: Date.parse(`${from}T00:00:00Z`) / 86_400_000, max: Date.parse(`${to}T00:00:00Z`) / 86_400_000 })
    .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
const ruleArb = fc.record({ every: fc.constantFrom<ReportingPeriod['every']>('month', 'quarter', 'year'), dueDay: fc.integer({ min: 1, max: 31 }) });
const monthly: ReportingPeriod = { every: 'month', dueDay: 5 };

describe('the reporting period of a day', () => {
  it('is the month (quarter, year) containing it, due on dueDay of the next month, capped at that month’s end', () => {
    expect(reportingPeriodOf('2025-06-15', monthly)).toEqual({ start: '2025-06-01', end: '2025-06-30', due: '2025-07-05' });
    expect(reportingPeriodOf('2025-03-31', { every: 'month', dueDay: 31 })).toEqual({ start: '2025-03-01', end: '2025-03-31', due: '2025-04-30' });
    expect(reportingPeriodOf('2024-01-10', { every: 'month', dueDay: 31 }).due).toBe('2024-02-29');
    expect(reportingPeriodOf('2025-01-10', { every: 'month', dueDay: 30 }).due).toBe('2025-02-28');
    expect(reportingPeriodOf('2025-05-17', { every: 'quarter', dueDay: 30 })).toEqual({ start: '2025-04-01', end: '2025-06-30', due: '2025-07-30' });
    expect(reportingPeriodOf('2025-05-17', { every: 'year', dueDay: 15 })).toEqual({ start: '2025-01-01', end: '2025-12-31', due: '2026-01-15' });
  });

  it('for any day and rule: contains the day, ends before its due date, and the due date lies in the month after the end', () => {
    fc.assert(
      fc.property(dayArb('2000-01-01', '2040-12-31'), ruleArb, (day, rule) => {
        const p = reportingPeriodOf(day, rule);
        expect(p.start <= day && day <= p.end).toBe(true);
        expect(p.due > p.end).toBe(true);
        expect(p.due.slice(0, 7)).toBe(addDays(p.end, 1).slice(0, 7));
        expect(reportingPeriodOf(p.start, rule)).toEqual(p);
        expect(reportingPeriodOf(addDays(p.end, 1), rule).start).toBe(addDays(p.end, 1));
      }),
      { numRuns: 500 },
    );
  });

  it('staleness follows it: a reading is stale from the day the report of the period after its own is due', () => {
    expect(staleOn('2025-06-15', monthly)).toBe('2025-08-05');
    expect(requiredPeriodStart(monthly, '2024-03-05')).toBe('2024-02-01');
    expect(requiredPeriodStart(monthly, '2024-03-04')).toBe('2024-01-01');
    fc.assert(
      fc.property(dayArb('2021-01-01', '2026-12-31'), ruleArb, (asOf, rule) => {
        const s = staleOn(asOf, rule);
        expect(isStale(asOf, rule, s)).toBe(true);
        expect(isStale(asOf, rule, addDays(s, -1))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('the reminders’ calendar, the periods between two days and the projector’s day-by-day calendar are the same periods', () => {
    fc.assert(
      fc.property(dayArb('2022-01-01', '2026-12-31'), dayArb('2022-01-01', '2026-12-31'), ruleArb, (a, b, rule) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        expect(reportingPeriodContaining(rule, from)).toEqual(reportingPeriodOf(from, rule));
        const p = reportingPeriodOf(from, rule);
        expect(nextReportingPeriod(rule, p)).toEqual(reportingPeriodOf(addDays(p.end, 1), rule));
        const spans = periodsBetween(from, to, () => rule);
        expect(spans[0]).toEqual(p);
        expect(spans.at(-1)).toEqual(reportingPeriodOf(to, rule));
        for (const d of reportingPeriodsDueBetween(rule, from, to)) expect(from <= d.due && d.due <= to).toBe(true);
        const calendar = reportingCalendar(from, addDays(from, 40), () => rule);
        for (const c of calendar) expect({ start: c.periodStart, end: c.periodEnd, due: c.dueDate }).toEqual(reportingPeriodOf(c.day, rule));
      }),
      { numRuns: 200 },
    );
  });

  it('names the cells of a unit that have not reported for a period', () => {
    const seeds = loadSeeds();
    const units = indexUnits(seeds.units);
    const cells = units.childrenById.get('30133')!.map((c) => c.id);
    const period = reportingPeriodOf('2024-11-20', monthly);
    const reports: Record<string, 'on_time' | 'late'> = { [cells[0]]: 'on_time', [cells[1]]: 'late' };
    const s = reportingSummary(units, '30133', period, (cell: string, start: IsoDate) => (start === '2024-11-01' ? reports[cell] : undefined));
    expect(s).toMatchObject({
      cellsExpected: cells.length,
      cellsReported: 2,
      cellsOnTime: 1,
      cellsLate: 1,
      lateCellIds: [cells[1]],
      missingCellIds: cells.slice(2),
    });
  });
});

describe('the catalogue version governing a day, and the programme’s dates', () => {
  const v2021 = { id: '2021', periodFrom: '2021-01-01', periodTo: '2025-12-31', deadline: '2025-12-31' };
  const v2026 = { id: '2026', periodFrom: '2026-01-01', periodTo: '2030-12-31', deadline: '2030-06-30' };

  it('is the version whose period contains the day, else the newest that started before it; none before every version', () => {
    expect(catalogueVersionOn([v2021, v2026], '2025-06-30')?.id).toBe('2021');
    expect(catalogueVersionOn([v2026, v2021], '2027-01-01')?.id).toBe('2026');
    expect(catalogueVersionOn([v2021], '2026-03-01')?.id).toBe('2021'); // a 2026 correction of 2025 figures
    expect(catalogueVersionOn([v2021, v2026], '2031-01-01')?.id).toBe('2026');
    expect(catalogueVersionOn([v2021, v2026], '2020-12-31')).toBeUndefined();
  });

  it('views a programme from its first day to its deadline; "today" is kept within them', () => {
    expect(programmeDates(v2026)).toEqual({ from: '2026-01-01', to: '2030-06-30' });
    expect(programmeToday([v2021], '2026-12-07')).toEqual({ version: v2021, day: '2025-12-31', clamped: true });
    expect(programmeToday([v2021], '2024-05-01')).toEqual({ version: v2021, day: '2024-05-01', clamped: false });
    expect(programmeToday([v2021, v2026], '2020-02-01')).toEqual({ version: v2021, day: '2021-01-01', clamped: true });
    expect(programmeToday([v2021, v2026], '2030-09-01')).toEqual({ version: v2026, day: '2030-06-30', clamped: true });
    expect(programmeToday([], '2025-01-01')).toBeUndefined();
  });
});

describe('the order of readings', () => {
  const readingArb = fc.record({
    asOf: dayArb('2024-01-01', '2024-01-05'),
    reportedAt: fc.integer({ min: 0, max: 4 }).map((h) => new Date(Date.UTC(2024, 0, 6, h)).toISOString()),
    eventId: fc.constantFrom('a', 'b', 'c'),
  });

  it('is a total order by the keys READING_ORDER names, most significant first', () => {
    expect(READING_ORDER.map((k) => k.field)).toEqual(['asOf', 'reportedAt', 'eventId']);
    fc.assert(
      fc.property(readingArb, readingArb, readingArb, (a, b, c) => {
        expect(Math.sign(compareReadings(a, b)) + Math.sign(compareReadings(b, a))).toBe(0); // antisymmetric (no -0 vs 0)
        if (compareReadings(a, b) <= 0 && compareReadings(b, c) <= 0) expect(compareReadings(a, c)).toBeLessThanOrEqual(0);
        if (a.asOf !== b.asOf) expect(Math.sign(compareReadings(a, b))).toBe(a.asOf < b.asOf ? -1 : 1);
        // the same instant written with another offset is the same key
        const shifted = { ...a, reportedAt: new Date(Date.parse(a.reportedAt)).toISOString().replace('Z', '+00:00') };
        expect(compareReadings(a, shifted)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
