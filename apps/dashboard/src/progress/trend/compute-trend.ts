import {
  applyReadings,
  assessDistrictStandard,
  assessUnitStandard,
  baseTierFor,
  cellsOn,
  childrenOn,
  createAssessmentContext,
  daysBetween,
  EMPTY_READINGS_STATE,
  forecastDistrict,
  forecastPledgeItem,
  isCommuneLevel,
  leastSquaresTrend,
  pledgeItemHistory,
  structureDateFor,
  type DistrictForecast,
  type HistoryPoint,
  type IsoDate,
  type LinearTrend,
  type Pledge,
  type PledgeItem,
  type PledgeItemForecast,
  type ReadingsState,
  type Reading,
  type TierAssessment,
} from '@pledge/domain';
import { districtOf, type ProgrammeReference } from '../programme/programme-reference';

/** How far apart the points of a trend are. */
export type TrendStep = 'month' | 'quarter';
export const TREND_STEPS: readonly TrendStep[] = ['month', 'quarter'];

/** The programme on one day of the trend (the same figures as GET /api/v1/progress?asOf= that day). */
export interface TrendPoint {
  readonly asOf: IsoDate;
  /** Overall progress 0..1 (libs/domain assessDistrictStandard), null when not applicable. */
  readonly progress: number | null;
  readonly checksMet: number;
  readonly checksTotal: number;
  /** Communes and the town whose base standard (commune NTM / town civilised-urban) is met. */
  readonly communesAtStandard: number;
  readonly communes: number;
  /** Each district condition: met or not, and its units at tier (share conditions). */
  readonly conditions: readonly { code: string; status: string; unitsAtTier: number | null; unitsTotal: number | null; checksMet: number; checksTotal: number }[];
  /** libs/domain forecastDistrict over the pledge items on that day. */
  readonly pledges: DistrictForecast;
}

/** A straight line toward the deadline: from the last point to the value projected for the deadline. */
export interface ForecastLine {
  readonly method: 'projected_completion' | 'least_squares' | 'none';
  readonly points: readonly HistoryPoint[];
}

export interface Trend {
  readonly version: string;
  readonly asOf: IsoDate;
  readonly from: IsoDate;
  readonly deadline: IsoDate;
  readonly firstSigning: IsoDate | null;
  readonly every: TrendStep;
  readonly points: readonly TrendPoint[];
  /** The overall figure's least-squares trend (percent 0..100) carried to the deadline; empty once the view date reached it. */
  readonly overallForecast: ForecastLine;
  /** Pledge fulfilment (percent 0..100) toward the deadline from forecastDistrict on the view date (see {@link pledgeForecastLine}). */
  readonly pledgesForecast: ForecastLine;
  readonly readings: number;
  /** Points computed now (the others were reused from the memo). */
  readonly computedPoints: number;
  readonly computeMs: number;
}

const lastDayOfMonth = (monthIndex: number): IsoDate => new Date(Date.UTC(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 0)).toISOString().slice(0, 10);

/**
 * The days of a trend: every month (or quarter) end on or after `from` and before `asOf`, then `asOf` itself.
 * Quarters are calendar quarters (31/03, 30/06, 30/09, 31/12).
 */
