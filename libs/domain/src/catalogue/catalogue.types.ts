/**
 * The criteria catalogue: one version per programme period (NTM-2021-2025 now; NTM-2026-2030 later as another
 * data file). Everything that is a rule of the programme (which criteria, which indicators, thresholds, how hamlet
 * figures roll up, which tiers and district conditions exist) is data here, never a constant in code.
 */
import type { IsoDate } from '../shared/iso-date';
import type { LocalisedText } from '../shared/localised-text';
import type { UnitKind } from '../units/unit.types';

/** What an indicator measures. */
export type IndicatorKind = 'percentage' | 'amount' | 'count' | 'boolean';

/** How a value is compared with its threshold (value `comparator` threshold). */
export type Comparator = '>=' | '<=' | '==' | '>' | '<';

/**
 * How sure we are of a threshold or a rule (see the reference's legend): `found` in the official text,
 * `found_secondary` in a secondary source citing it, from memory (high, medium, low), or `unknown`.
 */
export const THRESHOLD_CONFIDENCES = ['found', 'found_secondary', 'memory_high', 'memory_medium', 'memory_low', 'unknown'] as const;

/** One of {@link THRESHOLD_CONFIDENCES}. */
export type ThresholdConfidence = (typeof THRESHOLD_CONFIDENCES)[number];

/** A threshold: a number for percentage/amount/count, a boolean for yes/no indicators. */
export type ThresholdValue = number | boolean;

/** Who submits readings of an indicator: the cell secretary, the commune officer, or the district. */
export type ReporterLevel = 'cell' | 'commune' | 'district';

/** The level a criterion (or tier) applies to. */
export type CriterionScope = Extract<UnitKind, 'commune' | 'hamlet' | 'ward' | 'district' | 'town'>;

/**
 * Level within a criteria set: `ntm` is the base standard; `advanced` (nâng cao) and `model` (kiểu mẫu) build on it;
 * `condition` holds measures that only a district condition uses (e.g. residents' satisfaction), not a tier's criteria.
 */
export type CriterionTier = 'ntm' | 'advanced' | 'model' | 'condition';

/** Points at one indicator of one criterion. */
export interface IndicatorRef {
  readonly criterionCode: string;
  readonly indicatorCode: string;
}

/**
 * How readings of the cells of a unit combine into the unit's value (hamlet → commune, ward → town):
 * - `ratio`: Σ numerators / Σ denominators × 100 (never the mean of the cells' percentages);
 * - `weighted_mean`: Σ(value × weight) / Σ weight, the weight being the cell's latest reading of `weightBy`;
 * - `sum`, `min`, `max`: over the cells' values;
 * - `all`, `any`: yes/no, every / at least one cell says yes;
 * - `share`: yes/no, the share of cells saying yes is at least `atLeast` (a fraction 0..1; null = unknown level);
 * - `none`: not aggregated; the value is reported directly by the unit the criterion applies to.
 */
export type RollupRule =
  | { readonly method: 'ratio' }
  | { readonly method: 'weighted_mean'; readonly weightBy: IndicatorRef }
  | { readonly method: 'sum' }
  | { readonly method: 'min' }
  | { readonly method: 'max' }
  | { readonly method: 'all' }
  | { readonly method: 'any' }
  | { readonly method: 'share'; readonly atLeast: number | null }
  | { readonly method: 'none' };

/** The rollup methods. */
export type RollupMethod = RollupRule['method'];

/**
 * A threshold that applies only from a year and/or to units with given attributes (e.g. income levels that rise
 * each year; thresholds that differ by commune group in 2026–2030). See {@link resolveThreshold}.
 */
export interface ThresholdRule {
  /** Applies to values describing this year or later (periodic indicators). */
  readonly fromYear: number | null;
  /**
   * Applies to this year only: the level of one year of a yearly indicator (income levels rise each year). A yearly
   * indicator's figure is judged against the level of the year it describes and of no other (see
   * {@link resolveThreshold}).
   */
  readonly year: number | null;
  /** Applies only to units whose `attributes` have these exact values. */
  readonly unitAttributes: Readonly<Record<string, string | number | boolean>> | null;
  readonly threshold: ThresholdValue | null;
  readonly thresholdSource: string;
  readonly thresholdConfidence: ThresholdConfidence;
}

/** What numerator and denominator mean for a percentage reported as a fraction (e.g. km of roads, households). */
export interface FractionLabels {
  readonly numeratorVi: string;
  readonly numeratorEn: string;
  readonly denominatorVi: string;
  readonly denominatorEn: string;
  /** Unit of both counts: "km", "hộ", "người", "ha", ... */
  readonly unit: string;
}

