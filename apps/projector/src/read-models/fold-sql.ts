/**
 * The fold of recorded events into rm_reading_history, rm_reading and rm_cell_report, as SQL. The live projector
 * runs {@link foldBatchSql} on each Kafka batch; a rebuild runs the same SELECTs over the whole event store. All
 * per-event work happens inside PostgreSQL (jsonb → rows, set-based upserts): the JavaScript side only checks each
 * message against the recorded event's JSON Schema and joins the raw values into one JSON array.
 *
 * The rules come from libs/domain, never restated here: which reading is in force is built from READING_ORDER, and
 * a reading's reporting period comes from a calendar the domain computes (reportingCalendar), passed as a parameter.
 */
import { READING_ORDER, type CalendarDay } from '@pledge/domain';
import { ident, type ReadModelTables } from './sql-ident';

/** The column of each key of libs/domain's READING_ORDER. */
const ORDER_COLUMNS: Record<(typeof READING_ORDER)[number]['field'], string> = { asOf: 'as_of', reportedAt: 'reported_at', eventId: 'event_id' };
const orderColumns = READING_ORDER.map((k) => ORDER_COLUMNS[k.field]);

/** `a.as_of, a.reported_at, a.event_id` (READING_ORDER's keys) for the relation alias `a`. */
function orderTuple(alias: string): string {
  return orderColumns.map((c) => `${alias}.${c}`).join(', ');
}

export const HISTORY_COLUMNS = [
  'event_id',
  'indicator_code',
  'hamlet_code',
  'commune_code',
  'criterion_code',
  'value',
  'bool_value',
  'numerator',
  'denominator',
  'as_of',
  'reported_at',
  'reported_by',
  'supersedes',
] as const;

export const READING_COLUMNS = HISTORY_COLUMNS.filter((c) => c !== 'supersedes');

export const CELL_REPORT_COLUMNS = [
  'unit_id',
  'period_start',
  'period_end',
  'due_date',
  'commune_code',
  'first_reported_at',
  'first_event_id',
  'last_reported_at',
  'events',
  'on_time',
] as const;

/** Time zone whose calendar decides "on time". */
export const REPORTING_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * Events from a JSON array parameter of CriterionRecordedV1 (a Kafka batch). `reported_at` is cut to
 * milliseconds, as the domain orders readings.
 */
export function eventsFromJsonSql(param: string): string {
  return `SELECT (j->>'eventId')::uuid AS event_id, j->>'hamletCode' AS hamlet_code, j->>'communeCode' AS commune_code,
      j->>'criterionCode' AS criterion_code, (j->>'asOf')::date AS as_of,
      date_trunc('milliseconds', (j->>'reportedAt')::timestamptz) AS reported_at, j->>'reportedBy' AS reported_by,
      (j->>'supersedes')::uuid AS supersedes, j->'readings' AS readings
    FROM jsonb_array_elements(${param}::jsonb) AS s(j)`;
}

/**
 * Events from the event store (a rebuild): the columns ingest wrote from the same validated payload that it
 * published (commune included), and the readings from the payload.
 */
export function eventsFromStoreSql(where: string): string {
  return `SELECT e.event_id, e.hamlet_code, e.commune_code, e.criterion_code, e.as_of,
      date_trunc('milliseconds', e.reported_at) AS reported_at, e.reported_by, (e.payload->>'supersedes')::uuid AS supersedes,
      e.payload->'readings' AS readings
    FROM event_store e WHERE ${where}`;
}

/**
 * One row per (event, reading) from a relation of events with the columns event_id, hamlet_code, commune_code,
 * criterion_code, as_of, reported_at, reported_by, supersedes, readings (jsonb), as {@link eventsFromJsonSql} and
 * {@link eventsFromStoreSql} give them.
 */
export function readingsFromEventsSql(events: string): string {
  return `SELECT ev.event_id, r->>'indicatorCode' AS indicator_code, ev.hamlet_code, ev.commune_code, ev.criterion_code,
      CASE jsonb_typeof(r->'value') WHEN 'number' THEN (r->>'value')::float8 END AS value,
      CASE jsonb_typeof(r->'value') WHEN 'boolean' THEN (r->>'value')::boolean END AS bool_value,
      (r->>'numerator')::float8 AS numerator, (r->>'denominator')::float8 AS denominator,
      ev.as_of, ev.reported_at, ev.reported_by, ev.supersedes
    FROM ${events} AS ev CROSS JOIN LATERAL jsonb_array_elements(ev.readings) AS r`;
}

/** The reading in force per (unit, criterion, indicator) among the history rows of `source` (libs/domain READING_ORDER). */
export function latestReadingsSql(source: string): string {
  return `SELECT DISTINCT ON (hamlet_code, criterion_code, indicator_code) ${READING_COLUMNS.join(', ')}
    FROM ${source}
    ORDER BY hamlet_code, criterion_code, indicator_code, ${orderColumns.map((c) => `${c} DESC`).join(', ')}`;
}

/**
 * `calendar(day, period_start, period_end, due_date)` from a jsonb parameter: libs/domain's reporting calendar
 * (reportingCalendar: every day with the reporting period it falls in, under the rule of the version governing it;
 * days without a version are absent and their readings are not counted).
 */
