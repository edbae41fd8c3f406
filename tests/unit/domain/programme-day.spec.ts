import {
  applyReadings,
  assessDistrictStandard,
  assessTier,
  createAssessmentContext,
  districtDayOf,
  EMPTY_READINGS_STATE,
  finishBlockers,
  forecastPledgeItem,
  indexCatalogue,
  indexRecognitions,
  parseRecognitionsFile,
  pledgeHintsOfDay,
  standardBlockers,
  unwrap,
  indexUnits,
  openProgrammeDay,
  pledgeItemDaysOf,
  pledgeItemHistory,
  programmeDistricts,
  programmeForecastOf,
  programmeOnDay,
  programmePeriodEnds,
  programmeUnitsOf,
  unitDayOf,
  type IsoDate,
  type Reading,
} from '@pledge/domain';
import { packIndicator, unpackIndicator } from '@pledge/persistence/programme/programme-day-rows';
import fc from 'fast-check';
import { loadSeeds, readSeedJson } from './support/seeds';

/**
 * The programme on a day (libs/domain programmeOnDay): the existing rules composed, kept as plain data. Checked
 * against the rules it composes, for its pieces (what the projector recomputes when a reading changes some units),
 * and as data that survives storage.
 */
const seeds = loadSeeds();
const catalogue = indexCatalogue(seeds.catalogue);
const units = indexUnits(seeds.units);
const pledges = seeds.pledges.pledges;
const recognitions = indexRecognitions(unwrap(parseRecognitionsFile(readSeedJson('recognitions.json'))).recognitions);

const dayArb = (from: string, to: string) =>
  fc
    .integer({ min: Date.parse(`${from}T00:00:00Z`) / 86_400_000, max: Date.parse(`${to}T00:00:00Z`) / 86_400_000 })
    .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

/** Cell-reported sources of the commune and hamlet criteria, and the cells of two communes. */
const communes = ['30133', '30136'];
const cells = communes.flatMap((c) => (units.childrenById.get(c) ?? []).map((u) => u.id));
const sources = catalogue.catalogue.criteria
  .filter((c) => ['hamlet', 'commune'].includes(c.appliesTo))
  .flatMap((c) => c.indicators.filter((i) => i.reportedBy === 'cell' && !i.readingOf).map((i) => ({ c: c.code, i })));

