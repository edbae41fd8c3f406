/**
 * Is a pledge item met? Reminders stop chasing an item once it is. The projector derives this for every item
 * (rm_pledge_item_status.met, from libs/domain `forecastPledgeItem`); this is the same rule for one reading, used
 * when that row is not there yet: the item's current reading (the newest, as rm_reading holds it) meets the item's
 * target, compared as `forecastSeries` compares the latest value (fractions as percentages, yes/no as 1/0).
 * A whole-criterion item cannot be judged from one reading: it counts as met only through the derived row.
 */
import type { PledgeTarget } from '../pledges/pledge.types';
import { compareWithThreshold } from '../catalogue/threshold';
import { numericValueOf, type ReadingMeasure } from '../readings/reading.types';

/** True when a reading measuring `measure` meets `target`; false without a number (0/0). */
export function pledgeTargetMetBy(measure: ReadingMeasure, target: PledgeTarget): boolean {
  const value = numericValueOf(measure);
  if (value === null) return false;
  const goal = typeof target.value === 'boolean' ? (target.value ? 1 : 0) : target.value;
  return compareWithThreshold(value, target.comparator, goal);
}
