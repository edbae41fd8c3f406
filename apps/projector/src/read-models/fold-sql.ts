/**
 * The fold of recorded events into rm_reading_history, rm_reading and rm_cell_report, as SQL. The live projector
 * runs {@link foldBatchSql} on each Kafka batch; a rebuild runs the same SELECTs over the whole event store. All
 * per-event work happens inside PostgreSQL (jsonb → rows, set-based upserts): the JavaScript side only joins the
 * raw message values into one JSON array.
 */
import { ident, type ReadModelTables } from './sql-ident';

export const HISTORY_COLUMNS = [
  'event_id', 'indicator_code', 'hamlet_code', 'commune_code', 'criterion_code', 'value', 'bool_value', 'numerator',
  'denominator', 'as_of', 'reported_at', 'reported_by', 'supersedes',
] as const;

export const READING_COLUMNS = HISTORY_COLUMNS.filter((c) => c !== 'supersedes');

export const CELL_REPORT_COLUMNS = [
  'unit_id', 'period_start', 'period_end', 'due_date', 'commune_code', 'first_reported_at', 'first_event_id',
  'last_reported_at', 'events', 'on_time',
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

/** The reading in force per (unit, criterion, indicator) among the history rows of `source` (libs/domain isNewer). */
export function latestReadingsSql(source: string): string {
  return `SELECT DISTINCT ON (hamlet_code, criterion_code, indicator_code) ${READING_COLUMNS.join(', ')}
    FROM ${source}
    ORDER BY hamlet_code, criterion_code, indicator_code, as_of DESC, reported_at DESC, event_id DESC`;
}

/**
 * `periods(from_day, to_day, months, due_day)` from a jsonb parameter (see {@link PeriodRuleRow}): each catalogue
 * version's rule applies from its first day until the next version starts (catalogue versions do not overlap; a
 * day before the first version has no rule and is not counted).
 */
export function periodRulesSql(param: string): string {
  return `SELECT period_from AS from_day, coalesce(lead(period_from) OVER (ORDER BY period_from) - 1, 'infinity'::date) AS to_day, months, due_day
    FROM jsonb_to_recordset(${param}::jsonb) AS x(period_from date, period_to date, months int, due_day int)`;
}

/** One reporting rule per catalogue version, as {@link periodRulesSql} reads it. */
export interface PeriodRuleRow {
  period_from: string;
  period_to: string;
  months: number;
  due_day: number;
}

/**
 * Rows of rm_cell_report (without on_time) from the history rows of `source`: per unit and reporting period of the
 * events' `as_of` (the rule of the catalogue version in force on that day, see {@link periodRulesSql}), the first and
 * last report and the number of distinct events.
 */
export function cellReportRowsSql(source: string, periods: string): string {
  return `SELECT ev.hamlet_code AS unit_id, p.period_start, p.period_end, p.due_date,
      (array_agg(ev.commune_code ORDER BY ev.reported_at, ev.event_id))[1] AS commune_code,
      min(ev.reported_at) AS first_reported_at,
      (array_agg(ev.event_id ORDER BY ev.reported_at, ev.event_id))[1] AS first_event_id,
      max(ev.reported_at) AS last_reported_at,
      count(*)::int AS events
    FROM (SELECT DISTINCT event_id, hamlet_code, commune_code, as_of, reported_at FROM ${source}) ev
    JOIN ${periods} rule ON ev.as_of BETWEEN rule.from_day AND rule.to_day
    CROSS JOIN LATERAL (SELECT make_date(extract(year FROM ev.as_of)::int,
                                         ((extract(month FROM ev.as_of)::int - 1) / rule.months) * rule.months + 1, 1) AS period_start) ps
    CROSS JOIN LATERAL (SELECT ps.period_start,
                               ((ps.period_start + make_interval(months => rule.months))::date - 1) AS period_end,
                               ((ps.period_start + make_interval(months => rule.months))::date + (rule.due_day - 1)) AS due_date) p
    GROUP BY ev.hamlet_code, p.period_start, p.period_end, p.due_date`;
}

/** `on_time` of a cell report row: the first report's day in Vietnam is on or before the due date. */
export function onTimeSql(firstReportedAt: string, dueDate: string): string {
  return `((${firstReportedAt} AT TIME ZONE '${REPORTING_TIME_ZONE}')::date <= ${dueDate})`;
}

/**
 * The whole fold of one batch, one statement. Parameters: $1 a JSON array of CriterionRecordedV1, $2 the period
 * rules (jsonb); a rebuild passes events from the event store ({@link eventsFromStoreSql}) and the rules as `periodsParam`. Inserts the readings into the history (the exactly-once ledger: only rows that were new go on),
 * makes the newest reading per (unit, criterion, indicator) current unless a newer one is already stored, counts the
 * events into the cells' reporting periods, and queues their units for the status refresher (one row per batch).
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
  const newer = `(EXCLUDED.as_of, EXCLUDED.reported_at, EXCLUDED.event_id) > (cur.as_of, cur.reported_at, cur.event_id)`;
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
    INSERT INTO ${d} (units) SELECT array_agg(DISTINCT hamlet_code ORDER BY hamlet_code) FROM ins HAVING count(*) > 0
    RETURNING units
  )
  SELECT (SELECT count(*)::int FROM ins) AS readings,
         (SELECT count(DISTINCT event_id)::int FROM ins) AS events,
         (SELECT count(*)::int FROM up) AS changed,
         (SELECT coalesce((SELECT units FROM dirty), '{}')) AS units`;
}

/**
 * Recomputes rm_cell_report for the units $1 (text[]) from their history; $2: the period rules. Two statements
 * (run them in one transaction): the units' rows go, then their rows from the history come back.
 */
export function cellReportsForUnitsSql(t: ReadModelTables): [string, string] {
  const c = ident(t.cellReport);
  return [
    `DELETE FROM ${c} WHERE unit_id = ANY($1::text[])`,
    `WITH periods AS MATERIALIZED (${periodRulesSql('$2')}),
          src AS (SELECT event_id, hamlet_code, commune_code, as_of, reported_at FROM ${ident(t.history)} WHERE hamlet_code = ANY($1::text[]))
     INSERT INTO ${c} (${CELL_REPORT_COLUMNS.join(', ')})
     SELECT x.*, ${onTimeSql('x.first_reported_at', 'x.due_date')} FROM (${cellReportRowsSql('src', 'periods')}) x`,
  ];
}
