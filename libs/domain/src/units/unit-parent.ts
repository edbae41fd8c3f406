/**
 * Dated parents (issue 14): a unit's parent over time. The cells (hamlets and wards) keep their id and their history
 * when their commune is merged: on 01/07/2025 each cell of an old commune continues under the new commune that took
 * the old one over whole. Where the old commune was split (a "part" went to one successor, the "remainder" to
 * another), which of its hamlets went where is not known here: those cells get no parent from that day and are listed
 * as needing an administrator's decision, never guessed.
 */
import { addDays, type IsoDate } from '../shared/iso-date';
import type { Succession, Unit, UnitsFile } from './unit.types';
import { CELL_KINDS } from './hierarchy';

/** One period of a unit under one parent (both ends inclusive; validTo null while it holds). */
export interface UnitParent {
  readonly unitId: string;
  readonly parentId: string;
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | null;
  /** Why: "admin_unit" (the unit's own parent), "succession" (carried to the successor), or an administrator's change. */
  readonly source: string;
}

/** A cell whose new parent nobody can tell from the data: its old commune was split. */
export interface PendingParentDecision {
  readonly unitId: string;
  readonly formerParentId: string;
  readonly effectiveOn: IsoDate;
  /** The successors the old commune's territory went to (any of them may be the cell's new parent). */
  readonly candidates: readonly { readonly successorId: string; readonly share: Succession['share'] }[];
  readonly note: string;
}

/**
 * The dated parents implied by the units and their successions:
 * - every unit with a parent gets that parent from its first valid day until the earlier of its own and its parent's
 *   last day;
 * - a cell whose commune ended and passed whole to one successor (every succession of the commune on that day is
 *   `whole` and names the same successor) continues under that successor from the succession day, open-ended;
 * - a cell whose commune was split gets no parent from that day: it is returned in `pending`.
 */
export function unitParentsFromUnits(file: UnitsFile): { parents: UnitParent[]; pending: PendingParentDecision[] } {
  const byId = new Map<string, Unit>(file.units.map((u) => [u.id, u]));
  const parents: UnitParent[] = [];
  const pending: PendingParentDecision[] = [];
  for (const u of file.units) {
    if (u.parentId === null) continue;
    const parent = byId.get(u.parentId);
    const ends = [u.validTo, parent?.validTo ?? null].filter((d): d is IsoDate => d !== null).sort();
    parents.push({ unitId: u.id, parentId: u.parentId, validFrom: u.validFrom, validTo: ends[0] ?? null, source: 'admin_unit' });
    if (!CELL_KINDS.includes(u.kind) || !parent || parent.validTo === null) continue;
    const effectiveOn = addDays(parent.validTo, 1);
    const successions = file.successions.filter((s) => s.predecessorId === parent.id && s.effectiveOn === effectiveOn);
    if (successions.length === 0) continue;
    const successorIds = [...new Set(successions.map((s) => s.successorId))];
    if (successorIds.length === 1 && successions.every((s) => s.share === 'whole')) {
      parents.push({ unitId: u.id, parentId: successorIds[0], validFrom: effectiveOn, validTo: null, source: 'succession' });
    } else {
      pending.push({
        unitId: u.id,
        formerParentId: parent.id,
        effectiveOn,
        candidates: successions.map((s) => ({ successorId: s.successorId, share: s.share })),
        note: successions.map((s) => s.note).find((n) => n) ?? '',
      });
    }
  }
  return { parents, pending };
}

/** The parent of `unitId` on `day` (null when it has none that day: a root, or a cell awaiting a decision). */
export function parentOn(parents: readonly UnitParent[], unitId: string, day: IsoDate): string | null {
  for (const p of parents) if (p.unitId === unitId && p.validFrom <= day && (p.validTo === null || day <= p.validTo)) return p.parentId;
  return null;
}

/** The units under `parentId` on `day`, in the order of `parents`. */
export function childrenOnDay(parents: readonly UnitParent[], parentId: string, day: IsoDate): string[] {
  const out: string[] = [];
  for (const p of parents)
    if (p.parentId === parentId && p.validFrom <= day && (p.validTo === null || day <= p.validTo) && !out.includes(p.unitId)) out.push(p.unitId);
  return out;
}

/**
 * Moves a unit to a new parent from `day` (an administrator's decision, a merge or a split): the period in force on
 * `day` ends the day before, the new one starts on `day`. Periods after `day` are kept (a later decision stays). Returns
 * the new list; nothing is rewritten before `day`.
 */
export function moveUnit(parents: readonly UnitParent[], unitId: string, newParentId: string, day: IsoDate, source: string): UnitParent[] {
  const later = parents
    .filter((p) => p.unitId === unitId && p.validFrom > day)
    .map((p) => p.validFrom)
    .sort()[0];
  const out: UnitParent[] = [];
  for (const p of parents) {
    if (p.unitId !== unitId || p.validFrom > day || (p.validTo !== null && p.validTo < day)) {
      out.push(p);
      continue;
    }
    if (p.validFrom < day) out.push({ ...p, validTo: addDays(day, -1) });
  }
  out.push({ unitId, parentId: newParentId, validFrom: day, validTo: later ? addDays(later, -1) : null, source });
  return out;
}
