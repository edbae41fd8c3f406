import { Injectable } from '@nestjs/common';
import { applyReadings, EMPTY_READINGS_STATE, type IsoDate, type Reading, type ReadingsState } from '@pledge/domain';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ReadModelChangeListener, type ReadingsChange } from './change-listener.service';

/** The readings known on a view date: the current reading per (unit, criterion, indicator), and the history. */
export interface ReadingsSnapshot {
  /** Folded with libs/domain's applyReadings (latest wins by asOf, reportedAt, eventId). */
  readonly state: ReadingsState;
  /** Every recorded reading describing a day on or before the view date, by reporting unit. */
  readonly historyByUnit: ReadonlyMap<string, readonly Reading[]>;
  /** When the newest reading in force was reported, per reporting unit (ISO instant). */
  readonly lastReportedAt: ReadonlyMap<string, string>;
  /**
   * An object that stays the same while a unit's readings do not change (replaced whenever they are re-read);
   * undefined for a unit without readings. Lets per-cell results be reused between recomputations.
   */
  unitToken(unitId: string): object | undefined;
}

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const columns = (t: string): string =>
  `${t}.event_id, ${t}.hamlet_code, ${t}.criterion_code, ${t}.indicator_code, ${t}.value, ${t}.bool_value, ${t}.numerator, ${t}.denominator,
   to_char(${t}.as_of, 'YYYY-MM-DD') AS as_of, ${t}.reported_at, ${t}.reported_by`;

/** A projected row (rm_reading or rm_reading_history) as a libs/domain Reading. */
export function readingOfRow(r: Row): Reading {
  return {
    eventId: String(r.event_id),
    hamletId: r.hamlet_code,
    criterionCode: r.criterion_code,
    indicatorCode: r.indicator_code,
    value: r.bool_value !== null && r.bool_value !== undefined ? Boolean(r.bool_value) : r.value === null || r.value === undefined ? null : Number(r.value),
    numerator: r.numerator === null || r.numerator === undefined ? null : Number(r.numerator),
    denominator: r.denominator === null || r.denominator === undefined ? null : Number(r.denominator),
    asOf: r.as_of,
    reportedAt: new Date(r.reported_at).toISOString(),
    reportedBy: r.reported_by,
  };
}

function groupByUnit(rows: Row[]): Map<string, Reading[]> {
  const out = new Map<string, Reading[]>();
  for (const row of rows) {
    const r = readingOfRow(row);
    const list = out.get(r.hamletId);
    if (list) list.push(r);
    else out.set(r.hamletId, [r]);
  }
  return out;
}

const keyOf = (r: Reading): string => `${r.criterionCode}|${r.indicatorCode}`;

/**
 * The projector's read models in memory: rm_reading (the reading in force per unit, criterion and indicator) and
 * rm_reading_history (every reading), per reporting unit. Loaded once; afterwards only the units named by the
 * projector's `progress_changed` notifications are re-read (everything when a notification does not say which,
 * after a rebuild, or while the change listener is down). A snapshot for a view date takes the reading in force
 * when it describes a day on or before that date, else the newest earlier one from the history; libs/domain's
 * applyReadings folds them, so the domain decides which reading is current.
 */
@Injectable()
export class ReadingsSource {
  private current = new Map<string, Reading[]>();
  private history = new Map<string, Reading[]>();
  private needFull = true;
  private readonly dirty = new Set<string>();
  private refreshing?: Promise<void>;

  constructor(
    private readonly ds: DataSource,
    private readonly listener: ReadModelChangeListener,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ReadingsSource.name);
    listener.onReadingsChanged((change) => this.mark(change));
  }

  private mark(change: ReadingsChange): void {
    if (change.units === null) this.needFull = true;
    else for (const u of change.units) this.dirty.add(u);
  }

  /** The readings as they stand now, for a view of `asOf`. */
  async load(asOf: IsoDate): Promise<ReadingsSnapshot> {
    await this.refresh();
    return this.snapshot(asOf);
  }

  private async refresh(): Promise<void> {
    while (this.refreshing) await this.refreshing.catch(() => undefined);
    if (!this.listener.listening) this.needFull = true; // notifications may be missed: trust nothing held
    if (!this.needFull && this.dirty.size === 0) return;
    this.refreshing = this.reload().finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;
  }

  private async reload(): Promise<void> {
    const full = this.needFull;
    const units = [...this.dirty];
    this.needFull = false;
    this.dirty.clear();
    try {
      const where = full ? '' : 'WHERE t.hamlet_code = ANY($1)';
      const params = full ? [] : [units];
      const [current, history] = await Promise.all([
        this.ds.query(`SELECT ${columns('t')} FROM rm_reading t ${where}`, params),
        this.ds.query(`SELECT ${columns('t')} FROM rm_reading_history t ${where}`, params),
      ]);
      const currentByUnit = groupByUnit(current);
      const historyByUnit = groupByUnit(history);
      if (full) {
        this.current = currentByUnit;
        this.history = historyByUnit;
      } else {
        for (const u of units) {
          this.current.set(u, currentByUnit.get(u) ?? []);
          this.history.set(u, historyByUnit.get(u) ?? []);
        }
      }
      this.logger.debug({ full, units: full ? null : units.length, rows: history.length }, 'readings reloaded');
    } catch (err) {
      this.needFull = true;
      throw err;
    }
  }

  private snapshot(asOf: IsoDate): ReadingsSnapshot {
    const candidates: Reading[] = [];
    const historyByUnit = new Map<string, Reading[]>();
    for (const [unit, rows] of this.history) {
      const upTo = rows.every((r) => r.asOf <= asOf) ? rows : rows.filter((r) => r.asOf <= asOf);
      if (upTo.length) historyByUnit.set(unit, upTo);
    }
    for (const [unit, rows] of this.current) {
      const later = new Set<string>();
      for (const r of rows) {
        if (r.asOf <= asOf) candidates.push(r);
        else later.add(keyOf(r));
      }
      // the reading in force describes a later day: the newest earlier one comes from the history
      if (later.size) for (const h of historyByUnit.get(unit) ?? []) if (later.has(keyOf(h))) candidates.push(h);
    }
    const state = applyReadings(EMPTY_READINGS_STATE, candidates);
    const lastReportedAt = new Map<string, string>();
    for (const r of state.values()) {
      const last = lastReportedAt.get(r.hamletId);
      if (!last || r.reportedAt > last) lastReportedAt.set(r.hamletId, r.reportedAt);
    }
    const tokens = new Map(this.history);
    return { state, historyByUnit, lastReportedAt, unitToken: (unitId) => tokens.get(unitId) };
  }
}
