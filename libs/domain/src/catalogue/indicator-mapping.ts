/**
 * Carrying readings of the old catalogue over to the new one (issue 14): an administrator states, for each indicator
 * of the predecessor programme's catalogue (NTM-2021-2025), which indicator of the new catalogue it continues as, or
 * that it continues as none ("no mapping"). Readings are never rewritten: a reading of the old indicator is *read* as
 * a reading of the new one by the new programme's computation, marked with where it came from, until the reporting
 * unit reports the new indicator itself.
 *
 * A reading belongs to the catalogue version governing the day it describes (libs/domain catalogueVersionOn): for a
 * programme whose catalogue governs from `since`, a reading describing an earlier day is a reading of the old
 * catalogue, even when its codes equal a new indicator's (the test catalogue reuses the old codes), and it counts for
 * the new programme only through a mapping.
 */
import type { Indicator, IndicatorKind, IndicatorRef, ReporterLevel } from './catalogue.types';
import { findIndicator, indicatorKey, type CatalogueIndex } from './lookup';
import { compareReadings } from '../readings/ordering';
import type { Reading } from '../readings/reading.types';
import type { IsoDate } from '../shared/iso-date';

/** What was decided about an old indicator: mapped to a new one, explicitly none, or nothing yet. */
export type IndicatorMappingState = 'mapped' | 'none' | 'undecided';

/** An administrator's decision about one old indicator (`to` null: "no mapping", stated explicitly). */
export interface IndicatorMapping {
  readonly fromVersion: string;
  readonly from: IndicatorRef;
  readonly toVersion: string;
  readonly to: IndicatorRef | null;
  readonly note: string;
}

/** Where a carried reading comes from: the old catalogue version and indicator it was reported for. */
export interface CarriedFrom {
  readonly catalogueVersion: string;
  readonly criterionCode: string;
  readonly indicatorCode: string;
}

/** A reading of an old indicator read as a reading of the new indicator it is mapped to (own date and values kept). */
export interface CarriedReading extends Reading {
  readonly carriedFrom: CarriedFrom;
}

/** Whether a reading is carried over from the old catalogue. */
export function isCarried(reading: Reading): reading is CarriedReading {
  return (reading as Partial<CarriedReading>).carriedFrom !== undefined;
}

/** What {@link carryOverReadings} reads besides the readings. */
export interface CarryOver {
  /** The new catalogue version and the first day it governs (its period's first day). */
  readonly toVersion: string;
  readonly since: IsoDate;
  /** The old catalogue version (the predecessor programme's); null when the programme has no predecessor. */
  readonly fromVersion: string | null;
  /** The decisions recorded (those of other versions are ignored). */
  readonly mappings: readonly IndicatorMapping[];
}

/**
 * The readings a programme whose catalogue is `carry.toVersion` counts on `day`, from the readings of its units:
 * - a reading describing a day from `carry.since` on is a reading of the new catalogue: kept as it is;
 * - a reading describing an earlier day is a reading of the old catalogue: it counts only when its indicator is mapped
 *   to a new indicator, as a reading of that indicator (its own unit, date, values and event), marked `carriedFrom`,
 *   and only until the unit has a reading of the new indicator itself that is newer (describing a day up to `day`);
 *   an indicator mapped to "no mapping", or not decided, carries nothing.
 * Staleness then judges a carried reading by its own date, as any reading.
 */
export function carryOverReadings(readings: readonly Reading[], carry: CarryOver, day: IsoDate): Reading[] {
  const targets = new Map<string, IndicatorRef>();
  for (const m of carry.mappings)
    if (m.to !== null && m.fromVersion === carry.fromVersion && m.toVersion === carry.toVersion) targets.set(indicatorKey(m.from), m.to);
  const ownKey = (unitId: string, ref: IndicatorRef): string => `${unitId}|${indicatorKey(ref)}`;
  const newestOwn = new Map<string, Reading>();
  for (const r of readings) {
    if (r.asOf < carry.since || r.asOf > day) continue;
    const key = ownKey(r.hamletId, r);
    const current = newestOwn.get(key);
    if (!current || compareReadings(r, current) > 0) newestOwn.set(key, r);
  }
  const out: Reading[] = [];
  for (const r of readings) {
    if (r.asOf >= carry.since) {
      out.push(r);
      continue;
    }
    const to = carry.fromVersion === null ? undefined : targets.get(indicatorKey(r));
    if (!to) continue;
    const carried: CarriedReading = {
      ...r,
      criterionCode: to.criterionCode,
      indicatorCode: to.indicatorCode,
      carriedFrom: { catalogueVersion: carry.fromVersion!, criterionCode: r.criterionCode, indicatorCode: r.indicatorCode },
    };
    const own = newestOwn.get(ownKey(r.hamletId, to));
    if (own && compareReadings(own, carried) > 0) continue;
    out.push(carried);
  }
  return out;
}

