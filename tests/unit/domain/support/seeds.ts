/** Reads and parses the seed files (tests only: the domain itself never touches the file system). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseAccountsFile,
  parseCatalogueFile,
  parsePledgesFile,
  parseUnitsFile,
  unwrap,
  type AccountsFile,
  type Catalogue,
  type PledgesFile,
  type UnitsFile,
} from '@pledge/domain';

export const SEEDS_DIR = join(__dirname, '..', '..', '..', '..', 'seeds');

/** The seed files by name, as parsed JSON. */
export const SEED_FILES = {
  units: 'units.json',
  catalogue: 'catalogue/NTM-2021-2025.json',
  pledges: 'pledges.json',
  accounts: 'accounts.json',
} as const;

export function readSeedText(file: string): string {
  return readFileSync(join(SEEDS_DIR, file), 'utf8');
}

export function readSeedJson(file: string): unknown {
  return JSON.parse(readSeedText(file));
}

export interface Seeds {
  units: UnitsFile;
  catalogue: Catalogue;
  pledges: PledgesFile;
  accounts: AccountsFile;
}

/** All seed files, parsed with the domain parsers (throws with file/path/problem when one is invalid). */
export function loadSeeds(): Seeds {
  return {
    units: unwrap(parseUnitsFile(readSeedJson(SEED_FILES.units))),
    catalogue: unwrap(parseCatalogueFile(readSeedJson(SEED_FILES.catalogue), SEED_FILES.catalogue)),
    pledges: unwrap(parsePledgesFile(readSeedJson(SEED_FILES.pledges))),
    accounts: unwrap(parseAccountsFile(readSeedJson(SEED_FILES.accounts))),
  };
}
