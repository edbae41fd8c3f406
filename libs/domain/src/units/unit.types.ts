import type { IsoDate } from '../shared/iso-date';

/**
 * Kinds of administrative unit. `hamlet` is an ấp (rural), `ward` a khóm (urban residential group inside a
 * thị trấn; NOT a phường). Hamlets and wards are the "cells": each has one party cell (chi bộ) that pledges and reports.
 */
export type UnitKind = 'province' | 'district' | 'town' | 'commune' | 'hamlet' | 'ward';

/** All unit kinds, top-down. */
export const UNIT_KINDS = ['province', 'district', 'town', 'commune', 'hamlet', 'ward'] as const satisfies readonly UnitKind[];

/** An administrative unit, valid over a date range (units are temporal: the 2025 reform ended several). */
export interface Unit {
  /** Stable identity, never reused. Official code where one exists; `82-<code>` for units of the new province 82. */
  readonly id: string;
  /** Official GSO code, or a synthetic code for hamlets/wards (which have none). */
  readonly code: string;
  readonly codeIsSynthetic: boolean;
  readonly kind: UnitKind;
  /** Vietnamese name, NFC. */
  readonly name: string;
  /** Parent unit id; null for a root (a province). */
  readonly parentId: string | null;
  /** First day valid (inclusive). */
  readonly validFrom: IsoDate;
  /** True when the start date is not known and `validFrom` is an assumption (see seeds/FORMAT-NOTES.md). */
  readonly validFromAssumed: boolean;
  /** Last day valid (inclusive), or null while still valid. */
  readonly validTo: IsoDate | null;
  /** The name is not known for certain (shown as such in the UI). */
  readonly placeholder: boolean;
  /** Where the facts come from. */
  readonly source: string;
  /** Anything else (zone, area, population, ...), kept as JSON. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** How much of the predecessor went into the successor. */
export type SuccessionShare = 'whole' | 'part' | 'remainder';

/** A link from an old unit to a unit that took over (all or part of) its territory. */
export interface Succession {
  readonly predecessorId: string;
  readonly successorId: string;
  readonly effectiveOn: IsoDate;
  readonly share: SuccessionShare;
  readonly note: string;
}

/** The content of `seeds/units.json`. */
export interface UnitsFile {
  readonly units: readonly Unit[];
  readonly successions: readonly Succession[];
}
