import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Read models of the projector beyond the readings (see read-model.entities.ts for rm_reading and
 * rm_reading_history), and the projector's own bookkeeping. The projector is their one writer; the read API and
 * reminders read them (docs/architecture.md).
 *
 * Every rm_* column follows from the events, the reference data (units, catalogue, pledges) and the stored days
 * alone, never from arrival times; a rebuild from the event store therefore reproduces each rm_* table row for row
 * (tests/e2e/projector-crash-recovery.spec.ts checks it after many SIGKILLs).
 *
 * Two kinds of tables:
 * - folded in the same transaction as the Kafka batch and its checkpoint (rm_reading and rm_reading_history, in
 *   read-model.entities.ts): visible as soon as the batch commits (`progress_changed` with `kind: "readings"`);
 * - derived by the projector's status refresher from those (rm_cell_report in SQL from the history and the domain's
 *   reporting calendar; rm_district_day, rm_unit_day, rm_pledge_item_day and rm_reporting_summary through libs/domain's
 *   `programmeOnDay` and `reportingSummary`) a moment later; `progress_changed` with `kind: "status"` says when and
 *   which days changed.
 *
 * The stored days of a district: the last day of every reporting period of the programme when the programme's
 * pledges cover the district (so history and trend are tables), and "today" — the day in Vietnam kept within the
 * programme's dates (projection_state.derived_today) — for every district. Any other day is computed on demand by the
 * read API with the same libs/domain function.
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
 * Reporting completeness per commune-level unit (commune, town) and district of the districts a programme covers, for
 * every reporting period of the programme. Derived by the status refresher (libs/domain `reportingSummary`).
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
 * The programme of a district on one stored day (libs/domain `programmeOnDay`): its district standard (conditions,
 * what is missing, the overall figure) and the forecast of its pledges against the deadline. Stored days: the last
 * day of every reporting period of the programme (for the districts its pledges cover), and "today" (the day in
 * Vietnam, kept within the programme's dates) for every district. Derived by the projector's status refresher.
 */
@Entity('rm_district_day')
export class DistrictDayEntity {
  @PrimaryColumn('text', { name: 'district_id' }) districtId: string;
  /** The view day the figures describe. */
  @PrimaryColumn('date', { name: 'view_day' }) viewDay: string;
  @Column('text', { name: 'catalogue_version' }) catalogueVersion: string;
  /** The day ends a reporting period of the programme (else it is kept only as "today"). */
  @Column('boolean', { name: 'period_end' }) periodEnd: boolean;
  /** The day whose structure was used (the district's last valid day when the view day is later). */
  @Column('date', { name: 'structure_date' }) structureDate: string;
  /** met | not_met | not_applicable */
  @Column('text') status: string;
  /** Overall progress 0..1 (libs/domain OVERALL_PROGRESS_DESCRIPTION), null when not applicable. */
  @Column('double precision', { nullable: true }) progress: number | null;
  @Column('integer', { name: 'checks_met' }) checksMet: number;
  @Column('integer', { name: 'checks_total' }) checksTotal: number;
  /** The first signing among the district's pledges of the version. */
  @Column('date', { name: 'first_signing', nullable: true }) firstSigning: string | null;
  /**
   * The fingerprint of the reference data the day was computed with (libs/persistence referenceFingerprint): every row
   * of a (district, day) is written together, with the same data; a reader whose reference data differ computes the day.
   */
  @Column('text') reference: string;
  /** `{ district: DistrictDay, forecast: DistrictForecast }` (libs/domain programme-day.ts). */
  @Column('jsonb') doc: Record<string, unknown>;
}

/**
 * One unit (the district, a commune or the town, a cell) of a district's programme on a stored day: every criterion
 * with its indicators and every tier (libs/domain `UnitDay`). Derived by the status refresher.
 */
@Entity('rm_unit_day')
@Index(['districtId', 'viewDay'])
export class UnitDayEntity {
  @PrimaryColumn('date', { name: 'view_day' }) viewDay: string;
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @Column('text', { name: 'district_id' }) districtId: string;
  /** hamlet | ward | commune | town | district */
  @Column('text', { name: 'unit_kind' }) unitKind: string;
  @Column('text', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('text', { name: 'catalogue_version' }) catalogueVersion: string;
  /** `{ readings, lastReportedAt, criteria: CriterionDay[], tiers: TierDay[] }` (libs/domain `UnitDay`). */
  @Column('jsonb') doc: Record<string, unknown>;
}

/**
 * A pledge item on a stored day: its forecast (libs/domain forecastPledgeItem; `PledgeItemDay`), or null when an
 * administrator waived it. Derived by the status refresher; reminders read `met` on "today".
 */
@Entity('rm_pledge_item_day')
@Index(['districtId', 'viewDay'])
@Index(['cellId', 'viewDay'])
export class PledgeItemDayEntity {
  @PrimaryColumn('date', { name: 'view_day' }) viewDay: string;
  @PrimaryColumn('text', { name: 'pledge_item_id' }) pledgeItemId: string;
  @Column('text', { name: 'district_id' }) districtId: string;
  @Column('text', { name: 'pledge_id' }) pledgeId: string;
  @Column('text', { name: 'cell_id' }) cellId: string;
  /** The forecast status on the view day (met, on_track, at_risk, off_track, overdue, no_data), or waived. */
  @Column('text') status: string;
  /** The latest value meets the target (false when waived). */
  @Column('boolean') met: boolean;
  /** `ItemForecastDay` (status, progress, baseline, latest, trend, projected completion, reason) or null when waived. */
  @Column('jsonb', { nullable: true }) forecast: Record<string, unknown> | null;
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
  /**
   * Per unit (same position), the earliest day its new readings describe: stored days from then on are recomputed.
   * Null: every stored day of the units.
   */
  @Column('date', { name: 'from_days', array: true, nullable: true }) fromDays: string[] | null;
  /** Today's day of these units is derived already: only the other stored days are left (done when no new batch waits). */
  @Column('boolean', { default: false }) later: boolean;
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
  /** "Today" of the derived rows: the day in Vietnam kept within the programme's dates (its rows are stored for it). */
  @Column('date', { name: 'derived_today', nullable: true }) derivedToday: string | null;
  /** Fingerprint of the reference data (units, catalogue, pledges) the derived rows were computed with. */
  @Column('text', { name: 'derived_reference', nullable: true }) derivedReference: string | null;
  /** Events in the event store when the last rebuild swapped its tables in. */
  @Column('bigint', { name: 'rebuilt_events', nullable: true }) rebuiltEvents: string | null;
  @Column('timestamptz', { name: 'rebuilt_at', nullable: true }) rebuiltAt: Date | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
