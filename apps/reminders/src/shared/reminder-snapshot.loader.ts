import { Injectable } from '@nestjs/common';
import {
  addDays,
  catalogueVersionOn,
  localDateIn,
  reportedMonthKey,
  type IsoDate,
  type ReminderCell,
  type ReminderCommune,
  type ReminderItem,
  type ReminderProgramme,
  type ReminderSnapshot,
} from '@pledge/domain';
import type { AccountRow, AdminUnitRow, CatalogueVersionRow, CellReportRow, PledgeItemRow } from '@pledge/persistence';
import { DataSource, EntityManager } from 'typeorm';

/** Which part of the district a snapshot covers: some cells, one commune's cells, or everything. */
export type SnapshotScope = { cellIds?: readonly string[]; communeId?: string } | null;

/** A cell with its commune's name. */
type CellRow = Pick<AdminUnitRow, 'id' | 'name' | 'parent_id'> & { parent_name: AdminUnitRow['name'] | null };
/** A pledge item with its criterion's and indicator's names, whether the projector found it met, and its programme's last day. */
type ItemRow = Pick<PledgeItemRow, 'id' | 'cell_id' | 'criterion_code' | 'indicator_code' | 'target' | 'due_date' | 'status'> & {
  c_vi: string | null;
  c_en: string | null;
  i_vi: string | null;
  i_en: string | null;
  met: boolean;
  programme_to: string | null;
};
/** A catalogue version's period (camelCase aliases: libs/domain catalogueVersionOn reads them). */
type VersionRow = Pick<CatalogueVersionRow, 'reporting_period' | 'status'> & { periodFrom: string; periodTo: string };

/**
 * Reads what reminder planning needs from PostgreSQL, as libs/domain's ReminderSnapshot:
 * - cells (hamlets, wards) with their commune and active secretaries; commune officers; district leaders;
 * - pledge items with their criterion/indicator names and whether they are met: the projector's programme on "today"
 *   (rm_pledge_item_day.met on projection_state.derived_today: libs/domain forecastPledgeItem); an item the projector
 *   has not derived yet counts as not met (the projector's signal re-plans once it has);
 * - the programme whose reports are chased: the catalogue version governing today (libs/domain catalogueVersionOn:
 *   periodFrom..periodTo and its reportingPeriod);
 * - which cell reported for which period: the projector's rm_cell_report (one row per cell and reporting period of
 *   libs/domain's calendar), over the last ~14 months.
 * Reminders state no rule of their own: "met" and "reported" are the projector's.
 */
@Injectable()
export class ReminderSnapshotLoader {
  constructor(private readonly ds: DataSource) {}

