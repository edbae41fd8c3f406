/**
 * The shapes of the APIs the pages show, as the apps describe them: aliases of the types generated from the OpenAPI
 * documents of the dashboard and intake apps (generated/*.ts, `npm run api:types`; a unit test fails when they are
 * out of date). The pages keep these short names.
 */
import type * as D from './generated/dashboard';
import type * as I from './generated/intake';

export type Text = D.TextDto;

export type AssessmentStatus = D.IndicatorStatusDto['status'];
export type ForecastStatus = D.ItemForecastDto['status'];
export type StandardStatus = D.StandardSummaryDto['status'];

export type UnitRef = D.UnitRefDto;
export type CriterionRef = D.CriterionRefDto;
export type StatusCounts = D.StatusCountsDto;
export type Checks = D.ChecksDto;
export type StandardSummary = D.StandardSummaryDto;
export type ForecastCounts = D.ForecastCountsDto;
export type PledgeSummary = D.PledgeSummaryDto;
export type Condition = D.ConditionDto;
export type Blockers = D.StandardBlockersDto;
export type CommuneProgress = D.CommuneProgressDto;
export type CellProgress = D.CellProgressDto;
export type Progress = D.ProgressResponseDto;
export type IndicatorStatus = D.IndicatorStatusDto;
export type CriterionStatus = D.CriterionStatusDto;
export type TierStatus = D.TierStatusDto;
export type ItemForecast = D.ItemForecastDto;
export type UnitProgress = D.UnitProgressResponseDto;
export type ReadingRow = D.UnitReadingDto;
export type ReadingHistory = D.UnitReadingsResponseDto;
export type CatalogueIndicator = D.IndicatorDto;
export type CatalogueCriterion = D.CriterionDto;
export type Criteria = D.CriteriaResponseDto;
export type PledgeItem = D.PledgeItemDto;
export type Pledge = D.PledgeDto;
export type Pledges = D.PledgesResponseDto;
export type Evaluation = D.EvaluationResponseDto;
export type InboxMessage = D.InboxMessageDto;
export type InboxPage = D.InboxPageDto;
export type TrendPoint = D.TrendPointDto;
export type TrendLine = D.TrendLineDto;
export type Trend = D.TrendResponseDto;
export type ReportingCell = D.ReportingCellDto;
export type CommuneReporting = D.CommuneReportingDto;
export type Reporting = D.ReportingResponseDto;
export type Programme = D.ProgrammeDto;
export type Programmes = D.ProgrammesResponseDto;
export type ResignBody = D.ResignPledgesBodyDto;
export type ResignResult = D.ResignPledgesResultDto;

/**
 * The intake's OpenAPI document describes a submission's `update` as a free object (its shape is the contract's
 * JSON schema, libs/contracts criterion-update.v1): the pages read these fields of it.
 */
export interface SubmittedUpdate {
  readings?: { indicatorCode: string; value?: number | boolean; numerator?: number; denominator?: number }[];
  note?: string;
  [k: string]: unknown;
}
export type Submission = Omit<I.SubmissionViewDto, 'update'> & { update: SubmittedUpdate };
export type SubmissionPage = I.SubmissionPageDto;
