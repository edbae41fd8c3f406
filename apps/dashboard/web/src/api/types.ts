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
  units: { id: string; name: string; status: StandardStatus; metCriteria: number; totalCriteria: number; label: Text }[];
  criteria: { code: string; name: Text; status: AssessmentStatus }[];
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
  standard: { status: 'met' | 'not_met' | 'not_applicable'; label: Text; structureDate: string; structureNote: Text | null; conditions: Condition[] };
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
