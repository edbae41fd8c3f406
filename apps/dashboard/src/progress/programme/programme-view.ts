import {
  baseTierFor,
  fulfilmentScore,
  getIndicator,
  indicatorReasonText,
  pledgeHintsOfDay,
  selectCriteria,
  cellsOn,
  childrenOn,
  isCommuneLevel,
  tierGaps,
  tierLabel,
  type AssessmentStatus,
  type BlockersFacts,
  type CatalogueIndex,
  type ConditionBasis,
  type Checks,
  type Criterion,
  type DistrictCondition,
  type DistrictForecast,
  type FulfilmentOptions,
  type IndicatorDay,
  type IsoDate,
  type ItemForecastDay,
  type LocalisedText,
  type Pledge,
  type PledgeHints,
  type PledgeItem,
  type ProgrammeDay,
  type RecognitionDecision,
  type StandardStatus,
  type Tier,
  type TierDay,
  type Unit,
  type UnitDay,
} from '@pledge/domain';
import type { PledgeItemState, ProgrammeReference } from './programme-reference';

/**
 * The figures of one programme day as the read endpoints show them: libs/domain's ProgrammeDay (stored by the
 * projector, or computed on demand by the same function off the request thread) joined with the reference data for
 * names, labels and sentences. No rule is applied here: statuses, values, checks and forecasts are the ProgrammeDay's;
 * the sentences come from libs/domain's text functions (tierLabel, tierGaps, indicatorReasonText).
 */

/** A standard (tier) of a unit on the day. */
export interface StandardView {
  readonly tier: Tier;
  readonly status: StandardStatus;
  readonly label: LocalisedText;
  readonly metCriteria: number;
  readonly totalCriteria: number;
  /** The tier's own criteria and their status, in catalogue order. */
  readonly criteria: readonly { readonly criterion: Criterion; readonly status: AssessmentStatus }[];
  readonly gaps: LocalisedText;
}

/** One pledge item on the view date: its forecast (null when waived). */
export interface ItemView {
  readonly pledge: Pledge;
  readonly item: PledgeItem;
  readonly state: PledgeItemState;
  readonly forecast: ItemForecastDay | null;
}

/** A cell (hamlet or ward) on the view date. */
export interface CellView {
  readonly unit: Unit;
  readonly commune: Unit;
  /** Its base standard (NTM hamlet / civilised-urban ward); null when the catalogue has none for its kind. */
  readonly standard: StandardView | null;
  readonly pledge: Pledge | null;
  readonly items: readonly ItemView[];
  /** Current readings reported by the cell. */
  readonly readings: number;
  readonly lastReportedAt: string | null;
}

/** A commune or the town on the view date. */
export interface CommuneView {
  readonly unit: Unit;
  /** Its base standard (commune NTM / town civilised-urban). */
  readonly standard: StandardView | null;
  readonly cellIds: readonly string[];
  /** Current readings of its cells plus its own. */
  readonly readings: number;
  readonly cellsReporting: number;
  readonly lastReportedAt: string | null;
}

/** A district condition on the day, with its definition and the names of its units. */
export interface ConditionView {
  readonly condition: DistrictCondition;
  readonly status: 'met' | 'not_met' | 'threshold_missing';
  readonly unitsTotal: number | null;
  readonly unitsAtTier: number | null;
  readonly requiredUnits: number | null;
  readonly sharePercent: number | null;
  readonly checks: Checks;
  readonly missing: readonly LocalisedText[];
  /** `share_at_tier`: what counts as a unit at the tier (computed, recognised, or either). */
  readonly basis: ConditionBasis | null;
  readonly units: readonly {
    unitId: string;
    unitName: string;
    status: StandardStatus;
    metCriteria: number;
    totalCriteria: number;
    label: LocalisedText;
    counted: boolean;
    countedBy: 'computed' | 'recognised' | 'both' | null;
    recognition: RecognitionDecision | null;
  }[];
  readonly criteria: readonly { criterion: Criterion; status: AssessmentStatus }[];
  /** `indicator` conditions: the measure's status and why (libs/domain's sentence). */
  readonly measure: { status: AssessmentStatus; reason: LocalisedText } | null;
}

/** The district standard on the day. */
export interface DistrictStandardView {
  readonly status: 'met' | 'not_met' | 'not_applicable';
  readonly label: LocalisedText;
  readonly progress: number | null;
  readonly checks: Checks;
  readonly structureDate: IsoDate;
  readonly structureNote: LocalisedText | null;
  readonly conditions: readonly ConditionView[];
  /** The day the standard was judged on. */
  readonly assessedOn: IsoDate;
  /** What blocks it before the pledges' dates (libs/domain shownStandard finishes it when shown). */
  readonly blockers: BlockersFacts;
}

