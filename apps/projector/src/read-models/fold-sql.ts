/**
 * The fold of recorded events into rm_reading_history, rm_reading and rm_cell_report, as SQL. The live projector
 * runs {@link foldBatchSql} on each Kafka batch; a rebuild runs the same SELECTs over the whole event store. All
 * per-event work happens inside PostgreSQL (jsonb → rows, set-based upserts): the JavaScript side only joins the
 * raw message values into one JSON array.
 */
import { ident, type ReadModelTables } from './tables';

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
 * One row per (event, reading) from a relation `src(j jsonb)` whose `j` is a CriterionRecordedV1 (or an
 * event-store payload with `communeCode` added). `reported_at` is cut to milliseconds, as the domain orders it.
 */
export function readingsFromEventsSql(src: string): string {
  return `SELECT (j->>'eventId')::uuid AS event_id, r->>'indicatorCode' AS indicator_code, j->>'hamletCode' AS hamlet_code,
      j->>'communeCode' AS commune_code, j->>'criterionCode' AS criterion_code,
      CASE jsonb_typeof(r->'value') WHEN 'number' THEN (r->>'value')::float8 END AS value,
      CASE jsonb_typeof(r->'value') WHEN 'boolean' THEN (r->>'value')::boolean END AS bool_value,
      (r->>'numerator')::float8 AS numerator, (r->>'denominator')::float8 AS denominator,
      (j->>'asOf')::date AS as_of, date_trunc('milliseconds', (j->>'reportedAt')::timestamptz) AS reported_at,
      j->>'reportedBy' AS reported_by, (j->>'supersedes')::uuid AS supersedes
    FROM ${src} CROSS JOIN LATERAL jsonb_array_elements(j->'readings') AS r`;
}

/** The reading in force per (unit, criterion, indicator) among the history rows of `source` (libs/domain isNewer). */
export function latestReadingsSql(source: string): string {
  return `SELECT DISTINCT ON (hamlet_code, criterion_code, indicator_code) ${READING_COLUMNS.join(', ')}
    FROM ${source}
    ORDER BY hamlet_code, criterion_code, indicator_code, as_of DESC, reported_at DESC, event_id DESC`;
}

/** `periods(period_from, period_to, months, due_day)` from a jsonb parameter (see {@link PeriodRuleRow}). */
export function periodRulesSql(param: string): string {
  return `SELECT * FROM jsonb_to_recordset(${param}::jsonb) AS x(period_from date, period_to date, months int, due_day int)`;
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
 * events' `as_of` (the rule of the catalogue version whose period contains it, else the newest that started before
 * it), the first and last report and the number of distinct events.
 */
export function cellReportRowsSql(source: string, periods: string): string {
  return `SELECT ev.hamlet_code AS unit_id, p.period_start, p.period_end, p.due_date,
      (array_agg(ev.commune_code ORDER BY ev.reported_at, ev.event_id))[1] AS commune_code,
      min(ev.reported_at) AS first_reported_at,
      (array_agg(ev.event_id ORDER BY ev.reported_at, ev.event_id))[1] AS first_event_id,
      max(ev.reported_at) AS last_reported_at,
      count(*)::int AS events
    FROM (SELECT DISTINCT event_id, hamlet_code, commune_code, as_of, reported_at FROM ${source}) ev
    CROSS JOIN LATERAL (
      SELECT ps.period_start,
             ((ps.period_start + make_interval(months => rule.months))::date - 1) AS period_end,
             ((ps.period_start + make_interval(months => rule.months))::date + (rule.due_day - 1)) AS due_date
        FROM (SELECT v.months, v.due_day FROM ${periods} v WHERE v.period_from <= ev.as_of
               ORDER BY (ev.as_of <= v.period_to) DESC, v.period_from DESC LIMIT 1) rule
        CROSS JOIN LATERAL (SELECT make_date(extract(year FROM ev.as_of)::int,
                                             ((extract(month FROM ev.as_of)::int - 1) / rule.months) * rule.months + 1, 1) AS period_start) ps
    ) p
    GROUP BY ev.hamlet_code, p.period_start, p.period_end, p.due_date`;
}

