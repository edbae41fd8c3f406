/**
 * The shapes of the read API the pages show (apps/dashboard/src/*: their OpenAPI at /api/docs). Only the fields
 * the pages use are listed.
 */
export interface Text {
  vi: string;
  en: string;
}

export type AssessmentStatus = 'met' | 'not_met' | 'no_data' | 'stale' | 'threshold_missing';
export type ForecastStatus = 'met' | 'on_track' | 'at_risk' | 'off_track' | 'overdue' | 'no_data';
export type StandardStatus = 'met' | 'not_met' | 'undetermined';

export interface UnitRef {
  id: string;
  code: string;
  name: string;
  kind: string;
  placeholder: boolean;
}

export interface CriterionRef {
  code: string;
  appliesTo: string;
  tier: string;
  nameVi: string;
  nameEn: string;
  placeholder: boolean;
}

export interface StatusCounts {
  met: number;
  not_met: number;
  no_data: number;
  stale: number;
  threshold_missing: number;
}

export interface Checks {
  met: number;
  total: number;
}

export interface StandardSummary {
  tier: string;
  status: StandardStatus;
  label: Text;
  metCriteria: number;
  totalCriteria: number;
  gaps: Text;
}

export interface ForecastCounts {
  met: number;
  on_track: number;
  at_risk: number;
  off_track: number;
  overdue: number;
  no_data: number;
}

export interface PledgeSummary {
  items: number;
  met: number;
  metOnTime: number;
  fulfilmentScore: number | null;
  forecast: ForecastCounts;
}

export interface Condition {
  code: string;
  name: Text;
  status: 'met' | 'not_met' | 'threshold_missing';
  rule: { type: string; unitKinds?: string[]; tier?: string; comparator?: string; threshold?: number | null };
  unitsTotal: number | null;
  unitsAtTier: number | null;
  requiredUnits: number | null;
  sharePercent: number | null;
  checks: Checks;
  missing: Text[];
  units: {
    id: string;
    name: string;
    status: StandardStatus;
    metCriteria: number;
    totalCriteria: number;
    label: Text;
    /** The recognition decision in force, beside the computed status. */
    recognition: { id: string; decisionNumber: string | null; decidedOn: string | null; effectiveFrom: string; recognitionYear: number | null; issuer: string; source: string; text: Text } | null;
    counted: boolean;
    countedBy: 'computed' | 'recognised' | 'both' | null;
  }[];
  criteria: { code: string; name: Text; status: AssessmentStatus }[];
  source: string;
  confidence: string;
  measure: Text | null;
}

/** What blocks the standard (GET /api/v1/progress standard.blockers). */
export interface Blockers {
  headline: Text;
  conditions: {
    code: string;
    name: Text;
    status: string;
    needed: number;
    summary: Text;
    blockers: {
      id: string;
      name: string;
      kind: string;
      computedStatus: string | null;
      recognised: boolean;
      openCriteria: number;
      gap: number;
      dueOn: string | null;
      projectedOn: string | null;
      soonest: boolean;
      summary: Text;
      criteria: { code: string; name: Text; status: AssessmentStatus; gap: number; indicators: Text[] }[];
    }[];
  }[];
}

export interface CommuneProgress {
  id: string;
  code: string;
  name: string;
  kind: 'commune' | 'town';
  placeholder: boolean;
  cells: number;
  cellsReporting: number;
  readings: number;
  lastReportedAt: string | null;
  standard: StandardSummary | null;
  criteria: StatusCounts;
  criteriaStatus: Record<string, AssessmentStatus>;
  cellCriteria: StatusCounts;
  cellsAtStandard: number;
  pledgeFulfilment: number | null;
}

export interface CellProgress extends UnitRef {
  communeId: string;
  communeName: string;
  standard: StandardSummary | null;
  criteria: Record<string, AssessmentStatus>;
  counts: StatusCounts;
  readings: number;
  lastReportedAt: string | null;
  pledge: PledgeSummary | null;
}

export interface Progress {
  asOf: string;
  asOfNote: Text | null;
  computedAt: string;
  catalogueVersion: string;
  deadline: string;
  district: UnitRef;
  cells: number;
  cellsReporting: number;
  readings: number;
  lastReportedAt: string | null;
  overall: { progress: number | null; percent: number | null; text: Text; checks: Checks; definition: Text };
  standard: {
    status: 'met' | 'not_met' | 'not_applicable';
    label: Text;
    structureDate: string;
    structureNote: Text | null;
    /** The day the standard was assessed; `final` once the programme has closed (past tense). */
    assessedOn: string;
    final: boolean;
    conditions: Condition[];
    blockers: Blockers;
  };
  forecast: {
    status: ForecastStatus;
    statusText: Text;
    deadline: string;
    expectedProgress: number;
    actualProgress: number;
    projectedCompletion: string | null;
    items: number;
    counts: ForecastCounts;
    reason: Text;
  };
  criteria: CriterionRef[];
  communes: CommuneProgress[];
  heatmap: { columns: CriterionRef[]; rows: CellProgress[]; hiddenRows: number };
}

