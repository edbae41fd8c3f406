/**
 * The programme on a stored day (libs/domain ProgrammeDay) as rows of rm_district_day, rm_unit_day and
 * rm_pledge_item_day, and back: the one mapping of the projector (the writer) and the read API (a reader).
 * Row objects use the entities' property names (the projector COPYs them by the entities' metadata).
 */
import { COMPARE_PART_KEY } from '@pledge/domain';
import type {
  Comparator,
  CriterionDay,
  IndicatorKind,
  IndicatorPartDay,
  LocalisedText,
  ReportingFrequency,
  DistrictDay,
  DistrictForecast,
  IndicatorDay,
  IsoDate,
  ItemForecastDay,
  PledgeItemDay,
  ProgrammeDay,
  UnitDay,
} from '@pledge/domain';
import { queryRows, type RowQueryable } from '../rows/query-rows';

/** A row of rm_district_day. */
export interface DistrictDayRow {
  districtId: string;
  viewDay: IsoDate;
  catalogueVersion: string;
  periodEnd: boolean;
  structureDate: IsoDate;
  status: string;
  progress: number | null;
  checksMet: number;
  checksTotal: number;
  firstSigning: IsoDate | null;
  reference: string;
  doc: { district: DistrictDay; forecast: DistrictForecast };
}

/**
 * An indicator as rm_unit_day stores it: a positional array (the keys of a unit's tens of indicators would be most of
 * its bytes, written and parsed for every unit of every stored day). Order: indicatorCode, status, judgement, value,
 * numerator, denominator, yesCount, share, expected, missing, threshold, thresholdRule, newestAsOf, oldestAsOf,
 * requiredFrom, staleUnitIds, kind, frequency, year, then the level: for a plain comparison its comparator and the year
 * of its level (its other facts are the indicator's own) and no parts; for an all-of level null, null and its parts
 * ({@link StoredPart}); last the outdated figures as [unitId, asOf] (criterionCode is its criterion's; reported =
 * expected − missing).
 */
export type StoredIndicator = [
  string,
  string,
  string | null,
  number | boolean | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number,
  string[],
  number | boolean | null,
  number | null,
  string | null,
  string | null,
  string,
  string[],
  string,
  string,
  number | null,
  string | null,
  number | null,
  StoredPart[],
  [string, string][],
];

/** A part of an all-of level: key, name, indicatorCode, comparator, threshold, thresholdYear, value, judgement. */
export type StoredPart = [string, LocalisedText | null, string, string | null, number | boolean | null, number | null, number | boolean | null, string | null];

/** A unit's criteria as stored: each criterion's code and status, its indicators packed. */
export type StoredCriteria = { code: string; status: string; indicators: StoredIndicator[] }[];

function isPlainComparison(i: IndicatorDay): boolean {
  const [only, ...more] = i.parts;
  return (
    only !== undefined &&
    more.length === 0 &&
    only.key === COMPARE_PART_KEY &&
    only.name === null &&
    only.indicatorCode === i.indicatorCode &&
    only.threshold === i.threshold &&
    only.value === i.value &&
    only.judgement === i.judgement
  );
}

export function packIndicator(i: IndicatorDay): StoredIndicator {
  const plain = isPlainComparison(i) ? i.parts[0] : null;
  return [
    i.indicatorCode,
    i.status,
    i.judgement,
    i.value,
    i.numerator,
    i.denominator,
    i.yesCount,
    i.share,
    i.expected,
    [...i.missing],
    i.threshold,
    i.thresholdRule,
    i.newestAsOf,
    i.oldestAsOf,
    i.requiredFrom,
    [...i.staleUnitIds],
    i.kind,
    i.frequency,
    i.year,
    plain ? plain.comparator : null,
    plain ? plain.thresholdYear : null,
    plain ? [] : i.parts.map((p): StoredPart => [p.key, p.name, p.indicatorCode, p.comparator, p.threshold, p.thresholdYear, p.value, p.judgement]),
    i.outdated.map((o): [string, string] => [o.unitId, o.asOf]),
  ];
}

