import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Counts the tests expect, read from the seed files (seeds/*.json) instead of written as literals: a change of the
 * seeds (a new hamlet, a pledge item more) changes the expectation with it. Only tests/unit/domain/seeds.spec.ts
 * states the figures themselves (it checks the seed data).
 */
interface SeedUnit {
  id: string;
  kind: string;
  parentId: string | null;
  validFrom: string | null;
  validTo: string | null;
}

const SEEDS = join(__dirname, '..', '..', 'seeds');
const read = <T>(file: string): T => JSON.parse(readFileSync(join(SEEDS, file), 'utf8')) as T;

const units = read<{ units: SeedUnit[] }>('units.json').units;
const pledges = read<{ pledges: { items?: unknown[] }[] }>('pledges.json').pledges;
const accounts = read<{ accounts: { role: string }[] }>('accounts.json').accounts;

const isCell = (u: SeedUnit) => u.kind === 'hamlet' || u.kind === 'ward';
const validOn = (u: SeedUnit, day: string) => (u.validFrom === null || u.validFrom <= day) && (u.validTo === null || u.validTo >= day);

/** The district the seeds describe (the one district unit). */
const district = units.filter((u) => u.kind === 'district');
if (district.length !== 1) throw new Error(`seed-counts: expected one district in seeds/units.json, found ${district.length}`);
const DISTRICT = district[0].id;
const underDistrict = units.filter((u) => u.parentId === DISTRICT);

export const seedCounts = {
  /** Party cells (hamlets and wards) of the district. */
  cells: units.filter((u) => isCell(u) && underDistrict.some((p) => p.id === u.parentId)).length,
  /** The district's communes (without the town). */
  communes: underDistrict.filter((u) => u.kind === 'commune').length,
  /** The district's communes and its town: the units with a commune officer. */
  communesAndTown: underDistrict.length,
  pledges: pledges.length,
  pledgeItems: pledges.reduce((s, p) => s + (p.items?.length ?? 0), 0),
  /** Seeded accounts (of one role, when given). */
  accounts: (role?: string): number => accounts.filter((a) => role === undefined || a.role === role).length,
  /** Units valid on `day` (YYYY-MM-DD), every level. */
  unitsValidOn: (day: string): number => units.filter((u) => validOn(u, day)).length,
};