export interface IndicatorStatus {
  code: string;
  name: Text;
  status: AssessmentStatus;
  judgement: string | null;
  value: number | boolean | null;
  numerator: number | null;
  denominator: number | null;
  rollup: string;
  threshold: { value: number | boolean | null; comparator: string | null; source: string; confidence: string; text: Text | null; year?: number | null };
  coverage: { expected: number; reported: number; missing: string[] };
  newestAsOf: string | null;
  oldestAsOf: string | null;
  /** How often it is reported: decides what is out of date. */
  frequency: 'month' | 'quarter' | 'year' | 'on_change';
  /** Yearly indicators: the year assessed. */
  year: number | null;
  /** Every comparison of the level; `shown` has the decimals the comparison needs, `gap` says how far a miss is. */
  parts: { key: string; name: Text | null; indicatorCode: string; value: number | boolean | null; judgement: string | null; threshold: { text: Text | null; source: string }; shown: Text | null; gap: Text | null }[];
  reason: Text;
  readingsLink: string;
}

export interface CriterionStatus {
  code: string;
  name: Text;
  status: AssessmentStatus;
  indicators: IndicatorStatus[];
}

export interface TierStatus extends StandardSummary {
  name: Text;
  base: boolean;
  requires: string[];
  criteria: CriterionStatus[];
}

export interface ItemForecast {
  id: string;
  criterionCode: string;
  indicatorCode: string | null;
  status: ForecastStatus | 'waived';
  dueDate: string;
  reason: Text;
}

export interface UnitProgress {
  asOf: string;
  asOfNote: Text | null;
  catalogueVersion: string;
  unit: UnitRef;
  commune: UnitRef | null;
  tiers: TierStatus[];
  /** The district's own page: its conditions with the district criteria's statuses. */
  districtStandard?: { conditions: { code: string; criteria: { code: string; status: AssessmentStatus }[] }[] } | null;
  pledge: PledgeSummary | null;
  pledgeItems: ItemForecast[];
}

/** One reading of the history of an indicator (GET /api/v1/units/{id}/readings), newest first. */
export interface ReadingRow {
  eventId: string;
  unitId: string;
  unitName: string;
  criterionCode: string;
  indicatorCode: string;
  value: number | boolean | null;
  numerator: number | null;
  denominator: number | null;
  percent: number | null;
  asOf: string;
  reportedAt: string;
  reportedBy: string;
  reporterName: string | null;
  supersedes: string | null;
  current: boolean;
}

export interface ReadingHistory {
  unitId: string;
  unitName: string;
  total: number;
  items: ReadingRow[];
}

export interface CatalogueIndicator {
  code: string;
  nameVi: string;
  nameEn: string;
  kind: 'percentage' | 'amount' | 'count' | 'boolean';
  /** The unit in Vietnamese; `unitEn` in English (null: the same). */
  unit: string;
  unitEn: string | null;
  threshold: { value: number | boolean | null; comparator: string | null; text: Text | null; source: string; confidence: string };
  fraction: { numeratorVi: string; numeratorEn: string; denominatorVi: string; denominatorEn: string; unit: string; unitEn?: string | null } | null;
  frequency: 'month' | 'quarter' | 'year' | 'on_change';
  range: { min: number; max: number } | null;
  /** Plausible figures of one unit (whole numbers? ceiling?); null for yes/no. */
  bounds?: { integer: boolean; max: number | null; source: string; confidence: string } | null;
  reportedBy: 'cell' | 'commune' | 'district';
  readingOf: { criterionCode: string; indicatorCode: string } | null;
  assessed: boolean;
  placeholder: boolean;
  note: string | null;
}

export interface CatalogueCriterion {
  code: string;
  appliesTo: 'commune' | 'hamlet' | 'ward' | 'district' | 'town';
  tier: string;
  group: string | null;
  nameVi: string;
  nameEn: string;
  placeholder: boolean;
  indicators: CatalogueIndicator[];
}

export interface Criteria {
  version: { id: string; titleVi: string; titleEn: string; periodFrom: string; periodTo: string; deadline: string; reportingPeriod: { every: string; dueDay: number } };
  versions: string[];
  criteria: CatalogueCriterion[];
}

export interface PledgeItem {
  id: string;
  criterionCode: string;
  criterionName: Text;
  indicatorCode: string | null;
  indicatorName: Text | null;
  target: { comparator: string; value: number | boolean; text: Text };
  dueDate: string;
  note: string | null;
  status: ForecastStatus | 'waived';
  statusText: Text;
  current: { value: number; asOf: string } | null;
  expectedProgress: number | null;
  actualProgress: number | null;
  projectedCompletion: string | null;
  metOnTime: boolean;
  reason: Text;
}

export interface Pledge {
  id: string;
  cell: UnitRef;
  commune: UnitRef;
  signedOn: string;
  placeholder: boolean;
  summary: PledgeSummary;
  items: PledgeItem[];
}

