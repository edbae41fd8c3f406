/**
 * The programme's reference data as PostgreSQL holds it (admin_unit, unit_succession, catalogue_version, criterion,
 * indicator, pledge, pledge_item: what the seed loader writes and administrators edit) turned into libs/domain's
 * types through the domain's own parsers (the same checks as the seed files get). The one loader of every app that
 * reads it: the projector (derived read models) and the dashboard (read API).
 */
import {
  formatIssue,
  governsFigures,
  indexCatalogue,
  indexRecognitions,
  indexUnits,
  parseRecognitionsFile,
  parseCatalogueFile,
  parsePledgesFile,
  parseUnitsFile,
  type CatalogueIndex,
  type IsoDate,
  type Pledge,
  type RecognitionDecision,
  type RecognitionIndex,
  type UnitIndex,
  type UnitsFile,
  type ValidationIssue,
} from '@pledge/domain';
import { createHash } from 'node:crypto';
import { queryRows, type RowQueryable } from '../rows/query-rows';
import { unitOfRow, type AdminUnitReferenceRow } from '../rows/admin-unit.row';
import type { CatalogueVersionDocumentRow } from '../rows/catalogue-version.row';
import type { CriterionDocumentRow } from '../rows/criterion.row';
import type { IndicatorDocumentRow } from '../rows/indicator.row';
import type { PledgeItemRow, PledgeRow } from '../rows/pledge.row';
import { recognitionOfRow, type RecognitionDecisionReferenceRow } from '../rows/recognition-decision.row';
import { successionOfRow, type UnitSuccessionRow } from '../rows/unit-succession.row';

/** Anything that runs a statement and resolves to its rows: a TypeORM DataSource or EntityManager, a wrapped pg client. */
export type ReferenceQueryable = RowQueryable;

/** The columns of pledge and pledge_item the reference data reads. */
export type PledgeReferenceRow = Pick<PledgeRow, 'id' | 'cell_id' | 'catalogue_version' | 'signed_on' | 'attributes'>;
export type PledgeItemReferenceRow = Pick<
  PledgeItemRow,
  'id' | 'pledge_id' | 'criterion_code' | 'indicator_code' | 'target' | 'due_date' | 'status' | 'waived_reason' | 'attributes'
>;

/** The rows of the reference tables (dates as 'YYYY-MM-DD' text), in a stable order. */
export interface ReferenceRows {
  readonly units: AdminUnitReferenceRow[];
  readonly successions: UnitSuccessionRow[];
  readonly versions: CatalogueVersionDocumentRow[];
  readonly criteria: CriterionDocumentRow[];
  readonly indicators: IndicatorDocumentRow[];
  readonly pledges: PledgeReferenceRow[];
  readonly items: PledgeItemReferenceRow[];
  readonly recognitions: RecognitionDecisionReferenceRow[];
}

/** A catalogue version with the period it governs, its deadline and its lookup tables. */
export interface CatalogueVersionData {
  readonly id: string;
  readonly periodFrom: IsoDate;
  readonly periodTo: IsoDate;
  readonly deadline: IsoDate;
  readonly index: CatalogueIndex;
}

/** The state of a pledge item that is not a rule of the programme (an administrator may waive an item). */
export interface PledgeItemState {
  readonly status: 'active' | 'waived';
  readonly waivedReason: string | null;
}

/** The reference data in the domain's types. */
export interface ProgrammeReferenceData {
  readonly units: UnitsFile;
  readonly unitIndex: UnitIndex;
  /** Oldest period first. */
  readonly catalogues: readonly CatalogueVersionData[];
  readonly pledges: readonly Pledge[];
  readonly itemStates: ReadonlyMap<string, PledgeItemState>;
  /** Recognition decisions (standards recognised by the authorities). */
  readonly recognitions: readonly RecognitionDecision[];
  readonly recognitionIndex: RecognitionIndex;
}

