import {
  carryOverReadings,
  checkIndicatorMappings,
  communeProgrammeOnDay,
  indexCatalogue,
  indexUnits,
  indicatorMappingStates,
  isCarried,
  parseCatalogueFile,
  predecessorProgramme,
  unitParentsFromUnits,
  unwrap,
  type CarryOver,
  type IndicatorMapping,
  type IsoDate,
  type Reading,
} from '@pledge/domain';
import { testCatalogue } from '../../support/programme-fixtures';
import { loadSeeds, readSeedJson } from './support/seeds';

/**
 * Readings of the old catalogue carried over to the new one through an explicit mapping (issue 14): a reading of a
 * mapped old indicator counts as a reading of the new indicator (own date and values, marked with its source) until the
 * cell reports the new indicator itself; "no mapping" and undecided indicators carry nothing, even with the same codes.
 */
const seeds = loadSeeds();
const oldCatalogue = indexCatalogue(seeds.catalogue);
const newCatalogue = indexCatalogue(unwrap(parseCatalogueFile(testCatalogue())));
const FROM = oldCatalogue.catalogue.version;
const TO = newCatalogue.catalogue.version;
const CELL = '874-30136-A01';
const OTHER_CELL = '874-30136-A02';

// the test catalogue reuses the old codes: XA-02 2.2 and 2.3 (percentages of km, cells), XA-03 3.1 (of ha)
const NEW_22 = { criterionCode: 'XA-02', indicatorCode: '2.2' };
const OLD_24 = { criterionCode: 'XA-02', indicatorCode: '2.4' };
const OLD_22 = { criterionCode: 'XA-02', indicatorCode: '2.2' };

let n = 0;
function reading(ref: { criterionCode: string; indicatorCode: string }, numerator: number, asOf: IsoDate, cell = CELL): Reading {
  n++;
  return {
    eventId: `e-${n}`,
    hamletId: cell,
    ...ref,
    value: null,
    numerator,
    denominator: 50,
    asOf,
    reportedAt: `${asOf}T05:00:00.000Z`,
    reportedBy: 'x',
  };
}

const mapping = (from: typeof OLD_24, to: typeof NEW_22 | null): IndicatorMapping => ({ fromVersion: FROM, from, toVersion: TO, to, note: '' });
const carry = (mappings: IndicatorMapping[]): CarryOver => ({ toVersion: TO, since: '2026-01-01', fromVersion: FROM, mappings });

describe('carrying readings over from the old catalogue (carryOverReadings)', () => {
  it('reads a mapped old indicator’s reading as the new indicator’s, with its own date and values, marked with its source', () => {
    const old = reading(OLD_24, 45, '2025-11-30');
    const out = carryOverReadings([old], carry([mapping(OLD_24, NEW_22)]), '2026-02-01');
    expect(out).toEqual([{ ...old, ...NEW_22, carriedFrom: { catalogueVersion: FROM, ...OLD_24 } }]);
    expect(isCarried(out[0])).toBe(true);
  });

  it('carries nothing for "no mapping", for an undecided indicator, or for another pair of versions, even when the codes are the same', () => {
    const old22 = reading(OLD_22, 30, '2025-11-30');
    const old24 = reading(OLD_24, 45, '2025-11-30');
    expect(carryOverReadings([old22, old24], carry([mapping(OLD_22, null)]), '2026-02-01')).toEqual([]);
    expect(carryOverReadings([old22], carry([]), '2026-02-01')).toEqual([]);
    const elsewhere = { ...mapping(OLD_24, NEW_22), toVersion: 'NTM-2026-2030' };
    expect(carryOverReadings([old24], carry([elsewhere]), '2026-02-01')).toEqual([]);
    expect(carryOverReadings([old24], { ...carry([mapping(OLD_24, NEW_22)]), fromVersion: null }, '2026-02-01')).toEqual([]);
  });

  it('counts the carried reading only until the cell has a newer reading of the new indicator itself (by the view day)', () => {
    const old = reading(OLD_24, 45, '2025-11-30');
    const own = reading(NEW_22, 48, '2026-01-20');
    const c = carry([mapping(OLD_24, NEW_22)]);
    expect(carryOverReadings([old, own], c, '2026-02-01')).toEqual([own]);
    // before the day the own reading describes, the carried one still counts
    expect(carryOverReadings([old, own], c, '2026-01-10').map((r) => [r.indicatorCode, r.numerator, isCarried(r)])).toEqual([
      ['2.2', 45, true],
      ['2.2', 48, false],
    ]);
    // another cell's own reading does not stop this cell's carried reading
    const others = carryOverReadings([old, reading(NEW_22, 10, '2026-01-20', OTHER_CELL)], c, '2026-02-01');
    expect(others.filter(isCarried).map((r) => r.hamletId)).toEqual([CELL]);
  });

  it('keeps the readings of the new catalogue as they are', () => {
    const own = reading(NEW_22, 48, '2026-01-20');
    expect(carryOverReadings([own], carry([]), '2026-02-01')).toEqual([own]);
  });
});

