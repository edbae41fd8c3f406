/**
 * Synthetic recorded events for the projector tests: valid for the seeded catalogue (cell-reported indicators, the
 * value form their kind needs, within range), spread over the seeded cells, with corrections (same day, reported
 * later), late arrivals of older readings, and duplicates (the same event again).
 */
import type { CriterionRecordedV1 } from '@pledge/contracts';
import { createHash } from 'node:crypto';
import type { Client } from 'pg';

export interface CellRef {
  id: string;
  kind: string;
  parentId: string;
}

export interface IndicatorRef {
  criterionCode: string;
  code: string;
  kind: string;
  appliesTo: string;
  range: { min?: number; max?: number } | null;
}

/** A small deterministic PRNG (mulberry32), so that a failing run can be replayed with its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID derived from a string (v4 layout), so that generated events are reproducible. */
export function uuidFrom(s: string): string {
  const h = createHash('sha256').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function loadCellsAndIndicators(pg: Pick<Client, 'query'>): Promise<{ cells: CellRef[]; indicators: IndicatorRef[] }> {
  const cells = (await pg.query(`SELECT id, kind, parent_id AS "parentId" FROM admin_unit WHERE kind IN ('hamlet', 'ward') ORDER BY id`)).rows as CellRef[];
  const indicators = (
    await pg.query(
      `SELECT i.criterion_code AS "criterionCode", i.code, i.kind, c.applies_to AS "appliesTo", i.range
         FROM indicator i JOIN criterion c ON c.catalogue_version = i.catalogue_version AND c.code = i.criterion_code
        WHERE i.reported_by = 'cell' AND NOT (i.attributes ? 'readingOf') ORDER BY 1, 2`,
    )
  ).rows as IndicatorRef[];
  return { cells, indicators };
}

/** Which indicators a cell reports: hamlets the commune and hamlet criteria, wards the ward criteria. */
export function indicatorsOf(cell: CellRef, indicators: IndicatorRef[]): IndicatorRef[] {
  const scopes = cell.kind === 'ward' ? ['ward', 'town'] : ['commune', 'hamlet'];
  return indicators.filter((i) => scopes.includes(i.appliesTo));
}

export function readingFor(i: IndicatorRef, rnd: () => number): CriterionRecordedV1['readings'][number] {
  switch (i.kind) {
    case 'percentage': {
      const denominator = 10 + Math.floor(rnd() * 490);
      return { indicatorCode: i.code, numerator: Math.floor(rnd() * (denominator + 1)), denominator };
    }
    case 'boolean':
      return { indicatorCode: i.code, value: rnd() < 0.7 };
    case 'count': {
      const min = i.range?.min ?? 0;
      const max = Math.min(i.range?.max ?? 1000, min + 1000);
      return { indicatorCode: i.code, value: min + Math.floor(rnd() * (max - min + 1)) };
    }
    default: {
      const min = i.range?.min ?? 0;
      const max = Math.min(i.range?.max ?? 1000, min + 1000);
      return { indicatorCode: i.code, value: Math.round((min + rnd() * (max - min)) * 10) / 10 };
    }
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `count` events in the order they are to be delivered: one criterion per event (its indicators' readings),
 * as-of days between 2023-03 and 2025-06 (the cells' units ended 2025-06-30), reported a few days after (on time or
 * late against the 5th of the next month); about `corrections` of them re-report an earlier event's day later, and
 * about `lateOlder` of them are readings of an older day delivered after newer ones.
 */
export function generateEvents(
  cells: CellRef[],
  indicators: IndicatorRef[],
  count: number,
  opts: { seed: number; corrections?: number; lateOlder?: number },
): CriterionRecordedV1[] {
  const rnd = prng(opts.seed);
  const out: CriterionRecordedV1[] = [];
  const byCriterion = new Map<string, IndicatorRef[]>();
  for (const i of indicators) byCriterion.set(i.criterionCode, [...(byCriterion.get(i.criterionCode) ?? []), i]);
  for (let n = 0; n < count; n++) {
    const r = rnd();
    const previous = out.length ? out[Math.floor(rnd() * out.length)] : null;
    let cell: CellRef;
    let criterionCode: string;
    let asOf: string;
    let reportedAt: Date;
    if (previous && r < (opts.corrections ?? 0.1)) {
      // a correction: the same unit, criterion and day, reported later
      cell = cells.find((c) => c.id === previous.hamletCode)!;
      criterionCode = previous.criterionCode;
      asOf = previous.asOf;
      reportedAt = new Date(Date.parse(previous.reportedAt) + (1 + Math.floor(rnd() * 72)) * 3600_000);
    } else {
      cell = cells[Math.floor(rnd() * cells.length)];
      const own = indicatorsOf(cell, indicators);
      criterionCode = own[Math.floor(rnd() * own.length)].criterionCode;
      const month = Math.floor(rnd() * 28); // 2023-03 .. 2025-06
      const y = 2023 + Math.floor((month + 2) / 12);
      const m = ((month + 2) % 12) + 1;
      asOf = `${y}-${pad(m)}-${pad(1 + Math.floor(rnd() * 28))}`;
      if (r > 1 - (opts.lateOlder ?? 0.1) && previous) {
        // an older reading of a unit and criterion that already has a newer one, delivered now
        cell = cells.find((c) => c.id === previous.hamletCode)!;
        criterionCode = previous.criterionCode;
        // a year before (not before the catalogue period, whose events ingest would refuse)
        const yearBefore = `${Number(previous.asOf.slice(0, 4)) - 1}${previous.asOf.slice(4)}`.replace(/-02-29$/, '-02-28');
        asOf = yearBefore < '2022-01-01' ? `2022-01-${previous.asOf.slice(8)}` : yearBefore;
      }
      reportedAt = new Date(Date.parse(`${asOf}T08:00:00+07:00`) + Math.floor(rnd() * 45) * 86_400_000 + Math.floor(rnd() * 36_000_000));
    }
    const eventId = uuidFrom(`${opts.seed}-${n}`);
    const own = (byCriterion.get(criterionCode) ?? []).filter((i) => indicatorsOf(cell, indicators).includes(i));
    const picked = own.filter(() => rnd() < 0.8);
    const readings = (picked.length ? picked : own.slice(0, 1)).map((i) => readingFor(i, rnd));
    out.push({
      eventId,
      schemaVersion: 1,
      hamletCode: cell.id,
      criterionCode,
      readings,
      asOf,
      reportedAt: reportedAt.toISOString(),
      reportedBy: `bithu.${cell.id.toLowerCase()}`,
      communeCode: cell.parentId,
      sequence: '0',
      recordedAt: new Date().toISOString(),
    });
  }
  return out;
}

/** Appends events to the event store as ingest does (payload = the update without the recorded fields); returns them with their sequence. */
export async function storeEvents(pg: Pick<Client, 'query'>, events: CriterionRecordedV1[]): Promise<CriterionRecordedV1[]> {
  const out: CriterionRecordedV1[] = [];
  for (let i = 0; i < events.length; i += 1000) {
    const slice = events.slice(i, i + 1000);
    const payloads = slice.map(({ communeCode: _c, sequence: _s, recordedAt: _r, ...update }) => update);
    const rows = (
      await pg.query(
        `INSERT INTO event_store (event_id, hamlet_code, commune_code, criterion_code, as_of, reported_at, reported_by, payload)
         SELECT (p->>'eventId')::uuid, p->>'hamletCode', c, p->>'criterionCode', (p->>'asOf')::date, (p->>'reportedAt')::timestamptz, p->>'reportedBy', p
           FROM unnest($1::jsonb[], $2::text[]) AS x(p, c)
         ON CONFLICT (event_id) DO NOTHING
         RETURNING event_id::text AS id, sequence::text AS seq, recorded_at`,
        [payloads.map((p) => JSON.stringify(p)), slice.map((e) => e.communeCode)],
      )
    ).rows as { id: string; seq: string; recorded_at: Date }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const e of slice) {
      const r = byId.get(e.eventId);
      out.push(r ? { ...e, sequence: r.seq, recordedAt: new Date(r.recorded_at).toISOString() } : e);
    }
  }
  return out;
}

/** Every read-model table, as ordered rows (for row-for-row comparisons). */
export const READ_MODEL_TABLES: Record<string, string[]> = {
  rm_reading: ['hamlet_code', 'criterion_code', 'indicator_code'],
  rm_reading_history: ['event_id', 'indicator_code'],
  rm_cell_report: ['unit_id', 'period_start'],
  rm_reporting_summary: ['unit_id', 'period_start'],
  rm_district_day: ['district_id', 'view_day'],
  rm_unit_day: ['view_day', 'unit_id'],
  rm_pledge_item_day: ['view_day', 'pledge_item_id'],
};

/** The derived tables (the programme on each stored day, and reporting completeness). */
export const DERIVED_TABLES = ['rm_district_day', 'rm_unit_day', 'rm_pledge_item_day', 'rm_reporting_summary'];

export async function snapshotReadModels(pg: Pick<Client, 'query'>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, pk] of Object.entries(READ_MODEL_TABLES)) {
    out[table] = (await pg.query(`SELECT * FROM ${table} ORDER BY ${pk.join(', ')}`)).rows;
  }
  return out;
}
