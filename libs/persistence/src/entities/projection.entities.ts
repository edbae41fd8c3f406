import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Read models of the projector beyond the readings (see read-model.entities.ts for rm_reading and
 * rm_reading_history), and the projector's own bookkeeping.
 *
 * Every rm_* column follows from the events and the reference data (units, catalogue, pledges) alone:
 * no arrival times, no "today". A rebuild from the event store therefore reproduces each rm_* table row
 * for row (tests/e2e/projector-crash-recovery.spec.ts checks it after many SIGKILLs).
 *
 * Two kinds of tables:
 * - folded in the same transaction as the Kafka batch and its checkpoint (rm_reading and rm_reading_history, in
 *   read-model.entities.ts): visible as soon as the batch commits (`progress_changed` with `kind: "readings"`);
 * - derived by the projector's status refresher from those, per unit (rm_cell_report in SQL from the history;
 *   rm_indicator_status, rm_criterion_status, rm_unit_standard, rm_district_standard, rm_pledge_item_status,
 *   rm_reporting_summary through libs/domain) a few milliseconds later at normal load; `progress_changed` with
 *   `kind: "status"` says when they changed.
 *
 * "The view day" V: the newest `as_of` of any reading in force (rm_reading). Derived rows describe the
 * programme as of V: the structure (which cells make a commune) is read on V (or the unit's last valid day),
 * and columns named `status` apply the domain's staleness rule on V. Staleness relative to *today* is the
 * reader's: each status row carries `status_fresh` (the status if every reading counted as current) and
 * `stale_on` (the first day on which a reading behind it is stale), so that
 *   status_today = CASE WHEN status_fresh IN ('met', 'not_met') AND stale_on <= today THEN 'stale' ELSE status_fresh END
 * for an indicator (exactly the domain's assessIndicator on `today`); libs/domain's
 * `indicatorStatusOn` / `criterionStatusOn` do the same in TypeScript.
 */

/**
 * Which cell reported for which reporting period (cells report monthly; a period's report is due on the
 * catalogue's `reportingPeriod.dueDay` of the month after it ends). A cell "reported for" a period when an
 * event with `as_of` inside the period was recorded. Recomputed from rm_reading_history by the status refresher for
 * the units of each folded batch. Cells without a row for a period have not reported: see rm_reporting_summary for
 * the named list.
 */
@Entity('rm_cell_report')
@Index(['periodStart'])
export class CellReportEntity {
  /** The reporting unit (a hamlet or ward cell id; a commune id for commune-reported figures). */
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  /** First day of the period (periods are aligned to January: months, quarters or years). */
  @PrimaryColumn('date', { name: 'period_start' }) periodStart: string;
  /** Last day of the period. */
  @Column('date', { name: 'period_end' }) periodEnd: string;
  /** The day the report was due: `dueDay` of the month after the period. */
  @Column('date', { name: 'due_date' }) dueDate: string;
  /** Commune (or town) of the unit, as ingest resolved it for the first report. */
  @Column('text', { name: 'commune_code' }) communeCode: string;
  /** The earliest `reportedAt` among the events for this period (its first report). */
  @Column('timestamptz', { name: 'first_reported_at' }) firstReportedAt: Date;
  /** eventId of that first report (the smallest eventId on equal times). */
  @Column('uuid', { name: 'first_event_id' }) firstEventId: string;
  /** The latest `reportedAt` (corrections included). */
  @Column('timestamptz', { name: 'last_reported_at' }) lastReportedAt: Date;
  /** Distinct events (submissions) for the period, each counted once. */
  @Column('integer') events: number;
  /** The first report's day in Vietnam (Asia/Ho_Chi_Minh) is on or before `due_date`; false = late. */
  @Column('boolean', { name: 'on_time' }) onTime: boolean;
}

/**
 * Reporting completeness per commune-level unit (commune, town) and district, per period, from the first
 * reported period to the last one any cell reported for (one global range). Derived by the status refresher.
 */
@Entity('rm_reporting_summary')
export class ReportingSummaryEntity {
  /** A commune, the town or the district. */
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @PrimaryColumn('date', { name: 'period_start' }) periodStart: string;
  @Column('text', { name: 'unit_kind' }) unitKind: string;
  @Column('date', { name: 'period_end' }) periodEnd: string;
  @Column('date', { name: 'due_date' }) dueDate: string;
  /** Cells of the unit on the period's last day (or the unit's last valid day). */
  @Column('integer', { name: 'cells_expected' }) cellsExpected: number;
  @Column('integer', { name: 'cells_reported' }) cellsReported: number;
  @Column('integer', { name: 'cells_on_time' }) cellsOnTime: number;
  @Column('integer', { name: 'cells_late' }) cellsLate: number;
  /** Ids of the expected cells without a report for the period, in unit order (join admin_unit for names). */
  @Column('jsonb', { name: 'missing_cell_ids' }) missingCellIds: string[];
  /** Ids of the cells whose first report came after the due date. */
  @Column('jsonb', { name: 'late_cell_ids' }) lateCellIds: string[];
}

/**
 * Status of one indicator for one unit (cell, commune, town, district), with the rollup behind it
 * (libs/domain assessIndicator). Derived by the status refresher.
 */
@Entity('rm_indicator_status')
@Index(['parentId'])
export class IndicatorStatusEntity {
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @PrimaryColumn('text', { name: 'criterion_code' }) criterionCode: string;
  @PrimaryColumn('text', { name: 'indicator_code' }) indicatorCode: string;
  /** hamlet | ward | commune | town | district */
  @Column('text', { name: 'unit_kind' }) unitKind: string;
  @Column('text', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('text', { name: 'catalogue_version' }) catalogueVersion: string;
  /** Domain status on the view day V: met | not_met | no_data | stale | threshold_missing. */
  @Column('text') status: string;
  /** The status if every reading counted as current: met | not_met | no_data | threshold_missing. */
  @Column('text', { name: 'status_fresh' }) statusFresh: string;
  /** Plain comparison of the value with the threshold (met | not_met), null without both. */
  @Column('text', { nullable: true }) judgement: string | null;
  /** The unit's value: a percentage for fractions (Σnumerators/Σdenominators×100), a number, or null. */
  @Column('double precision', { nullable: true }) value: number | null;
  /** The unit's value for yes/no indicators. */
  @Column('boolean', { name: 'bool_value', nullable: true }) boolValue: boolean | null;
  @Column('double precision', { nullable: true }) numerator: number | null;
  @Column('double precision', { nullable: true }) denominator: number | null;
  /** Yes/no rollups: reporting units answering yes, and yes/reported (0..1). */
  @Column('integer', { name: 'yes_count', nullable: true }) yesCount: number | null;
  @Column('double precision', { nullable: true }) share: number | null;
  /** Reporting units that should contribute / that did. */
  @Column('integer', { name: 'units_expected' }) unitsExpected: number;
  @Column('integer', { name: 'units_reported' }) unitsReported: number;
  /** Ids of the reporting units without a usable reading. */
  @Column('jsonb', { name: 'missing_unit_ids' }) missingUnitIds: string[];
  /** Ids of the contributing units whose reading is stale on V. */
  @Column('jsonb', { name: 'stale_unit_ids' }) staleUnitIds: string[];
  /** The threshold that applies (number or boolean), null when unknown; its source and confidence. */
  @Column('jsonb', { nullable: true }) threshold: number | boolean | null;
  @Column('text', { name: 'threshold_source' }) thresholdSource: string;
  @Column('text', { name: 'threshold_confidence' }) thresholdConfidence: string;
  @Column('date', { name: 'newest_as_of', nullable: true }) newestAsOf: string | null;
  @Column('date', { name: 'oldest_as_of', nullable: true }) oldestAsOf: string | null;
  /** Readings describing days before this are stale on V. */
  @Column('date', { name: 'required_from' }) requiredFrom: string;
  /** First day on which the oldest contributing reading is stale (null without readings). */
  @Column('date', { name: 'stale_on', nullable: true }) staleOn: string | null;
}

/** Status of one criterion for one unit (libs/domain assessCriterion). Derived by the status refresher. */
@Entity('rm_criterion_status')
@Index(['parentId'])
export class CriterionStatusEntity {
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @PrimaryColumn('text', { name: 'criterion_code' }) criterionCode: string;
  @Column('text', { name: 'unit_kind' }) unitKind: string;
  @Column('text', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('text', { name: 'catalogue_version' }) catalogueVersion: string;
  /** Domain status on V (met | not_met | no_data | stale | threshold_missing). */
  @Column('text') status: string;
  /** Summary of the indicators' `status_fresh` (see the module comment). */
  @Column('text', { name: 'status_fresh' }) statusFresh: string;
  /** Assessed indicators (informational ones are left out) and how many are met (fresh). */
  @Column('integer', { name: 'indicators_assessed' }) indicatorsAssessed: number;
  @Column('integer', { name: 'indicators_met' }) indicatorsMet: number;
  /**
   * Earliest `stale_on` of its indicators judged met/not_met: before that day `status_fresh` is today's status;
   * from it on, combine the indicator rows (libs/domain criterionStatusOn).
   */
  @Column('date', { name: 'stale_on', nullable: true }) staleOn: string | null;
}

/**
 * Whether a unit reaches a tier (standard): a cell "ấp NTM" / "khóm văn minh đô thị", a commune NTM and
 * NTM nâng cao, the town civilised-urban (libs/domain assessTier). Derived by the status refresher.
 */
@Entity('rm_unit_standard')
@Index(['parentId'])
export class UnitStandardEntity {
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @PrimaryColumn('text', { name: 'tier_code' }) tierCode: string;
  @Column('text', { name: 'unit_kind' }) unitKind: string;
  @Column('text', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('text', { name: 'catalogue_version' }) catalogueVersion: string;
  /** On V: met | not_met | undetermined. */
  @Column('text') status: string;
  /** The same rule on the criteria's `status_fresh`. */
  @Column('text', { name: 'status_fresh' }) statusFresh: string;
  @Column('integer', { name: 'met_criteria' }) metCriteria: number;
  @Column('integer', { name: 'met_criteria_fresh' }) metCriteriaFresh: number;
  @Column('integer', { name: 'total_criteria' }) totalCriteria: number;
  /** Earliest `stale_on` of its criteria (null when nothing can go stale). */
  @Column('date', { name: 'stale_on', nullable: true }) staleOn: string | null;
}

/**
 * The district standard on the view day V (libs/domain assessDistrictStandard): each district condition
 * met or not and what is missing, and the overall progress figure. Derived by the status refresher.
 */
@Entity('rm_district_standard')
export class DistrictStandardEntity {
  @PrimaryColumn('text', { name: 'district_id' }) districtId: string;
  @Column('text', { name: 'catalogue_version' }) catalogueVersion: string;
  /** The view day V. */
  @Column('date', { name: 'as_of' }) asOf: string;
  /** The day whose structure was used (the district's last valid day when V is later). */
  @Column('date', { name: 'structure_date' }) structureDate: string;
  /** met | not_met | not_applicable */
  @Column('text') status: string;
  @Column('text', { name: 'label_vi' }) labelVi: string;
  @Column('text', { name: 'label_en' }) labelEn: string;
  /** Overall progress 0..1 (libs/domain OVERALL_PROGRESS_DESCRIPTION), null when not applicable. */
  @Column('double precision', { nullable: true }) progress: number | null;
  @Column('integer', { name: 'checks_met' }) checksMet: number;
  @Column('integer', { name: 'checks_total' }) checksTotal: number;
  /**
   * One entry per district condition: `{ code, nameVi, nameEn, status, unitsTotal, unitsAtTier, requiredUnits,
   * sharePercent, checksMet, checksTotal, missing: [{ vi, en }] }`.
   */
  @Column('jsonb') conditions: Record<string, unknown>[];
}

/**
 * A pledge item's forecast inputs (libs/domain forecastPledgeItem). "Overdue" and the expected progress depend on
 * today, so the row stores what the readings determine plus the days on which the forecast turns `at_risk` and
 * `off_track`; readers evaluate
 *   CASE WHEN met THEN 'met' WHEN today > due_date THEN 'overdue' WHEN latest_as_of IS NULL THEN 'no_data'
 *        WHEN today >= off_track_from THEN 'off_track' WHEN today >= at_risk_from THEN 'at_risk' ELSE 'on_track' END
 * (libs/domain `pledgeItemStatusOn`), which equals forecastPledgeItem on that day. Derived by the status refresher.
 */
@Entity('rm_pledge_item_status')
@Index(['cellId'])
export class PledgeItemStatusEntity {
  @PrimaryColumn('text', { name: 'pledge_item_id' }) pledgeItemId: string;
  @Column('text', { name: 'pledge_id' }) pledgeId: string;
  @Column('text', { name: 'cell_id' }) cellId: string;
  @Column('text', { name: 'criterion_code' }) criterionCode: string;
  /** Null for a whole-criterion item (target: the criterion is met). */
  @Column('text', { name: 'indicator_code', nullable: true }) indicatorCode: string | null;
  /** active | waived (pledge_item.status). */
  @Column('text', { name: 'item_status' }) itemStatus: string;
  @Column('date', { name: 'signed_on' }) signedOn: string;
  @Column('date', { name: 'due_date' }) dueDate: string;
  /** `{ comparator, value }` as forecast (a whole-criterion item: `>= 100` % of its indicators met). */
  @Column('jsonb') target: Record<string, unknown>;
  /** Points in the item's history (one per day, the newest report of that day). */
  @Column('integer') points: number;
  @Column('date', { name: 'latest_as_of', nullable: true }) latestAsOf: string | null;
  @Column('double precision', { name: 'latest_value', nullable: true }) latestValue: number | null;
  @Column('date', { name: 'baseline_as_of', nullable: true }) baselineAsOf: string | null;
  @Column('double precision', { name: 'baseline_value', nullable: true }) baselineValue: number | null;
  /** The latest value meets the target. */
  @Column('boolean') met: boolean;
  @Column('date', { name: 'first_met_on', nullable: true }) firstMetOn: string | null;
  /** Some value dated on or before the due date met the target. */
  @Column('boolean', { name: 'met_on_time' }) metOnTime: boolean;
  /** Progress from the baseline toward the target, 0..1 (null without data; 1 when met). */
  @Column('double precision', { name: 'actual_progress', nullable: true }) actualProgress: number | null;
  @Column('double precision', { name: 'trend_slope_per_day', nullable: true }) trendSlopePerDay: number | null;
  /** The day the trend reaches the target (null without a trend toward it). */
  @Column('date', { name: 'projected_completion', nullable: true }) projectedCompletion: string | null;
  /** First day (from signing to the due date) on which the forecast is at_risk or worse; null if never. */
  @Column('date', { name: 'at_risk_from', nullable: true }) atRiskFrom: string | null;
  /** First day on which it is off_track; null if never. */
  @Column('date', { name: 'off_track_from', nullable: true }) offTrackFrom: string | null;
}

/**
 * Units whose derived rows must be recomputed (a work queue, not a read model): each batch transaction that folded
 * something adds ONE row naming the units of its events; the status refresher recomputes them and their ancestors
 * and deletes the rows it took, in the transaction that writes the new rows. A row added meanwhile stays queued.
 */
@Entity('projection_dirty_batch')
export class ProjectionDirtyBatchEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('text', { array: true }) units: string[];
}

/**
 * One row per projection (not a read model): the generation, bumped by each rebuild so that running projectors
 * reload their caches, and what the derived rows were last computed on (so that any instance taking over the
 * status refresher knows when everything must be recomputed).
 */
@Entity('projection_state')
export class ProjectionStateEntity {
  @PrimaryColumn('text') projection: string;
  @Column('integer', { default: 0 }) generation: number;
  /** The view day V of the derived rows. */
  @Column('date', { name: 'derived_view_day', nullable: true }) derivedViewDay: string | null;
  /** `first|last` reported period of the reporting summaries. */
  @Column('text', { name: 'derived_periods', nullable: true }) derivedPeriods: string | null;
  /** Fingerprint of the reference data (units, catalogue, pledges) the derived rows were computed with. */
  @Column('text', { name: 'derived_reference', nullable: true }) derivedReference: string | null;
  /** Events in the event store when the last rebuild swapped its tables in. */
  @Column('bigint', { name: 'rebuilt_events', nullable: true }) rebuiltEvents: string | null;
  @Column('timestamptz', { name: 'rebuilt_at', nullable: true }) rebuiltAt: Date | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