/** {@link carryOverReadings} over readings by reporting unit (units left without readings are left out). */
export function carryOverReadingsByUnit(readings: ReadonlyMap<string, readonly Reading[]>, carry: CarryOver, day: IsoDate): Map<string, readonly Reading[]> {
  const out = new Map<string, readonly Reading[]>();
  for (const [unitId, list] of readings) {
    const kept = carryOverReadings(list, carry, day);
    if (kept.length > 0) out.set(unitId, kept);
  }
  return out;
}

/** One problem of a mapping request: the field, a code and a sentence in both languages. */
export interface MappingProblem {
  readonly field: string;
  readonly problem: string;
  readonly message: string;
  readonly messageEn: string;
}

const KIND_WORDS: Record<IndicatorKind, { vi: string; en: string }> = {
  percentage: { vi: 'tỷ lệ (%)', en: 'a percentage' },
  amount: { vi: 'số đo/số tiền', en: 'an amount' },
  count: { vi: 'số đếm', en: 'a count' },
  boolean: { vi: 'có/không', en: 'yes/no' },
};
const LEVEL_WORDS: Record<ReporterLevel, { vi: string; en: string }> = {
  cell: { vi: 'chi bộ ấp/khóm', en: 'cells' },
  commune: { vi: 'xã/thị trấn', en: 'communes' },
  district: { vi: 'huyện', en: 'the district' },
};

/** A unit as written, compared without case, surrounding or repeated spaces, or Unicode form. */
const sameUnit = (a: string, b: string): boolean => {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  return norm(a) === norm(b);
};

/**
 * Why a reading of `from` cannot be read as a reading of `to` (empty: they are compatible): the same kind
 * (percentage → percentage, …), the same unit, the same form (a fraction's numerator and denominator, or a value),
 * for fractions the same unit of numerator and denominator (households are not kilometres), the same reporting level
 * (a reading names its reporting unit), and both indicators with readings of their own (not judged on another one's).
 */
export function mappingIncompatibilities(from: Indicator, to: Indicator): Omit<MappingProblem, 'field'>[] {
  const out: Omit<MappingProblem, 'field'>[] = [];
  if (from.readingOf !== null || to.readingOf !== null) {
    const which = from.readingOf !== null ? from : to;
    const ref = which.readingOf!;
    out.push({
      problem: 'no_own_readings',
      message: `Chỉ tiêu ${which.code} không có số liệu riêng (dùng số liệu của ${ref.criterionCode} ${ref.indicatorCode}): không thể chuyển số liệu`,
      messageEn: `Indicator ${which.code} has no readings of its own (it is judged on ${ref.criterionCode} ${ref.indicatorCode}): nothing can carry over`,
    });
  }
  if (from.kind !== to.kind) {
    out.push({
      problem: 'incompatible_kind',
      message: `Chỉ tiêu cũ là ${KIND_WORDS[from.kind].vi}, chỉ tiêu mới là ${KIND_WORDS[to.kind].vi}: không cùng loại`,
      messageEn: `The old indicator is ${KIND_WORDS[from.kind].en}, the new one ${KIND_WORDS[to.kind].en}: not the same kind`,
    });
    return out;
  }
  if (!sameUnit(from.unit, to.unit))
    out.push({
      problem: 'incompatible_unit',
      message: `Đơn vị tính khác nhau: "${from.unit}" và "${to.unit}"`,
      messageEn: `Different units: "${from.unitEn ?? from.unit}" and "${to.unitEn ?? to.unit}"`,
    });
  if ((from.fraction === null) !== (to.fraction === null))
    out.push({
      problem: 'incompatible_form',
      message: from.fraction
        ? 'Chỉ tiêu cũ báo cáo bằng tử số/mẫu số, chỉ tiêu mới báo cáo một giá trị'
        : 'Chỉ tiêu cũ báo cáo một giá trị, chỉ tiêu mới báo cáo bằng tử số/mẫu số',
      messageEn: from.fraction
        ? 'The old indicator is reported as a numerator and a denominator, the new one as a value'
        : 'The old indicator is reported as a value, the new one as a numerator and a denominator',
    });
  else if (from.fraction && to.fraction && !sameUnit(from.fraction.unit, to.fraction.unit))
    out.push({
      problem: 'incompatible_denominator',
      message: `Tử số/mẫu số đếm những thứ khác nhau: "${from.fraction.unit}" và "${to.fraction.unit}"`,
      messageEn: `Numerator and denominator count different things: "${from.fraction.unit}" and "${to.fraction.unit}"`,
    });
  if (from.reportedBy !== to.reportedBy)
    out.push({
      problem: 'incompatible_reporter',
      message: `Chỉ tiêu cũ do ${LEVEL_WORDS[from.reportedBy].vi} báo cáo, chỉ tiêu mới do ${LEVEL_WORDS[to.reportedBy].vi} báo cáo`,
      messageEn: `The old indicator is reported by ${LEVEL_WORDS[from.reportedBy].en}, the new one by ${LEVEL_WORDS[to.reportedBy].en}`,
    });
  return out;
}

/** One decision as the caller sends it. */
export interface MappingInput {
  readonly from: IndicatorRef;
  readonly to: IndicatorRef | null;
  readonly note?: string | null;
}