/**
 * How often readings are due: a report for each period (month, quarter or year) is due on `dueDay` of the month
 * after the period ends. Drives "stale".
 */
export interface ReportingPeriod {
  readonly every: 'month' | 'quarter' | 'year';
  readonly dueDay: number;
}

/**
 * How often an indicator is reported, which decides when its figure is out of date:
 * - `month`, `quarter`: a figure is stale once the report of a later period is due (see `requiredPeriodStart`);
 * - `year`: a figure describes one calendar year; a view judges the year of its view date, and a figure of an
 *   earlier year counts as missing for it (shown with its year), never as that year's figure;
 * - `on_change`: a state reported when it changes (a road built, a house rebuilt, a market opened); the latest
 *   figure holds until a new one arrives and is never stale.
 */
export type ReportingFrequency = ReportingPeriod['every'] | 'on_change';

/** An indicator's own reporting rule: a periodic {@link ReportingPeriod}, or `on_change`. */
export type IndicatorReportingPeriod = ReportingPeriod | { readonly every: 'on_change'; readonly dueDay?: number };

/**
 * A part of an all-of level: one named comparison, judged on an indicator of the same criterion (the indicator
 * itself, or an informational part indicator such as "trong đó nước sạch").
 */
export interface LevelPart {
  /** Stable key within the indicator ("hygienic", "clean"). */
  readonly key: string;
  readonly nameVi: string;
  readonly nameEn: string;
  /** Code of the indicator (in the same criterion) whose value this part compares. */
  readonly indicatorCode: string;
  readonly comparator: Comparator;
  readonly threshold: ThresholdValue | null;
  readonly thresholdSource: string;
  readonly thresholdConfidence: ThresholdConfidence;
}

/**
 * The level an indicator must reach: a comparison (`comparator` `threshold` of the indicator, with its year and
 * unit rules), or all of several named parts ("≥ X% dùng nước hợp vệ sinh, trong đó ≥ Y% nước sạch").
 */
export type LevelRule = { readonly type: 'compare' } | { readonly type: 'all_of'; readonly parts: readonly LevelPart[] };

/** The valid range of a reading's value (for percentages, amounts, counts). */
export interface ValueRange {
  readonly min: number;
  readonly max: number;
}

/**
 * What a reporting unit's own figures can plausibly be (data, editable by an administrator like thresholds): the
 * numerator and denominator of a percentage, or the value of a count or amount. `integer`: whole numbers only
 * (households, people, houses); `max`: the ceiling of one unit's figure (null: not known yet, only the technical
 * limit applies), with where it comes from and how sure it is.
 */
export interface FigureBounds {
  readonly integer: boolean;
  readonly max: number | null;
  readonly source: string;
  readonly confidence: ThresholdConfidence;
}

/** An indicator (chỉ tiêu) of a criterion. */
export interface Indicator {
  /** Code within its criterion, as in the decision ("4.2"). */
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly kind: IndicatorKind;
  /** Display unit in Vietnamese: "%", "triệu đồng/người/năm", "nhà", "có/không", ... */
  readonly unit: string;
  /** The same unit in English ("million VND/person/year", "houses"); null when it reads the same. */
  readonly unitEn: string | null;
  /** Null only for indicators that are not assessed (`assessed: false`). */
  readonly comparator: Comparator | null;
  /** The level to reach; null when nobody knows it yet (the indicator is then "threshold missing"). */
  readonly threshold: ThresholdValue | null;
  readonly thresholdSource: string;
  readonly thresholdConfidence: ThresholdConfidence;
  /** Year- or unit-specific thresholds; empty for most indicators. */
  readonly thresholdRules: readonly ThresholdRule[];
  /** A comparison (the default), or all of several named parts. */
  readonly level: LevelRule;
  readonly rollup: RollupRule;
  /** Labels of numerator and denominator when the indicator is reported as a fraction; null otherwise. */
  readonly fraction: FractionLabels | null;
  /** Valid values of a reading; null for yes/no. */
  readonly range: ValueRange | null;
  /** Plausible figures one unit reports (whole numbers? ceiling?); null for yes/no indicators. */
  readonly bounds: FigureBounds | null;
  readonly reportedBy: ReporterLevel;
  /** How often it is reported (see {@link ReportingFrequency}); null: the catalogue's reporting period. */
  readonly reportingPeriod: IndicatorReportingPeriod | null;
  /** Where the reporting frequency comes from (a decision, or the project's default an administrator may change). */
  readonly reportingPeriodSource: string | null;
  /** When set, the indicator has no readings of its own: it is judged on the readings of this other indicator. */
  readonly readingOf: IndicatorRef | null;
  /** False for informational indicators (e.g. population used as a weight): never judged, not part of a criterion's status. */
  readonly assessed: boolean;
  /** True when invented by this project (not from a source). */
  readonly placeholder: boolean;
  readonly source: string | null;
  readonly note: string | null;
}

