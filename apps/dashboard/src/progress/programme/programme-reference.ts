import { Injectable } from '@nestjs/common';
import {
  formatIssue,
  indexCatalogue,
  indexUnits,
  parseCatalogueFile,
  parsePledgesFile,
  parseUnitsFile,
  type Catalogue,
  type CatalogueIndex,
  type IsoDate,
  type Pledge,
  type Unit,
  type UnitIndex,
  type UnitsFile,
  type ValidationIssue,
} from '@pledge/domain';
import { DataSource } from 'typeorm';
import { settingsFromJson, type StoredEvaluationSettings } from './evaluation-settings';

/** A catalogue version as the API names it (the period it governs and its deadline). */
export interface CatalogueVersionInfo {
  readonly id: string;
  readonly periodFrom: IsoDate;
  readonly periodTo: IsoDate;
  readonly deadline: IsoDate;
}

/** The state of a pledge item that is not a rule of the programme (an administrator may waive an item). */
export interface PledgeItemState {
  readonly status: 'active' | 'waived';
  readonly waivedReason: string | null;
}

/** When an administrator last changed a threshold (shown by GET /api/v1/criteria). */
export interface ThresholdChange {
  readonly changedAt: string;
  readonly changedBy: string;
  readonly reason: string;
}

/**
 * The reference data of the programme (units, catalogue versions, pledges) as libs/domain types, built from
 * the database through the domain's own parsers (the same checks as the seed files get).
 */
export interface ProgrammeReference {
  readonly units: UnitsFile;
  readonly unitIndex: UnitIndex;
  /** By version id. */
  readonly catalogues: ReadonlyMap<string, CatalogueIndex>;
  /** Oldest period first. */
  readonly versions: readonly CatalogueVersionInfo[];
  readonly pledges: readonly Pledge[];
  readonly itemStates: ReadonlyMap<string, PledgeItemState>;
  /** Key `version|criterion|indicator`. */
  readonly thresholdChanges: ReadonlyMap<string, ThresholdChange>;
  /** Units renamed or un-flagged by an administrator: how many revisions each has. */
  readonly unitRevisions: ReadonlyMap<string, number>;
  /** Evaluation settings set by administrators, by scope ("default" or a year). */
  readonly evaluationSettings: ReadonlyMap<string, StoredEvaluationSettings>;
  readonly loadedAt: Date;
}