export interface Pledges {
  asOf: string;
  asOfNote: Text | null;
  total: number;
  items: number;
  pledges: Pledge[];
}

/** A submission as the intake lists it (GET /api/v1/submissions, /api/v1/communes/{id}/submissions). */
export interface Submission {
  eventId: string;
  hamletCode: string;
  communeId: string | null;
  criterionCode: string;
  asOf: string;
  reportedAt: string;
  reportedBy: string;
  status: 'accepted' | 'recorded' | 'projected' | 'rejected';
  rejection: { reasons: { field: string; problem: string; message: string; messageEn: string }[]; rejectedAt: string } | null;
  recordedAt: string | null;
  supersedes: string | null;
  supersededBy: string[];
  review: { status: 'verified' | 'returned'; comment: string | null; by: string; at: string } | null;
  submittedAt: string;
  update: {
    readings?: { indicatorCode: string; value?: number | boolean; numerator?: number; denominator?: number }[];
    note?: string;
    [k: string]: unknown;
  };
}

export interface SubmissionPage {
  items: Submission[];
  nextCursor: string | null;
}

export interface Evaluation {
  year: number;
  asOf: string;
  catalogueVersion: string;
  settings: { scope: string; bands: { excellent: number; good: number; completed: number }; cap: { ratio: number; rounding: string; poolIncludesExcellent: boolean; scope: string }; ruleSource: string };
  /** A proposal of pledge-fulfilment results for the party committee, not its rating. */
  title: Text;
  total: number;
  counts: Record<string, number>;
  /** Collectives tied at the cap's limit, left to the committee. */
  undecided: number;
  cap: { ratio: number; pool: number; limit: number; candidates: number; refused: number; tied: number; scope: string; text: Text };
  scopes: { id: string; name: string | null; total: number; counts: Record<string, number>; cap: { pool: number; limit: number; text: Text }; reportLines: Text[] }[];
  reportLines: Text[];
  reportText: Text;
  collectives: {
    id: string;
    name: string;
    placeholder: boolean;
    communeId: string;
    communeName: string;
    score: number;
    candidateLevel: string;
    /** null: tied at the limit, the committee decides. */
    level: string | null;
    levelName: Text;
    candidateRank: number | null;
    tie: { size: number; places: number } | null;
    reason: Text | null;
  }[];
  hiddenCollectives: number;
  notRated: { id: string; name: string; reason: Text }[];
}

/** The caller's in-app inbox (GET /api/v1/inbox): reminders and summaries. */
export interface InboxMessage {
  id: string;
  title: string;
  body: string;
  link: string | null;
  kind: string | null;
  unitId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPage {
  items: InboxMessage[];
  unread: number;
  nextBefore: string | null;
}

/** One day of GET /api/v1/progress/trend: the figures GET /api/v1/progress?asOf=<that day> gives. */
export interface TrendPoint {
  asOf: string;
  overall: { progress: number | null; percent: number | null; checks: Checks };
  communesAtStandard: number;
  communes: number;
  conditions: { code: string; status: string; unitsAtTier: number | null; unitsTotal: number | null; checks: Checks }[];
  pledges: { status: ForecastStatus; actualProgress: number; expectedProgress: number; actualPercent: number; expectedPercent: number; items: number; met: number };
}

export interface TrendLine {
  method: 'projected_completion' | 'least_squares' | 'none';
  points: { asOf: string; value: number }[];
}

export interface Trend {
  asOf: string;
  asOfNote: Text | null;
  catalogueVersion: string;
  deadline: string;
  from: string;
  firstSigning: string | null;
  every: 'month' | 'quarter';
  points: TrendPoint[];
  forecast: { overall: TrendLine; pledges: TrendLine; district: Progress['forecast'] };
  readings: number;
  computedAt: string;
}

/** A cell in the reporting lists (GET /api/v1/reporting). */
export interface ReportingCell {
  id: string;
  code: string;
  name: string;
  kind: string;
  placeholder: boolean;
  communeId: string;
  communeName: string;
}

export interface CommuneReporting {
  id: string;
  name: string;
  kind: string;
  placeholder: boolean;
  cellsExpected: number;
  cellsReported: number;
  cellsOnTime: number;
  cellsLate: number;
  notReported: string[];
  late: string[];
}

export interface Reporting {
  asOf: string;
  asOfNote: Text | null;
  catalogueVersion: string;
  period: { start: string; end: string; due: string; every: string; label: Text; dueOnViewDate: boolean; chosen: 'latest_due' | 'asked'; note: Text };
  scope: { kind: 'district' | 'commune' | 'cell'; unitId: string };
  cellsExpected: number;
  cellsReported: number;
  cellsOnTime: number;
  cellsLate: number;
  notReported: ReportingCell[];
  late: (ReportingCell & { firstReportedAt: string; daysLate: number })[];
  perCommune: CommuneReporting[];
  source: 'read_model' | 'computed';
}
