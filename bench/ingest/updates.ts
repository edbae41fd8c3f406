/**
 * Valid criterion updates for the seeded district, as a provincial platform or a history import would publish them:
 * every cell, each (criterion, indicator) a cell may report, monthly days of 2023-01..2025-12. Which pairs are valid
 * is decided by the submission rules themselves (@pledge/domain checkCriterionUpdate over the seeded reference data),
 * so the generator states no rule of its own.
 */
import type { CriterionUpdateV1 } from '@pledge/contracts';
import { checkCriterionUpdate, type SubmissionReference } from '@pledge/domain';
import { stableUuid } from '@pledge/platform';

interface Template {
  hamletCode: string;
  criterionCode: string;
  indicatorCode: string;
  kind: string;
  min: number;
  max: number;
}

function readingFor(t: Template, i: number): CriterionUpdateV1['readings'][number] {
  switch (t.kind) {
    case 'percentage': {
      const denominator = 100 + (i % 400);
      return { indicatorCode: t.indicatorCode, numerator: Math.floor((denominator * (60 + (i % 41))) / 100), denominator };
    }
    case 'boolean':
      return { indicatorCode: t.indicatorCode, value: i % 5 !== 0 };
    case 'count':
      return { indicatorCode: t.indicatorCode, value: t.min + (i % (Math.max(1, Math.min(t.max, t.min + 50) - t.min) + 1)) };
    default:
      return { indicatorCode: t.indicatorCode, value: t.min + ((i % 1000) / 1000) * (Math.min(t.max, t.min + 100) - t.min) };
  }
}

const MONTH_ENDS = Array.from({ length: 36 }, (_, k) => {
  const y = 2023 + Math.floor(k / 12);
  const m = (k % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${String(m).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
});

/** The (cell, criterion, indicator) combinations the rules accept, each with a reading of its kind. */
export function updateTemplates(ref: SubmissionReference): Template[] {
  const now = new Date();
  const out: Template[] = [];
  const version = [...ref.versions]
    .sort((a, b) => b.periodFrom.localeCompare(a.periodFrom))
    .find((v) => v.periodFrom <= '2023-01-31' && '2025-12-31' <= v.periodTo);
  if (!version) throw new Error('no catalogue version covers 2023–2025');
  const cells = [...ref.cells.values()].filter((c) => c.kind === 'hamlet' || c.kind === 'ward');
  for (const cell of cells) {
    for (const [key, ind] of ref.indicators) {
      const [v, criterionCode, indicatorCode] = key.split('/');
      if (v !== version.id) continue;
      const t: Template = { hamletCode: cell.id, criterionCode, indicatorCode, kind: ind.kind, min: ind.range?.min ?? 0, max: ind.range?.max ?? 1_000_000 };
      const candidate = makeUpdate(t, 0, 'probe');
      if (checkCriterionUpdate(candidate, ref, now).ok) out.push(t);
    }
  }
  if (out.length === 0) throw new Error('no valid (cell, criterion, indicator) in the seeded reference data');
  return out;
}

/** Update number `i` of a run: template `i` mod the templates, a month of 2023–2025, values varying with `i`. */
export function makeUpdate(t: Template, i: number, run: string): CriterionUpdateV1 {
  const asOf = MONTH_ENDS[Math.floor(i / 7) % MONTH_ENDS.length];
  const reported = new Date(`${asOf}T02:00:00.000Z`);
  reported.setUTCDate(reported.getUTCDate() + 2);
  reported.setUTCSeconds(i % 3600);
  return {
    eventId: stableUuid(`${run}/${i}`),
    schemaVersion: 1,
    hamletCode: t.hamletCode,
    criterionCode: t.criterionCode,
    readings: [readingFor(t, i)],
    asOf,
    reportedAt: reported.toISOString(),
    reportedBy: 'tinh.lich-su',
  };
}
