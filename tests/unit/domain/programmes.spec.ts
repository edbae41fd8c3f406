import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  checkProgrammes,
  childrenOnDay,
  communeGroupLabel,
  communeGroupOn,
  defaultProgramme,
  moveUnit,
  parentOn,
  programmeDeadline,
  programmeInForceOn,
  programmeStatusOn,
  unitParentsFromUnits,
  type Programme,
} from '@pledge/domain';
import { loadSeeds, SEEDS_DIR } from './support/seeds';

const file = JSON.parse(readFileSync(join(SEEDS_DIR, 'programmes.json'), 'utf8')) as { programmes: Programme[] };
const programmes = file.programmes;
const [old, next] = [programmes.find((p) => p.id === '2021-2025')!, programmes.find((p) => p.id === '2026-2030')!];
const units = loadSeeds().units;

describe('seeds/programmes.json', () => {
  it('is valid against its JSON Schema and the rules a schema cannot state', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(SEEDS_DIR, 'schema', 'programmes.schema.json'), 'utf8')));
    expect(validate(file) ? [] : validate.errors).toEqual([]);
    expect(checkProgrammes(programmes, { unitIds: new Set(units.units.map((u) => u.id)) })).toEqual([]);
  });

  it('2021–2025 targets the district 874; 2026–2030 the five new communes, whose groups are unknown, not invented', () => {
    expect(old.targets.map((t) => t.unitId)).toEqual(['874']);
    expect(old.catalogueVersion).toBe('NTM-2021-2025');
    expect(next.targetKind).toBe('commune');
    expect(next.targets.map((t) => t.unitId).sort()).toEqual(['82-30028', '82-30130', '82-30154', '82-30157', '82-30163']);
    for (const t of next.targets) expect(communeGroupOn(next, t.unitId, '2026-12-07')).toBeNull();
    expect(next.standard.tierCode).toBeNull();
  });

  it('the schema refuses a programme without deadlines or with an unknown target kind', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(SEEDS_DIR, 'schema', 'programmes.schema.json'), 'utf8')));
    expect(validate({ programmes: [{ ...old, deadlines: [] }] })).toBe(false);
    expect(validate({ programmes: [{ ...old, targetKind: 'province' }] })).toBe(false);
  });
});

describe('programme status and the programme in force', () => {
  it('is not_started before, open within and closed after its period', () => {
    expect(programmeStatusOn(next, '2025-12-31')).toBe('not_started');
    expect(programmeStatusOn(next, '2026-01-01')).toBe('open');
    expect(programmeStatusOn(old, '2025-12-31')).toBe('open');
    expect(programmeStatusOn(old, '2026-01-01')).toBe('closed');
  });

  it('names the programme in force on a day; after every period, the last one', () => {
    expect(programmeInForceOn(programmes, '2024-05-01')?.id).toBe('2021-2025');
    expect(programmeInForceOn(programmes, '2026-12-07')?.id).toBe('2026-2030');
    expect(programmeInForceOn(programmes, '2031-01-01')?.id).toBe('2026-2030');
    expect(programmeInForceOn(programmes, '2020-01-01')).toBeUndefined();
  });

  it('the default view is the programme in force when it can be shown, else the newest that can', () => {
    expect(defaultProgramme(programmes, '2026-12-07', () => true)?.id).toBe('2026-2030');
    expect(defaultProgramme(programmes, '2026-12-07', (p) => p.id !== '2026-2030')?.id).toBe('2021-2025');
    expect(defaultProgramme(programmes, '2020-01-01', () => true)?.id).toBe('2021-2025');
    expect(defaultProgramme(programmes, '2026-12-07', () => false)).toBeUndefined();
  });

  it('the final deadline is the last one, never after the period', () => {
    expect(programmeDeadline(old)).toBe('2025-12-31');
    expect(
      programmeDeadline({
        periodTo: '2030-12-31',
        deadlines: [
          { on: '2028-06-30', label: { vi: 'a', en: 'a' } },
          { on: '2031-01-01', label: { vi: 'b', en: 'b' } },
        ],
      }),
    ).toBe('2030-12-31');
  });

  it('a commune group is dated: unknown, then known from the day it is decided', () => {
    const p: Programme = {
      ...next,
      targets: [
        {
          unitId: '82-30130',
          groups: [
            { group: null, validFrom: '2026-01-01', validTo: '2026-06-30', source: 's' },
            { group: '2', validFrom: '2026-07-01', validTo: null, source: 'QĐ' },
          ],
        },
      ],
    };
    expect(communeGroupOn(p, '82-30130', '2026-06-30')).toBeNull();
    expect(communeGroupOn(p, '82-30130', '2026-07-01')).toBe('2');
    expect(() => communeGroupOn(p, '874', '2026-07-01')).toThrow(RangeError);
    expect(communeGroupLabel(null).vi).toBe('Nhóm: chưa xác định');
  });

  it('lists every problem of a programmes file', () => {
    const bad: Programme = {
      ...next,
      periodTo: '2025-01-01',
      deadlines: [{ on: '2031-01-01', label: { vi: 'x', en: 'x' } }],
      targets: [
        { unitId: 'nowhere', groups: [] },
        {
          unitId: '82-30130',
          groups: [
            { group: null, validFrom: '2026-01-01', validTo: null, source: 's' },
            { group: '1', validFrom: '2027-01-01', validTo: null, source: 's' },
          ],
        },
      ],
    };
    const problems = checkProgrammes([bad, bad], { unitIds: new Set(units.units.map((u) => u.id)), catalogueVersions: new Set(['NTM-2021-2025']) });
    expect(problems.map((p) => `${p.path}:${p.problem}`)).toEqual([
      'programmes[0].periodTo:before_start',
      'programmes[0].deadlines[0].on:outside_period',
      'programmes[0].catalogueVersion:unknown_catalogue',
      'programmes[0].targets[0].unitId:unknown_unit',
      'programmes[0].targets[1].groups:overlap',
      'programmes[1].id:duplicate',
      'programmes[1].periodTo:before_start',
      'programmes[1].deadlines[0].on:outside_period',
      'programmes[1].catalogueVersion:unknown_catalogue',
      'programmes[1].targets[0].unitId:unknown_unit',
      'programmes[1].targets[1].groups:overlap',
    ]);
  });
});

