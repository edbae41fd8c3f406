/** Forecasting whole pledges from the readings history: the glue between readings, assessments and forecasts. */
import { getCriterion, getIndicator, readingSourceOf, type CatalogueIndex } from '../catalogue/lookup';
import { isoDateToUtcMs, type IsoDate } from '../shared/iso-date';
import { historyOf, type HistoryPoint } from '../readings/history';
import type { Reading } from '../readings/reading.types';
import { stateAsOf } from '../readings/state';
import { assessCriterion, createAssessmentContext } from '../status/assess';
import type { UnitIndex } from '../units/hierarchy';
import type { Pledge, PledgeItem } from '../pledges/pledge.types';
import { criterionProgressPoint, DEFAULT_FORECAST_OPTIONS, forecastPledgeItem, type ForecastOptions, type PledgeItemForecast } from './forecast';

/** What {@link pledgeItemHistory} and {@link forecastPledges} read. */
export interface PledgeHistoryInput {
  /** Every reading known (any order, corrections and duplicates included). */
  readonly readings: readonly Reading[];
  readonly catalogue: CatalogueIndex;
  readonly units: UnitIndex;
}

/**
 * The series a pledge item is forecast on:
 * - an indicator item: the cell's values of the indicator (of its `readingOf` source when it has one), one point
 *   per `asOf` from the newest report of that day;
 * - a whole-criterion item: for every day the cell reported one of the criterion's indicators, the share (0..100)
 *   of the criterion's indicators met on that day by the readings known to describe it ({@link criterionProgressPoint}).
 */
export function pledgeItemHistory(input: PledgeHistoryInput, pledge: Pledge, item: PledgeItem): HistoryPoint[] {
  const cellReadings = input.readings.filter((r) => r.hamletId === pledge.cellId);
  if (item.indicatorCode !== null) {
    const ref = { criterionCode: item.criterionCode, indicatorCode: item.indicatorCode };
    return historyOf(cellReadings, pledge.cellId, readingSourceOf(ref, getIndicator(input.catalogue, ref).indicator));
  }
  const criterion = getCriterion(input.catalogue, item.criterionCode);
  const sources = new Set(
    criterion.indicators
      .filter((i) => i.assessed)
      .map((i) => {
        const source = readingSourceOf({ criterionCode: criterion.code, indicatorCode: i.code }, i);
        return `${source.criterionCode}|${source.indicatorCode}`;
      }),
  );
  const relevant = cellReadings.filter((r) => sources.has(`${r.criterionCode}|${r.indicatorCode}`));
  const days = [...new Set(relevant.map((r) => r.asOf))].sort();
  return days.map((day) => {
    const ctx = createAssessmentContext({
      catalogue: input.catalogue,
      units: input.units,
      state: stateAsOf(relevant, day),
      now: new Date(isoDateToUtcMs(day)),
      asOf: day,
    });
    return criterionProgressPoint(assessCriterion(ctx, pledge.cellId, criterion.code), day);
  });
}

/** Forecasts every item of every pledge on `today` (see `forecastSeries` for the rule), in input order. */
export function forecastPledges(
  input: PledgeHistoryInput & { readonly pledges: readonly Pledge[]; readonly today: IsoDate },
  options: ForecastOptions = DEFAULT_FORECAST_OPTIONS,
): PledgeItemForecast[] {
  return input.pledges.flatMap((pledge) =>
    pledge.items.map((item) => forecastPledgeItem({ pledge, item, history: pledgeItemHistory(input, pledge, item), today: input.today }, options)),
  );
}
