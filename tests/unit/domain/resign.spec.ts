import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkResign, indexCatalogue, parentOn, unitParentsFromUnits, type Programme, type ResignInput } from '@pledge/domain';
import { loadSeeds, SEEDS_DIR } from './support/seeds';

const seeds = loadSeeds();
const catalogue = indexCatalogue(seeds.catalogue); // stands in for a published 2026–2030 catalogue
const programmes = (JSON.parse(readFileSync(join(SEEDS_DIR, 'programmes.json'), 'utf8')) as { programmes: Programme[] }).programmes;
const programme: Programme = { ...programmes.find((p) => p.id === '2026-2030')!, catalogueVersion: seeds.catalogue.version };
const { parents } = unitParentsFromUnits(seeds.units);

const input = (over: Partial<ResignInput> = {}): ResignInput => ({
  cellId: '874-30136-A01',
  signedOn: '2026-03-01',
  items: [
    { criterionCode: 'XA-02', indicatorCode: '2.2', target: { comparator: '>=', value: 90 }, dueDate: '2027-12-31' },
    { criterionCode: 'XA-06', indicatorCode: '6.3', target: { comparator: '==', value: true }, dueDate: '2028-06-30' },
  ],
  ...over,
});
const ctxFor = (i: ResignInput, published = true) => ({
  programme,
  catalogue: published ? catalogue : undefined,
  parentOnSigning: parentOn(parents, i.cellId, i.signedOn),
  isCell: seeds.units.units.some((u) => u.id === i.cellId && (u.kind === 'hamlet' || u.kind === 'ward')),
});

describe("re-signing a cell's pledge for 2026–2030", () => {
  it("builds a new pledge of the programme, with the catalogue's indicators, targets and due dates", () => {
    const i = input();
    const out = checkResign(i, ctxFor(i));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.pledge).toMatchObject({ id: 'PL-2026-2030-874-30136-A01', cellId: '874-30136-A01', catalogueVersion: 'NTM-2021-2025', signedOn: '2026-03-01' });
    expect(out.pledge.items.map((it) => [it.id, it.criterionCode, it.indicatorCode, it.target.value, it.dueDate])).toEqual([
      ['PL-2026-2030-874-30136-A01-01', 'XA-02', '2.2', 90, '2027-12-31'],
      ['PL-2026-2030-874-30136-A01-02', 'XA-06', '6.3', true, '2028-06-30'],
    ]);
  });

  it('lists every problem, each naming its field, and builds nothing', () => {
    const i = input({
      signedOn: '2026-03-01',
      items: [
        { criterionCode: 'XA-02', indicatorCode: '9.9', target: { comparator: '>=', value: 90 }, dueDate: '2027-12-31' },
        { criterionCode: 'XA-02', indicatorCode: '2.2', target: { comparator: '~', value: 120 }, dueDate: '2031-01-01' },
        { criterionCode: 'XA-06', indicatorCode: '6.3', target: { comparator: '==', value: 1 }, dueDate: '2026-02-01' },
        { criterionCode: 'XA-02', indicatorCode: '2.2', target: { comparator: '>=', value: 50 }, dueDate: '2027-13-01' },
        { criterionCode: 'XA-02', indicatorCode: '2.1', target: { comparator: '>=', value: 50 }, dueDate: '2027-12-31' },
      ],
    });
    const out = checkResign(i, ctxFor(i));
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.problems.map((p) => `${p.field}:${p.problem}`)).toEqual([
      'items[0].indicatorCode:unknown_indicator',
      'items[1].target.comparator:invalid_comparator',
      'items[1].target.value:out_of_range',
      'items[1].dueDate:outside_programme',
      'items[2].target.value:invalid_value',
      'items[2].dueDate:outside_programme',
      'items[3]:duplicate',
      'items[3].dueDate:invalid_date',
      'items[4].indicatorCode:not_reported_by_cells',
    ]);
    expect(out.problems[8]).toMatchObject({ messageEn: 'Indicator XA-02 2.1 is reported by the commune, not by cells' });
  });

  it("refuses a cell outside the programme's communes on the signing day, or awaiting a decision, a day outside the period, an unpublished catalogue", () => {
    const pending = input({ cellId: '874-30157-A02' });
    expect(checkResign(pending, ctxFor(pending))).toMatchObject({ ok: false, problems: [{ field: 'cellId', problem: 'not_in_programme' }] });
    const early = input({ signedOn: '2025-12-31' });
    expect(checkResign(early, ctxFor(early))).toMatchObject({ ok: false, problems: [{ field: 'signedOn', problem: 'outside_programme' }] });
    const commune = input({ cellId: '30136' });
    expect(checkResign(commune, ctxFor(commune))).toMatchObject({ ok: false, problems: [{ field: 'cellId', problem: 'not_a_cell' }] });
    const i = input();
    expect(checkResign(i, ctxFor(i, false))).toMatchObject({ ok: false, problems: [{ field: 'programme', problem: 'catalogue_not_published' }] });
  });
});
