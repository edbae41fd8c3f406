import { Injectable } from '@nestjs/common';
import {
  type Catalogue,
  type CatalogueIndex,
  type IsoDate,
  type Pledge,
  type Programme,
  type RecognitionDecision,
  type RecognitionIndex,
  type Unit,
  type UnitIndex,
  type UnitsFile,
} from '@pledge/domain';
import {
  loadProgrammes,
  loadReferenceRows,
  ReferenceDataError,
  referenceFingerprint,
  referenceFromRows,
  type EvaluationConfigRow,
  type IndicatorRow,
  type PledgeItemState,
  type ThresholdRevisionRow,
} from '@pledge/persistence';
import { DataSource } from 'typeorm';
import { settingsFromJson, type StoredEvaluationSettings } from './evaluation-settings';

// the rows → domain mapping of units, catalogue versions and pledges is libs/persistence's (shared with the projector)
export { catalogueFromRows, indicatorFromRow, ReferenceDataError, type PledgeItemState } from '@pledge/persistence';

/** A catalogue version as the API names it (the period it governs and its deadline). */
export interface CatalogueVersionInfo {
  readonly id: string;
  readonly periodFrom: IsoDate;
  readonly periodTo: IsoDate;
  readonly deadline: IsoDate;
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
  /** Recognition decisions (standards recognised by the authorities), indexed by unit and tier. */
  readonly recognitions: readonly RecognitionDecision[];
  readonly recognitionIndex: RecognitionIndex;
  /** Key `version|criterion|indicator`. */
  readonly thresholdChanges: ReadonlyMap<string, ThresholdChange>;
  /** Units renamed or un-flagged by an administrator: how many revisions each has. */
  readonly unitRevisions: ReadonlyMap<string, number>;
  /** Evaluation settings set by administrators, by scope ("default" or a year). */
  readonly evaluationSettings: ReadonlyMap<string, StoredEvaluationSettings>;
  /** The programmes (issue 14), oldest period first, and the catalogue versions loaded and published. */
  readonly programmes: readonly Programme[];
  readonly publishedVersions: ReadonlySet<string>;
  /** libs/persistence referenceFingerprint of the rows: the projector's stored days computed with other data are not served. */
  readonly fingerprint: string;
  readonly loadedAt: Date;
}

const NOT_RECORDED = '(not recorded)';

/** Loads {@link ProgrammeReference} from PostgreSQL (admin_unit, unit_succession, catalogue_version, criterion, indicator, pledge, pledge_item). */
@Injectable()
export class ProgrammeReferenceLoader {
  constructor(private readonly ds: DataSource) {}

  async load(): Promise<ProgrammeReference> {
    const [rows, thresholdRows, revisionRows, settingRows, programmes] = await Promise.all([
      loadReferenceRows(this.ds),
      this.ds.query<
        (Pick<IndicatorRow, 'catalogue_version' | 'criterion_code' | 'code' | 'threshold_changed_by'> & {
          threshold_changed_at: Date;
          reason: ThresholdRevisionRow['reason'] | null;
        })[]
      >(
        `SELECT i.catalogue_version, i.criterion_code, i.code, i.threshold_changed_at, i.threshold_changed_by,
                (SELECT r.reason FROM threshold_revision r
                  WHERE r.catalogue_version = i.catalogue_version AND r.criterion_code = i.criterion_code AND r.indicator_code = i.code
                  ORDER BY r.changed_at DESC, r.id DESC LIMIT 1) AS reason
           FROM indicator i WHERE i.threshold_changed_at IS NOT NULL`,
      ),
      this.ds.query<{ unit_id: string; n: number }[]>(`SELECT unit_id, count(*)::int AS n FROM unit_name_revision GROUP BY unit_id`),
      this.ds.query<EvaluationConfigRow[]>(`SELECT scope, options, reason, updated_by, updated_at FROM evaluation_config`),
      loadProgrammes(this.ds),
    ]);
    const outcome = referenceFromRows(rows);
    if (!outcome.ok) throw new ReferenceDataError(outcome.issues);
    const { units, unitIndex, pledges, itemStates, recognitions, recognitionIndex } = outcome.value;
    const catalogues = new Map<string, CatalogueIndex>(outcome.value.catalogues.map((c) => [c.id, c.index]));
    const versions: CatalogueVersionInfo[] = outcome.value.catalogues.map((c) => ({
      id: c.id,
      periodFrom: c.periodFrom,
      periodTo: c.periodTo,
      deadline: c.deadline,
    }));

    const thresholdChanges = new Map<string, ThresholdChange>();
    for (const t of thresholdRows) {
      thresholdChanges.set(`${t.catalogue_version}|${t.criterion_code}|${t.code}`, {
        changedAt: new Date(t.threshold_changed_at).toISOString(),
        changedBy: t.threshold_changed_by ?? NOT_RECORDED,
        reason: t.reason ?? '',
      });
    }
    return {
      units,
      unitIndex,
      catalogues,
      versions,
      pledges,
      itemStates,
      recognitions,
      recognitionIndex,
      thresholdChanges,
      unitRevisions: new Map(revisionRows.map((r) => [r.unit_id, r.n])),
      evaluationSettings: new Map(
        settingRows.map((r) => [
          r.scope,
          {
            scope: r.scope,
            settings: settingsFromJson(r.options),
            reason: r.reason ?? '',
            updatedBy: r.updated_by,
            updatedAt: new Date(r.updated_at).toISOString(),
          },
        ]),
      ),
      programmes: programmes.programmes,
      publishedVersions: programmes.publishedVersions,
      fingerprint: referenceFingerprint(rows),
      loadedAt: new Date(),
    };
  }
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
