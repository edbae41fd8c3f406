import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projector read models (issue 5): reporting per cell and period and its summary, indicator / criterion /
 * tier status per unit, the district standard, pledge item forecasts, the status refresher's work queue and
 * the projection's generation counter. rm_processed_event goes: the primary key of rm_reading_history
 * (event_id, indicator_code) is the exactly-once ledger now (one write per reading instead of two).
 */

export class ProjectorReadModels1795718641308 implements MigrationInterface {
  name = 'ProjectorReadModels1795718641308';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rm_processed_event"`);
    await queryRunner.query(`
            CREATE TABLE "rm_cell_report" (
                "unit_id" text NOT NULL,
                "period_start" date NOT NULL,
                "period_end" date NOT NULL,
                "due_date" date NOT NULL,
                "commune_code" text NOT NULL,
                "first_reported_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "first_event_id" uuid NOT NULL,
                "last_reported_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "events" integer NOT NULL,
                "on_time" boolean NOT NULL,
                CONSTRAINT "PK_5c743b9254ac09fc90be919ca08" PRIMARY KEY ("unit_id", "period_start")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_8fa05e26eafa662d74ae7c3a90" ON "rm_cell_report" ("period_start")
        `);
    await queryRunner.query(`
            CREATE TABLE "rm_reporting_summary" (
                "unit_id" text NOT NULL,
                "period_start" date NOT NULL,
                "unit_kind" text NOT NULL,
                "period_end" date NOT NULL,
                "due_date" date NOT NULL,
                "cells_expected" integer NOT NULL,
                "cells_reported" integer NOT NULL,
                "cells_on_time" integer NOT NULL,
                "cells_late" integer NOT NULL,
                "missing_cell_ids" jsonb NOT NULL,
                "late_cell_ids" jsonb NOT NULL,
                CONSTRAINT "PK_2f8d154ea31aa56d48d580da209" PRIMARY KEY ("unit_id", "period_start")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "rm_indicator_status" (
                "unit_id" text NOT NULL,
                "criterion_code" text NOT NULL,
                "indicator_code" text NOT NULL,
                "unit_kind" text NOT NULL,
                "parent_id" text,
                "catalogue_version" text NOT NULL,
                "status" text NOT NULL,
                "status_fresh" text NOT NULL,
                "judgement" text,
                "value" double precision,
                "bool_value" boolean,
                "numerator" double precision,
                "denominator" double precision,
                "yes_count" integer,
                "share" double precision,
                "units_expected" integer NOT NULL,
                "units_reported" integer NOT NULL,
                "missing_unit_ids" jsonb NOT NULL,
                "stale_unit_ids" jsonb NOT NULL,
                "threshold" jsonb,
                "threshold_source" text NOT NULL,
                "threshold_confidence" text NOT NULL,
                "newest_as_of" date,
                "oldest_as_of" date,
                "required_from" date NOT NULL,
                "stale_on" date,
                CONSTRAINT "PK_0679c97b233ecfdd2b454299394" PRIMARY KEY ("unit_id", "criterion_code", "indicator_code")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_997de65cd26190da6f5395305e" ON "rm_indicator_status" ("parent_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "rm_criterion_status" (
                "unit_id" text NOT NULL,
                "criterion_code" text NOT NULL,
                "unit_kind" text NOT NULL,
                "parent_id" text,
                "catalogue_version" text NOT NULL,
                "status" text NOT NULL,
                "status_fresh" text NOT NULL,
                "indicators_assessed" integer NOT NULL,
                "indicators_met" integer NOT NULL,
                "stale_on" date,
                CONSTRAINT "PK_1f37e73111fa75ec72a3d9815fe" PRIMARY KEY ("unit_id", "criterion_code")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f5d676d4792cbfafb4a73e1f3a" ON "rm_criterion_status" ("parent_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "rm_unit_standard" (
                "unit_id" text NOT NULL,
                "tier_code" text NOT NULL,
                "unit_kind" text NOT NULL,
                "parent_id" text,
                "catalogue_version" text NOT NULL,
                "status" text NOT NULL,
                "status_fresh" text NOT NULL,
                "met_criteria" integer NOT NULL,
                "met_criteria_fresh" integer NOT NULL,
                "total_criteria" integer NOT NULL,
                "stale_on" date,
                CONSTRAINT "PK_12fce93e469578ffa1468a1b423" PRIMARY KEY ("unit_id", "tier_code")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_8ce377475b1dc67f958a8fbb40" ON "rm_unit_standard" ("parent_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "rm_district_standard" (
                "district_id" text NOT NULL,
                "catalogue_version" text NOT NULL,
                "as_of" date NOT NULL,
                "structure_date" date NOT NULL,
                "status" text NOT NULL,
                "label_vi" text NOT NULL,
                "label_en" text NOT NULL,
                "progress" double precision,
                "checks_met" integer NOT NULL,
                "checks_total" integer NOT NULL,
                "conditions" jsonb NOT NULL,
                CONSTRAINT "PK_8dcd1e4cbf12ad4529577d84237" PRIMARY KEY ("district_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "rm_pledge_item_status" (
                "pledge_item_id" text NOT NULL,
                "pledge_id" text NOT NULL,
                "cell_id" text NOT NULL,
                "criterion_code" text NOT NULL,
                "indicator_code" text,
                "item_status" text NOT NULL,
                "signed_on" date NOT NULL,
                "due_date" date NOT NULL,
                "target" jsonb NOT NULL,
                "points" integer NOT NULL,
                "latest_as_of" date,
                "latest_value" double precision,
                "baseline_as_of" date,
                "baseline_value" double precision,
                "met" boolean NOT NULL,
                "first_met_on" date,
                "met_on_time" boolean NOT NULL,
                "actual_progress" double precision,
                "trend_slope_per_day" double precision,
                "projected_completion" date,
                "at_risk_from" date,
                "off_track_from" date,
                CONSTRAINT "PK_89f29909390aa657c56df5216e0" PRIMARY KEY ("pledge_item_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4819b6be617e5862eea1b26e3a" ON "rm_pledge_item_status" ("cell_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "projection_dirty_unit" (
                "unit_id" text NOT NULL,
                "seq" bigint NOT NULL,
                CONSTRAINT "PK_314b1aee65739b6e79dd063f56f" PRIMARY KEY ("unit_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "projection_state" (
                "projection" text NOT NULL,
                "generation" integer NOT NULL DEFAULT '0',
                "derived_view_day" date,
                "derived_periods" text,
                "derived_reference" text,
                "rebuilt_events" bigint,
                "rebuilt_at" TIMESTAMP WITH TIME ZONE,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_cd78650028f494e3bf34a607010" PRIMARY KEY ("projection")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "projection_state"
        `);
    await queryRunner.query(`
            DROP TABLE "projection_dirty_unit"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4819b6be617e5862eea1b26e3a"
        `);
    await queryRunner.query(`
            DROP TABLE "rm_pledge_item_status"
        `);
    await queryRunner.query(`
            DROP TABLE "rm_district_standard"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_8ce377475b1dc67f958a8fbb40"
        `);
    await queryRunner.query(`
            DROP TABLE "rm_unit_standard"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f5d676d4792cbfafb4a73e1f3a"
        `);
    await queryRunner.query(`
            DROP TABLE "rm_criterion_status"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_997de65cd26190da6f5395305e"
        `);
    await queryRunner.query(`
            DROP TABLE "rm_indicator_status"
        `);
    await queryRunner.query(`
            DROP TABLE "rm_reporting_summary"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_8fa05e26eafa662d74ae7c3a90"
        `);
    await queryRunner.query(`
            DROP TABLE "rm_cell_report"
        `);
    await queryRunner.query(`
            CREATE TABLE "rm_processed_event" (
                "event_id" uuid NOT NULL,
                "sequence" bigint NOT NULL,
                CONSTRAINT "PK_51597490ca857c8b38d5f42f970" PRIMARY KEY ("event_id")
            )
        `);
  }
}