/** `on_time` of a cell report row: the first report's day in Vietnam is on or before the due date. */
export function onTimeSql(firstReportedAt: string, dueDate: string): string {
  return `((${firstReportedAt} AT TIME ZONE '${REPORTING_TIME_ZONE}')::date <= ${dueDate})`;
}

/**
 * The whole fold of one batch, one statement. Parameters: $1 a JSON array of CriterionRecordedV1, $2 the period
 * rules (jsonb); a rebuild passes another source relation `src(j)` and the rules as `periodsParam`. Inserts the readings into the history (the exactly-once ledger: only rows that were new go on),
 * makes the newest reading per (unit, criterion, indicator) current unless a newer one is already stored, counts the
 * events into the cells' reporting periods, and marks their units for the status refresher.
 * Returns one row: { readings, events, changed, units }.
 */
export function foldBatchSql(t: ReadModelTables, src = `(SELECT j FROM jsonb_array_elements($1::jsonb) AS s(j))`, periodsParam = '$2'): string {
  const h = ident(t.history);
  const r = ident(t.reading);
  const c = ident(t.cellReport);
  const d = ident(t.dirty);
  const cols = HISTORY_COLUMNS.join(', ');
  const set = READING_COLUMNS.filter((x) => !['hamlet_code', 'criterion_code', 'indicator_code'].includes(x))
    .map((x) => `${x} = EXCLUDED.${x}`)
    .join(', ');
  const newer = `(EXCLUDED.as_of, EXCLUDED.reported_at, EXCLUDED.event_id) > (cur.as_of, cur.reported_at, cur.event_id)`;
  const earlier = `(EXCLUDED.first_reported_at, EXCLUDED.first_event_id) < (cur.first_reported_at, cur.first_event_id)`;
  return `WITH src AS ${src},
  periods AS MATERIALIZED (${periodRulesSql(periodsParam)}),
  ins AS (
    INSERT INTO ${h} (${cols}) ${readingsFromEventsSql('src')}
    ON CONFLICT DO NOTHING RETURNING ${cols}
  ),
  up AS (
    INSERT INTO ${r} AS cur (${READING_COLUMNS.join(', ')}) ${latestReadingsSql('ins')}
    ON CONFLICT (hamlet_code, criterion_code, indicator_code) DO UPDATE SET ${set} WHERE ${newer}
    RETURNING 1
  ),
  rep AS (
    INSERT INTO ${c} AS cur (${CELL_REPORT_COLUMNS.join(', ')})
    SELECT x.*, ${onTimeSql('x.first_reported_at', 'x.due_date')} FROM (${cellReportRowsSql('ins', 'periods')}) x
    ON CONFLICT (unit_id, period_start) DO UPDATE SET
      commune_code = CASE WHEN ${earlier} THEN EXCLUDED.commune_code ELSE cur.commune_code END,
      first_event_id = CASE WHEN ${earlier} THEN EXCLUDED.first_event_id ELSE cur.first_event_id END,
      first_reported_at = LEAST(cur.first_reported_at, EXCLUDED.first_reported_at),
      last_reported_at = GREATEST(cur.last_reported_at, EXCLUDED.last_reported_at),
      events = cur.events + EXCLUDED.events,
      on_time = ${onTimeSql('LEAST(cur.first_reported_at, EXCLUDED.first_reported_at)', 'cur.due_date')}
    RETURNING 1
  ),
  dirty AS (
    INSERT INTO ${d} AS cur (unit_id, seq) SELECT DISTINCT hamlet_code, 1 FROM ins
    ON CONFLICT (unit_id) DO UPDATE SET seq = cur.seq + 1
    RETURNING unit_id
  )
  SELECT (SELECT count(*)::int FROM ins) AS readings,
         (SELECT count(DISTINCT event_id)::int FROM ins) AS events,
         (SELECT count(*)::int FROM up) AS changed,
         (SELECT count(*)::int FROM rep) AS reports,
         (SELECT coalesce(array_agg(unit_id ORDER BY unit_id), '{}') FROM dirty) AS units`;
}
