/**
 * Which (district, day) pairs a change of some units' readings touches: a reading describing day d changes every
 * stored day from d on of its unit's district (the reading may be in force then, and the forecasts read the history
 * up to each day); units of a district that are all dirty make the whole day be recomputed.
 */
import type { IsoDate } from '@pledge/domain';
import { derivedDistricts, districtOf, isProgrammeDistrict, storedDaysOf, unitsOfDistrict, type ReferenceModel } from '../read-models/reference-model';
import type { DayWork } from './derive-rows';

/** The work of a round: day pairs, and the programme districts whose reporting summaries are recomputed. */
export interface Work {
  readonly work: DayWork[];
  readonly summaries: string[];
}

/**
 * The work for `dirty` units (unit → earliest day their new readings describe, null: every stored day). A district not
 * in `whole` (its stored days were computed with other reference data, or lack today's) is recomputed whole: every
 * unit, every stored day. Today's days come first (the views open on today), then the others, newest first.
 */
export function planWork(model: ReferenceModel, today: IsoDate | null, dirty: ReadonlyMap<string, IsoDate | null> | 'all', whole?: ReadonlySet<string>): Work {
  const derived = derivedDistricts(model, today);
  const byDistrict = new Map<string, { units: Set<string>; from: IsoDate | null; everything: boolean }>();
  if (dirty === 'all') for (const d of derived) byDistrict.set(d, { units: new Set(), from: null, everything: true });
  else {
    const known = new Set(derived);
    for (const [unit, from] of dirty) {
      const d = districtOf(model, unit);
      if (d === null || !known.has(d)) continue;
      const entry = byDistrict.get(d) ?? { units: new Set<string>(), from, everything: false };
      entry.units.add(unit);
      entry.from = entry.from === null || from === null ? null : from < entry.from ? from : entry.from;
      byDistrict.set(d, entry);
    }
  }
  const work: DayWork[] = [];
  const summaries: string[] = [];
  for (const [districtId, entry] of byDistrict) {
    if (whole && !whole.has(districtId)) {
      entry.everything = true;
      entry.from = null;
    }
    const all = entry.everything || entry.units.size >= unitsOfDistrict(model, districtId).length;
    const units: DayWork['units'] = all ? 'all' : entry.units;
    for (const day of storedDaysOf(model, districtId, today)) {
      if (entry.from !== null && day < entry.from) continue;
      work.push({ districtId, day, units });
    }
    if (isProgrammeDistrict(model, districtId)) summaries.push(districtId);
  }
  work.sort((a, b) => (a.day === today ? 0 : 1) - (b.day === today ? 0 : 1) || (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
  return { work, summaries };
}

/** Every stored (district, day) pair, as `district|day` keys (to delete the rows of pairs no longer stored). */
export function storedPairs(model: ReferenceModel, today: IsoDate | null): { districts: string[]; days: string[] } {
  const districts: string[] = [];
  const days: string[] = [];
  for (const d of derivedDistricts(model, today)) {
    for (const day of storedDaysOf(model, d, today)) {
      districts.push(d);
      days.push(day);
    }
  }
  return { districts, days };
}
