/**
 * A pledge item's forecast as the projector stores it. `forecastPledgeItem` depends on the day (expected progress
 * grows with time; after the due date an unmet item is overdue), so the stored row keeps what the readings
 * determine plus the two days on which the forecast turns `at_risk` and `off_track` between signing and the due
 * date. {@link pledgeItemStatusOn} then gives, for any day, exactly what `forecastPledgeItem` says on that day.
 *
 * Why two days suffice: before the due date, with data and the target not met, the status only ever moves from
 * on_track to at_risk to off_track as time passes (a projection's verdict does not depend on the day; yes/no
 * targets turn at_risk once `booleanAtRiskFrom` of the time is gone; otherwise the gap between expected and actual
 * progress only grows).
 */
import { addDays, daysBetween, type IsoDate } from '../shared/iso-date';
import type { HistoryPoint } from '../readings/history';
import type { Pledge, PledgeItem, PledgeTarget } from '../pledges/pledge.types';
import {
  DEFAULT_FORECAST_OPTIONS,
  forecastPledgeItem,
  type ForecastOptions,
  type ForecastStatus,
  type PledgeItemForecast,
} from '../forecast/forecast';

/** What is stored for a pledge item (see the module comment). */
export interface PledgeItemSnapshot {
  readonly itemId: string;
  readonly pledgeId: string;
  readonly cellId: string;
  readonly dueDate: IsoDate;
  readonly signedOn: IsoDate;
  /** The target the forecast uses (a whole-criterion item: `>= 100` % of its indicators met). */
  readonly target: PledgeTarget;
  readonly points: number;
  readonly latest: HistoryPoint | null;
  readonly baseline: HistoryPoint | null;
  /** The latest value meets the target. */
  readonly met: boolean;
  readonly firstMetOn: IsoDate | null;
  readonly metOnTime: boolean;
  /** As forecast on the due date (1 when met; null without data). */
  readonly actualProgress: number | null;
  readonly trendSlopePerDay: number | null;
  readonly projectedCompletion: IsoDate | null;
  /** First day in [signing, due] on which the forecast is at_risk or off_track; null if never. */
  readonly atRiskFrom: IsoDate | null;
  /** First day in [signing, due] on which it is off_track; null if never. */
  readonly offTrackFrom: IsoDate | null;
}

const BAD: Readonly<Record<ForecastStatus, number>> = { met: 0, no_data: 0, on_track: 0, at_risk: 1, off_track: 2, overdue: 3 };

/** The first day in [from, to] on which `bad(day)` holds, assuming it holds on a suffix of the range; null if never. */
function firstDay(from: IsoDate, to: IsoDate, bad: (day: IsoDate) => boolean): IsoDate | null {
  if (to < from || !bad(to)) return null;
  let lo = 0;
  let hi = daysBetween(from, to);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (bad(addDays(from, mid))) hi = mid;
    else lo = mid + 1;
  }
  return addDays(from, lo);
}

/** Builds the stored snapshot of a pledge item from its history (see `forecastPledgeItem` for `history`). */
export function pledgeItemSnapshot(
  input: { pledge: Pledge; item: PledgeItem; history: readonly HistoryPoint[] },
  options: ForecastOptions = DEFAULT_FORECAST_OPTIONS,
): PledgeItemSnapshot {
  const { pledge, item, history } = input;
  const on = (today: IsoDate): PledgeItemForecast => forecastPledgeItem({ pledge, item, history, today }, options);
  const atDue = on(item.dueDate);
  const start = pledge.signedOn < item.dueDate ? pledge.signedOn : item.dueDate;
  const open = atDue.status !== 'met' && atDue.latest !== null;
  // the domain's own forecast on each probed day (a binary search: about 2 × log2(days) forecasts per item)
  const level = (day: IsoDate): number => BAD[on(day).status];
  return {
    itemId: item.id,
    pledgeId: pledge.id,
    cellId: pledge.cellId,
    dueDate: item.dueDate,
    signedOn: pledge.signedOn,
    target: item.indicatorCode === null ? { comparator: '>=', value: 100 } : item.target,
    points: history.length,
    latest: atDue.latest,
    baseline: atDue.baseline,
    met: atDue.status === 'met',
    firstMetOn: atDue.firstMetOn,
    metOnTime: atDue.metOnTime,
    actualProgress: atDue.actualProgress,
    trendSlopePerDay: atDue.trend?.slopePerDay ?? null,
    projectedCompletion: atDue.projectedCompletion,
    atRiskFrom: open ? firstDay(start, item.dueDate, (d) => level(d) >= 1) : null,
    offTrackFrom: open ? firstDay(start, item.dueDate, (d) => level(d) >= 2) : null,
  };
}

/**
 * The forecast status of a stored pledge item on `day` (equals `forecastPledgeItem(...).status` on that day).
 * Days before signing count as the signing day (expected progress is 0 on both).
 */
export function pledgeItemStatusOn(
  s: Pick<PledgeItemSnapshot, 'met' | 'dueDate' | 'signedOn' | 'latest' | 'atRiskFrom' | 'offTrackFrom'>,
  day: IsoDate,
): ForecastStatus {
  if (s.met) return 'met';
  if (day > s.dueDate) return 'overdue';
  if (s.latest === null) return 'no_data';
  const d = day < s.signedOn ? s.signedOn : day;
  if (s.offTrackFrom !== null && d >= s.offTrackFrom) return 'off_track';
  if (s.atRiskFrom !== null && d >= s.atRiskFrom) return 'at_risk';
  return 'on_track';
}