describe('dated parents after the merger', () => {
  const { parents, pending } = unitParentsFromUnits(units);

  it('each cell keeps its old commune until 30/06/2025 and continues under the commune that took it over whole', () => {
    expect(parentOn(parents, '874-30145-A01', '2025-06-30')).toBe('30145');
    expect(parentOn(parents, '874-30145-A01', '2025-07-01')).toBe('82-30130'); // Tân Mỹ → Thanh Bình
    expect(parentOn(parents, '874-30139-A01', '2026-12-07')).toBe('82-30028'); // An Phong → An Long
    expect(parentOn(parents, '874-30148-A01', '2026-12-07')).toBe('82-30163'); // Bình Tấn → Bình Thành
    expect(parentOn(parents, '874-30142-A01', '2026-12-07')).toBe('82-30157'); // Phú Lợi → Tân Thạnh
    expect(parentOn(parents, '874-30130-K01', '2026-12-07')).toBe('82-30130'); // the town's wards → Thanh Bình
    expect(parentOn(parents, '874', '2025-07-01')).toBeNull();
  });

  it('the hamlets of Tân Thạnh (split: a part to Thanh Bình, the remainder to Tân Thạnh) await an administrator, not a guess', () => {
    expect(pending.map((p) => p.unitId)).toEqual(['874-30157-A01', '874-30157-A02', '874-30157-A03', '874-30157-A04']);
    expect(pending[0].candidates).toEqual([
      { successorId: '82-30130', share: 'part' },
      { successorId: '82-30157', share: 'remainder' },
    ]);
    expect(parentOn(parents, '874-30157-A01', '2025-06-30')).toBe('30157');
    expect(parentOn(parents, '874-30157-A01', '2025-07-01')).toBeNull();
  });

  it('the new communes hold 51 cells on 07/12/2026 (55 less the 4 awaiting a decision)', () => {
    const counts = ['82-30130', '82-30157', '82-30163', '82-30154', '82-30028'].map((c) => childrenOnDay(parents, c, '2026-12-07').length);
    expect(counts).toEqual([12, 4, 9, 21, 5]);
    expect(childrenOnDay(parents, '874', '2025-06-30')).toHaveLength(13);
  });

  it('an administrator moves a cell from a day: the earlier period ends the day before, history kept', () => {
    const moved = moveUnit(parents, '874-30157-A01', '82-30157', '2025-07-01', 'decision');
    expect(parentOn(moved, '874-30157-A01', '2025-06-30')).toBe('30157');
    expect(parentOn(moved, '874-30157-A01', '2025-07-01')).toBe('82-30157');
    const again = moveUnit(moved, '874-30157-A01', '82-30130', '2027-01-01', 'correction');
    expect(parentOn(again, '874-30157-A01', '2026-12-31')).toBe('82-30157');
    expect(parentOn(again, '874-30157-A01', '2027-01-01')).toBe('82-30130');
    expect(again.filter((p) => p.unitId === '874-30157-A01')).toHaveLength(3);
  });
});
