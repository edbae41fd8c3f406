import {
  communeProgrammeOnDay,
  indexCatalogue,
  indexUnits,
  openCommuneProgrammeDay,
  parseCatalogueFile,
  pledgeItemDaysOf,
  programmeOnDay,
  unitDayOf,
  unitParentsFromUnits,
  unitsOnDay,
  unwrap,
  type IsoDate,
  type Pledge,
  type Reading,
} from '@pledge/domain';
import { testCatalogue } from '../../support/programme-fixtures';
import { loadSeeds, readSeedJson } from './support/seeds';

/**
 * A commune programme on a day (issue 14, 2026–2030): the pieces of programmeOnDay rooted at the programme's target
 * communes, each with its cells on the day by their dated parents (unit_parent), no district tier.
 */
const seeds = loadSeeds();
const units = indexUnits(seeds.units);
const { parents } = unitParentsFromUnits(seeds.units);
const raw = testCatalogue();
const catalogue = indexCatalogue(unwrap(parseCatalogueFile(raw)));
const communeIds = (readSeedJson('programmes.json') as { programmes: { id: string; targets: { unitId: string }[] }[] }).programmes
  .find((p) => p.id === '2026-2030')!
  .targets.map((t) => t.unitId);
const standardTier: string = raw.tiers[0].code;
const [first] = catalogue.catalogue.criteria;
const indicator = first.indicators[0].code;
const CELL = '874-30136-A01';

const resigned: Pledge = {
  id: `PL-2026-2030-${CELL}`,
  cellId: CELL,
  catalogueVersion: catalogue.catalogue.version,
  signedOn: '2026-03-01',
  placeholder: false,
  source: null,
  items: [
    {
      id: `PL-2026-2030-${CELL}-01`,
      criterionCode: first.code,
      indicatorCode: indicator,
      target: { comparator: '>=', value: 90 },
      dueDate: '2027-12-31',
      note: null,
    },
  ],
};

function reading(cell: string, numerator: number, asOf: IsoDate, n = 1): Reading {
  return {
    eventId: `e-${cell}-${n}`,
    hamletId: cell,
    criterionCode: first.code,
    indicatorCode: indicator,
    value: null,
    numerator,
    denominator: 50,
    asOf,
    reportedAt: `${asOf}T05:00:00.000Z`,
    reportedBy: 'x',
  };
}

const input = (readings: readonly Reading[], day: IsoDate) => ({
  programmeId: '2026-2030',
  catalogue,
  units,
  parents,
  communeIds,
  standardTier,
  pledges: [...seeds.pledges.pledges, resigned],
  day,
  readings: new Map(readings.map((r) => [r.hamletId, [r]])),
});

describe('a commune programme on a day (2026–2030)', () => {
  it('stands the units as they are on the day by their dated parents: a cell continues under its new commune, same id', () => {
    expect(unitsOnDay(units, parents, '2025-06-30').byId.get(CELL)).toMatchObject({ parentId: '30136', validTo: '2025-06-30' });
    expect(unitsOnDay(units, parents, '2026-06-01').byId.get(CELL)).toMatchObject({ parentId: '82-30154', validFrom: '2025-07-01', validTo: null });
    // a hamlet of the split Tân Thạnh awaits a decision: no parent, not valid after 30/06/2025
    expect(unitsOnDay(units, parents, '2026-06-01').byId.get('874-30157-A01')).toMatchObject({ parentId: '30157', validTo: '2025-06-30' });
  });

  it('gives each target commune its cells on the day, the re-signed pledges only, and no district', () => {
    const d = communeProgrammeOnDay(input([], '2026-06-30'));
    expect(Object.fromEntries(d.communes.map((c) => [c.unitId, c.cellIds.length]))).toEqual({
      '82-30130': 12,
      '82-30157': 4,
      '82-30163': 9,
      '82-30154': 21,
      '82-30028': 5,
    });
    expect(d.communes.flatMap((c) => c.cellIds)).not.toContain('874-30157-A01');
    expect(d.units.map((u) => u.kind).filter((k) => k === 'district')).toEqual([]);
    expect(d.items.map((i) => i.pledgeId)).toEqual([resigned.id]);
    expect(d.firstSigning).toBe('2026-03-01');
    expect(d.communes.every((c) => c.standard?.code === standardTier)).toBe(true);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('a cell’s report moves its new commune’s figure toward the 2026–2030 standard, and its pledge’s forecast', () => {
    const commune = (readings: Reading[]) => {
      const d = communeProgrammeOnDay(input(readings, '2026-12-31'));
      const u = d.units.find((x) => x.unitId === '82-30154')!;
      const ind = u.criteria.find((c) => c.code === first.code)!.indicators.find((i) => i.indicatorCode === indicator)!;
      return { reported: ind.reported, expected: ind.expected, numerator: ind.numerator, item: d.items[0].forecast!.actualProgress };
    };
    const none = commune([]);
    const some = commune([reading(CELL, 40, '2026-11-30')]);
    const more = commune([reading(CELL, 48, '2026-11-30')]);
    expect(none).toMatchObject({ reported: 0, expected: 21, numerator: null });
    expect(some).toMatchObject({ reported: 1, expected: 21, numerator: 40 });
    expect(more.numerator).toBe(48);
    expect(more.item).toBeGreaterThan(some.item!);
    // a reading describing a later day does not count yet
    expect(communeProgrammeOnDay(input([reading(CELL, 40, '2027-01-31')], '2026-12-31')).units.find((x) => x.unitId === CELL)!.readings).toBe(0);
  });

  it('its pieces put together equal the whole day', () => {
    const i = input([reading(CELL, 40, '2026-11-30'), reading('874-30130-K01', 30, '2026-10-31', 2)], '2026-12-31');
    const whole = communeProgrammeOnDay(i);
    const pd = openCommuneProgrammeDay(i);
    expect(whole.units.map((u) => unitDayOf(pd, u.unitId))).toEqual(whole.units);
    expect(pledgeItemDaysOf(pd, CELL)).toEqual(whole.items);
  });

  it('leaves the district programme as it was: the 2021–2025 day ignores the re-signed pledge', () => {
    const old = indexCatalogue(seeds.catalogue);
    const base = { catalogue: old, units, districtId: '874', day: '2025-12-31', readings: new Map() };
    expect(programmeOnDay({ ...base, pledges: [...seeds.pledges.pledges, resigned] })).toEqual(programmeOnDay({ ...base, pledges: seeds.pledges.pledges }));
  });
});