export function calendarSql(param: string): string {
  return `SELECT x.day, x."periodStart" AS period_start, x."periodEnd" AS period_end, x."dueDate" AS due_date
    FROM jsonb_to_recordset(${param}::jsonb) AS x(day date, "periodStart" date, "periodEnd" date, "dueDate" date)`;
}

/** The calendar as the jsonb parameter {@link calendarSql} reads. */
export function calendarParam(days: readonly CalendarDay[]): string {
  return JSON.stringify(days);
}

/**
 * Rows of rm_cell_report (without on_time) from the history rows of `source`: per unit and reporting period of the
 * events' `as_of` (joined with the calendar, see {@link calendarSql}), the first and last report and the number of
 * distinct events.
 */
export function cellReportRowsSql(source: string, calendar: string): string {
  return `SELECT ev.hamlet_code AS unit_id, cal.period_start, cal.period_end, cal.due_date,
      (array_agg(ev.commune_code ORDER BY ev.reported_at, ev.event_id))[1] AS commune_code,
      min(ev.reported_at) AS first_reported_at,
      (array_agg(ev.event_id ORDER BY ev.reported_at, ev.event_id))[1] AS first_event_id,
      max(ev.reported_at) AS last_reported_at,
      count(*)::int AS events
    FROM (SELECT DISTINCT event_id, hamlet_code, commune_code, as_of, reported_at FROM ${source}) ev
    JOIN ${calendar} cal ON cal.day = ev.as_of
    GROUP BY ev.hamlet_code, cal.period_start, cal.period_end, cal.due_date`;
}

/** `on_time` of a cell report row: the first report's day in Vietnam is on or before the due date. */
export function onTimeSql(firstReportedAt: string, dueDate: string): string {
  return `((${firstReportedAt} AT TIME ZONE '${REPORTING_TIME_ZONE}')::date <= ${dueDate})`;
}

/**
 * The whole fold of one batch, one statement. Parameter $1: a JSON array of CriterionRecordedV1; a rebuild passes
 * events from the event store instead ({@link eventsFromStoreSql}). Inserts the readings into the history (the
 * exactly-once ledger: only rows that were new go on), makes the newest reading per (unit, criterion, indicator)
 * current unless a newer one is already stored, and queues their units for the status refresher with the earliest day
 * each unit's new readings describe (one row per batch).
 * Returns one row: { readings, events, changed, units }.
 */
export function foldBatchSql(t: ReadModelTables, events = `(${eventsFromJsonSql('$1')})`): string {
  const h = ident(t.history);
  const r = ident(t.reading);
  const d = ident(t.dirty);
  const cols = HISTORY_COLUMNS.join(', ');
  const set = READING_COLUMNS.filter((x) => !['hamlet_code', 'criterion_code', 'indicator_code'].includes(x))
    .map((x) => `${x} = EXCLUDED.${x}`)
    .join(', ');
  const newer = `(${orderTuple('EXCLUDED')}) > (${orderTuple('cur')})`;
  return `WITH src AS ${events},
  ins AS (
    INSERT INTO ${h} (${cols}) ${readingsFromEventsSql('src')}
    ON CONFLICT DO NOTHING RETURNING ${cols}
  ),
  up AS (
    INSERT INTO ${r} AS cur (${READING_COLUMNS.join(', ')}) ${latestReadingsSql('ins')}
    ON CONFLICT (hamlet_code, criterion_code, indicator_code) DO UPDATE SET ${set} WHERE ${newer}
    RETURNING 1
  ),
  dirty AS (
    INSERT INTO ${d} (units, from_days)
    SELECT array_agg(hamlet_code ORDER BY hamlet_code), array_agg(from_day ORDER BY hamlet_code)
      FROM (SELECT hamlet_code, min(as_of) AS from_day FROM ins GROUP BY hamlet_code) u HAVING count(*) > 0
    RETURNING units
  )
  SELECT (SELECT count(*)::int FROM ins) AS readings,
         (SELECT count(DISTINCT event_id)::int FROM ins) AS events,
         (SELECT count(*)::int FROM up) AS changed,
         (SELECT coalesce((SELECT units FROM dirty), '{}')) AS units`;
}

/**
 * Recomputes rm_cell_report for the units $1 (text[]) from their history; $2: the calendar ({@link calendarParam}) of
 * the days their readings describe. Two statements (run them in one transaction): the units' rows go, then their rows
 * from the history come back.
 */
export function cellReportsForUnitsSql(t: ReadModelTables): [string, string] {
  const c = ident(t.cellReport);
  return [
    `DELETE FROM ${c} WHERE unit_id = ANY($1::text[])`,
    `WITH calendar AS MATERIALIZED (${calendarSql('$2')}),
          src AS (SELECT event_id, hamlet_code, commune_code, as_of, reported_at FROM ${ident(t.history)} WHERE hamlet_code = ANY($1::text[]))
     INSERT INTO ${c} (${CELL_REPORT_COLUMNS.join(', ')})
     SELECT x.*, ${onTimeSql('x.first_reported_at', 'x.due_date')} FROM (${cellReportRowsSql('src', 'calendar')}) x`,
  ];
}

/** The first and last day the history of units $1 (text[]) describes (to size the calendar). */
export function historyDaysSql(t: ReadModelTables): string {
  return `SELECT min(as_of)::text AS first, max(as_of)::text AS last FROM ${ident(t.history)} WHERE hamlet_code = ANY($1::text[])`;
}