export function unpackIndicator(criterionCode: string, a: StoredIndicator): IndicatorDay {
  const judgement = a[2] as IndicatorDay['judgement'];
  const parts: IndicatorPartDay[] =
    a[21].length === 0
      ? [
          {
            key: COMPARE_PART_KEY,
            name: null,
            indicatorCode: a[0],
            comparator: a[19] as Comparator | null,
            threshold: a[10],
            thresholdYear: a[20],
            value: a[3],
            judgement,
          },
        ]
      : a[21].map((p) => ({
          key: p[0],
          name: p[1],
          indicatorCode: p[2],
          comparator: p[3] as Comparator | null,
          threshold: p[4],
          thresholdYear: p[5],
          value: p[6],
          judgement: p[7] as IndicatorPartDay['judgement'],
        }));
  return {
    criterionCode,
    indicatorCode: a[0],
    status: a[1] as IndicatorDay['status'],
    judgement,
    value: a[3],
    numerator: a[4],
    denominator: a[5],
    yesCount: a[6],
    share: a[7],
    expected: a[8],
    reported: a[8] - a[9].length,
    missing: a[9],
    threshold: a[10],
    thresholdRule: a[11],
    newestAsOf: a[12],
    oldestAsOf: a[13],
    requiredFrom: a[14],
    staleUnitIds: a[15],
    kind: a[16] as IndicatorKind,
    frequency: a[17] as ReportingFrequency,
    year: a[18],
    parts,
    outdated: a[22].map(([unitId, asOf]) => ({ unitId, asOf })),
  };
}

function packCriteria(criteria: readonly CriterionDay[]): StoredCriteria {
  return criteria.map((c) => ({ code: c.code, status: c.status, indicators: c.indicators.map(packIndicator) }));
}

function unpackCriteria(stored: StoredCriteria): CriterionDay[] {
  return stored.map((c) => ({ code: c.code, status: c.status as CriterionDay['status'], indicators: c.indicators.map((a) => unpackIndicator(c.code, a)) }));
}

/** A row of rm_unit_day. */
export interface UnitDayRow {
  viewDay: IsoDate;
  unitId: string;
  districtId: string;
  unitKind: string;
  parentId: string | null;
  catalogueVersion: string;
  /** `signature`: a commune-level unit's digest of what the district's standard reads of it (written by the projector). */
  doc: Pick<UnitDay, 'readings' | 'lastReportedAt' | 'tiers'> & { criteria: StoredCriteria; signature?: string };
}

/** A row of rm_pledge_item_day. */
export interface PledgeItemDayRow {
  viewDay: IsoDate;
  pledgeItemId: string;
  districtId: string;
  pledgeId: string;
  cellId: string;
  status: string;
  met: boolean;
  forecast: ItemForecastDay | null;
}

/** What a district's row says besides its units and items. */
export type ProgrammeDayHead = Pick<ProgrammeDay, 'catalogueVersion' | 'day' | 'districtId' | 'structureDate' | 'firstSigning' | 'district' | 'forecast'>;

export function districtDayRow(d: ProgrammeDayHead, periodEnd: boolean, reference: string): DistrictDayRow {
  return {
    districtId: d.districtId,
    viewDay: d.day,
    catalogueVersion: d.catalogueVersion,
    periodEnd,
    structureDate: d.structureDate,
    status: d.district.status,
    progress: d.district.progress,
    checksMet: d.district.checks.met,
    checksTotal: d.district.checks.total,
    firstSigning: d.firstSigning,
    reference,
    doc: { district: d.district, forecast: d.forecast },
  };
}

export function unitDayRow(u: UnitDay, day: { day: IsoDate; districtId: string; catalogueVersion: string }, signature?: string): UnitDayRow {
  return {
    viewDay: day.day,
    unitId: u.unitId,
    districtId: day.districtId,
    unitKind: u.kind,
    parentId: u.parentId,
    catalogueVersion: day.catalogueVersion,
    doc: {
      readings: u.readings,
      lastReportedAt: u.lastReportedAt,
      criteria: packCriteria(u.criteria),
      tiers: u.tiers,
      ...(signature === undefined ? {} : { signature }),
    },
  };
}

export function pledgeItemDayRow(i: PledgeItemDay, day: { day: IsoDate; districtId: string }): PledgeItemDayRow {
  return {
    viewDay: day.day,
    pledgeItemId: i.itemId,
    districtId: day.districtId,
    pledgeId: i.pledgeId,
    cellId: i.cellId,
    status: i.forecast?.status ?? 'waived',
    met: i.forecast?.status === 'met',
    forecast: i.forecast,
  };
}

