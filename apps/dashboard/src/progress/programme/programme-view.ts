import {
  assessDistrictStandard,
  assessUnitStandard,
  baseTierFor,
  cellsOn,
  childrenOn,
  createAssessmentContext,
  forecastDistrict,
  forecastPledgeItem,
  fulfilmentScore,
  isCommuneLevel,
  pledgeHintsFrom,
  pledgeItemHistory,
  standardBlockers,
  structureDateFor,
  type AssessmentContext,
  type AssessmentStatus,
  type CatalogueIndex,
  type CriterionAssessment,
  type DistrictForecast,
  type DistrictStandardAssessment,
  type FulfilmentOptions,
  type IsoDate,
  type Pledge,
  type PledgeItem,
  type PledgeItemForecast,
  type StandardBlockers,
  type TierAssessment,
  type Unit,
} from '@pledge/domain';
import { districtOf, type PledgeItemState, type ProgrammeReference } from './programme-reference';
import type { ReadingsSnapshot } from './readings-source';

/** One pledge item on the view date: its forecast by libs/domain's rules (null when waived). */
export interface ItemView {
  readonly pledge: Pledge;
  readonly item: PledgeItem;
  readonly state: PledgeItemState;
  readonly forecast: PledgeItemForecast | null;
}

/** A cell (hamlet or ward) on the view date. */
export interface CellView {
  readonly unit: Unit;
  readonly commune: Unit;
  /** Its base standard (NTM hamlet / civilised-urban ward); null when the catalogue has none for its kind. */
  readonly standard: TierAssessment | null;
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
  readonly standard: TierAssessment | null;
  readonly cellIds: readonly string[];
  /** Current readings of its cells plus its own. */
  readonly readings: number;
  readonly cellsReporting: number;
  readonly lastReportedAt: string | null;
}

/** Everything the read endpoints show for one catalogue version on one view date, computed through libs/domain. */
export interface ProgrammeView {
  readonly version: string;
  readonly catalogue: CatalogueIndex;
  readonly asOf: IsoDate;
  readonly ctx: AssessmentContext;
  readonly district: Unit;
  readonly structureDate: IsoDate;
  readonly standard: DistrictStandardAssessment;
  readonly communes: readonly CommuneView[];
  readonly cells: readonly CellView[];
  readonly cellById: ReadonlyMap<string, CellView>;
  readonly communeById: ReadonlyMap<string, CommuneView>;
  readonly forecast: DistrictForecast;
  /** What blocks the district standard on the view date (libs/domain standardBlockers, with the pledges' dates). */
  readonly blockers: StandardBlockers;
  readonly firstSigning: IsoDate | null;
  readonly readings: number;
  readonly lastReportedAt: string | null;
  readonly computedAt: Date;
  readonly computeMs: number;
}

/**
 * Per-cell results (its standard and its pledge forecasts) depend only on the reference data, the view date and the
 * cell's own readings: kept between recomputations, per reference object, and reused while the cell's readings
 * token ({@link ReadingsSnapshot.unitToken}) is the same.
 */
export type CellMemo = WeakMap<ProgrammeReference, Map<string, { token: object | undefined; standard: TierAssessment | null; items: ItemView[] }>>;

const maxIso = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