describe('a commune programme with a mapping (communeProgrammeOnDay)', () => {
  const units = indexUnits(seeds.units);
  const { parents } = unitParentsFromUnits(seeds.units);
  const communeIds = (readSeedJson('programmes.json') as { programmes: { id: string; targets: { unitId: string }[] }[] }).programmes
    .find((p) => p.id === '2026-2030')!
    .targets.map((t) => t.unitId);
  const day = (readings: Reading[], on: IsoDate, mappings: IndicatorMapping[]) =>
    communeProgrammeOnDay({
      programmeId: 'TEST',
      catalogue: newCatalogue,
      units,
      parents,
      communeIds,
      standardTier: null,
      pledges: [],
      day: on,
      readings: new Map([[CELL, readings]]),
      carryOver: { fromVersion: FROM, mappings },
    });
  const figure = (d: ReturnType<typeof day>, unitId: string) =>
    d.units
      .find((u) => u.unitId === unitId)!
      .criteria.find((c) => c.code === NEW_22.criterionCode)!
      .indicators.find((i) => i.indicatorCode === NEW_22.indicatorCode)!;

  it('shows the cell’s carried reading in its new commune, marked, until the cell reports the new indicator', () => {
    const old = [reading(OLD_24, 45, '2025-11-30'), reading(OLD_22, 30, '2025-11-30')];
    const undecided = day(old, '2026-02-01', []);
    expect(figure(undecided, '82-30154')).toMatchObject({ reported: 0, numerator: null });
    expect(undecided.carried).toEqual([]);
    expect(undecided.units.find((u) => u.unitId === CELL)!.readings).toBe(0);

    const mapped = day(old, '2026-02-01', [mapping(OLD_24, NEW_22), mapping(OLD_22, null)]);
    expect(figure(mapped, '82-30154')).toMatchObject({ reported: 1, numerator: 45, denominator: 50, newestAsOf: '2025-11-30' });
    expect(mapped.carried).toEqual([
      {
        unitId: CELL,
        ...NEW_22,
        asOf: '2025-11-30',
        value: null,
        numerator: 45,
        denominator: 50,
        reportedAt: '2025-11-30T05:00:00.000Z',
        carriedFrom: { catalogueVersion: FROM, ...OLD_24 },
      },
    ]);
    // a carried reading is not one the cell reported to the new programme
    expect(mapped.units.find((u) => u.unitId === CELL)!.readings).toBe(0);

    const reported = day([...old, reading(NEW_22, 48, '2026-01-20')], '2026-02-01', [mapping(OLD_24, NEW_22)]);
    expect(figure(reported, '82-30154')).toMatchObject({ reported: 1, numerator: 48, newestAsOf: '2026-01-20' });
    expect(reported.carried).toEqual([]);
    expect(reported.units.find((u) => u.unitId === CELL)!.readings).toBe(1);
  });

  it('judges a carried reading’s staleness by its own date, as any reading', () => {
    // XA-02 2.3 is reported each quarter: a reading of 30/11/2025 is out of date once the first quarter of 2026 is due
    const NEW_23 = { criterionCode: 'XA-02', indicatorCode: '2.3' };
    const old = [reading(OLD_24, 45, '2025-11-30')];
    const m = [mapping(OLD_24, NEW_23)];
    const soon = figure23(day(old, '2026-02-01', m));
    const late = figure23(day(old, '2026-12-01', m));
    expect(soon).toMatchObject({ reported: 1, staleUnitIds: [] });
    expect(late).toMatchObject({ reported: 1, staleUnitIds: [CELL] });
    function figure23(d: ReturnType<typeof day>) {
      return d.units
        .find((u) => u.unitId === '82-30154')!
        .criteria.find((c) => c.code === 'XA-02')!
        .indicators.find((i) => i.indicatorCode === '2.3')!;
    }
  });
});