/** The rows of a whole programme day. */
export function programmeDayRows(
  d: ProgrammeDay,
  periodEnd: boolean,
  reference: string,
): { district: DistrictDayRow; units: UnitDayRow[]; items: PledgeItemDayRow[] } {
  return {
    district: districtDayRow(d, periodEnd, reference),
    units: d.units.map((u) => unitDayRow(u, d)),
    items: d.items.map((i) => pledgeItemDayRow(i, d)),
  };
}

/** What {@link loadProgrammeDay} reads of a rm_district_day row (dates with ::text → 'YYYY-MM-DD'). */
type DistrictHeadRead = {
  catalogue_version: string;
  period_end: boolean;
  structure_date: IsoDate;
  first_signing: IsoDate | null;
  reference: string;
  doc: DistrictDayRow['doc'];
};
/** What is read of a rm_unit_day row: its columns and the parts of its doc (criteria with or without their indicators). */
type UnitDayRead = {
  unit_id: string;
  unit_kind: UnitDay['kind'];
  parent_id: string | null;
  readings: UnitDay['readings'];
  last_reported_at: string | null;
  tiers: UnitDay['tiers'];
  criteria: StoredCriteria;
};
/** What is read of a rm_pledge_item_day row. */
type PledgeItemDayRead = { pledge_item_id: string; pledge_id: string; cell_id: string; forecast: PledgeItemDay['forecast'] };
/** What {@link loadTrendPoints} reads of a rm_district_day row. */
type TrendRead = {
  view_day: IsoDate;
  catalogue_version: string;
  progress: number | null;
  checks_met: number;
  checks_total: number;
  communes: number;
  at_standard: number;
  conditions: TrendPointRow['conditions'];
  forecast: DistrictForecast;
};

/** A stored programme day, whether it ends a reporting period, and the fingerprint of the reference data it was computed with. */
export interface StoredProgrammeDay {
  readonly day: ProgrammeDay;
  readonly periodEnd: boolean;
  readonly reference: string;
}

/** Anything that runs a statement and resolves to its rows. */
export type DayQueryable = RowQueryable;

/** The criteria of a unit day without their indicators (what the district's views show of each unit). */
const CRITERIA_WITHOUT_INDICATORS = `(SELECT coalesce(jsonb_agg(jsonb_build_object('code', c->'code', 'status', c->'status', 'indicators', '[]'::jsonb)), '[]'::jsonb)
   FROM jsonb_array_elements(doc->'criteria') c)`;

/**
 * Reads the programme of `districtId` on `day` from the projector's tables; null when that day is not stored. Without
 * `details`, each unit's criteria come without their indicators (a tenth of the data: what the district's views show);
 * {@link loadUnitDay} reads one unit whole.
 */
export async function loadProgrammeDay(
  db: DayQueryable,
  districtId: string,
  day: IsoDate,
  opts: { details?: boolean } = {},
): Promise<StoredProgrammeDay | null> {
  const criteria = opts.details ? `doc->'criteria'` : CRITERIA_WITHOUT_INDICATORS;
  const [districtRows, unitRows, itemRows] = await Promise.all([
    queryRows<DistrictHeadRead>(
      db,
      `SELECT catalogue_version, period_end, structure_date::text AS structure_date, first_signing::text AS first_signing, reference, doc
         FROM rm_district_day WHERE district_id = $1 AND view_day = $2`,
      [districtId, day],
    ),
    queryRows<UnitDayRead>(
      db,
      `SELECT unit_id, unit_kind, parent_id, doc->'readings' AS readings, doc->>'lastReportedAt' AS last_reported_at, doc->'tiers' AS tiers, ${criteria} AS criteria
         FROM rm_unit_day WHERE district_id = $1 AND view_day = $2`,
      [districtId, day],
    ),
    queryRows<PledgeItemDayRead>(db, `SELECT pledge_item_id, pledge_id, cell_id, forecast FROM rm_pledge_item_day WHERE district_id = $1 AND view_day = $2`, [
      districtId,
      day,
    ]),
  ]);
  const head = districtRows[0];
  if (!head) return null;
  const units: UnitDay[] = unitRows.map(unitDayOfRow);
  const items: PledgeItemDay[] = itemRows.map((r) => ({ itemId: r.pledge_item_id, pledgeId: r.pledge_id, cellId: r.cell_id, forecast: r.forecast }));
  return {
    periodEnd: head.period_end === true,
    reference: head.reference,
    day: {
      catalogueVersion: head.catalogue_version,
      day,
      districtId,
      structureDate: head.structure_date,
      firstSigning: head.first_signing,
      district: head.doc.district,
      forecast: head.doc.forecast,
      units,
      items,
    },
  };
}

