/** Finding criteria and indicators in a catalogue version. */
import type { Catalogue, CriteriaSelector, Criterion, Indicator, IndicatorRef, ReporterLevel, Tier } from './catalogue.types';
import type { UnitKind } from '../units/unit.types';

/** A criterion together with one of its indicators. */
export interface IndicatorEntry {
  readonly criterion: Criterion;
  readonly indicator: Indicator;
}

/** Lookup tables over one catalogue version. Build once with {@link indexCatalogue}. */
export interface CatalogueIndex {
  readonly catalogue: Catalogue;
  readonly criteria: ReadonlyMap<string, Criterion>;
  readonly indicators: ReadonlyMap<string, IndicatorEntry>;
  readonly tiers: ReadonlyMap<string, Tier>;
}

/** The map key of an indicator: `criterionCode|indicatorCode`. */
export function indicatorKey(ref: IndicatorRef): string {
  return `${ref.criterionCode}|${ref.indicatorCode}`;
}

/** Builds a {@link CatalogueIndex}. */
export function indexCatalogue(catalogue: Catalogue): CatalogueIndex {
  const criteria = new Map<string, Criterion>();
  const indicators = new Map<string, IndicatorEntry>();
  for (const criterion of catalogue.criteria) {
    criteria.set(criterion.code, criterion);
    for (const indicator of criterion.indicators) {
      indicators.set(indicatorKey({ criterionCode: criterion.code, indicatorCode: indicator.code }), { criterion, indicator });
    }
  }
  return { catalogue, criteria, indicators, tiers: new Map(catalogue.tiers.map((t) => [t.code, t])) };
}

/** The criterion with this code; throws a RangeError when unknown. */
export function getCriterion(index: CatalogueIndex, code: string): Criterion {
  const criterion = index.criteria.get(code);
  if (!criterion) throw new RangeError(`Unknown criterion ${code} in catalogue ${index.catalogue.version}`);
  return criterion;
}

/** The indicator `ref` points at, or undefined. */
export function findIndicator(index: CatalogueIndex, ref: IndicatorRef): IndicatorEntry | undefined {
  return index.indicators.get(indicatorKey(ref));
}

/** The indicator `ref` points at; throws a RangeError when unknown. */
export function getIndicator(index: CatalogueIndex, ref: IndicatorRef): IndicatorEntry {
  const entry = findIndicator(index, ref);
  if (!entry) throw new RangeError(`Unknown indicator ${ref.criterionCode} ${ref.indicatorCode} in catalogue ${index.catalogue.version}`);
  return entry;
}

/** The tier with this code; throws a RangeError when unknown. */
export function getTier(index: CatalogueIndex, code: string): Tier {
  const tier = index.tiers.get(code);
  if (!tier) throw new RangeError(`Unknown tier ${code} in catalogue ${index.catalogue.version}`);
  return tier;
}

/** The base tier (main standard) of units of `kind`, or undefined when the catalogue has none. */
export function baseTierFor(index: CatalogueIndex, kind: UnitKind): Tier | undefined {
  return index.catalogue.tiers.find((t) => t.base && t.appliesTo === kind);
}

/** The criteria a selector chooses, in catalogue order. */
export function selectCriteria(catalogue: Catalogue, select: CriteriaSelector): Criterion[] {
  return catalogue.criteria.filter((c) => c.appliesTo === select.appliesTo && c.tier === select.tier);
}

/**
 * Where the readings of an indicator live: the indicator itself, or the one named by its `readingOf`
 * (a hamlet indicator judged on the readings of a commune indicator, so that cells report a figure once).
 */
export function readingSourceOf(ref: IndicatorRef, indicator: Indicator): IndicatorRef {
  return indicator.readingOf ?? { criterionCode: ref.criterionCode, indicatorCode: ref.indicatorCode };
}

/**
 * The indicators a reporter at `level` submits readings for (those with readings of their own), in catalogue
 * order; for cells this is the secretary's form.
 */
export function reportableIndicators(catalogue: Catalogue, level: ReporterLevel): IndicatorEntry[] {
  return catalogue.criteria.flatMap((criterion) =>
    criterion.indicators.filter((i) => i.reportedBy === level && i.readingOf === null).map((indicator) => ({ criterion, indicator })),
  );
}