/** Thrown when the database holds reference data the domain refuses (a bug or a bad manual edit). */
export class ReferenceDataError extends Error {
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(`The reference data in the database is inconsistent:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ReferenceDataError';
  }
}

/** What an empty text column reads as in the catalogue (sources and units are required texts there). */
export const NOT_RECORDED = '(not recorded)';
const text = (v: unknown): string => (typeof v === 'string' && v.trim() !== '' ? v : NOT_RECORDED);

/** Reads the reference tables. */
export async function loadReferenceRows(db: ReferenceQueryable): Promise<ReferenceRows> {
  const [units, successions, versions, criteria, indicators, pledges, items, recognitions] = await Promise.all([
    queryRows<AdminUnitReferenceRow>(
      db,
      `SELECT id, code, code_is_synthetic, kind, name, parent_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from,
              to_char(valid_to, 'YYYY-MM-DD') AS valid_to, placeholder, source, attributes
         FROM admin_unit ORDER BY id`,
    ),
    queryRows<UnitSuccessionRow>(
      db,
      `SELECT predecessor_id, successor_id, to_char(effective_on, 'YYYY-MM-DD') AS effective_on, share, note
         FROM unit_succession ORDER BY predecessor_id, successor_id`,
    ),
    queryRows<CatalogueVersionDocumentRow>(
      db,
      `SELECT id, title_vi, title_en, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to,
              to_char(deadline, 'YYYY-MM-DD') AS deadline, reporting_period, legal_basis, tiers, district_conditions, document, status
         FROM catalogue_version ORDER BY period_from, id`,
    ),
    queryRows<CriterionDocumentRow>(
      db,
      `SELECT catalogue_version, code, applies_to, tier, group_code, name_vi, name_en, placeholder, source, attributes
         FROM criterion ORDER BY catalogue_version, position, code`,
    ),
    queryRows<IndicatorDocumentRow>(
      db,
      `SELECT catalogue_version, criterion_code, code, name_vi, name_en, kind, unit, comparator, threshold, threshold_source,
              threshold_confidence, rollup, range, bounds, reported_by, attributes
         FROM indicator ORDER BY catalogue_version, criterion_code, position, code`,
    ),
    queryRows<PledgeReferenceRow>(
      db,
      `SELECT id, cell_id, catalogue_version, to_char(signed_on, 'YYYY-MM-DD') AS signed_on, attributes FROM pledge ORDER BY cell_id, id`,
    ),
    queryRows<PledgeItemReferenceRow>(
      db,
      `SELECT id, pledge_id, criterion_code, indicator_code, target, to_char(due_date, 'YYYY-MM-DD') AS due_date, status, waived_reason, attributes
         FROM pledge_item ORDER BY pledge_id, id`,
    ),
    queryRows<RecognitionDecisionReferenceRow>(
      db,
      `SELECT id, unit_id, tier_code, decision_number, to_char(decided_on, 'YYYY-MM-DD') AS decided_on, to_char(effective_from, 'YYYY-MM-DD') AS effective_from,
              recognition_year, issuer, source, to_char(revoked_on, 'YYYY-MM-DD') AS revoked_on, note
         FROM recognition_decision ORDER BY unit_id, tier_code, effective_from, id`,
    ),
  ]);
  return { units, successions, versions, criteria, indicators, pledges, items, recognitions };
}

/** The catalogue document of one version, assembled from its rows (the shape of seeds/catalogue/<version>.json). */
export function catalogueFromRows(
  v: Pick<
    CatalogueVersionDocumentRow,
    | 'id'
    | 'title_vi'
    | 'title_en'
    | 'period_from'
    | 'period_to'
    | 'deadline'
    | 'reporting_period'
    | 'legal_basis'
    | 'tiers'
    | 'district_conditions'
    | 'document'
  >,
  criterionRows: readonly CriterionDocumentRow[],
  indicatorRows: readonly IndicatorDocumentRow[],
): unknown {
  const doc = v.document ?? {};
  const indicatorsOf = new Map<string, IndicatorDocumentRow[]>();
  for (const i of indicatorRows) {
    if (i.catalogue_version !== v.id) continue;
    const list = indicatorsOf.get(i.criterion_code) ?? [];
    list.push(i);
    indicatorsOf.set(i.criterion_code, list);
  }
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
        indicators: (indicatorsOf.get(c.code) ?? []).map((i) => indicatorFromRow(i)),
      })),
  };
}

/** One indicator of the catalogue document from its `indicator` row (columns win over `attributes`). */
export function indicatorFromRow(i: Omit<IndicatorDocumentRow, 'catalogue_version' | 'criterion_code'>): Record<string, unknown> {
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
    bounds: i.bounds ?? null,
    reportedBy: i.reported_by,
  };
}

/** The domain's reference data from the rows, checked by the domain's parsers; the issues when it refuses them. */
export function referenceFromRows(rows: ReferenceRows): { ok: true; value: ProgrammeReferenceData } | { ok: false; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const unitsOutcome = parseUnitsFile(
    {
      units: rows.units.map((r) => unitOfRow(r, text)),
      successions: rows.successions.map(successionOfRow),
    },
    'admin_unit',
  );
  if (!unitsOutcome.ok) issues.push(...unitsOutcome.issues);

  const catalogues: CatalogueVersionData[] = [];
  // a draft never governs figures (libs/domain governsFigures): it is not part of the programme's reference
  for (const v of rows.versions.filter(governsFigures)) {
    const outcome = parseCatalogueFile(catalogueFromRows(v, rows.criteria, rows.indicators), `catalogue ${v.id}`);
    if (!outcome.ok) {
      issues.push(...outcome.issues);
      continue;
    }
    catalogues.push({ id: v.id, periodFrom: v.period_from, periodTo: v.period_to, deadline: v.deadline, index: indexCatalogue(outcome.value) });
  }

  const itemsByPledge = new Map<string, PledgeItemReferenceRow[]>();
  for (const it of rows.items) {
    const list = itemsByPledge.get(it.pledge_id) ?? [];
    list.push(it);
    itemsByPledge.set(it.pledge_id, list);
  }
  const itemStates = new Map<string, PledgeItemState>();
  const pledgesOutcome = parsePledgesFile(
    {
      pledges: rows.pledges
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
  const recognitionsOutcome = parseRecognitionsFile(
    {
      recognitions: rows.recognitions.map(recognitionOfRow),
    },
    'recognition_decision',
  );
  if (!recognitionsOutcome.ok) issues.push(...recognitionsOutcome.issues);
  if (issues.length > 0 || !unitsOutcome.ok || !pledgesOutcome.ok || !recognitionsOutcome.ok) return { ok: false, issues };
  const recognitions = recognitionsOutcome.value.recognitions;
  return {
    ok: true,
    value: {
      units: unitsOutcome.value,
      unitIndex: indexUnits(unitsOutcome.value),
      catalogues,
      pledges: pledgesOutcome.value.pledges,
      itemStates,
      recognitions,
      recognitionIndex: indexRecognitions(recognitions),
    },
  };
}

/** Loads and checks the reference data; throws {@link ReferenceDataError} when the domain refuses it. */
export async function loadProgrammeReferenceData(db: ReferenceQueryable): Promise<{ rows: ReferenceRows; data: ProgrammeReferenceData; fingerprint: string }> {
  const rows = await loadReferenceRows(db);
  const outcome = referenceFromRows(rows);
  if (!outcome.ok) throw new ReferenceDataError(outcome.issues);
  return { rows, data: outcome.value, fingerprint: referenceFingerprint(rows) };
}

/**
 * A fingerprint of the reference rows (units, successions, catalogue versions, criteria, indicators, pledges, items,
 * recognition decisions):
 * the projector stamps each stored programme day with the one it was computed with, and the read API serves a stored
 * day only while its own reference data has the same fingerprint (an administrator's edit takes effect at once).
 */
export function referenceFingerprint(rows: ReferenceRows): string {
  return createHash('sha256')
    .update(JSON.stringify([rows.units, rows.successions, rows.versions, rows.criteria, rows.indicators, rows.pledges, rows.items, rows.recognitions]))
    .digest('hex');
}