/** What {@link checkIndicatorMappings} reads besides the decisions. */
export interface MappingContext {
  /** The predecessor programme's catalogue (the old indicators) and the programme's own (the new ones). */
  readonly fromCatalogue: CatalogueIndex;
  readonly toCatalogue: CatalogueIndex;
  /** The decisions recorded already between these two versions. */
  readonly stored: readonly IndicatorMapping[];
}

const refText = (r: IndicatorRef): string => `${r.criterionCode} ${r.indicatorCode}`;

/**
 * Checks decisions about old indicators and makes them mappings: each names an indicator of the old catalogue, once;
 * its target is null ("no mapping") or an indicator of the new catalogue compatible with it
 * ({@link mappingIncompatibilities}) that no other old indicator carries into (in the request, or recorded and not
 * decided again here: a new indicator's carried reading has one source). Every problem is listed, each naming its field.
 */
export function checkIndicatorMappings(
  inputs: readonly MappingInput[],
  ctx: MappingContext,
): { ok: true; mappings: IndicatorMapping[] } | { ok: false; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const fromVersion = ctx.fromCatalogue.catalogue.version;
  const toVersion = ctx.toCatalogue.catalogue.version;
  const add = (field: string, problem: string, message: string, messageEn: string): void => {
    problems.push({ field, problem, message, messageEn });
  };
  const decided = new Set(inputs.map((m) => indicatorKey(m.from)));
  const takenBy = new Map<string, IndicatorRef>();
  for (const s of ctx.stored)
    if (s.to !== null && s.fromVersion === fromVersion && s.toVersion === toVersion && !decided.has(indicatorKey(s.from)))
      takenBy.set(indicatorKey(s.to), s.from);
  const seen = new Set<string>();
  const mappings: IndicatorMapping[] = [];
  inputs.forEach((m, i) => {
    const at = `mappings[${i}]`;
    const old = findIndicator(ctx.fromCatalogue, m.from);
    if (!old)
      add(
        `${at}.from`,
        'unknown_indicator',
        `Không có chỉ tiêu ${refText(m.from)} trong bộ tiêu chí ${fromVersion}`,
        `No indicator ${refText(m.from)} in catalogue ${fromVersion}`,
      );
    const key = indicatorKey(m.from);
    if (seen.has(key)) add(`${at}.from`, 'duplicate', `Chỉ tiêu ${refText(m.from)} được nêu hai lần`, `Indicator ${refText(m.from)} is listed twice`);
    seen.add(key);
    if (m.to === null) {
      mappings.push({ fromVersion, from: m.from, toVersion, to: null, note: m.note ?? '' });
      return;
    }
    const next = findIndicator(ctx.toCatalogue, m.to);
    if (!next) {
      add(
        `${at}.to`,
        'unknown_indicator',
        `Không có chỉ tiêu ${refText(m.to)} trong bộ tiêu chí ${toVersion}`,
        `No indicator ${refText(m.to)} in catalogue ${toVersion}`,
      );
      return;
    }
    if (old) for (const p of mappingIncompatibilities(old.indicator, next.indicator)) add(`${at}.to`, p.problem, p.message, p.messageEn);
    const other = takenBy.get(indicatorKey(m.to));
    if (other)
      add(
        `${at}.to`,
        'target_taken',
        `Chỉ tiêu mới ${refText(m.to)} đã nhận số liệu của chỉ tiêu cũ ${refText(other)}`,
        `New indicator ${refText(m.to)} already carries the readings of old indicator ${refText(other)}`,
      );
    else takenBy.set(indicatorKey(m.to), m.from);
    mappings.push({ fromVersion, from: m.from, toVersion, to: m.to, note: m.note ?? '' });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, mappings };
}

/** One old indicator and what was decided about it. */
export interface IndicatorMappingStateRow {
  readonly from: IndicatorRef;
  readonly state: IndicatorMappingState;
  /** The new indicator (state `mapped`), else null. */
  readonly to: IndicatorRef | null;
  /** The decision recorded (null: undecided). */
  readonly mapping: IndicatorMapping | null;
}

/** Every indicator of the old catalogue, in catalogue order, with its state toward `toVersion`. */
export function indicatorMappingStates(fromCatalogue: CatalogueIndex, toVersion: string, stored: readonly IndicatorMapping[]): IndicatorMappingStateRow[] {
  const fromVersion = fromCatalogue.catalogue.version;
  const byKey = new Map(stored.filter((s) => s.fromVersion === fromVersion && s.toVersion === toVersion).map((s) => [indicatorKey(s.from), s]));
  return fromCatalogue.catalogue.criteria.flatMap((c) =>
    c.indicators.map((ind): IndicatorMappingStateRow => {
      const from = { criterionCode: c.code, indicatorCode: ind.code };
      const mapping = byKey.get(indicatorKey(from)) ?? null;
      return { from, state: mapping === null ? 'undecided' : mapping.to === null ? 'none' : 'mapped', to: mapping?.to ?? null, mapping };
    }),
  );
}
