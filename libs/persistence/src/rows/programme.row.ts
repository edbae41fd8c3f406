import type { CommuneGroupPeriod, Programme, ProgrammeDeadline, ProgrammeStandard, ProgrammeTargetKind } from '@pledge/domain';

/** A row of programme as the queries read it (dates with to_char → 'YYYY-MM-DD', jsonb → parsed). Written by `cli` (seeds). */
export interface ProgrammeRow {
  id: string;
  title_vi: string;
  title_en: string;
  period_from: string;
  period_to: string;
  catalogue_version: string;
  target_kind: ProgrammeTargetKind;
  standard: ProgrammeStandard;
  deadlines: ProgrammeDeadline[];
  source: string;
  created_at: Date;
  updated_at: Date;
}

/** A row of programme_target. Written by `cli` (seeds). */
export interface ProgrammeTargetRow {
  programme_id: string;
  unit_id: string;
  position: number;
}

/** A row of programme_unit_group as the queries read it (dates with to_char → 'YYYY-MM-DD'). Written by the dashboard and `cli` (seeds). */
export interface ProgrammeUnitGroupRow {
  programme_id: string;
  unit_id: string;
  valid_from: string;
  valid_to: string | null;
  group_code: string | null;
  source: string;
  recorded_by: string;
  recorded_at: Date;
}

export type ProgrammeHeadRow = Omit<ProgrammeRow, 'created_at' | 'updated_at'>;

export function communeGroupOfRow(g: Pick<ProgrammeUnitGroupRow, 'group_code' | 'valid_from' | 'valid_to' | 'source'>): CommuneGroupPeriod {
  return { group: g.group_code, validFrom: g.valid_from, validTo: g.valid_to, source: g.source };
}

/** A programme (libs/domain) from its row, its targets (in order) and their groups. */
export function programmeOfRow(
  p: ProgrammeHeadRow,
  targets: readonly Pick<ProgrammeTargetRow, 'programme_id' | 'unit_id'>[],
  groups: readonly Pick<ProgrammeUnitGroupRow, 'programme_id' | 'unit_id' | 'group_code' | 'valid_from' | 'valid_to' | 'source'>[],
): Programme {
  return {
    id: p.id,
    titleVi: p.title_vi,
    titleEn: p.title_en,
    periodFrom: p.period_from,
    periodTo: p.period_to,
    catalogueVersion: p.catalogue_version,
    targetKind: p.target_kind,
    standard: p.standard,
    deadlines: [...p.deadlines].sort((a, b) => (a.on < b.on ? -1 : 1)),
    source: p.source,
    targets: targets
      .filter((t) => t.programme_id === p.id)
      .map((t) => ({
        unitId: t.unit_id,
        groups: groups.filter((g) => g.programme_id === p.id && g.unit_id === t.unit_id).map(communeGroupOfRow),
      })),
  };
}