/** Thrown when the database holds reference data the domain refuses (a bug or a bad manual edit): 500 + log. */
export class ReferenceDataError extends Error {
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(`The reference data in the database is inconsistent:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ReferenceDataError';
  }
}

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NOT_RECORDED = '(not recorded)';
const text = (v: unknown): string => (typeof v === 'string' && v.trim() !== '' ? v : NOT_RECORDED);

/** The version whose period contains `date`, else the newest that started before it, else the oldest. */
export function versionOn(versions: readonly CatalogueVersionInfo[], date: IsoDate): CatalogueVersionInfo | undefined {
  return (
    versions.find((v) => v.periodFrom <= date && date <= v.periodTo) ??
    [...versions].filter((v) => v.periodFrom <= date).sort((a, b) => (a.periodFrom < b.periodFrom ? 1 : -1))[0] ??
    versions[0]
  );
}

/** Loads {@link ProgrammeReference} from PostgreSQL (admin_unit, unit_succession, catalogue_version, criterion, indicator, pledge, pledge_item). */
@Injectable()
export class ProgrammeReferenceLoader {
  constructor(private readonly ds: DataSource) {}

  async load(): Promise<ProgrammeReference> {
    const [unitRows, successionRows, versionRows, criterionRows, indicatorRows, pledgeRows, itemRows, thresholdRows, revisionRows, settingRows] = await Promise.all([
      this.ds.query(
        `SELECT id, code, code_is_synthetic, kind, name, parent_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from,
                to_char(valid_to, 'YYYY-MM-DD') AS valid_to, placeholder, source, attributes
           FROM admin_unit ORDER BY id`,
      ),
      this.ds.query(
        `SELECT predecessor_id, successor_id, to_char(effective_on, 'YYYY-MM-DD') AS effective_on, share, note
           FROM unit_succession ORDER BY predecessor_id, successor_id`,
      ),
      this.ds.query(
        `SELECT id, title_vi, title_en, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to,
                to_char(deadline, 'YYYY-MM-DD') AS deadline, reporting_period, legal_basis, tiers, district_conditions, document
           FROM catalogue_version ORDER BY period_from, id`,
      ),
      this.ds.query(`SELECT * FROM criterion ORDER BY catalogue_version, position, code`),
      this.ds.query(`SELECT * FROM indicator ORDER BY catalogue_version, criterion_code, position, code`),
      this.ds.query(`SELECT id, cell_id, catalogue_version, to_char(signed_on, 'YYYY-MM-DD') AS signed_on, attributes FROM pledge ORDER BY cell_id, id`),
      this.ds.query(
        `SELECT id, pledge_id, criterion_code, indicator_code, target, to_char(due_date, 'YYYY-MM-DD') AS due_date, status, waived_reason, attributes
           FROM pledge_item ORDER BY pledge_id, id`,
      ),
      this.ds.query(
        `SELECT i.catalogue_version, i.criterion_code, i.code, i.threshold_changed_at, i.threshold_changed_by,
                (SELECT r.reason FROM threshold_revision r
                  WHERE r.catalogue_version = i.catalogue_version AND r.criterion_code = i.criterion_code AND r.indicator_code = i.code
                  ORDER BY r.changed_at DESC, r.id DESC LIMIT 1) AS reason
           FROM indicator i WHERE i.threshold_changed_at IS NOT NULL`,
      ),
      this.ds.query(`SELECT unit_id, count(*)::int AS n FROM unit_name_revision GROUP BY unit_id`),
      this.ds.query(`SELECT scope, options, reason, updated_by, updated_at FROM evaluation_config`),
    ]);

    const issues: ValidationIssue[] = [];
    const unitsOutcome = parseUnitsFile(
      {
        units: (unitRows as Row[]).map((r) => ({
          id: r.id,
          code: r.code,
          codeIsSynthetic: r.code_is_synthetic,
          kind: r.kind,
          name: r.name,
          parentId: r.parent_id,
          validFrom: r.valid_from ?? '0001-01-01',
          validFromAssumed: r.valid_from === null || r.attributes?.validFromAssumed === true,
          validTo: r.valid_to,
          placeholder: r.placeholder,
          source: text(r.source),
          attributes: r.attributes ?? {},
        })),
        successions: (successionRows as Row[]).map((s) => ({
          predecessorId: s.predecessor_id,
          successorId: s.successor_id,
          effectiveOn: s.effective_on,
          share: s.share,
          note: s.note ?? '',
        })),
      },
      'admin_unit',
    );
    if (!unitsOutcome.ok) issues.push(...unitsOutcome.issues);

    const catalogues = new Map<string, CatalogueIndex>();
    const versions: CatalogueVersionInfo[] = [];
    for (const v of versionRows as Row[]) {
      const outcome = parseCatalogueFile(catalogueFromRows(v, criterionRows, indicatorRows), `catalogue ${v.id}`);
      if (!outcome.ok) {
        issues.push(...outcome.issues);
        continue;
      }
      catalogues.set(v.id, indexCatalogue(outcome.value));
      versions.push({ id: v.id, periodFrom: v.period_from, periodTo: v.period_to, deadline: v.deadline });
    }

    const itemsByPledge = new Map<string, Row[]>();
    for (const it of itemRows as Row[]) {
      const list = itemsByPledge.get(it.pledge_id) ?? [];
      list.push(it);
      itemsByPledge.set(it.pledge_id, list);
    }
    const itemStates = new Map<string, PledgeItemState>();
    const pledgesOutcome = parsePledgesFile(
      {
        pledges: (pledgeRows as Row[])
          .filter((p) => (itemsByPledge.get(p.id) ?? []).length > 0)
          .map((p) => ({
            id: p.id,
            cellId: p.cell_id,
            catalogueVersion: p.catalogue_version,
            signedOn: p.signed_on,
            placeholder: p.attributes?.placeholder === true,
            source: typeof p.attributes?.source === 'string' ? p.attributes.source : null,
            items: (itemsByPledge.get(p.id) ?? []).map((it) => {
              itemStates.set(it.id, { status: it.status === 'waived' ? 'waived' : 'active', waivedReason: it.waived_reason ?? null });
              return {
                id: it.id,
                criterionCode: it.criterion_code,
                indicatorCode: it.indicator_code,
                target: it.target,
                dueDate: it.due_date,
                note: typeof it.attributes?.note === 'string' ? it.attributes.note : null,
              };
            }),
          })),
      },
      'pledge',
    );
    if (!pledgesOutcome.ok) issues.push(...pledgesOutcome.issues);
    if (issues.length > 0 || !unitsOutcome.ok || !pledgesOutcome.ok) throw new ReferenceDataError(issues);

    const thresholdChanges = new Map<string, ThresholdChange>();
    for (const t of thresholdRows as Row[]) {
      thresholdChanges.set(`${t.catalogue_version}|${t.criterion_code}|${t.code}`, {
        changedAt: new Date(t.threshold_changed_at).toISOString(),
        changedBy: t.threshold_changed_by ?? NOT_RECORDED,
        reason: t.reason ?? '',
      });
    }
    return {
      units: unitsOutcome.value,
      unitIndex: indexUnits(unitsOutcome.value),
      catalogues,
      versions,
      pledges: pledgesOutcome.value.pledges,
      itemStates,
      thresholdChanges,
      unitRevisions: new Map((revisionRows as Row[]).map((r) => [r.unit_id as string, r.n as number])),
      evaluationSettings: new Map(
        (settingRows as Row[]).map((r) => [
          r.scope as string,
          { scope: r.scope, settings: settingsFromJson(r.options), reason: r.reason ?? '', updatedBy: r.updated_by, updatedAt: new Date(r.updated_at).toISOString() },
        ]),
      ),
      loadedAt: new Date(),
    };
  }
}

/** The catalogue document of one version, assembled from its rows (the shape of seeds/catalogue/<version>.json). */
export function catalogueFromRows(v: Row, criterionRows: Row[], indicatorRows: Row[]): unknown {
  const doc = (v.document ?? {}) as Row;
  return {
    ...doc,
    version: v.id,
    titleVi: v.title_vi,
    titleEn: v.title_en,
    periodFrom: v.period_from,
    periodTo: v.period_to,
    deadline: v.deadline,
    reportingPeriod: v.reporting_period,
    legalBasis: v.legal_basis ?? [],
    tiers: v.tiers ?? [],
    districtConditions: v.district_conditions ?? [],
    criteria: criterionRows
      .filter((c) => c.catalogue_version === v.id)
      .map((c) => ({
        ...(c.attributes ?? {}),
        code: c.code,
        appliesTo: c.applies_to,
        tier: c.tier,
        group: c.group_code,
        nameVi: c.name_vi,
        nameEn: c.name_en,
        placeholder: c.placeholder,
        source: text(c.source),
        indicators: indicatorRows
          .filter((i) => i.catalogue_version === v.id && i.criterion_code === c.code)
          .map((i) => indicatorFromRow(i)),
      })),
  };
}

/** One indicator of the catalogue document from its `indicator` row (columns win over `attributes`). */
export function indicatorFromRow(i: Row): Row {
  return {
    ...(i.attributes ?? {}),
    code: i.code,
    nameVi: i.name_vi,
    nameEn: i.name_en,
    kind: i.kind,
    unit: text(i.unit),
    comparator: i.comparator,
    threshold: i.threshold,
    thresholdSource: text(i.threshold_source),
    thresholdConfidence: i.threshold_confidence,
    rollup: i.rollup,
    range: i.range,
    reportedBy: i.reported_by,
  };
}

/** The district a set of pledges belongs to: the nearest district above the first pledged cell (else the first district). */
export function districtOf(reference: ProgrammeReference, pledges: readonly Pledge[]): Unit | undefined {
  const byId = reference.unitIndex.byId;
  for (const p of pledges) {
    let u = byId.get(p.cellId);
    while (u && u.kind !== 'district') u = u.parentId ? byId.get(u.parentId) : undefined;
    if (u) return u;
  }
  return reference.units.units.find((u) => u.kind === 'district');
}

/** The catalogue of `version`; undefined when unknown. */
export function catalogueOf(reference: ProgrammeReference, version: string): Catalogue | undefined {
  return reference.catalogues.get(version)?.catalogue;
}
