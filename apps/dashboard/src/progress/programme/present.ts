import { FORECAST_STATUSES, type Criterion, type ForecastStatus, type FulfilmentOptions, type LocalisedText, type Unit } from '@pledge/domain';
import type { CriterionRefDto, ForecastCountsDto, PledgeSummaryDto, StandardSummaryDto, TextDto, UnitRefDto } from './common.dto';
import { cellScore, type CellView, type StandardView } from './programme-view';

/** Mapping libs/domain results to the API's shapes (no rules here: only selection and naming). */

export const t = (x: LocalisedText): TextDto => ({ vi: x.vi, en: x.en });

export function unitRef(u: Unit): UnitRefDto {
  return { id: u.id, code: u.code, name: u.name, kind: u.kind, placeholder: u.placeholder };
}

export function criterionRef(c: Criterion): CriterionRefDto {
  return { code: c.code, appliesTo: c.appliesTo, tier: c.tier, nameVi: c.nameVi, nameEn: c.nameEn, placeholder: c.placeholder };
}

/** A standard's outcome; `gaps` (the open criteria, a long line) only when asked for. */
export function standardSummary(s: StandardView | null, withGaps = true): StandardSummaryDto | null {
  if (!s) return null;
  return {
    tier: s.tier.code,
    status: s.status,
    label: t(s.label),
    metCriteria: s.metCriteria,
    totalCriteria: s.totalCriteria,
    ...(withGaps ? { gaps: t(s.gaps) } : {}),
  };
}

/** Forecast statuses in words. */
export const FORECAST_WORDS: Readonly<Record<ForecastStatus, TextDto>> = {
  met: { vi: 'đã đạt', en: 'met' },
  on_track: { vi: 'đúng tiến độ', en: 'on track' },
  at_risk: { vi: 'có nguy cơ chậm', en: 'at risk' },
  off_track: { vi: 'chậm tiến độ', en: 'off track' },
  overdue: { vi: 'quá hạn', en: 'overdue' },
  no_data: { vi: 'chưa có số liệu', en: 'no data' },
};

export function forecastCounts(statuses: readonly ForecastStatus[]): ForecastCountsDto {
  const counts = Object.fromEntries(FORECAST_STATUSES.map((s) => [s, 0])) as unknown as ForecastCountsDto;
  for (const s of statuses) counts[s]++;
  return counts;
}

export function pledgeSummary(cell: CellView, fulfilment: FulfilmentOptions): PledgeSummaryDto | null {
  if (!cell.pledge) return null;
  const forecasts = cell.items.flatMap((i) => (i.forecast ? [i.forecast] : []));
  return {
    items: forecasts.length,
    met: forecasts.filter((f) => f.status === 'met').length,
    metOnTime: forecasts.filter((f) => f.metOnTime).length,
    fulfilmentScore: cellScore(cell, fulfilment),
    forecast: forecastCounts(forecasts.map((f) => f.status)),
  };
}

/** One decimal, as the API reports percentages (0..100). */
export const percent1 = (fraction: number | null): number | null => (fraction === null ? null : Math.round(fraction * 1000) / 10);