  /**
   * `withReports` false: leave out the programme and who reported (a pledge reminder does not need them), saving two
   * queries per message.
   */
  async load(scope: SnapshotScope, now: Date, timeZone: string, m: EntityManager = this.ds.manager, withReports = true): Promise<ReminderSnapshot> {
    const today = localDateIn(now, timeZone);
    const cellFilter = scope?.cellIds ? 'AND u.id = ANY($1::text[])' : scope?.communeId ? 'AND u.parent_id = $1' : '';
    const cellParam = scope?.cellIds ? [scope.cellIds] : scope?.communeId ? [scope.communeId] : [];
    const cellRows = await m.query<CellRow[]>(
      `SELECT u.id, u.name, u.parent_id, p.name AS parent_name
         FROM admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id
        WHERE u.kind IN ('hamlet', 'ward') ${cellFilter}
        ORDER BY u.id`,
      cellParam,
    );
    const cellIds = cellRows.map((c) => c.id);
    const communeIds = [...new Set(cellRows.map((c) => c.parent_id).filter((c): c is string => !!c))];
    const accounts = await m.query<Pick<AccountRow, 'id' | 'role' | 'unit_id'>[]>(
      `SELECT id, role, unit_id FROM account
        WHERE active AND ((role = 'secretary' AND unit_id = ANY($1::text[])) OR (role = 'commune_officer' AND unit_id = ANY($2::text[])) OR role = 'district_leader')
        ORDER BY username`,
      [cellIds, communeIds],
    );
    const idsOf = (role: string, unitId?: string) => accounts.filter((a) => a.role === role && (unitId === undefined || a.unit_id === unitId)).map((a) => a.id);

    const cells: ReminderCell[] = cellRows.map((c) => ({
      id: c.id,
      name: c.name,
      communeId: c.parent_id,
      communeName: c.parent_name,
      secretaryIds: idsOf('secretary', c.id),
    }));
    const communes: ReminderCommune[] = communeIds.map((id) => ({
      id,
      name: cellRows.find((c) => c.parent_id === id)?.parent_name ?? id,
      officerIds: idsOf('commune_officer', id),
    }));

    const itemRows = await m.query<ItemRow[]>(
      `SELECT pi.id, pi.cell_id, pi.criterion_code, pi.indicator_code, pi.target, to_char(pi.due_date, 'YYYY-MM-DD') AS due_date, pi.status,
              c.name_vi AS c_vi, c.name_en AS c_en, i.name_vi AS i_vi, i.name_en AS i_en,
              coalesce(s.met, false) AS met, to_char(pg.period_to, 'YYYY-MM-DD') AS programme_to
         FROM pledge_item pi
         JOIN pledge p ON p.id = pi.pledge_id
         LEFT JOIN programme pg ON pg.id = p.programme_id
         LEFT JOIN criterion c ON c.catalogue_version = p.catalogue_version AND c.code = pi.criterion_code
         LEFT JOIN indicator i ON i.catalogue_version = p.catalogue_version AND i.criterion_code = pi.criterion_code AND i.code = pi.indicator_code
         LEFT JOIN rm_pledge_item_day s ON s.pledge_item_id = pi.id AND s.view_day = (SELECT derived_today FROM projection_state WHERE projection = 'read-models')
        WHERE pi.cell_id = ANY($1::text[])
        ORDER BY pi.id`,
      [cellIds],
    );
    const items: ReminderItem[] = itemRows.map((r) => ({
      id: r.id,
      cellId: r.cell_id,
      criterionCode: r.criterion_code,
      criterionName: { vi: r.c_vi ?? '', en: r.c_en ?? '' },
      indicatorCode: r.indicator_code,
      indicatorName: r.indicator_code && (r.i_vi || r.i_en) ? { vi: r.i_vi ?? '', en: r.i_en ?? '' } : null,
      dueDate: r.due_date,
      status: r.status,
      met: r.met === true,
      // after its programme's last day an item is not chased (libs/domain isItemChased)
      ...(r.programme_to ? { programmeTo: r.programme_to } : {}),
    }));

    if (!withReports) return { cells, communes, leaderIds: idsOf('district_leader'), items, programme: null, reported: new Set() };
    const versions = await m.query<VersionRow[]>(
      `SELECT reporting_period, to_char(period_from, 'YYYY-MM-DD') AS "periodFrom", to_char(period_to, 'YYYY-MM-DD') AS "periodTo", status FROM catalogue_version`,
    );
    const version = catalogueVersionOn(versions, today);
    const rp = version?.reporting_period as { every?: string; dueDay?: number } | undefined;
    const programme: ReminderProgramme | null =
      version && rp && ['month', 'quarter', 'year'].includes(rp.every ?? '') && typeof rp.dueDay === 'number'
        ? { period: { every: rp.every as 'month' | 'quarter' | 'year', dueDay: rp.dueDay }, from: version.periodFrom, to: version.periodTo }
        : null;

    const since: IsoDate = addDays(today, -430);
    const reportedRows = await m.query<{ cell: CellReportRow['unit_id']; day: CellReportRow['period_start'] }[]>(
      `SELECT unit_id AS cell, to_char(period_start, 'YYYY-MM-DD') AS day FROM rm_cell_report WHERE unit_id = ANY($1::text[]) AND period_start >= $2::date`,
      [cellIds, since],
    );
    const reported = new Set(reportedRows.map((r) => reportedMonthKey(r.cell, r.day)));
    return { cells, communes, leaderIds: idsOf('district_leader'), items, programme, reported };
  }
}