describe('checking an administrator’s mapping (checkIndicatorMappings)', () => {
  const ctx = { fromCatalogue: oldCatalogue, toCatalogue: newCatalogue, stored: [] as IndicatorMapping[] };

  it('lists every problem, each with its field: unknown old or new indicator, incompatible indicators, duplicates', () => {
    const out = checkIndicatorMappings(
      [
        { from: { criterionCode: 'XA-02', indicatorCode: '9.9' }, to: null },
        { from: OLD_24, to: { criterionCode: 'XA-99', indicatorCode: '1' } },
        { from: { criterionCode: 'XA-04', indicatorCode: '4.1' }, to: NEW_22 },
        { from: OLD_24, to: null },
        { from: { criterionCode: 'XA-03', indicatorCode: '3.1' }, to: { criterionCode: 'XA-02', indicatorCode: '2.3' } },
        { from: { criterionCode: 'XA-02', indicatorCode: '2.1' }, to: NEW_22 },
      ],
      ctx,
    );
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.problems.map((p) => `${p.field}:${p.problem}`)).toEqual([
      'mappings[0].from:unknown_indicator',
      'mappings[1].to:unknown_indicator',
      'mappings[2].to:incompatible_kind',
      'mappings[3].from:duplicate',
      'mappings[4].to:incompatible_denominator',
      'mappings[5].to:incompatible_reporter',
      'mappings[5].to:target_taken',
    ]);
    expect(out.problems.every((p) => p.message.length > 0 && p.messageEn.length > 0)).toBe(true);
    expect(out.problems[2].messageEn).toBe('The old indicator is yes/no, the new one a percentage: not the same kind');
  });

  it('accepts a compatible mapping and an explicit "no mapping"', () => {
    const out = checkIndicatorMappings(
      [
        { from: OLD_24, to: NEW_22, note: 'đổi mã' },
        { from: OLD_22, to: null },
      ],
      ctx,
    );
    expect(out).toEqual({ ok: true, mappings: [{ ...mapping(OLD_24, NEW_22), note: 'đổi mã' }, mapping(OLD_22, null)] });
  });

  it('refuses a second source for a new indicator, unless the recorded one is decided again in the same request', () => {
    const stored = [mapping(OLD_24, NEW_22)];
    const taken = checkIndicatorMappings([{ from: { criterionCode: 'XA-02', indicatorCode: '2.3' }, to: NEW_22 }], { ...ctx, stored });
    expect(taken.ok ? [] : taken.problems.map((p) => p.problem)).toEqual(['target_taken']);
    const moved = checkIndicatorMappings(
      [
        { from: OLD_24, to: null },
        { from: { criterionCode: 'XA-02', indicatorCode: '2.3' }, to: NEW_22 },
      ],
      { ...ctx, stored },
    );
    expect(moved.ok).toBe(true);
  });
});

describe('the state of every old indicator (indicatorMappingStates) and the predecessor programme', () => {
  it('lists every indicator of the old catalogue as mapped, none or undecided', () => {
    const rows = indicatorMappingStates(oldCatalogue, TO, [mapping(OLD_24, NEW_22), mapping(OLD_22, null)]);
    expect(rows).toHaveLength(oldCatalogue.indicators.size);
    const byCode = new Map(rows.map((r) => [`${r.from.criterionCode} ${r.from.indicatorCode}`, r]));
    expect(byCode.get('XA-02 2.4')).toMatchObject({ state: 'mapped', to: NEW_22 });
    expect(byCode.get('XA-02 2.2')).toMatchObject({ state: 'none', to: null });
    expect(byCode.get('XA-02 2.3')).toMatchObject({ state: 'undecided', to: null, mapping: null });
  });

  it('finds the programme before a programme: the one that ended last before it started', () => {
    const programmes = [
      { id: '2021-2025', periodFrom: '2021-01-01', periodTo: '2025-12-31' },
      { id: '2026-2030', periodFrom: '2026-01-01', periodTo: '2030-12-31' },
      { id: 'TEST-2026-2030', periodFrom: '2026-01-01', periodTo: '2030-12-31' },
    ];
    expect(predecessorProgramme(programmes, programmes[2])?.id).toBe('2021-2025');
    expect(predecessorProgramme(programmes, programmes[0])).toBeUndefined();
  });
});
