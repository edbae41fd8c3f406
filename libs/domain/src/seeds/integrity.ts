/**
 * Checks across seed files that no single file can check: pledges point at cells and indicators that exist and
 * fit, due dates respect the catalogue's deadline, accounts point at units of the right kind.
 */
import type { AccountsFile } from '../accounts/account.types';
import type { Catalogue } from '../catalogue/catalogue.types';
import { findIndicator, getCriterion, indexCatalogue } from '../catalogue/lookup';
import type { ValidationIssue } from '../shared/validation';
import type { PledgesFile } from '../pledges/pledge.types';
import { isCell, isCommuneLevel } from '../units/hierarchy';
import type { UnitKind, UnitsFile } from '../units/unit.types';

/** The parsed seed files (catalogues by version). */
export interface SeedSet {
  readonly units: UnitsFile;
  readonly catalogues: readonly Catalogue[];
  readonly pledges: PledgesFile;
  readonly accounts: AccountsFile;
}

/** Criterion scopes a cell of this kind may pledge on (its own criteria, and cell-reported criteria of its commune/town). */
const PLEDGEABLE_SCOPES: Readonly<Partial<Record<UnitKind, readonly string[]>>> = {
  hamlet: ['hamlet', 'commune'],
  ward: ['ward', 'town'],
};

/** Every cross-file problem, as {@link ValidationIssue}s naming the file and path that holds the bad reference. */
export function checkSeedIntegrity(seeds: SeedSet): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const units = new Map(seeds.units.units.map((u) => [u.id, u]));
  const catalogues = new Map(seeds.catalogues.map((c) => [c.version, indexCatalogue(c)]));
  seeds.pledges.pledges.forEach((pledge, p) => {
    const at = `pledges[${p}]`;
    const add = (path: string, problem: string): void => {
      issues.push({ file: 'pledges.json', path: `${at}${path}`, problem });
    };
    const cell = units.get(pledge.cellId);
    if (!cell || !isCell(cell)) add('.cellId', `${pledge.cellId} is not a hamlet or ward cell`);
    const index = catalogues.get(pledge.catalogueVersion);
    if (!index) {
      add('.catalogueVersion', `unknown catalogue version ${pledge.catalogueVersion}`);
      return;
    }
    const { catalogue } = index;
    if (pledge.signedOn < catalogue.periodFrom || pledge.signedOn > catalogue.periodTo) {
      add('.signedOn', `signed ${pledge.signedOn}, outside ${catalogue.version} (${catalogue.periodFrom}..${catalogue.periodTo})`);
    }
    pledge.items.forEach((item, i) => {
      const itemAt = `.items[${i}]`;
      if (item.dueDate > catalogue.deadline) add(`${itemAt}.dueDate`, `due ${item.dueDate}, after the deadline ${catalogue.deadline}`);
      if (!index.criteria.has(item.criterionCode)) {
        add(`${itemAt}.criterionCode`, `unknown criterion ${item.criterionCode}`);
        return;
      }
      const criterion = getCriterion(index, item.criterionCode);
      const scopes = cell ? (PLEDGEABLE_SCOPES[cell.kind] ?? []) : [];
      if (cell && !scopes.includes(criterion.appliesTo)) add(`${itemAt}.criterionCode`, `a ${cell.kind} cannot pledge on a ${criterion.appliesTo} criterion`);
      if (item.indicatorCode === null) {
        if (criterion.appliesTo !== cell?.kind) add(`${itemAt}.indicatorCode`, 'a whole-criterion item must be one of the cell\'s own criteria');
        return;
      }
      const entry = findIndicator(index, { criterionCode: item.criterionCode, indicatorCode: item.indicatorCode });
      if (!entry) {
        add(`${itemAt}.indicatorCode`, `unknown indicator ${item.criterionCode} ${item.indicatorCode}`);
        return;
      }
      const { indicator } = entry;
      if (indicator.reportedBy !== 'cell') add(`${itemAt}.indicatorCode`, `${item.criterionCode} ${item.indicatorCode} is not reported by cells`);
      const isBoolean = typeof item.target.value === 'boolean';
      if (isBoolean !== (indicator.kind === 'boolean')) add(`${itemAt}.target.value`, `a ${indicator.kind} target needs a ${indicator.kind === 'boolean' ? 'boolean' : 'number'}`);
      const range = indicator.range;
      if (range && typeof item.target.value === 'number' && (item.target.value < range.min || item.target.value > range.max)) {
        add(`${itemAt}.target.value`, `${item.target.value} is outside ${range.min}..${range.max}`);
      }
    });
  });
  seeds.accounts.accounts.forEach((account, a) => {
    const add = (path: string, problem: string): void => {
      issues.push({ file: 'accounts.json', path: `accounts[${a}]${path}`, problem });
    };
    const unit = units.get(account.unitId);
    if (!unit) {
      add('.unitId', `unknown unit ${account.unitId}`);
      return;
    }
    const fits =
      account.role === 'secretary' ? isCell(unit) : account.role === 'commune_officer' ? isCommuneLevel(unit) : ['district', 'province'].includes(unit.kind);
    if (!fits) add('.unitId', `a ${account.role} cannot act for ${unit.kind} ${unit.id}`);
    if (account.role === 'secretary' && account.username !== `bithu.${unit.id.toLowerCase()}`) {
      add('.username', `a secretary's username is bithu.${unit.id.toLowerCase()}`);
    }
  });
  return issues;
}
