/**
 * The programmes (issue 14) as libs/domain's type, read from programme, programme_target and programme_unit_group,
 * and which catalogue versions are published (catalogue_version.status; a database without that column, or a row
 * without a status, counts as published: every version loaded before drafts existed was in use).
 */
import type { PendingParentDecision, Programme, UnitParent } from '@pledge/domain';
import { queryRows, type RowQueryable } from '../rows/query-rows';
import type { CatalogueVersionRow } from '../rows/catalogue-version.row';
import { programmeOfRow, type ProgrammeHeadRow, type ProgrammeTargetRow, type ProgrammeUnitGroupRow } from '../rows/programme.row';
import { pendingParentOfRow, unitParentOfRow, type UnitParentPendingRow, type UnitParentRow } from '../rows/unit-parent.row';

type Queryable = RowQueryable;

export interface ProgrammesData {
  /** Oldest period first. */
  readonly programmes: readonly Programme[];
  /** Catalogue versions that are loaded and published. */
  readonly publishedVersions: ReadonlySet<string>;
}

export async function loadProgrammes(db: Queryable): Promise<ProgrammesData> {
  const [programmes, targets, groups, versions] = await Promise.all([
    queryRows<ProgrammeHeadRow>(
      db,
      `SELECT id, title_vi, title_en, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to,
              catalogue_version, target_kind, standard, deadlines, source
         FROM programme ORDER BY period_from, id`,
    ),
    queryRows<Pick<ProgrammeTargetRow, 'programme_id' | 'unit_id'>>(
      db,
      `SELECT programme_id, unit_id FROM programme_target ORDER BY programme_id, position, unit_id`,
    ),
    queryRows<Omit<ProgrammeUnitGroupRow, 'recorded_by' | 'recorded_at'>>(
      db,
      `SELECT programme_id, unit_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, group_code, source
         FROM programme_unit_group ORDER BY programme_id, unit_id, valid_from`,
    ),
    // status null: a database without that column (before drafts existed)
    queryRows<{ id: CatalogueVersionRow['id']; status: CatalogueVersionRow['status'] | null }>(
      db,
      `SELECT c.id, to_jsonb(c) ->> 'status' AS status FROM catalogue_version c`,
    ),
  ]);
  const out: Programme[] = programmes.map((p) => programmeOfRow(p, targets, groups));
  const publishedVersions = new Set<string>(versions.filter((v) => v.status === null || v.status === 'published').map((v) => v.id));
  return { programmes: out, publishedVersions };
}

/** The dated parents (unit_parent) and the cells still awaiting an administrator's decision (unit_parent_pending). */
export async function loadUnitParents(db: Queryable): Promise<{ parents: UnitParent[]; pending: PendingParentDecision[] }> {
  const [parents, pending] = await Promise.all([
    queryRows<Omit<UnitParentRow, 'recorded_by' | 'recorded_at'>>(
      db,
      `SELECT unit_id, parent_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, source
         FROM unit_parent ORDER BY unit_id, valid_from`,
    ),
    queryRows<Omit<UnitParentPendingRow, 'decided_at' | 'decided_by'>>(
      db,
      `SELECT unit_id, former_parent_id, to_char(effective_on, 'YYYY-MM-DD') AS effective_on, candidates, note
         FROM unit_parent_pending WHERE decided_at IS NULL ORDER BY unit_id`,
    ),
  ]);
  return {
    parents: parents.map(unitParentOfRow),
    pending: pending.map(pendingParentOfRow),
  };
}