function unitDayOfRow(r: UnitDayRead): UnitDay {
  return {
    unitId: r.unit_id,
    kind: r.unit_kind,
    parentId: r.parent_id,
    readings: r.readings,
    lastReportedAt: r.last_reported_at,
    criteria: unpackCriteria(r.criteria),
    tiers: r.tiers,
  };
}

/** One unit's stored day, whole (its criteria with their indicators); null when not stored. */
export async function loadUnitDay(db: DayQueryable, unitId: string, day: IsoDate): Promise<UnitDay | null> {
  const rows = await queryRows<UnitDayRead>(
    db,
    `SELECT unit_id, unit_kind, parent_id, doc->'readings' AS readings, doc->>'lastReportedAt' AS last_reported_at, doc->'tiers' AS tiers, doc->'criteria' AS criteria
       FROM rm_unit_day WHERE unit_id = $1 AND view_day = $2`,
    [unitId, day],
  );
  return rows[0] ? unitDayOfRow(rows[0]) : null;
}

/** The figures of a day a trend shows (the district's row without its report lines). */
export interface TrendPointRow {
  readonly day: IsoDate;
  readonly catalogueVersion: string;
  readonly progress: number | null;
  readonly checks: { met: number; total: number };
  readonly communes: number;
  readonly communesAtStandard: number;
  readonly conditions: readonly {
    code: string;
    status: string;
    unitsAtTier: number | null;
    unitsTotal: number | null;
    checks: { met: number; total: number };
  }[];
  readonly forecast: DistrictForecast;
}

/** The trend figures of a stored or computed day. */
export function trendPointOf(d: Pick<ProgrammeDayHead, 'day' | 'catalogueVersion' | 'district' | 'forecast'>): TrendPointRow {
  return {
    day: d.day,
    catalogueVersion: d.catalogueVersion,
    progress: d.district.progress,
    checks: d.district.checks,
    communes: d.district.communes,
    communesAtStandard: d.district.communesAtStandard,
    conditions: d.district.conditions.map((c) => ({ code: c.code, status: c.status, unitsAtTier: c.unitsAtTier, unitsTotal: c.unitsTotal, checks: c.checks })),
    forecast: d.forecast,
  };
}

/**
 * The trend figures of the stored days of `districtId` among `days` computed with the reference data `reference`
 * (oldest first; days not stored, or computed with other reference data, are left out).
 */
export async function loadTrendPoints(db: DayQueryable, districtId: string, days: readonly IsoDate[], reference: string): Promise<TrendPointRow[]> {
  if (days.length === 0) return [];
  const rows = await queryRows<TrendRead>(
    db,
    `SELECT view_day::text AS view_day, catalogue_version, progress, checks_met, checks_total,
            (doc->'district'->>'communes')::int AS communes, (doc->'district'->>'communesAtStandard')::int AS at_standard,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('code', c->'code', 'status', c->'status', 'unitsAtTier', c->'unitsAtTier', 'unitsTotal', c->'unitsTotal', 'checks', c->'checks')), '[]')
               FROM jsonb_array_elements(doc->'district'->'conditions') c) AS conditions,
            doc->'forecast' AS forecast
       FROM rm_district_day WHERE district_id = $1 AND view_day = ANY($2::date[]) AND reference = $3 ORDER BY view_day`,
    [districtId, days, reference],
  );
  return rows.map((r) => ({
    day: r.view_day,
    catalogueVersion: r.catalogue_version,
    progress: r.progress,
    checks: { met: r.checks_met, total: r.checks_total },
    communes: r.communes,
    communesAtStandard: r.at_standard,
    conditions: r.conditions,
    forecast: r.forecast,
  }));
}
