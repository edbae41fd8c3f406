import type { IsoDate, Reading } from '@pledge/domain';
import { readingKey } from '@pledge/domain';
import { ident, type Queryable, type ReadModelTables } from '../read-models/sql-ident';

type Q = Queryable;

export type ReportState = 'on_time' | 'late';

const READING_SELECT = `SELECT event_id::text AS event_id, hamlet_code, criterion_code, indicator_code, value, bool_value, numerator,
       denominator, as_of::text AS as_of, to_char(reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS reported_at, reported_by`;

interface ReadingRow {
  event_id: string;
  hamlet_code: string;
  criterion_code: string;
  indicator_code: string;
  value: number | null;
  bool_value: boolean | null;
  numerator: number | null;
  denominator: number | null;
  as_of: string;
  reported_at: string;
  reported_by: string;
}

export function readingOf(r: ReadingRow): Reading {
  return {
    eventId: r.event_id,
    hamletId: r.hamlet_code,
    criterionCode: r.criterion_code,
    indicatorCode: r.indicator_code,
    value: r.bool_value ?? r.value,
    numerator: r.numerator,
    denominator: r.denominator,
    asOf: r.as_of,
    reportedAt: r.reported_at,
    reportedBy: r.reported_by,
  };
}

/** Every reading of `units` in the history table (for pledge forecasts). */
export async function loadHistory(db: Q, tables: ReadModelTables, units: readonly string[]): Promise<Map<string, Reading[]>> {
  const out = new Map<string, Reading[]>();
  if (units.length === 0) return out;
  const rows: ReadingRow[] = await db.query(`${READING_SELECT} FROM ${ident(tables.history)} WHERE hamlet_code = ANY($1::text[])`, [units]);
  for (const r of rows) {
    const list = out.get(r.hamlet_code) ?? [];
    list.push(readingOf(r));
    out.set(r.hamlet_code, list);
  }
  return out;
}

/**
 * The status refresher's copy of rm_reading (the readings state the domain assesses) and of rm_cell_report
 * (who reported for which period). Loaded whole once; afterwards only the units marked dirty are reloaded
 * (every change to a unit's rows marks it dirty in the same transaction).
 */
export class ProjectionCache {
  readonly state = new Map<string, Reading>();
  private readonly keysByUnit = new Map<string, string[]>();
  readonly reports = new Map<string, Map<IsoDate, ReportState>>();
  /** The view day V: the newest as_of of any reading in force. */
  viewDay: IsoDate | null = null;
  firstPeriod: IsoDate | null = null;
  lastPeriod: IsoDate | null = null;

  async loadAll(db: Q, tables: ReadModelTables): Promise<void> {
    this.state.clear();
    this.keysByUnit.clear();
    this.reports.clear();
    this.viewDay = this.firstPeriod = this.lastPeriod = null;
    await this.loadReadings(db, tables, null);
    await this.loadReports(db, tables, null);
  }

  /** Reloads the rows of `units` (the view day and the period range only ever grow in between). */
  async reloadUnits(db: Q, tables: ReadModelTables, units: readonly string[]): Promise<void> {
    for (const u of units) {
      for (const k of this.keysByUnit.get(u) ?? []) this.state.delete(k);
      this.keysByUnit.delete(u);
      this.reports.delete(u);
    }
    await this.loadReadings(db, tables, units);
    await this.loadReports(db, tables, units);
  }

  get periodRange(): string {
    return `${this.firstPeriod}|${this.lastPeriod}`;
  }

  reportOf = (unitId: string, periodStart: IsoDate): ReportState | undefined => this.reports.get(unitId)?.get(periodStart);

  private async loadReadings(db: Q, tables: ReadModelTables, units: readonly string[] | null): Promise<void> {
    const rows: ReadingRow[] = units
      ? await db.query(`${READING_SELECT} FROM ${ident(tables.reading)} WHERE hamlet_code = ANY($1::text[])`, [units])
      : await db.query(`${READING_SELECT} FROM ${ident(tables.reading)}`);
    for (const row of rows) {
      const r = readingOf(row);
      const key = readingKey(r.hamletId, r);
      this.state.set(key, r);
      const keys = this.keysByUnit.get(r.hamletId) ?? [];
      keys.push(key);
      this.keysByUnit.set(r.hamletId, keys);
      if (this.viewDay === null || r.asOf > this.viewDay) this.viewDay = r.asOf;
    }
  }

  private async loadReports(db: Q, tables: ReadModelTables, units: readonly string[] | null): Promise<void> {
    const select = `SELECT unit_id, period_start::text AS period_start, on_time FROM ${ident(tables.cellReport)}`;
    const rows: { unit_id: string; period_start: string; on_time: boolean }[] = units
      ? await db.query(`${select} WHERE unit_id = ANY($1::text[])`, [units])
      : await db.query(select);
    for (const r of rows) {
      const m = this.reports.get(r.unit_id) ?? new Map<IsoDate, ReportState>();
      m.set(r.period_start, r.on_time ? 'on_time' : 'late');
      this.reports.set(r.unit_id, m);
      if (this.firstPeriod === null || r.period_start < this.firstPeriod) this.firstPeriod = r.period_start;
      if (this.lastPeriod === null || r.period_start > this.lastPeriod) this.lastPeriod = r.period_start;
    }
  }
}
