import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkSeedIntegrity,
  findNonNfcPaths,
  formatIssue,
  isNfc,
  parseAccountsFile,
  parseCatalogueFile,
  parsePledgesFile,
  parseUnitsFile,
  selectCriteria,
  type Catalogue,
} from '@pledge/domain';
import { loadSeeds, readSeedJson, readSeedText, SEED_FILES, SEEDS_DIR } from './support/seeds';

const seeds = loadSeeds();
const SCHEMAS: Record<keyof typeof SEED_FILES, string> = {
  units: 'schema/units.schema.json',
  catalogue: 'schema/catalogue.schema.json',
  pledges: 'schema/pledges.schema.json',
  accounts: 'schema/accounts.schema.json',
};

function validator(schemaFile: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv.compile(readSeedJson(schemaFile) as object);
}

describe('seed files validate', () => {
  it.each(Object.keys(SEED_FILES) as Array<keyof typeof SEED_FILES>)('%s against its JSON Schema (draft 2020-12, strict)', (name) => {
    const validate = validator(SCHEMAS[name]);
    const valid = validate(readSeedJson(SEED_FILES[name]));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('every catalogue version file validates against the catalogue schema and the zod parser', () => {
    const files = readdirSync(join(SEEDS_DIR, 'catalogue')).filter((f) => f.endsWith('.json'));
    expect(files).toContain('NTM-2021-2025.json');
    const validate = validator(SCHEMAS.catalogue);
    for (const file of files) {
      const json = readSeedJson(`catalogue/${file}`);
      expect([file, validate(json)]).toEqual([file, true]);
      const outcome = parseCatalogueFile(json, file);
      expect(outcome.ok ? [] : outcome.issues.map(formatIssue)).toEqual([]);
      expect(outcome.ok && `${outcome.value.version}.json`).toBe(file);
    }
  });

  it('the files agree with each other (pledges, accounts, units, catalogue)', () => {
    expect(
      checkSeedIntegrity({ units: seeds.units, catalogues: [seeds.catalogue], pledges: seeds.pledges, accounts: seeds.accounts }).map(formatIssue),
    ).toEqual([]);
  });

  it('the JSON Schema rejects an unknown field and an impossible date; the zod parser names file, path and problem', () => {
    const units = readSeedJson(SEED_FILES.units) as { units: Array<Record<string, unknown>> };
    units.units[3].validTo = '2025-06-31';
    units.units[4].kindd = 'commune';
    const validate = validator(SCHEMAS.units);
    expect(validate(units)).toBe(false);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual(['/units/3/validTo format', '/units/4 additionalProperties']);
    const outcome = parseUnitsFile(units);
    expect(!outcome.ok && outcome.issues.map(formatIssue)).toEqual(['units.json: units[3].validTo: expected an ISO date (YYYY-MM-DD)']);
  });

  it('the zod parser catches what a schema cannot: a due date before signing, a dangling parent', () => {
    const pledges = readSeedJson(SEED_FILES.pledges) as { pledges: Array<{ items: Array<Record<string, unknown>> }> };
    pledges.pledges[0].items[0].dueDate = '2023-01-01';
    const outcome = parsePledgesFile(pledges);
    expect(!outcome.ok && outcome.issues.map(formatIssue)).toEqual([
      'pledges.json: pledges[0].items[0].dueDate: due 2023-01-01, not after signing on 2023-02-23',
    ]);
    const units = readSeedJson(SEED_FILES.units) as { units: Array<Record<string, unknown>> };
    units.units[5].parentId = '99999';
    const bad = parseUnitsFile(units);
    expect(!bad.ok && bad.issues.map(formatIssue)).toEqual(['units.json: units[5].parentId: unknown parent 99999']);
  });
});

describe('units.json', () => {
  const units = seeds.units.units;
  const byId = new Map(units.map((u) => [u.id, u]));
  const of = (kind: string) => units.filter((u) => u.kind === kind);

  it('holds province 87, district 874, the town and 12 communes with their official codes', () => {
    expect(byId.get('87')).toMatchObject({ kind: 'province', name: 'Tỉnh Đồng Tháp', validTo: '2025-06-30' });
    expect(byId.get('874')).toMatchObject({ kind: 'district', name: 'Huyện Thanh Bình', parentId: '87', validFrom: '1983-02-23', validTo: '2025-06-30' });
    const old = units.filter((u) => u.parentId === '874');
    expect(old.map((u) => u.code)).toEqual([
      '30130',
      '30133',
      '30136',
      '30139',
      '30142',
      '30145',
      '30148',
      '30151',
      '30154',
      '30157',
      '30160',
      '30163',
      '30166',
    ]);
    expect(byId.get('30130')).toMatchObject({ kind: 'town', name: 'Thị trấn Thanh Bình' });
    expect(old.filter((u) => u.kind === 'commune')).toHaveLength(12);
    expect(old.every((u) => u.validTo === '2025-06-30')).toBe(true);
  });

  it('holds 55 cells: hamlets (ấp) in the communes, wards (khóm) in the town, 8 real names', () => {
    const cells = [...of('hamlet'), ...of('ward')];
    expect(cells).toHaveLength(55);
    expect(of('ward').every((w) => w.parentId === '30130')).toBe(true);
    expect(of('hamlet').every((h) => byId.get(h.parentId ?? '')?.kind === 'commune')).toBe(true);
    expect(cells.every((c) => c.codeIsSynthetic && /^874-\d{5}-[AK]\d{2}$/.test(c.id))).toBe(true);
    expect(cells.filter((c) => !c.placeholder).map((c) => `${c.id} ${c.name}`)).toEqual([
      '874-30133-A01 Ấp Trung',
      '874-30136-A01 Ấp Tân Dinh',
      '874-30136-A02 Ấp Tân Thới',
      '874-30151-A01 Ấp Tân Phong',
      '874-30151-A02 Ấp Tân An',
      '874-30154-A01 Ấp Tân Phú A',
      '874-30157-A01 Ấp Trung',
      '874-30163-A01 Ấp Bình Chánh',
    ]);
    expect(cells.every((c) => c.source.length > 0)).toBe(true);
  });

  it('holds the 5 successor communes of province 82 from 2025-07-01, with Tân Thạnh split in two', () => {
    const successors = units.filter((u) => u.parentId === '82');
    expect(successors.map((u) => `${u.id} ${u.name}`)).toEqual([
      '82-30130 Xã Thanh Bình',
      '82-30157 Xã Tân Thạnh',
      '82-30163 Xã Bình Thành',
      '82-30154 Xã Tân Long',
      '82-30028 Xã An Long',
    ]);
    expect(successors.every((u) => u.validFrom === '2025-07-01' && u.validTo === null)).toBe(true);
    const tanThanh = seeds.units.successions.filter((s) => s.predecessorId === '30157');
    expect(tanThanh.map((s) => [s.successorId, s.share])).toEqual([
      ['82-30130', 'part'],
      ['82-30157', 'remainder'],
    ]);
    const communes = units.filter((u) => u.parentId === '874');
    expect(communes.every((c) => seeds.units.successions.some((s) => s.predecessorId === c.id && s.effectiveOn === '2025-07-01'))).toBe(true);
  });
});

describe('catalogue NTM-2021-2025', () => {
  const catalogue: Catalogue = seeds.catalogue;
  const count = (appliesTo: 'commune' | 'hamlet' | 'ward' | 'district', tier: 'ntm' | 'advanced' = 'ntm') =>
    selectCriteria(catalogue, { appliesTo, tier }).length;
  const indicator = (criterionCode: string, indicatorCode: string) =>
    catalogue.criteria.find((c) => c.code === criterionCode)?.indicators.find((i) => i.code === indicatorCode);

  it('has 19 commune, 7 hamlet, 5 ward and 9 district criteria, plus the district conditions', () => {
    expect([count('commune'), count('hamlet'), count('ward'), count('district')]).toEqual([19, 7, 5, 9]);
    expect(catalogue.districtConditions.map((d) => d.code)).toEqual(['DK-01', 'DK-02', 'DK-03', 'DK-04', 'DK-05']);
    expect(catalogue.districtConditions.map((d) => d.confidence)).toEqual(['memory_high', 'memory_low', 'memory_low', 'memory_medium', 'found_secondary']);
    expect(catalogue.deadline).toBe('2025-12-31');
  });

  it('gives each hamlet and ward criterion 1–3 indicators, invented ones marked placeholder with a source saying so', () => {
    for (const c of catalogue.criteria.filter((x) => x.appliesTo === 'hamlet' || x.appliesTo === 'ward')) {
      const assessed = c.indicators.filter((i) => i.assessed);
      expect(assessed.length).toBeGreaterThanOrEqual(1);
      expect(assessed.length).toBeLessThanOrEqual(3);
      for (const i of c.indicators) {
        expect([c.code, i.code, i.placeholder, /^(Invented|Added) by this project/.test(i.source ?? '')]).toEqual([c.code, i.code, true, true]);
        expect(['unknown', 'memory_low']).toContain(i.thresholdConfidence);
      }
    }
    expect(catalogue.criteria.filter((c) => c.appliesTo === 'ward').every((c) => c.placeholder)).toBe(true);
  });

  it('a threshold is null exactly when nobody knows it, and always has a source', () => {
    for (const c of catalogue.criteria) {
      for (const i of c.indicators.filter((x) => x.assessed)) {
        expect([c.code, i.code, i.threshold === null]).toEqual([c.code, i.code, i.thresholdConfidence === 'unknown']);
        expect(i.thresholdSource.length).toBeGreaterThan(10);
      }
    }
    expect(indicator('XA-04', '4.2')).toMatchObject({ threshold: 98, thresholdConfidence: 'memory_low' });
  });

  it('hamlet-summable commune indicators are reported by cells as numerator/denominator (ratio)', () => {
    const summable = [
      ['XA-04', '4.2'],
      ['XA-09', '9.2'],
      ['XA-15', '15.1'],
      ['XA-17', '17.1'],
      ['XA-17', '17.7'],
      ['XA-17', '17.10'],
      ['XA-12', '12.1'],
      ['XA-11', '11'],
    ];
    for (const [c, i] of summable) {
      expect([c, i, indicator(c, i)?.reportedBy, indicator(c, i)?.rollup.method, indicator(c, i)?.fraction !== null]).toEqual([c, i, 'cell', 'ratio', true]);
    }
  });

  it('income is a population-weighted mean, the population being a reported count that is not judged', () => {
    expect(indicator('XA-10', '10')?.rollup).toEqual({ method: 'weighted_mean', weightBy: { criterionCode: 'XA-10', indicatorCode: '10.0' } });
    expect(indicator('XA-10', '10.0')).toMatchObject({ kind: 'count', reportedBy: 'cell', assessed: false });
    // each year has its own level; the 2023 and 2024 levels were not found, so those years have none (never 2022's)
    expect(indicator('XA-10', '10')?.thresholdRules.map((r) => [r.year, r.fromYear, r.threshold])).toEqual([
      [2022, null, 48],
      [2025, null, 59],
    ]);
    expect(indicator('XA-10', '10')?.threshold).toBeNull();
  });

  it('gives every indicator a reporting frequency with its source, and units in both languages', () => {
    const all = catalogue.criteria.flatMap((c) => c.indicators.map((i) => ({ c, i })));
    for (const { c, i } of all) {
      expect([c.code, i.code, i.reportingPeriod !== null, (i.reportingPeriodSource ?? '').length > 10]).toEqual([c.code, i.code, true, true]);
      if (i.unit !== '%') expect([c.code, i.code, i.unitEn !== null]).toEqual([c.code, i.code, true]);
    }
    const every = (criterionCode: string, indicatorCode: string) => indicator(criterionCode, indicatorCode)?.reportingPeriod?.every;
    // roads, housing and schools are states reported when they change; income is yearly; health insurance monthly
    expect([every('XA-02', '2.1'), every('XA-09', '9.2'), every('XA-05', '5'), every('XA-10', '10'), every('XA-15', '15.1')]).toEqual([
      'on_change',
      'on_change',
      'on_change',
      'year',
      'month',
    ]);
    expect([indicator('XA-10', '10')?.unit, indicator('XA-10', '10')?.unitEn]).toEqual(['triệu đồng/người/năm', 'million VND/person/year']);
  });

  it('water is a two-part level (hygienic, of which clean water), both levels left for an administrator to set', () => {
    for (const [c, i] of [
      ['XA-17', '17.1'],
      ['AP-05', '5.1'],
    ]) {
      const level = indicator(c, i)?.level;
      expect(level?.type).toBe('all_of');
      if (level?.type !== 'all_of') continue;
      expect(level.parts.map((p) => [p.key, p.indicatorCode, p.threshold, p.thresholdConfidence])).toEqual([
        ['hygienic', i, null, 'unknown'],
        ['clean', `${i}b`, null, 'unknown'],
      ]);
      expect(indicator(c, `${i}b`)).toMatchObject({ assessed: false, reportedBy: 'cell', kind: 'percentage' });
    }
  });

  it('uses every kind of rollup the format offers', () => {
    const methods = new Set(catalogue.criteria.flatMap((c) => c.indicators.map((i) => i.rollup.method)));
    expect([...methods].sort()).toEqual(['all', 'any', 'none', 'ratio', 'share', 'sum', 'weighted_mean']);
  });
});

describe('pledges.json', () => {
  const cells = seeds.units.units.filter((u) => u.kind === 'hamlet' || u.kind === 'ward');

  it('every one of the 55 cells has exactly one pledge, signed in 2023', () => {
    expect(seeds.pledges.pledges).toHaveLength(55);
    for (const cell of cells) {
      const own = seeds.pledges.pledges.filter((p) => p.cellId === cell.id);
      expect([cell.id, own.length]).toEqual([cell.id, 1]);
      expect(own[0].signedOn.startsWith('2023-')).toBe(true);
    }
  });

  it('each pledge has 3–8 items, all due on or before 2025-12-31, spread over 2023–2025', () => {
    const items = seeds.pledges.pledges.flatMap((p) => p.items);
    expect(seeds.pledges.pledges.every((p) => p.items.length >= 3 && p.items.length <= 8)).toBe(true);
    expect(items.every((i) => i.dueDate <= '2025-12-31')).toBe(true);
    expect(new Set(items.map((i) => i.dueDate.slice(0, 4)))).toEqual(new Set(['2023', '2024', '2025']));
  });
});

describe('accounts.json', () => {
  const accounts = seeds.accounts.accounts;

  it('one secretary per cell, one officer per commune/town, two district leaders, one administrator', () => {
    const cells = seeds.units.units.filter((u) => u.kind === 'hamlet' || u.kind === 'ward');
    const secretaries = accounts.filter((a) => a.role === 'secretary');
    expect(secretaries.map((a) => a.username).sort()).toEqual(cells.map((c) => `bithu.${c.id.toLowerCase()}`).sort());
    const officers = accounts.filter((a) => a.role === 'commune_officer').map((a) => a.username);
    expect(officers).toHaveLength(13);
    expect(officers).toContain('canbo.30130');
    expect(accounts.filter((a) => a.role === 'district_leader')).toHaveLength(2);
    expect(accounts.filter((a) => a.role === 'administrator').map((a) => a.username)).toEqual(['quantri']);
  });

  it('follows the README shape: displayName may be left out (the username is shown then)', () => {
    const outcome = parseAccountsFile({ accounts: [{ username: 'canbo.30133', role: 'commune_officer', unitId: '30133' }] });
    expect(outcome.ok && outcome.value.accounts[0].displayName).toBe('canbo.30133');
    expect(validator(SCHEMAS.accounts)({ accounts: [{ username: 'canbo.30133', role: 'commune_officer', unitId: '30133' }] })).toBe(true);
  });

  it('writes no password: it says where the seeded accounts get theirs', () => {
    expect(seeds.accounts.passwordNote).toMatch(/INITIAL_ADMIN_PASSWORD/);
    expect(JSON.stringify(seeds.accounts)).not.toMatch(/"(default)?[Pp]assword"\s*:/);
  });
});

describe('all seed text is Unicode NFC', () => {
  const files = [...Object.values(SEED_FILES), ...Object.values(SCHEMAS)];

  it.each(files)('%s', (file) => {
    const text = readSeedText(file);
    expect(isNfc(text)).toBe(true);
    expect(findNonNfcPaths(JSON.parse(text))).toEqual([]);
  });

  it.each(['FORMAT-NOTES.md', '../docs/glossary.md'])('%s', (file) => {
    expect(isNfc(readSeedText(file))).toBe(true);
  });

  it('the parsers normalise decomposed input to NFC', () => {
    const units = readSeedJson(SEED_FILES.units) as { units: Array<Record<string, unknown>> };
    units.units[1].name = 'Huyện Thanh Bình'.normalize('NFD');
    const outcome = parseUnitsFile(units);
    expect(outcome.ok && outcome.value.units[1].name).toBe('Huyện Thanh Bình'.normalize('NFC'));
    expect(isNfc(units.units[1].name as string)).toBe(false);
  });
});