/** Everything the read endpoints show for one catalogue version on one view date. */
export interface ProgrammeView {
  readonly version: string;
  readonly catalogue: CatalogueIndex;
  readonly asOf: IsoDate;
  readonly day: ProgrammeDay;
  /** `stored`: the projector's tables; `computed`: libs/domain's programmeOnDay on demand (a day the projector does not keep). */
  readonly source: 'stored' | 'computed';
  readonly district: Unit;
  readonly structureDate: IsoDate;
  readonly standard: DistrictStandardView;
  readonly communes: readonly CommuneView[];
  readonly cells: readonly CellView[];
  readonly cellById: ReadonlyMap<string, CellView>;
  readonly communeById: ReadonlyMap<string, CommuneView>;
  readonly unitDayById: ReadonlyMap<string, UnitDay>;
  readonly forecast: DistrictForecast;
  /** The pledges' due dates and projected completions per unit and criterion (ordering what blocks the standard). */
  readonly pledgeHints: PledgeHints;
  readonly firstSigning: IsoDate | null;
  readonly readings: number;
  readonly lastReportedAt: string | null;
  readonly computedAt: Date;
}

const maxIso = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

/** A tier of a unit on the day, with its label and what is missing (libs/domain's sentences). */
export function standardView(catalogue: CatalogueIndex, unit: UnitDay, tierDay: TierDay): StandardView {
  const tier = catalogue.tiers.get(tierDay.code)!;
  const status = new Map(unit.criteria.map((c) => [c.code, c.status]));
  const own = tier.rule.type === 'criteria' ? selectCriteria(catalogue.catalogue, tier.rule.select) : [];
  const criteria = own.map((criterion) => ({ criterion, status: status.get(criterion.code) ?? 'no_data' }));
  const required = tierDay.requiredTiers.map((r) => ({ tier: catalogue.tiers.get(r.code)!, status: r.status }));
  return {
    tier,
    status: tierDay.status,
    label: tierLabel(tier, tierDay.status, tierDay.metCriteria, tierDay.totalCriteria),
    metCriteria: tierDay.metCriteria,
    totalCriteria: tierDay.totalCriteria,
    criteria,
    gaps: tierGaps(required, criteria),
  };
}

/** The base standard of a unit on the day (null when its kind has none, or it cannot be judged). */
export function baseStandardView(catalogue: CatalogueIndex, unit: Unit, day: UnitDay | undefined): StandardView | null {
  const tier = baseTierFor(catalogue, unit.kind);
  const t = tier && day?.tiers.find((x) => x.code === tier.code);
  return t && day ? standardView(catalogue, day, t) : null;
}

/** Why an indicator has its status, as libs/domain writes it from the stored facts. */
export function indicatorReason(ref: ProgrammeReference, catalogue: CatalogueIndex, i: IndicatorDay): LocalisedText {
  const { criterion, indicator } = getIndicator(catalogue, i);
  return indicatorReasonText(ref.unitIndex, criterion, indicator, i);
}

