/**
 * Illustrative readings for the demonstration data (`npm run demo`): what each cell's secretary would send with the
 * web app's forms, at six dates from 2023 to November 2025 (the last one is the reporting period the dashboard shows
 * for the deadline 31/12/2025; some cells report it late, some not at all). Deterministic: the same figures every
 * time. Pure functions, no I/O; the figures are invented and always travel marked as demonstration data.
 */
export const DEMO_DATES = ['2023-06-30', '2023-12-31', '2024-06-30', '2024-12-31', '2025-06-30', '2025-11-28'] as const;
export const DEMO_NOTE = 'Số liệu minh họa (demo)';

/** The parts of GET /api/v1/criteria the generator reads. */
export interface DemoIndicator {
  code: string;
  kind: string;
  reportedBy?: string;
  readingOf?: { criterionCode: string; indicatorCode: string } | null;
  threshold?: { comparator?: string; value?: number | null } | null;
  fraction?: { unit?: string } | null;
}
export interface DemoCriterion {
  code: string;
  appliesTo: string;
  indicators: DemoIndicator[];
}
export interface DemoReading {
  indicatorCode: string;
  value?: number | boolean;
  numerator?: number;
  denominator?: number;
}
export interface DemoBatchItem {
  hamletCode: string;
  criterionCode: string;
  readings: DemoReading[];
  asOf: string;
  reportedAt: string;
  note: string;
}
interface Field {
  indicator: DemoIndicator;
  target: { criterionCode: string; indicatorCode: string };
}

/** A small deterministic generator per cell (mulberry32). */
export function rng(seedText: string): () => number {
  let h = 1779033703;
  for (const c of seedText) h = Math.imul(h ^ c.charCodeAt(0), 3432918353);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The readings a cell reports (as the web app's forms do: `readingOf` goes to the referenced indicator). */
export function reportable(criteria: DemoCriterion[], kind: string): Field[] {
  const fields: Field[] = [];
  const covered = new Set<string>();
  for (const c of criteria.filter((x) => x.appliesTo === kind)) {
    for (const i of c.indicators.filter((x) => x.reportedBy === 'cell')) {
      const target = i.readingOf || { criterionCode: c.code, indicatorCode: i.code };
      covered.add(`${target.criterionCode}|${target.indicatorCode}`);
      fields.push({ indicator: i, target });
    }
  }
  const communeKind = kind === 'hamlet' ? 'commune' : 'town';
  for (const c of criteria.filter((x) => x.appliesTo === communeKind)) {
    for (const i of c.indicators.filter((x) => x.reportedBy === 'cell' && !x.readingOf && !covered.has(`${c.code}|${x.code}`))) {
      fields.push({ indicator: i, target: { criterionCode: c.code, indicatorCode: i.code } });
    }
  }
  return fields;
}

function demoReading(field: Field, quality: number, k: number, rand: () => number): DemoReading {
  const i = field.indicator;
  const indicatorCode = field.target.indicatorCode;
  const time = k / (DEMO_DATES.length - 1);
  const lowerIsBetter = !!i.threshold && (i.threshold.comparator === '<=' || i.threshold.comparator === '<');
  switch (i.kind) {
    case 'percentage': {
      const km = !!i.fraction && /km|ha|tấn/.test(i.fraction.unit ?? '');
      const den = km ? Math.round((4 + rand() * 20) * 10) / 10 : 80 + Math.floor(rand() * 320);
      let share = lowerIsBetter ? 0.14 - 0.12 * quality * time + rand() * 0.01 : 0.6 + 0.42 * quality * (0.35 + 0.65 * time) + rand() * 0.02;
      share = Math.max(0, Math.min(1, share));
      const num = km ? Math.round(den * share * 10) / 10 : Math.round(den * share);
      return { indicatorCode, numerator: Math.min(num, den), denominator: den };
    }
    case 'boolean':
      return { indicatorCode, value: rand() < 0.25 + 0.75 * quality * time };
    case 'count':
      if (i.threshold && i.threshold.comparator !== '>=' && i.threshold.value === 0) {
        return { indicatorCode, value: Math.max(0, Math.round((1 - quality * time) * 6 - 1)) };
      }
      return { indicatorCode, value: 250 + Math.floor(rand() * 900) };
    default:
      return { indicatorCode, value: Math.round((42 + 26 * quality * time + rand() * 3) * 10) / 10 };
  }
}

/** Every batch (one per reporting date) a cell's secretary sends: without eventIds, which the sender chooses. */
export function demoBatches(cellId: string, cellKind: string, criteria: DemoCriterion[]): DemoBatchItem[][] {
  const rand = rng(cellId);
  const quality = 0.35 + 0.65 * rand();
  const fields = reportable(criteria, cellKind);
  const batches: DemoBatchItem[][] = [];
  for (let k = 0; k < DEMO_DATES.length; k++) {
    const lastPeriod = k === DEMO_DATES.length - 1;
    if (lastPeriod && quality < 0.5) continue; // some cells have not reported this period
    // November's report was due on 05/12/2025: a few cells sent it late
    const reportedAt = lastPeriod && quality < 0.6 ? '2025-12-09T09:00:00+07:00' : `${DEMO_DATES[k]}T09:00:00+07:00`;
    const byTarget = new Map<string, DemoReading[]>();
    for (const f of fields) {
      const list = byTarget.get(f.target.criterionCode) ?? [];
      list.push(demoReading(f, quality, k, rand));
      byTarget.set(f.target.criterionCode, list);
    }
    batches.push(
      [...byTarget.entries()].map(([criterionCode, readings]) => ({
        hamletCode: cellId,
        criterionCode,
        readings,
        asOf: DEMO_DATES[k],
        reportedAt,
        note: DEMO_NOTE,
      })),
    );
  }
  return batches;
}
