import { Injectable } from '@nestjs/common';
import { applyReadings, EMPTY_READINGS_STATE, type IsoDate, type Reading, type ReadingsState } from '@pledge/domain';
import { DataSource } from 'typeorm';

/** The readings known on a view date: the current reading per (unit, criterion, indicator), and the history. */
export interface ReadingsSnapshot {
  /** Folded with libs/domain's applyReadings (latest wins by asOf, reportedAt, eventId). */
  readonly state: ReadingsState;
  /** Every recorded reading describing a day on or before the view date, by reporting unit. */
  readonly historyByUnit: ReadonlyMap<string, readonly Reading[]>;
  /** When the newest reading in force was reported, per reporting unit (ISO instant). */
  readonly lastReportedAt: ReadonlyMap<string, string>;
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

/**
 * Reads the projector's read models. The current readings come from rm_reading (the reading in force per hamlet,
 * criterion and indicator); where the reading in force describes a day after the view date, the newest earlier
 * one comes from rm_reading_history. Either way the state is folded with libs/domain, which decides which reading
 * is current.
 */
@Injectable()
export class ReadingsSource {
  constructor(private readonly ds: DataSource) {}

  async load(asOf: IsoDate): Promise<ReadingsSnapshot> {
    const [current, older, history] = await Promise.all([
      this.ds.query(`SELECT ${columns('r')} FROM rm_reading r WHERE r.as_of <= $1`, [asOf]),
      this.ds.query(
        `SELECT DISTINCT ON (h.hamlet_code, h.criterion_code, h.indicator_code) ${columns('h')}
           FROM rm_reading_history h
           JOIN rm_reading r ON r.hamlet_code = h.hamlet_code AND r.criterion_code = h.criterion_code AND r.indicator_code = h.indicator_code
          WHERE r.as_of > $1 AND h.as_of <= $1
          ORDER BY h.hamlet_code, h.criterion_code, h.indicator_code, h.as_of DESC, h.reported_at DESC, h.event_id DESC`,
        [asOf],
      ),
      this.ds.query(`SELECT ${columns('h')} FROM rm_reading_history h WHERE h.as_of <= $1`, [asOf]),
    ]);
    const readings = [...(current as Row[]), ...(older as Row[])].map(readingOfRow);
    const state = applyReadings(EMPTY_READINGS_STATE, readings);
    const lastReportedAt = new Map<string, string>();
    for (const r of state.values()) {
      const last = lastReportedAt.get(r.hamletId);
      if (!last || r.reportedAt > last) lastReportedAt.set(r.hamletId, r.reportedAt);
    }
    const byUnit = new Map<string, Reading[]>();
    for (const row of history as Row[]) {
      const r = readingOfRow(row);
      const list = byUnit.get(r.hamletId) ?? [];
      list.push(r);
      byUnit.set(r.hamletId, list);
    }
    return { state, historyByUnit: byUnit, lastReportedAt };
  }
}
