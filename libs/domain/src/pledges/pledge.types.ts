import type { Comparator, ThresholdValue } from '../catalogue/catalogue.types';
import type { IsoDate } from '../shared/iso-date';

/** What a pledge item commits to: the value `comparator` `value` (e.g. ≥ 95 for a percentage, == true for yes/no). */
export interface PledgeTarget {
  readonly comparator: Comparator;
  readonly value: ThresholdValue;
}

/**
 * One pledged item: an indicator (criterionCode + indicatorCode) to bring to a target, or a whole criterion
 * (indicatorCode null, target `== true`: "the criterion is met") by a due date.
 */
export interface PledgeItem {
  readonly id: string;
  readonly criterionCode: string;
  readonly indicatorCode: string | null;
  readonly target: PledgeTarget;
  /** On or before the catalogue's deadline. */
  readonly dueDate: IsoDate;
  readonly note: string | null;
}

/** A cell's emulation pledge (giao ước thi đua), signed in 2023. */
export interface Pledge {
  readonly id: string;
  /** The hamlet/ward cell that signed. */
  readonly cellId: string;
  readonly catalogueVersion: string;
  readonly signedOn: IsoDate;
  /** Items, content or dates invented (illustrative data). */
  readonly placeholder: boolean;
  readonly source: string | null;
  readonly items: readonly PledgeItem[];
}

/** The content of `seeds/pledges.json`. */
export interface PledgesFile {
  readonly pledges: readonly Pledge[];
}
