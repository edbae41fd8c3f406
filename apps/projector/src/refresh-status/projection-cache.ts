import { createHash } from 'node:crypto';
import type { DistrictDay, IsoDate, PledgeItemDay, Reading, UnitDay } from '@pledge/domain';
import { readingColumns, readingFromRow, type ReadingRow } from '@pledge/persistence/readings/reading-rows';
import { queryRows } from '@pledge/persistence/rows/query-rows';
import type { CellReportRow } from '@pledge/persistence/rows/rm-cell-report.row';
import { districtOf, isProgrammeDistrict, unitsOfDistrict, type ReferenceModel } from '../read-models/reference-model';
import { ident, type Queryable, type ReadModelTables } from '../read-models/sql-ident';

type Q = Queryable;

export type ReportState = 'on_time' | 'late';

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The status refresher's copy of what the derivation reads: rm_reading (the readings in force, by unit), the whole
 * rm_reading_history of the units of programme districts (their snapshots and forecasts read the history), the
 * reports of rm_cell_report (who reported for which period) and the stored pledge item days (a district's forecast
 * combines every item of the day). Loaded whole once; afterwards only the units of each round are reloaded (every
 * change of a unit's readings queues it).
 */
export class ProjectionCache {
  /** Readings in force by unit. */
  readonly inForce = new Map<string, Reading[]>();
  /** Every recorded reading of the units of programme districts, by unit. */
  readonly history = new Map<string, Reading[]>();
  /** Whole histories of other units, loaded for a round that needs a day before their newest reading. */
  private readonly extra = new Map<string, Reading[]>();
  readonly reports = new Map<string, Map<IsoDate, ReportState>>();
  /** Stored pledge item days: day → item id → item. */
  readonly items = new Map<IsoDate, Map<string, PledgeItemDay>>();
  /**
   * What a district's standard reads of each stored day: the commune-level units' criteria and tiers (as a signature,
   * key `day|unit`), and the district's day as stored (key `day|district`). A round whose communes keep their
   * signatures, and whose district reported nothing, keeps the district's standard as it is.
   */
  readonly communeSignatures = new Map<string, string>();
  readonly districtDays = new Map<string, DistrictDay>();

  constructor(private model: ReferenceModel) {}

  /** Units whose whole history is kept (those of programme districts). */
  private historyUnits(): Set<string> {
    const out = new Set<string>();
    for (const v of this.model.versions) for (const d of v.districts) for (const u of unitsOfDistrict(this.model, d)) out.add(u);
    return out;
  }

  /** True when the unit's whole history is kept. */
  keepsHistory(unitId: string): boolean {
    const d = districtOf(this.model, unitId);
    return d !== null && isProgrammeDistrict(this.model, d);
  }

  async loadAll(db: Q, tables: ReadModelTables, model: ReferenceModel = this.model): Promise<void> {
    this.model = model;
    this.inForce.clear();
    this.history.clear();
    this.extra.clear();
    this.reports.clear();
    this.items.clear();
    this.communeSignatures.clear();
    this.districtDays.clear();
    await this.loadReadings(db, tables, null);
    await this.loadReports(db, tables, null);
    await this.loadItems(db, tables);
    await this.loadDistrictInputs(db, tables);
  }

  /** Remembers the district days and commune signatures a round committed. */
  rememberDistrictInputs(
    districtDays: readonly { day: IsoDate; districtId: string; district: DistrictDay }[],
    signatures: readonly { day: IsoDate; unitId: string; signature: string }[],
  ): void {
    for (const d of districtDays) this.districtDays.set(`${d.day}|${d.districtId}`, d.district);
    for (const x of signatures) this.communeSignatures.set(`${x.day}|${x.unitId}`, x.signature);
  }

  private async loadDistrictInputs(db: Q, tables: ReadModelTables): Promise<void> {
    const districts = await queryRows<{ view_day: string; district_id: string; district: DistrictDay }>(
      db,
      `SELECT view_day::text AS view_day, district_id, doc->'district' AS district FROM ${ident(tables.districtDay)}`,
    );
    for (const d of districts) this.districtDays.set(`${d.view_day}|${d.district_id}`, d.district);
    // a row stored without its signature never matches: its district's standard is recomputed
    const communes = await queryRows<{ view_day: string; unit_id: string; signature: string | null }>(
      db,
      `SELECT view_day::text AS view_day, unit_id, doc->>'signature' AS signature FROM ${ident(tables.unitDay)} WHERE unit_kind IN ('commune', 'town')`,
    );
    for (const c of communes) if (c.signature) this.communeSignatures.set(`${c.view_day}|${c.unit_id}`, c.signature);
  }

  /** Reloads the rows of `units` (their readings in force, history and reports). */
  async reloadUnits(db: Q, tables: ReadModelTables, units: readonly string[]): Promise<void> {
    for (const u of units) {
      this.inForce.delete(u);
      this.history.delete(u);
      this.extra.delete(u);
      this.reports.delete(u);
    }
    await this.loadReadings(db, tables, units);
    await this.loadReports(db, tables, units);
  }

  /** Replaces the stored item days (after a round committed them). */
  rememberItems(days: readonly { day: IsoDate; item: PledgeItemDay }[], dropped: readonly { day: IsoDate; cellId: string }[] = []): void {
    for (const { day, cellId } of dropped) {
      const m = this.items.get(day);
      if (m) for (const [id, i] of m) if (i.cellId === cellId) m.delete(id);
    }
    for (const { day, item } of days) {
      let m = this.items.get(day);
      if (!m) this.items.set(day, (m = new Map<string, PledgeItemDay>()));
      m.set(item.itemId, item);
    }
  }

  /** Forgets what it holds of days no longer stored. */
  forgetDays(keep: ReadonlySet<IsoDate>): void {
    for (const day of [...this.items.keys()]) if (!keep.has(day)) this.items.delete(day);
    for (const m of [this.communeSignatures, this.districtDays]) for (const key of [...m.keys()]) if (!keep.has(key.slice(0, 10))) m.delete(key);
  }

  reportOf = (unitId: string, periodStart: IsoDate): ReportState | undefined => this.reports.get(unitId)?.get(periodStart);

  /**
   * Loads the whole history of the units among `units` whose reading in force describes a day after `day` (their
   * reading on `day` is an older one), unless already kept.
   */
  async prepareDay(db: Q, tables: ReadModelTables, units: readonly string[], day: IsoDate): Promise<void> {
    const need = units.filter((u) => !this.history.has(u) && !this.extra.has(u) && (this.inForce.get(u) ?? []).some((r) => r.asOf > day));
    if (need.length === 0) return;
    const rows = await queryRows<ReadingRow>(db, `SELECT ${readingColumns('t')} FROM ${ident(tables.history)} t WHERE t.hamlet_code = ANY($1::text[])`, [need]);
    for (const u of need) this.extra.set(u, []);
    for (const row of rows) push(this.extra, row.hamlet_code, readingFromRow(row));
  }

  /**
   * The readings of `units` as libs/domain's programmeOnDay reads them: the whole history where it is kept (or was
   * loaded by {@link prepareDay}), else the readings in force.
   */
  readingsOf(units: Iterable<string>): Map<string, Reading[]> {
    const out = new Map<string, Reading[]>();
    for (const u of units) {
      const list = this.history.get(u) ?? this.extra.get(u) ?? this.inForce.get(u);
      if (list && list.length) out.set(u, list);
    }
    return out;
  }

  private async loadReadings(db: Q, tables: ReadModelTables, units: readonly string[] | null): Promise<void> {
    const where = units ? 'WHERE t.hamlet_code = ANY($1::text[])' : '';
    const params = units ? [units] : [];
    const rows = await queryRows<ReadingRow>(db, `SELECT ${readingColumns('t')} FROM ${ident(tables.reading)} t ${where}`, params);
    for (const row of rows) push(this.inForce, row.hamlet_code, readingFromRow(row));
    const keep = units ? units.filter((u) => this.keepsHistory(u)) : [...this.historyUnits()];
    if (keep.length === 0) return;
    const history = await queryRows<ReadingRow>(db, `SELECT ${readingColumns('t')} FROM ${ident(tables.history)} t WHERE t.hamlet_code = ANY($1::text[])`, [
      keep,
    ]);
    for (const u of keep) this.history.set(u, []);
    for (const row of history) push(this.history, row.hamlet_code, readingFromRow(row));
    for (const u of keep) if (this.history.get(u)!.length === 0) this.history.delete(u);
  }

  private async loadReports(db: Q, tables: ReadModelTables, units: readonly string[] | null): Promise<void> {
    const select = `SELECT unit_id, period_start::text AS period_start, on_time FROM ${ident(tables.cellReport)}`;
    const rows = await queryRows<Pick<CellReportRow, 'unit_id' | 'period_start' | 'on_time'>>(
      db,
      units ? `${select} WHERE unit_id = ANY($1::text[])` : select,
      units ? [units] : undefined,
    );
    for (const r of rows) {
      const m = this.reports.get(r.unit_id) ?? new Map<IsoDate, ReportState>();
      m.set(r.period_start, r.on_time ? 'on_time' : 'late');
      this.reports.set(r.unit_id, m);
    }
  }

  private async loadItems(db: Q, tables: ReadModelTables): Promise<void> {
    const rows = await queryRows<{ view_day: string; pledge_item_id: string; pledge_id: string; cell_id: string; forecast: PledgeItemDay['forecast'] }>(
      db,
      `SELECT view_day::text AS view_day, pledge_item_id, pledge_id, cell_id, forecast FROM ${ident(tables.pledgeItemDay)}`,
    );
    this.rememberItems(
      rows.map((r) => ({ day: r.view_day, item: { itemId: r.pledge_item_id, pledgeId: r.pledge_id, cellId: r.cell_id, forecast: r.forecast } })),
    );
  }
}

/**
 * What the district's standard reads of a commune-level unit on a day, as a digest: its criteria with every
 * indicator's facts (values, parts, missing and stale units: what blocks the standard quotes them) and its tiers.
 * Stored with the unit's day (doc.signature) so that a later round can tell whether the district's standard may be kept.
 */
export function communeSignature(u: Pick<UnitDay, 'criteria' | 'tiers'>): string {
  return createHash('sha1')
    .update(JSON.stringify([u.criteria, u.tiers]))
    .digest('base64');
}
