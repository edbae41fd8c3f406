/**
 * Walking the administrative hierarchy on a given date. Every walk takes the date explicitly: a unit takes part
 * only when it is valid on that date (validFrom ≤ date ≤ validTo).
 */
import { minIsoDate, type IsoDate } from '../shared/iso-date';
import type { Succession, Unit, UnitKind, UnitsFile } from './unit.types';

/** Kinds whose units are party cells that pledge and report (ấp and khóm). */
export const CELL_KINDS: readonly UnitKind[] = ['hamlet', 'ward'];

/** Kinds at commune level (xã and thị trấn). */
export const COMMUNE_LEVEL_KINDS: readonly UnitKind[] = ['commune', 'town'];

/** True for hamlets and wards (the cells). */
export function isCell(unit: Unit): boolean {
  return CELL_KINDS.includes(unit.kind);
}

/** True for communes and towns. */
export function isCommuneLevel(unit: Unit): boolean {
  return COMMUNE_LEVEL_KINDS.includes(unit.kind);
}

/** True when `unit` is valid on `date` (both ends inclusive). */
export function isValidOn(unit: Unit, date: IsoDate): boolean {
  return unit.validFrom <= date && (unit.validTo === null || date <= unit.validTo);
}

/** An index over units and successions for fast walks. Build it once with {@link indexUnits}. */
export interface UnitIndex {
  readonly byId: ReadonlyMap<string, Unit>;
  readonly childrenById: ReadonlyMap<string, readonly Unit[]>;
  readonly successions: readonly Succession[];
}

/** Builds a {@link UnitIndex}; children keep the order of the input. */
export function indexUnits(file: UnitsFile): UnitIndex {
  const byId = new Map<string, Unit>();
  const childrenById = new Map<string, Unit[]>();
  for (const unit of file.units) {
    byId.set(unit.id, unit);
    if (unit.parentId !== null) {
      const siblings = childrenById.get(unit.parentId) ?? [];
      siblings.push(unit);
      childrenById.set(unit.parentId, siblings);
    }
  }
  return { byId, childrenById, successions: file.successions };
}

/** The unit with this id; throws a RangeError naming the id when unknown. */
export function getUnit(index: UnitIndex, id: string): Unit {
  const unit = index.byId.get(id);
  if (!unit) throw new RangeError(`Unknown unit ${id}`);
  return unit;
}

/** Direct children of `id` valid on `date`. */
export function childrenOn(index: UnitIndex, id: string, date: IsoDate): Unit[] {
  return (index.childrenById.get(id) ?? []).filter((u) => isValidOn(u, date));
}

/**
 * All descendants of `id` valid on `date` (depth-first, input order), optionally only those of `kinds`.
 * A descendant is reached only through parents that are valid on `date` too.
 */
export function descendantsOn(index: UnitIndex, id: string, date: IsoDate, kinds?: readonly UnitKind[]): Unit[] {
  const out: Unit[] = [];
  const visit = (parentId: string): void => {
    for (const child of childrenOn(index, parentId, date)) {
      if (!kinds || kinds.includes(child.kind)) out.push(child);
      visit(child.id);
    }
  };
  visit(id);
  return out;
}

/** The cells (hamlets and wards) of a unit on `date`; a cell's own cells are itself. */
export function cellsOn(index: UnitIndex, id: string, date: IsoDate): Unit[] {
  const unit = getUnit(index, id);
  if (isCell(unit)) return isValidOn(unit, date) ? [unit] : [];
  return descendantsOn(index, id, date, CELL_KINDS);
}

/** Ancestors of `id`, nearest first (the parent chain as stored; validity is not checked). */
export function ancestorsOf(index: UnitIndex, id: string): Unit[] {
  const out: Unit[] = [];
  let current = getUnit(index, id);
  while (current.parentId !== null) {
    current = getUnit(index, current.parentId);
    out.push(current);
  }
  return out;
}

/** The nearest ancestor of `id` of one of `kinds`, or null. */
export function ancestorOfKind(index: UnitIndex, id: string, kinds: readonly UnitKind[]): Unit | null {
  return ancestorsOf(index, id).find((u) => kinds.includes(u.kind)) ?? null;
}

/** Succession links leaving `id` (its successors). */
export function successorsOf(index: UnitIndex, id: string): Succession[] {
  return index.successions.filter((s) => s.predecessorId === id);
}

/** Succession links arriving at `id` (its predecessors). */
export function predecessorsOf(index: UnitIndex, id: string): Succession[] {
  return index.successions.filter((s) => s.successorId === id);
}

/**
 * The date on which to read the structure under `unit` for a view "as of" `asOf`: `asOf` itself while the unit
 * is valid, otherwise the unit's last valid day. The 2023–2025 pledges belong to Huyện Thanh Bình, which ended
 * on 2025-06-30; a view as of 2025-12-31 therefore walks the district as it stood on 2025-06-30, while readings
 * up to 2025-12-31 still count.
 */
export function structureDateFor(unit: Unit, asOf: IsoDate): IsoDate {
  return unit.validTo === null ? asOf : minIsoDate(asOf, unit.validTo);
}