export function trendDates(from: IsoDate, asOf: IsoDate, every: TrendStep): IsoDate[] {
  const step = every === 'quarter' ? 3 : 1;
  const out: IsoDate[] = [];
  let m = Math.floor((Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1) / step) * step + step - 1;
  for (let day = lastDayOfMonth(m); day < asOf; m += step, day = lastDayOfMonth(m)) if (day >= from) out.push(day);
  out.push(asOf);
  return out;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const round1 = (x: number): number => Math.round(x * 10) / 10;
const valueAt = (trend: LinearTrend, day: IsoDate): number => clamp(trend.intercept + trend.slopePerDay * daysBetween(trend.origin, day), 0, 100);

function leastSquaresLine(series: readonly HistoryPoint[], deadline: IsoDate): ForecastLine {
  const last = series[series.length - 1];
  const trend = leastSquaresTrend(series);
  if (!last || !trend || last.asOf >= deadline) return { method: 'none', points: [] };
  return { method: 'least_squares', points: [last, { asOf: deadline, value: round1(valueAt(trend, deadline)) }] };
}

/**
 * The pledges' forecast line: with a projected completion from forecastDistrict (every open item has a trend
 * reaching its target), a straight line from the fulfilment on the view date to 100% on that day, cut at the
 * deadline; without one (some item has no trend yet), the least-squares trend of the fulfilment points.
 */
export function pledgeForecastLine(series: readonly HistoryPoint[], forecast: DistrictForecast, deadline: IsoDate): ForecastLine {
  const last = series[series.length - 1];
  if (!last || last.asOf >= deadline) return { method: 'none', points: [] };
  const projected = forecast.projectedCompletion;
  if (projected !== null && projected > last.asOf) {
    if (projected <= deadline) return { method: 'projected_completion', points: [last, { asOf: projected, value: 100 }, { asOf: deadline, value: 100 }] };
    const share = daysBetween(last.asOf, deadline) / daysBetween(last.asOf, projected);
    return { method: 'projected_completion', points: [last, { asOf: deadline, value: round1(last.value + (100 - last.value) * share) }] };
  }
  return leastSquaresLine(series, deadline);
}

interface ItemSeries {
  readonly pledge: Pledge;
  readonly item: PledgeItem;
  readonly history: readonly HistoryPoint[];
}

/**
 * What one trend computation leaves for the next (kept by the caller between requests):
 * - the points, per catalogue version and day, with the fingerprint of the readings describing days up to it: a
 *   point depends only on the reference data, its day and those readings, so it is reused while they are the same
 *   (a report about December leaves every earlier point as it was);
 * - the pledge items' series per cell, reused while the cell's readings are the same (ReadingsSnapshot.unitToken).
 */
export interface TrendMemo {
  readonly points: Map<string, { reference: ProgrammeReference; fingerprint: string; point: TrendPoint }>;
  readonly series: WeakMap<ProgrammeReference, Map<string, { token: object | undefined; series: ItemSeries[] }>>;
}

export function createTrendMemo(): TrendMemo {
  return { points: new Map(), series: new WeakMap() };
}

/** Bound on the memo (points of a few versions and view dates). */
const MAX_MEMO_ENTRIES = 2000;

/**
 * A number standing for a reading's identity in the fingerprint of a point (count, sum and xor of these over the
 * readings up to its day): eventIds are random UUIDs, so 64 of their bits tell events apart, and a recorded reading
 * never changes (readings are only ever added; a rebuild reproduces them).
 */
function readingHash(r: Reading): number {
  const a = parseInt(r.eventId.slice(0, 8), 16);
  const b = parseInt(r.eventId.slice(-8), 16);
  if (Number.isNaN(a) || Number.isNaN(b)) {
    let h = 0x811c9dc5;
    for (let i = 0; i < r.eventId.length; i++) h = Math.imul(h ^ r.eventId.charCodeAt(i), 0x01000193);
    return (h ^ r.indicatorCode.length) >>> 0;
  }
  return (a ^ Math.imul(b, 31) ^ r.indicatorCode.length) >>> 0;
}

/** The readings a trend folds: every recorded reading (any order), and the per-unit change tokens of ReadingsSource. */
export interface TrendReadings {
  readonly history: readonly Reading[];
  unitToken?(unitId: string): object | undefined;
}

/**
 * The trend of the programme from its first signing to the view date, in ONE pass over the readings history: the
 * readings (rm_reading_history up to the view date) are sorted by the day they describe and folded with
 * libs/domain's applyReadings date by date, so the state on each day is `stateAsOf(history, day)` — the state
 * GET /api/v1/progress?asOf=day assesses — without re-reading anything. On each day the district standard is
 * assessed (assessDistrictStandard) and the pledge items forecast (forecastPledgeItem on each item's series cut at
 * that day; a point of an item's series depends only on readings describing days up to it), then combined with
 * forecastDistrict, exactly as the progress view does. With a {@link TrendMemo}, points and series whose inputs did
 * not change since the last computation are reused.
 */
export function computeTrend(
  ref: ProgrammeReference,
  input: TrendReadings,
  opts: { version: string; asOf: IsoDate; every: TrendStep; now: Date },
  memo: TrendMemo = createTrendMemo(),
): Trend {
  const started = Date.now();
  const catalogue = ref.catalogues.get(opts.version);
  if (!catalogue) throw new RangeError(`Unknown catalogue version ${opts.version}`);
  const pledges = ref.pledges.filter((p) => p.catalogueVersion === opts.version);
  const district = districtOf(ref, pledges);
  if (!district) throw new RangeError('No district in the units');
  const deadline = catalogue.catalogue.deadline;
  const firstSigning = pledges.map((p) => p.signedOn).sort()[0] ?? null;
  const from = `${(firstSigning ?? catalogue.catalogue.periodFrom).slice(0, 7)}-01`;
  const dates = trendDates(from, opts.asOf, opts.every);

  const readings = input.history.filter((r) => r.asOf <= opts.asOf).sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  const pledgeByCell = new Map(pledges.map((p) => [p.cellId, p]));
  let seriesMemo = memo.series.get(ref);
  if (!seriesMemo) memo.series.set(ref, (seriesMemo = new Map()));
  if (seriesMemo.size > MAX_MEMO_ENTRIES) seriesMemo.clear();
  if (memo.points.size > MAX_MEMO_ENTRIES) memo.points.clear();
  let byUnit: Map<string, Reading[]> | null = null;
  const seriesOf = (pledge: Pledge): ItemSeries[] => {
    const key = `${opts.version}|${opts.asOf}|${pledge.cellId}`;
    const token = input.unitToken?.(pledge.cellId);
    const known = seriesMemo.get(key);
    if (known && input.unitToken && known.token === token) return known.series;
    if (!byUnit) {
      byUnit = new Map();
      for (const r of readings) {
        const list = byUnit.get(r.hamletId);
        if (list) list.push(r);
        else byUnit.set(r.hamletId, [r]);
      }
    }
    const cellReadings = byUnit.get(pledge.cellId) ?? [];
    const series = pledge.items
      .filter((item) => ref.itemStates.get(item.id)?.status !== 'waived')
      .map((item) => ({ pledge, item, history: pledgeItemHistory({ readings: cellReadings, catalogue, units: ref.unitIndex }, pledge, item) }));
    seriesMemo.set(key, { token, series });
    return series;
  };

  const points: TrendPoint[] = [];
  let state: ReadingsState = EMPTY_READINGS_STATE;
  let next = 0;
  let count = 0;
  let sum = 0;
  let xor = 0;
  let computed = 0;
  for (const day of dates) {
    let end = next;
    while (end < readings.length && readings[end].asOf <= day) {
      const h = readingHash(readings[end]);
      sum = (sum + h) >>> 0;
      xor = (xor ^ h) >>> 0;
      count++;
      end++;
    }
    if (end > next) state = applyReadings(state, readings.slice(next, end));
    next = end;
    const fingerprint = `${count}:${sum}:${xor}`;
    const pointKey = `${opts.version}|${day}`;
    const known = memo.points.get(pointKey);
    if (known && known.reference === ref && known.fingerprint === fingerprint) {
      points.push(known.point);
      continue;
    }

    const ctx = createAssessmentContext({ catalogue, units: ref.unitIndex, state, now: opts.now, asOf: day, recognitions: ref.recognitionIndex });
    const standard = assessDistrictStandard(ctx, district.id);
    const assessed = new Map<string, TierAssessment>();
    for (const c of standard.conditions) for (const u of c.units) assessed.set(`${u.unitId}|${u.tier.code}`, u);
    const structureDate = structureDateFor(district, day);
    const forecasts: PledgeItemForecast[] = [];
    let communes = 0;
    let communesAtStandard = 0;
    for (const commune of childrenOn(ref.unitIndex, district.id, structureDate).filter(isCommuneLevel)) {
      communes++;
      const tier = baseTierFor(catalogue, commune.kind);
      if (tier?.rule.type === 'criteria') {
        const s = assessed.get(`${commune.id}|${tier.code}`) ?? assessUnitStandard(ctx, commune.id);
        if (s?.status === 'met') communesAtStandard++;
      }
      for (const cell of cellsOn(ref.unitIndex, commune.id, structureDate)) {
        const pledge = pledgeByCell.get(cell.id);
        if (!pledge) continue;
        for (const s of seriesOf(pledge)) {
          const upTo = s.history.length && s.history[s.history.length - 1].asOf > day ? s.history.filter((p) => p.asOf <= day) : s.history;
          forecasts.push(forecastPledgeItem({ pledge: s.pledge, item: s.item, history: upTo, today: day }));
        }
      }
    }
    const point: TrendPoint = {
      asOf: day,
      progress: standard.progress,
      checksMet: standard.checks.met,
      checksTotal: standard.checks.total,
      communesAtStandard,
      communes,
      conditions: standard.conditions.map((c) => ({
        code: c.condition.code,
        status: c.status,
        unitsAtTier: c.unitsAtTier,
        unitsTotal: c.unitsTotal,
        checksMet: c.checks.met,
        checksTotal: c.checks.total,
      })),
      pledges: forecastDistrict(forecasts, { firstSigning: firstSigning ?? catalogue.catalogue.periodFrom, deadline, today: day }),
    };
    memo.points.set(pointKey, { reference: ref, fingerprint, point });
    computed++;
    points.push(point);
  }

  const overallSeries = points.filter((p) => p.progress !== null).map((p) => ({ asOf: p.asOf, value: round1(p.progress! * 100) }));
  const pledgeSeries = points.map((p) => ({ asOf: p.asOf, value: round1(p.pledges.actualProgress * 100) }));
  const last = points[points.length - 1];
  return {
    version: opts.version,
    asOf: opts.asOf,
    from,
    deadline,
    firstSigning,
    every: opts.every,
    points,
    overallForecast: leastSquaresLine(overallSeries, deadline),
    pledgesForecast: pledgeForecastLine(pledgeSeries, last.pledges, deadline),
    readings: readings.length,
    computedPoints: computed,
    computeMs: Date.now() - started,
  };
}