/** A criterion (tiêu chí). */
export interface Criterion {
  /** Unique within a catalogue version: XA-01..XA-19, AP-01..07, KHOM-01..05, HUYEN-01..09, ... */
  readonly code: string;
  readonly appliesTo: CriterionScope;
  readonly tier: CriterionTier;
  /** Group of the decision (I..V for communes), or null. */
  readonly group: string | null;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly placeholder: boolean;
  readonly source: string;
  readonly note: string | null;
  readonly indicators: readonly Indicator[];
}

/** Chooses criteria by scope and tier. */
export interface CriteriaSelector {
  readonly appliesTo: CriterionScope;
  readonly tier: CriterionTier;
}

/**
 * How a unit reaches a tier:
 * - `criteria`: every selected criterion is met on the unit's own values (a cell: its readings; a commune or
 *   town: the rollup of its cells' readings and its own readings), and every tier in `requiresTiers` is reached;
 * - `district_conditions`: every district condition of the catalogue is met.
 */
export type TierRule =
  { readonly type: 'criteria'; readonly select: CriteriaSelector; readonly requiresTiers: readonly string[] } | { readonly type: 'district_conditions' };

/** A recognised standard a unit can reach ("xã đạt chuẩn NTM", "thị trấn đạt chuẩn văn minh đô thị", ...). */
export interface Tier {
  readonly code: string;
  readonly appliesTo: CriterionScope;
  /** The main standard for units of `appliesTo` (exactly one per kind). */
  readonly base: boolean;
  readonly nameVi: string;
  readonly nameEn: string;
  /** Short status texts: met "đạt chuẩn NTM", not met "chưa đạt chuẩn NTM". */
  readonly statusLabels: { readonly met: LocalisedText; readonly notMet: LocalisedText };
  readonly rule: TierRule;
  readonly placeholder: boolean;
  readonly source: string;
}

/**
 * A condition of the district standard:
 * - `share_at_tier`: the share (in %) of the district's units of `unitKinds` that reached `tier` compares with
 *   `threshold` (e.g. ≥ 100% of communes at NTM; ≥ 10% at advanced NTM; the town civilised-urban);
 * - `criteria`: every selected district criterion is met.
 */
export type DistrictConditionRule =
  | {
      readonly type: 'share_at_tier';
      readonly unitKinds: readonly UnitKind[];
      readonly tier: string;
      readonly comparator: Comparator;
      readonly threshold: number | null;
      readonly unit: '%';
      readonly thresholdSource: string;
      readonly thresholdConfidence: ThresholdConfidence;
      /**
       * What counts as a unit at the tier: `computed` from the readings, `recognised` by a recorded decision, or
       * `recognised_or_computed` (either). Default `recognised_or_computed`.
       */
      readonly basis: ConditionBasis;
    }
  | { readonly type: 'criteria'; readonly select: CriteriaSelector }
  | {
      /** A measured figure of the district compared with a level (e.g. residents' satisfaction ≥ 90%). */
      readonly type: 'indicator';
      readonly indicator: IndicatorRef;
    };

/** Which status of a unit a share condition counts (see {@link DistrictConditionRule}). */
export type ConditionBasis = 'computed' | 'recognised' | 'recognised_or_computed';

/** One condition of the district standard. */
export interface DistrictCondition {
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly rule: DistrictConditionRule;
  readonly source: string;
  /** How sure we are that the condition is part of the standard. */
  readonly confidence: ThresholdConfidence;
}

/** A legal text the catalogue rests on. */
export interface LegalBasis {
  readonly id: string;
  readonly title: string;
  readonly date: string | null;
  readonly status: string;
  readonly effective: IsoDate | null;
}

/** One catalogue version (`seeds/catalogue/<version>.json`). */
export interface Catalogue {
  readonly version: string;
  readonly titleVi: string;
  readonly titleEn: string;
  readonly status: string;
  readonly region: string | null;
  readonly periodFrom: IsoDate;
  readonly periodTo: IsoDate;
  /** The target date of the pledges (the district's deadline). */
  readonly deadline: IsoDate;
  readonly reportingPeriod: ReportingPeriod;
  readonly legalBasis: readonly LegalBasis[];
  readonly warnings: readonly string[];
  readonly criteria: readonly Criterion[];
  readonly tiers: readonly Tier[];
  /** Empty when the period has no district level (2026–2030). */
  readonly districtConditions: readonly DistrictCondition[];
}
