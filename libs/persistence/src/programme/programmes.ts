/**
 * The programmes (issue 14) as libs/domain's type, read from programme, programme_target and programme_unit_group,
 * and which catalogue versions are published (catalogue_version.status; a database without that column, or a row
 * without a status, counts as published: every version loaded before drafts existed was in use).
 */
import type {
  CommuneGroupPeriod,
  PendingParentDecision,
  Programme,
  ProgrammeDeadline,
  ProgrammeStandard,
  ProgrammeTargetKind,
  UnitParent,
} from '@pledge/domain';

interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params?: any[]): Promise<any>;
}

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ProgrammesData {
  /** Oldest period first. */
  readonly programmes: readonly Programme[];
  /** Catalogue versions that are loaded and published. */
  readonly publishedVersions: ReadonlySet<string>;
}

export async function loadProgrammes(db: Queryable): Promise<ProgrammesData> {
  const [programmes, targets, groups, versions] = await Promise.all([
    db.query(
      `SELECT id, title_vi, title_en, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to,
              catalogue_version, target_kind, standard, deadlines, source
         FROM programme ORDER BY period_from, id`,
    ),
    db.query(`SELECT programme_id, unit_id FROM programme_target ORDER BY programme_id, position, unit_id`),
    db.query(
      `SELECT programme_id, unit_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, group_code, source
         FROM programme_unit_group ORDER BY programme_id, unit_id, valid_from`,
    ),
    db.query(`SELECT c.id, to_jsonb(c) ->> 'status' AS status FROM catalogue_version c`),
  ]);
  const out: Programme[] = (programmes as Row[]).map((p) => ({
    id: p.id,
    titleVi: p.title_vi,
    titleEn: p.title_en,
    periodFrom: p.period_from,
    periodTo: p.period_to,
    catalogueVersion: p.catalogue_version,
    targetKind: p.target_kind as ProgrammeTargetKind,
    standard: p.standard as ProgrammeStandard,
    deadlines: [...(p.deadlines as ProgrammeDeadline[])].sort((a, b) => (a.on < b.on ? -1 : 1)),
    source: p.source,
    targets: (targets as Row[])
      .filter((t) => t.programme_id === p.id)
      .map((t) => ({
        unitId: t.unit_id,
        groups: (groups as Row[])
          .filter((g) => g.programme_id === p.id && g.unit_id === t.unit_id)
          .map((g): CommuneGroupPeriod => ({ group: g.group_code, validFrom: g.valid_from, validTo: g.valid_to, source: g.source })),
      })),
  }));
  const publishedVersions = new Set<string>((versions as Row[]).filter((v) => v.status === null || v.status === 'published').map((v) => v.id));
  return { programmes: out, publishedVersions };
}

/** The dated parents (unit_parent) and the cells still awaiting an administrator's decision (unit_parent_pending). */
export async function loadUnitParents(db: Queryable): Promise<{ parents: UnitParent[]; pending: PendingParentDecision[] }> {
  const [parents, pending] = await Promise.all([
    db.query(
      `SELECT unit_id, parent_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, source
         FROM unit_parent ORDER BY unit_id, valid_from`,
    ),
    db.query(
      `SELECT unit_id, former_parent_id, to_char(effective_on, 'YYYY-MM-DD') AS effective_on, candidates, note
         FROM unit_parent_pending WHERE decided_at IS NULL ORDER BY unit_id`,
    ),
  ]);
  return {
    parents: (parents as Row[]).map((p) => ({ unitId: p.unit_id, parentId: p.parent_id, validFrom: p.valid_from, validTo: p.valid_to, source: p.source })),
    pending: (pending as Row[]).map((p) => ({
      unitId: p.unit_id,
      formerParentId: p.former_parent_id,
      effectiveOn: p.effective_on,
      candidates: p.candidates,
      note: p.note,
    })),
  };
}
