import {
  catalogueDocumentFromRows,
  indexCatalogue,
  indexUnits,
  parseCatalogueFile,
  pledgesFromRows,
  reportingPeriodMonths,
  unitFromRow,
  unwrap,
  type CatalogueIndex,
  type IsoDate,
  type Pledge,
  type ReportingPeriod,
  type Unit,
  type UnitIndex,
  type UnitKind,
} from '@pledge/domain';
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
type Json = Record<string, unknown>;

/** Units the projector assesses: everything below provinces. */
export const ASSESSED_KINDS: readonly UnitKind[] = ['district', 'town', 'commune', 'hamlet', 'ward'];

/** The reporting rules of the catalogue versions (cheap: the fold needs only these). */
export async function loadPeriodRules(db: Q): Promise<PeriodRuleRow[]> {
  const rows: { from: string; to: string; rp: ReportingPeriod }[] = await db.query(
    `SELECT period_from::text AS "from", period_to::text AS "to", reporting_period AS rp FROM catalogue_version ORDER BY period_from, id`,
  );
  return rows.map((r) => ({ period_from: r.from, period_to: r.to, months: reportingPeriodMonths(r.rp), due_day: Number(r.rp?.dueDay ?? 1) }));
}

export async function loadReferenceModel(db: Q): Promise<ReferenceModel> {
  const unitRows: Json[] = await db.query(
    `SELECT id, code, code_is_synthetic, kind, name, parent_id, valid_from::text AS valid_from, valid_to::text AS valid_to,
            placeholder, source, attributes
       FROM admin_unit ORDER BY id`,
  );
  const units: Unit[] = unitRows.map(unitFromRow);
  const versions: Json[] = await db.query(
    `SELECT id, title_vi, title_en, period_from::text AS period_from, period_to::text AS period_to, deadline::text AS deadline,
            reporting_period, legal_basis, tiers, district_conditions, document
       FROM catalogue_version ORDER BY period_from, id`,
  );
  const criteria: Json[] = await db.query(
    `SELECT catalogue_version, code, applies_to, tier, group_code, name_vi, name_en, placeholder, source, attributes
       FROM criterion ORDER BY catalogue_version, position, code`,
  );
  const indicators: Json[] = await db.query(
    `SELECT catalogue_version, criterion_code, code, name_vi, name_en, kind, unit, comparator, threshold, threshold_source,
            threshold_confidence, rollup, range, reported_by, attributes
       FROM indicator ORDER BY catalogue_version, criterion_code, position, code`,
  );
  const catalogues = versions.map((v) => {
    const doc = catalogueDocumentFromRows(v, criteria, indicators);
    const catalogue = unwrap(parseCatalogueFile(doc, `catalogue_version ${String(v.id)}`));
    return { id: catalogue.version, periodFrom: catalogue.periodFrom, periodTo: catalogue.periodTo, index: indexCatalogue(catalogue) };
  });
  const pledgeRows: Json[] = await db.query(
    `SELECT id, cell_id, catalogue_version, signed_on::text AS signed_on, attributes FROM pledge ORDER BY id`,
  );
  const itemRows: Json[] = await db.query(
    `SELECT id, pledge_id, criterion_code, indicator_code, target, due_date::text AS due_date, status, attributes
       FROM pledge_item ORDER BY pledge_id, id`,
  );
  const itemStatus = new Map(itemRows.map((i) => [String(i.id), String(i.status)]));
  const pledges = pledgesFromRows(pledgeRows, itemRows);
  const periodRules = await loadPeriodRules(db);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([unitRows, versions, criteria, indicators, pledgeRows, itemRows]))
    .digest('hex');
  return { units: indexUnits({ units, successions: [] }), catalogues, pledges, itemStatus, periodRules, fingerprint };
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
