/**
 * The reference data as PostgreSQL stores it (the seed loader's tables admin_unit, catalogue_version, criterion,
 * indicator, pledge, pledge_item; column names as selected below) turned back into the domain's shapes. Pure: the
 * caller runs the queries. The catalogue comes out as the document `parseCatalogueFile` reads (thresholds as an
 * administrator edited them), so it is validated like a seed file.
 *
 * Expected columns (dates as 'YYYY-MM-DD' text):
 * - catalogue_version: id, title_vi, title_en, period_from, period_to, deadline, reporting_period, legal_basis, tiers,
 *   district_conditions, document;
 * - criterion: catalogue_version, code, applies_to, tier, group_code, name_vi, name_en, placeholder, source,
 *   attributes (ordered by position);
 * - indicator: catalogue_version, criterion_code, code, name_vi, name_en, kind, unit, comparator, threshold,
 *   threshold_source, threshold_confidence, rollup, range, reported_by, attributes (ordered by position);
 * - admin_unit: id, code, code_is_synthetic, kind, name, parent_id, valid_from, valid_to, placeholder, source, attributes;
 * - pledge: id, cell_id, catalogue_version, signed_on, attributes; pledge_item: id, pledge_id, criterion_code,
 *   indicator_code, target, due_date, attributes.
 */
import type { Pledge, PledgeTarget } from '../pledges/pledge.types';
import type { Unit, UnitKind } from '../units/unit.types';

/** A database row. */
export type ReferenceRow = Record<string, unknown>;

const obj = (v: unknown): ReferenceRow => (v && typeof v === 'object' ? (v as ReferenceRow) : {});

/** The catalogue document of one version, from its rows. */
export function catalogueDocumentFromRows(version: ReferenceRow, criteria: readonly ReferenceRow[], indicators: readonly ReferenceRow[]): ReferenceRow {
  return {
    ...obj(version.document),
    version: version.id,
    titleVi: version.title_vi,
    titleEn: version.title_en,
    periodFrom: version.period_from,
    periodTo: version.period_to,
    deadline: version.deadline,
    reportingPeriod: version.reporting_period,
    legalBasis: version.legal_basis ?? [],
    tiers: version.tiers ?? [],
    districtConditions: version.district_conditions ?? [],
    criteria: criteria
      .filter((c) => c.catalogue_version === version.id)
      .map((c) => ({
        ...obj(c.attributes),
        code: c.code,
        appliesTo: c.applies_to,
        tier: c.tier,
        group: c.group_code,
        nameVi: c.name_vi,
        nameEn: c.name_en,
        placeholder: c.placeholder,
        source: c.source,
        indicators: indicators
          .filter((i) => i.catalogue_version === version.id && i.criterion_code === c.code)
          .map((i) => ({
            ...obj(i.attributes),
            code: i.code,
            nameVi: i.name_vi,
            nameEn: i.name_en,
            kind: i.kind,
            unit: i.unit,
            comparator: i.comparator,
            threshold: i.threshold,
            thresholdSource: i.threshold_source,
            thresholdConfidence: i.threshold_confidence,
            rollup: i.rollup,
            range: i.range,
            reportedBy: i.reported_by,
          })),
      })),
  };
}

/** A unit from its admin_unit row (a unit without a start date counts as always valid). */
export function unitFromRow(u: ReferenceRow): Unit {
  return {
    id: String(u.id),
    code: String(u.code),
    codeIsSynthetic: Boolean(u.code_is_synthetic),
    kind: u.kind as UnitKind,
    name: String(u.name),
    parentId: (u.parent_id as string | null) ?? null,
    validFrom: (u.valid_from as string | null) ?? '0001-01-01',
    validFromAssumed: false,
    validTo: (u.valid_to as string | null) ?? null,
    placeholder: Boolean(u.placeholder),
    source: String(u.source ?? ''),
    attributes: obj(u.attributes),
  };
}

/** Pledges with their items, from pledge and pledge_item rows. */
export function pledgesFromRows(pledges: readonly ReferenceRow[], items: readonly ReferenceRow[]): Pledge[] {
  return pledges.map((p) => {
    const attrs = obj(p.attributes);
    return {
      id: String(p.id),
      cellId: String(p.cell_id),
      catalogueVersion: String(p.catalogue_version),
      signedOn: String(p.signed_on),
      placeholder: Boolean(attrs.placeholder),
      source: (attrs.source as string | undefined) ?? null,
      items: items
        .filter((i) => i.pledge_id === p.id)
        .map((i) => ({
          id: String(i.id),
          criterionCode: String(i.criterion_code),
          indicatorCode: (i.indicator_code as string | null) ?? null,
          target: i.target as PledgeTarget,
          dueDate: String(i.due_date),
          note: (obj(i.attributes).note as string | undefined) ?? null,
        })),
    };
  });
}