/** Builds the {@link ProgrammeView} of a programme day. */
export function programmeViewOf(ref: ProgrammeReference, day: ProgrammeDay, source: 'stored' | 'computed', computedAt = new Date()): ProgrammeView {
  const catalogue = ref.catalogues.get(day.catalogueVersion);
  if (!catalogue) throw new RangeError(`Unknown catalogue version ${day.catalogueVersion}`);
  const byId = ref.unitIndex.byId;
  const district = byId.get(day.districtId);
  if (!district) throw new RangeError(`Unknown district ${day.districtId}`);
  const unitDayById = new Map(day.units.map((u) => [u.unitId, u]));
  const itemsByCell = new Map<string, ItemView[]>();
  const pledgeById = new Map(ref.pledges.map((p) => [p.id, p]));
  for (const i of day.items) {
    const pledge = pledgeById.get(i.pledgeId);
    const item = pledge?.items.find((x) => x.id === i.itemId);
    if (!pledge || !item) continue;
    const list = itemsByCell.get(i.cellId) ?? [];
    list.push({ pledge, item, state: ref.itemStates.get(item.id) ?? { status: 'active', waivedReason: null }, forecast: i.forecast });
    itemsByCell.set(i.cellId, list);
  }
  // the district's communes and their cells on the structure date, in the order of the reference data (the stored
  // rows come in any order)
  const communes: CommuneView[] = [];
  const cells: CellView[] = [];
  for (const commune of childrenOn(ref.unitIndex, district.id, day.structureDate).filter(isCommuneLevel)) {
    const own = unitDayById.get(commune.id);
    if (!own) continue;
    let readings = own.readings;
    let reporting = 0;
    let last = own.lastReportedAt;
    const cellIds: string[] = [];
    for (const unit of cellsOn(ref.unitIndex, commune.id, day.structureDate)) {
      const u = unitDayById.get(unit.id);
      if (!u) continue;
      const items = itemsByCell.get(unit.id) ?? [];
      cells.push({
        unit,
        commune,
        standard: baseStandardView(catalogue, unit, u),
        pledge: items[0]?.pledge ?? ref.pledges.find((p) => p.cellId === unit.id && p.catalogueVersion === day.catalogueVersion) ?? null,
        items: items.sort((x, y) => (x.item.id < y.item.id ? -1 : x.item.id > y.item.id ? 1 : 0)),
        readings: u.readings,
        lastReportedAt: u.lastReportedAt,
      });
      cellIds.push(unit.id);
      readings += u.readings;
      if (u.readings > 0) reporting++;
      last = maxIso(last, u.lastReportedAt);
    }
    communes.push({ unit: commune, standard: baseStandardView(catalogue, commune, own), cellIds, readings, cellsReporting: reporting, lastReportedAt: last });
  }
  const conditionsByCode = new Map(catalogue.catalogue.districtConditions.map((c) => [c.code, c]));
  const d = day.district;
  const standard: DistrictStandardView = {
    status: d.status,
    label: d.label,
    progress: d.progress,
    checks: d.checks,
    structureDate: d.structureDate,
    structureNote: d.structureNote,
    assessedOn: day.day,
    blockers: d.blockers,
    conditions: d.conditions.map((c) => {
      const condition = conditionsByCode.get(c.code)!;
      const tier = condition.rule.type === 'share_at_tier' ? catalogue.tiers.get(condition.rule.tier) : undefined;
      return {
        condition,
        status: c.status,
        unitsTotal: c.unitsTotal,
        unitsAtTier: c.unitsAtTier,
        requiredUnits: c.requiredUnits,
        sharePercent: c.sharePercent,
        checks: c.checks,
        missing: c.missing,
        basis: c.basis,
        measure: c.measure ? { status: c.measure.status, reason: indicatorReason(ref, catalogue, c.measure) } : null,
        units: c.units.map((u) => ({
          unitId: u.unitId,
          unitName: byId.get(u.unitId)?.name ?? u.unitId,
          status: u.status,
          metCriteria: u.metCriteria,
          totalCriteria: u.totalCriteria,
          label: tier ? tierLabel(tier, u.status, u.metCriteria, u.totalCriteria) : { vi: u.status, en: u.status },
          counted: u.counted,
          countedBy: u.countedBy,
          recognition: u.recognition,
        })),
        criteria: c.criteria.map((k) => ({ criterion: catalogue.criteria.get(k.code)!, status: k.status })),
      };
    }),
  };
  const own = unitDayById.get(district.id);
  return {
    version: day.catalogueVersion,
    catalogue,
    asOf: day.day,
    day,
    source,
    district,
    structureDate: day.structureDate,
    standard,
    communes,
    cells,
    cellById: new Map(cells.map((c) => [c.unit.id, c])),
    communeById: new Map(communes.map((c) => [c.unit.id, c])),
    unitDayById,
    forecast: day.forecast,
    pledgeHints: pledgeHintsOfDay(ref.unitIndex, ref.pledges, day),
    firstSigning: day.firstSigning,
    readings: communes.reduce((s, c) => s + c.readings, 0) + (own?.readings ?? 0),
    lastReportedAt: communes.reduce<string | null>((s, c) => maxIso(s, c.lastReportedAt), own?.lastReportedAt ?? null),
    computedAt,
  };
}

/** A cell's pledge-fulfilment score 0..100 (libs/domain fulfilmentScore over its active items); null without items. */
export function cellScore(cell: CellView, options: FulfilmentOptions): number | null {
  return fulfilmentScore(
    cell.items.map((i) => i.forecast).filter((f): f is ItemForecastDay => f !== null),
    options,
  );
}

/** How many criteria have each status. */
export type StatusCounts = Record<AssessmentStatus, number>;

export function countStatuses(criteria: readonly { status: AssessmentStatus }[]): StatusCounts {
  const counts: StatusCounts = { met: 0, not_met: 0, no_data: 0, stale: 0, threshold_missing: 0 };
  for (const c of criteria) counts[c.status]++;
  return counts;
}

/** Sum of several {@link StatusCounts}. */
export function addStatusCounts(list: readonly StatusCounts[]): StatusCounts {
  const total: StatusCounts = { met: 0, not_met: 0, no_data: 0, stale: 0, threshold_missing: 0 };
  for (const c of list) for (const k of Object.keys(total) as AssessmentStatus[]) total[k] += c[k];
  return total;
}
