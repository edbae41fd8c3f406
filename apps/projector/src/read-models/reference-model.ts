import { reportingPeriodMonths, type CatalogueIndex, type IsoDate, type Pledge, type ReportingPeriod, type UnitIndex, type UnitKind } from '@pledge/domain';
// the loader's own module, not the package index: the rebuild's worker threads load this without TypeORM
import { loadProgrammeReferenceData } from '@pledge/persistence/reference/programme-reference';
import { createHash } from 'node:crypto';
import type { PeriodRuleRow } from './fold-sql';
import type { Queryable } from './sql-ident';

/**
 * The reference data the derived read models depend on, read from PostgreSQL (where administrators edit it) into
 * the domain's types: units, catalogue versions (thresholds as edited), pledges.
 */
export interface ReferenceModel {
  units: UnitIndex;
  /** Catalogue versions by id, with their period. */
  catalogues: { id: string; periodFrom: IsoDate; periodTo: IsoDate; index: CatalogueIndex }[];
  pledges: Pledge[];
  /** pledge_item.status (active | waived) by item id. */
  itemStatus: Map<string, string>;
  /** Reporting rule per catalogue version, for the fold SQL. */
  periodRules: PeriodRuleRow[];
  /** Changes whenever any of the above changes. */
  fingerprint: string;
}

type Q = Queryable;

/** Units the projector assesses: everything below provinces. */
export const ASSESSED_KINDS: readonly UnitKind[] = ['district', 'town', 'commune', 'hamlet', 'ward'];

/** The reporting rules of the catalogue versions (cheap: the fold needs only these). */
export async function loadPeriodRules(db: Q): Promise<PeriodRuleRow[]> {
  const rows: { from: string; to: string; rp: ReportingPeriod }[] = await db.query(
    `SELECT period_from::text AS "from", period_to::text AS "to", reporting_period AS rp FROM catalogue_version ORDER BY period_from, id`,
  );
  return rows.map((r) => periodRuleOf(r.from, r.to, r.rp));
}

/**
 * The reference data through the shared loader of libs/persistence (the dashboard reads it the same way), with what
 * the projector adds: the reporting rules for the fold SQL and a fingerprint of the rows.
 */
export async function loadReferenceModel(db: Q): Promise<ReferenceModel> {
  const { rows, data } = await loadProgrammeReferenceData(db);
  const periodRules = rows.versions.map((v) => periodRuleOf(v.period_from, v.period_to, v.reporting_period));
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([rows.units, rows.successions, rows.versions, rows.criteria, rows.indicators, rows.pledges, rows.items]))
    .digest('hex');
  return {
    units: data.unitIndex,
    catalogues: data.catalogues.map((c) => ({ id: c.id, periodFrom: c.periodFrom, periodTo: c.periodTo, index: c.index })),
    pledges: [...data.pledges],
    itemStatus: new Map([...data.itemStates].map(([id, s]) => [id, s.status])),
    periodRules,
    fingerprint,
  };
}

function periodRuleOf(from: string, to: string, rp: ReportingPeriod): PeriodRuleRow {
  return { period_from: from, period_to: to, months: reportingPeriodMonths(rp), due_day: Number(rp?.dueDay ?? 1) };
}

/** The catalogue version governing figures as of `day`: the one whose period contains it, else the newest that started before it, else the first. */
export function catalogueFor(model: ReferenceModel, day: IsoDate): CatalogueIndex {
  const containing = model.catalogues.find((c) => c.periodFrom <= day && day <= c.periodTo);
  if (containing) return containing.index;
  const before = model.catalogues.filter((c) => c.periodFrom <= day).pop();
  const chosen = before ?? model.catalogues[0];
  if (!chosen) throw new Error('no catalogue version in the database: load the seeds first (node dist/apps/cli/src/main.js seed)');
  return chosen.index;
}
