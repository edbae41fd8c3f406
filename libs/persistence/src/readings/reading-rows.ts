/**
 * rm_reading / rm_reading_history rows as libs/domain Readings: the one mapping every reader uses (the projector's
 * derivation, the read API's on-demand days and drill-down, tests).
 */
import type { Reading } from '@pledge/domain';

/** The columns to select from a reading table aliased `t` (dates and instants as the domain writes them). */
export function readingColumns(t: string): string {
  return `${t}.event_id::text AS event_id, ${t}.hamlet_code, ${t}.criterion_code, ${t}.indicator_code, ${t}.value, ${t}.bool_value,
    ${t}.numerator, ${t}.denominator, ${t}.as_of::text AS as_of,
    to_char(${t}.reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS reported_at, ${t}.reported_by`;
}

/** A row selected with {@link readingColumns}. */
export interface ReadingRow {
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

/**
 * A row of rm_reading_history as pg returns it (double precision → number, as_of with to_char → 'YYYY-MM-DD',
 * timestamptz → Date). Written by the projector; rm_reading holds the same columns but supersedes.
 */
export interface ReadingHistoryRow {
  event_id: string;
  indicator_code: string;
  hamlet_code: string;
  commune_code: string;
  criterion_code: string;
  value: number | null;
  bool_value: boolean | null;
  numerator: number | null;
  denominator: number | null;
  as_of: string;
  reported_at: Date;
  reported_by: string;
  supersedes: string | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The Reading a row selected with {@link readingColumns} holds. */
export function readingFromRow(r: ReadingRow): Reading {
  return {
    eventId: r.event_id,
    hamletId: r.hamlet_code,
    criterionCode: r.criterion_code,
    indicatorCode: r.indicator_code,
    value: r.bool_value !== null && r.bool_value !== undefined ? Boolean(r.bool_value) : num(r.value),
    numerator: num(r.numerator),
    denominator: num(r.denominator),
    asOf: r.as_of,
    reportedAt: r.reported_at,
    reportedBy: r.reported_by,
  };
}

/** Readings grouped by reporting unit. */
export function readingsByUnit(rows: readonly ReadingRow[]): Map<string, Reading[]> {
  const out = new Map<string, Reading[]>();
  for (const row of rows) {
    const r = readingFromRow(row);
    const list = out.get(r.hamletId);
    if (list) list.push(r);
    else out.set(r.hamletId, [r]);
  }
  return out;
}
