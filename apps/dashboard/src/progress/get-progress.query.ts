import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface CommuneProgress {
  code: string;
  name: string;
  kind: string;
  cells: number;
  cellsReporting: number;
  readings: number;
  lastReportedAt: string | null;
}

export interface DistrictProgress {
  district: { code: string; name: string };
  cells: number;
  cellsReporting: number;
  readings: number;
  lastReportedAt: string | null;
  communes: CommuneProgress[];
}

/** Query "district progress": read straight from the projected read models. */
@Injectable()
export class GetProgressQuery {
  constructor(private readonly ds: DataSource) {}

  async execute(): Promise<DistrictProgress> {
    const [district] = await this.ds.query(`SELECT code, name FROM admin_unit WHERE kind = 'district' ORDER BY valid_from LIMIT 1`);
    const rows: { code: string; name: string; kind: string; cells: number; cells_reporting: number; readings: number; last_reported_at: Date | null }[] =
      await this.ds.query(
        `SELECT c.id AS code, c.name, c.kind,
                (SELECT count(*)::int FROM admin_unit h WHERE h.parent_id = c.id AND h.kind IN ('hamlet', 'ward')) AS cells,
                count(DISTINCT r.hamlet_code)::int AS cells_reporting,
                count(r.*)::int AS readings,
                max(r.reported_at) AS last_reported_at
           FROM admin_unit c
           LEFT JOIN rm_reading r ON r.commune_code = c.id
          WHERE c.kind IN ('commune', 'town') AND c.parent_id = $1
          GROUP BY c.id, c.name, c.kind ORDER BY c.id`,
        [district?.code ?? '874'],
      );
    const communes = rows.map((r) => ({
      code: r.code,
      name: r.name,
      kind: r.kind,
      cells: r.cells,
      cellsReporting: r.cells_reporting,
      readings: r.readings,
      lastReportedAt: r.last_reported_at ? new Date(r.last_reported_at).toISOString() : null,
    }));
    const last = communes.map((c) => c.lastReportedAt).filter(Boolean).sort().pop() ?? null;
    return {
      district: { code: district?.code ?? '874', name: district?.name ?? '' },
      cells: communes.reduce((s, c) => s + c.cells, 0),
      cellsReporting: communes.reduce((s, c) => s + c.cellsReporting, 0),
      readings: communes.reduce((s, c) => s + c.readings, 0),
      lastReportedAt: last,
      communes,
    };
  }
}