const readingArb = fc
  .record({
    cell: fc.constantFrom(...cells),
    src: fc.constantFrom(...sources),
    asOf: dayArb('2023-03-01', '2025-12-31'),
    pct: fc.integer({ min: 40, max: 100 }),
    yes: fc.boolean(),
    late: fc.integer({ min: 0, max: 400 }),
    n: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .map(({ cell, src, asOf, pct, yes, late, n }): Reading => ({
    eventId: `e-${n}-${cell}-${src.c}-${src.i.code}`,
    hamletId: cell,
    criterionCode: src.c,
    indicatorCode: src.i.code,
    value: src.i.kind === 'boolean' ? yes : src.i.kind === 'percentage' ? null : src.i.kind === 'count' ? pct % 5 : pct,
    numerator: src.i.kind === 'percentage' ? pct : null,
    denominator: src.i.kind === 'percentage' ? 100 : null,
    asOf,
    reportedAt: new Date(Date.parse(`${asOf}T05:00:00Z`) + late * 86_400_000).toISOString(),
    reportedBy: 'x',
  }));

function byUnit(readings: readonly Reading[]): Map<string, Reading[]> {
  const out = new Map<string, Reading[]>();
  for (const r of readings) out.set(r.hamletId, [...(out.get(r.hamletId) ?? []), r]);
  return out;
}

const input = (readings: readonly Reading[], day: IsoDate) => ({ catalogue, units, pledges, districtId: '874', day, readings: byUnit(readings), recognitions });

describe('the programme on a day', () => {
  it('covers the district its pledges cover, and keeps the end of every month of the programme', () => {
    expect(programmeDistricts(units, pledges, 'NTM-2021-2025')).toEqual(['874']);
    const ends = programmePeriodEnds(seeds.catalogue);
    expect(ends).toHaveLength(60);
    expect([ends[0], ends[1], ends[13], ends.at(-1)]).toEqual(['2021-01-31', '2021-02-28', '2022-02-28', '2025-12-31']);
  });

  it('gives what the rules it composes give: the district standard, every unit’s tiers, every pledge item’s forecast', () => {
    fc.assert(
      fc.property(fc.array(readingArb, { maxLength: 60 }), dayArb('2023-01-01', '2025-12-31'), (readings, day) => {
        const d = programmeOnDay(input(readings, day));
        const upTo = readings.filter((r) => r.asOf <= day);
        const ctx = createAssessmentContext({
          catalogue,
          units,
          state: applyReadings(EMPTY_READINGS_STATE, upTo),
          now: new Date(`${day}T05:00:00Z`),
          asOf: day,
          recognitions,
        });
        const s = assessDistrictStandard(ctx, '874');
        expect({ status: d.district.status, progress: d.district.progress, checks: d.district.checks }).toEqual({
          status: s.status,
          progress: s.progress,
          checks: s.checks,
        });
        // what blocks the standard, finished with the pledges' dates when read, is what the rules say of the assessment
        expect(finishBlockers(d.district.blockers, pledgeHintsOfDay(units, pledges, d))).toEqual(standardBlockers(s, pledgeHintsOfDay(units, pledges, d)));
        // the recognised communes count for the condition of communes at the standard
        const share = d.district.conditions.find((c) => c.units.some((u) => u.recognition !== null));
        if (day >= '2022-06-06')
          expect(
            share?.units
              .filter((u) => u.countedBy === 'recognised' || u.countedBy === 'both')
              .map((u) => u.unitId)
              .sort(),
          ).toEqual(['30139', '30157']);
        expect(d.district.conditions.map((c) => [c.code, c.status, c.checks])).toEqual(s.conditions.map((c) => [c.condition.code, c.status, c.checks]));
        for (const u of d.units.filter((x) => communes.includes(x.unitId) || cells.includes(x.unitId))) {
          for (const t of u.tiers) {
            const a = assessTier(ctx, u.unitId, t.code);
            expect({ unit: u.unitId, tier: t.code, status: t.status, met: t.metCriteria }).toEqual({
              unit: u.unitId,
              tier: t.code,
              status: a.status,
              met: a.metCriteria,
            });
          }
        }
        for (const i of d.items.filter((x) => cells.includes(x.cellId))) {
          const pledge = pledges.find((p) => p.id === i.pledgeId)!;
          const item = pledge.items.find((x) => x.id === i.itemId)!;
          const history = pledgeItemHistory({ readings: upTo.filter((r) => r.hamletId === pledge.cellId), catalogue, units }, pledge, item);
          const f = forecastPledgeItem({ pledge, item, history, today: day });
          expect({ item: i.itemId, status: i.forecast?.status, actual: i.forecast?.actualProgress }).toEqual({
            item: i.itemId,
            status: f.status,
            actual: f.actualProgress,
          });
        }
      }),
      { numRuns: 25 },
    );
  });

  it('is plain data: stored as JSON and read back, it is the same', () => {
    fc.assert(
      fc.property(fc.array(readingArb, { maxLength: 40 }), dayArb('2023-01-01', '2025-12-31'), (readings, day) => {
        const d = programmeOnDay(input(readings, day));
        expect(JSON.parse(JSON.stringify(d))).toEqual(d);
      }),
      { numRuns: 10 },
    );
  });

  it('every indicator survives the projector’s packed storage: read back it is the same, parts and outdated figures included', () => {
    fc.assert(
      fc.property(fc.array(readingArb, { maxLength: 60 }), dayArb('2023-01-01', '2025-12-31'), (readings, day) => {
        const d = programmeOnDay(input(readings, day));
        const all = d.units.flatMap((u) => u.criteria.flatMap((c) => c.indicators));
        for (const i of all) expect(unpackIndicator(i.criterionCode, JSON.parse(JSON.stringify(packIndicator(i))))).toEqual(i);
        // the all-of levels (water: hygienic and clean water) keep their parts
        expect(all.some((i) => i.parts.length > 1)).toBe(true);
      }),
      { numRuns: 10 },
    );
  });

  it('does not depend on the order the readings came in, nor on readings of later days', () => {
    fc.assert(
      fc.property(fc.array(readingArb, { maxLength: 40 }), dayArb('2024-01-01', '2025-12-31'), fc.integer(), (readings, day, seed) => {
        const shuffled = [...readings].sort(
          (a, b) => ((a.eventId.length * 31 + seed) % 7) - ((b.eventId.length * 31 + seed) % 7) || (a.eventId < b.eventId ? 1 : -1),
        );
        expect(programmeOnDay(input(shuffled, day))).toEqual(
          programmeOnDay(
            input(
              readings.filter((r) => r.asOf <= day),
              day,
            ),
          ),
        );
      }),
      { numRuns: 10 },
    );
  });

  it('its pieces, recomputed for some units against the day of the others, put together the whole day (what the projector stores)', () => {
    fc.assert(
      fc.property(
        fc.array(readingArb, { maxLength: 40 }),
        fc.array(readingArb, { minLength: 1, maxLength: 5 }),
        dayArb('2024-01-01', '2025-12-31'),
        (before, added, day) => {
          const old = programmeOnDay(input(before, day));
          // new readings for a few cells: recompute them, their communes and the district, keep the other units' rows
          const pd = openProgrammeDay(input([...before, ...added], day));
          const dirty = new Set(added.map((r) => r.hamletId));
          const touched = new Set<string>(['874', ...[...dirty].map((c) => units.byId.get(c)!.parentId!)]);
          const unitsNow = programmeUnitsOf(pd).map((u) =>
            dirty.has(u.id) || touched.has(u.id) ? unitDayOf(pd, u.id) : old.units.find((x) => x.unitId === u.id)!,
          );
          const itemsNow = programmeUnitsOf(pd).flatMap((u) => (dirty.has(u.id) ? pledgeItemDaysOf(pd, u.id) : old.items.filter((i) => i.cellId === u.id)));
          const whole = programmeOnDay(input([...before, ...added], day));
          expect(unitsNow).toEqual(whole.units);
          expect(itemsNow).toEqual(whole.items);
          expect(districtDayOf(pd)).toEqual(whole.district);
          expect(programmeForecastOf(pd, itemsNow)).toEqual(whole.forecast);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('reuses each item’s series across days without changing a figure', () => {
    fc.assert(
      fc.property(fc.array(readingArb, { maxLength: 40 }), fc.array(dayArb('2023-06-01', '2025-12-31'), { minLength: 1, maxLength: 4 }), (readings, days) => {
        const memo = new Map();
        for (const day of days) expect(programmeOnDay({ ...input(readings, day), seriesMemo: memo })).toEqual(programmeOnDay(input(readings, day)));
      }),
      { numRuns: 8 },
    );
  });
});