/** Builds the {@link ProgrammeView} of `version` on `asOf` (see the README section "Read API" for the definitions). */
export function computeProgrammeView(
  ref: ProgrammeReference,
  readings: ReadingsSnapshot,
  opts: { version: string; asOf: IsoDate; now: Date; memo?: CellMemo },
): ProgrammeView {
  const started = Date.now();
  let memo = opts.memo?.get(ref);
  if (opts.memo && !memo) opts.memo.set(ref, (memo = new Map()));
  if (memo && memo.size > 4000) memo.clear(); // many view dates asked for: start again rather than grow
  const catalogue = ref.catalogues.get(opts.version);
  if (!catalogue) throw new RangeError(`Unknown catalogue version ${opts.version}`);
  const pledges = ref.pledges.filter((p) => p.catalogueVersion === opts.version);
  const district = districtOf(ref, pledges);
  if (!district) throw new RangeError('No district in the units');
  const ctx = createAssessmentContext({ catalogue, units: ref.unitIndex, state: readings.state, now: opts.now, asOf: opts.asOf, recognitions: ref.recognitionIndex });
  const structureDate = structureDateFor(district, opts.asOf);
  const standard = assessDistrictStandard(ctx, district.id);

  const readingsPerUnit = new Map<string, number>();
  for (const r of readings.state.values()) readingsPerUnit.set(r.hamletId, (readingsPerUnit.get(r.hamletId) ?? 0) + 1);
  const pledgeByCell = new Map(pledges.map((p) => [p.cellId, p]));
  // the district conditions already assessed the communes and the town against their tiers: reuse those
  const assessed = new Map<string, TierAssessment>();
  for (const c of standard.conditions) for (const u of c.units) assessed.set(`${u.unitId}|${u.tier.code}`, u);
  const standardOf = (unit: Unit): TierAssessment | null => {
    const tier = baseTierFor(catalogue, unit.kind);
    if (tier?.rule.type !== 'criteria') return null;
    return assessed.get(`${unit.id}|${tier.code}`) ?? assessUnitStandard(ctx, unit.id);
  };

  const communes: CommuneView[] = [];
  const cells: CellView[] = [];
  for (const commune of childrenOn(ref.unitIndex, district.id, structureDate).filter(isCommuneLevel)) {
    const communeCells = cellsOn(ref.unitIndex, commune.id, structureDate);
    let communeReadings = readingsPerUnit.get(commune.id) ?? 0;
    let last = readings.lastReportedAt.get(commune.id) ?? null;
    let reporting = 0;
    for (const cell of communeCells) {
      const pledge = pledgeByCell.get(cell.id) ?? null;
      const memoKey = `${opts.version}|${opts.asOf}|${cell.id}`;
      const token = readings.unitToken(cell.id);
      const known = memo?.get(memoKey);
      const computed =
        known && known.token === token
          ? known
          : {
              token,
              standard: standardOf(cell),
              items: (pledge?.items ?? []).map((item): ItemView => {
                const state = ref.itemStates.get(item.id) ?? { status: 'active' as const, waivedReason: null };
                if (state.status === 'waived' || !pledge) return { pledge: pledge!, item, state, forecast: null };
                const history = pledgeItemHistory({ readings: readings.historyByUnit.get(cell.id) ?? [], catalogue, units: ref.unitIndex }, pledge, item);
                return { pledge, item, state, forecast: forecastPledgeItem({ pledge, item, history, today: opts.asOf }) };
              }),
            };
      memo?.set(memoKey, computed);
      const items = computed.items;
      const n = readingsPerUnit.get(cell.id) ?? 0;
      const cellLast = readings.lastReportedAt.get(cell.id) ?? null;
      if (n > 0) reporting++;
      communeReadings += n;
      last = maxIso(last, cellLast);
      cells.push({ unit: cell, commune, standard: computed.standard, pledge, items, readings: n, lastReportedAt: cellLast });
    }
    communes.push({
      unit: commune,
      standard: standardOf(commune),
      cellIds: communeCells.map((c) => c.id),
      readings: communeReadings,
      cellsReporting: reporting,
      lastReportedAt: last,
    });
  }
  const forecasts = cells.flatMap((c) => c.items.map((i) => i.forecast).filter((f): f is PledgeItemForecast => f !== null));
  const hints = pledgeHintsFrom(
    cells.flatMap((c) =>
      c.items
        .filter((i) => i.forecast !== null)
        .map((i) => ({
          unitIds: [c.unit.id, c.commune.id],
          criterionCode: i.item.criterionCode,
          dueOn: i.item.dueDate,
          projectedOn: i.forecast!.projectedCompletion,
          met: i.forecast!.status === 'met',
        })),
    ),
  );
  const firstSigning = pledges.map((p) => p.signedOn).sort()[0] ?? null;
  const forecast = forecastDistrict(forecasts, { firstSigning: firstSigning ?? catalogue.catalogue.periodFrom, deadline: catalogue.catalogue.deadline, today: opts.asOf });
  return {
    version: opts.version,
    catalogue,
    asOf: opts.asOf,
    ctx,
    district,
    structureDate,
    standard,
    communes,
    cells,
    cellById: new Map(cells.map((c) => [c.unit.id, c])),
    communeById: new Map(communes.map((c) => [c.unit.id, c])),
    forecast,
    blockers: standardBlockers(standard, hints),
    firstSigning,
    readings: communes.reduce((s, c) => s + c.readings, 0) + (readingsPerUnit.get(district.id) ?? 0),
    lastReportedAt: communes.reduce<string | null>((s, c) => maxIso(s, c.lastReportedAt), readings.lastReportedAt.get(district.id) ?? null),
    computedAt: new Date(),
    computeMs: Date.now() - started,
  };
}

/** A cell's pledge-fulfilment score 0..100 (libs/domain fulfilmentScore over its active items); null without items. */
export function cellScore(cell: CellView, options: FulfilmentOptions): number | null {
  return fulfilmentScore(
    cell.items.map((i) => i.forecast).filter((f): f is PledgeItemForecast => f !== null),
    options,
  );
}

/** How many criteria have each status. */
export type StatusCounts = Record<AssessmentStatus, number>;

export function countStatuses(criteria: readonly CriterionAssessment[]): StatusCounts {
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
