import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Progress has one owner: the projector stores the programme on each stored day (libs/domain `programmeOnDay`) in
 * rm_district_day, rm_unit_day and rm_pledge_item_day, replacing the status tables judged on the newest reading's day
 * (rm_indicator_status, rm_criterion_status, rm_unit_standard, rm_district_standard, rm_pledge_item_status), which no
 * app read. The refresher's queue keeps, per unit, the earliest day its new readings describe, and whether only the
 * days other than today are left (today's are derived first, the views open on it); projection_state keeps
 * the "today" of the derived rows. The derived rows are recomputed by the projector when it starts (the basis changed).
 */
export class ProgrammeDays1795750000000 implements MigrationInterface {
  name = 'ProgrammeDays1795750000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "rm_indicator_status"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "rm_criterion_status"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "rm_unit_standard"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "rm_district_standard"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "rm_pledge_item_status"`);
    await queryRunner.query(`
            CREATE TABLE "rm_district_day" (
                "district_id" text NOT NULL,
                "view_day" date NOT NULL,
                "catalogue_version" text NOT NULL,
                "period_end" boolean NOT NULL,
                "structure_date" date NOT NULL,
                "status" text NOT NULL,
                "progress" double precision,
                "checks_met" integer NOT NULL,
                "checks_total" integer NOT NULL,
                "first_signing" date,
                "reference" text NOT NULL,
                "doc" jsonb NOT NULL,
                CONSTRAINT "PK_56dca229d01d36e9990031fd46c" PRIMARY KEY ("district_id", "view_day")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "rm_unit_day" (
                "view_day" date NOT NULL,
                "unit_id" text NOT NULL,
                "district_id" text NOT NULL,
                "unit_kind" text NOT NULL,
                "parent_id" text,
                "catalogue_version" text NOT NULL,
                "doc" jsonb NOT NULL,
                CONSTRAINT "PK_545ee8d2b9386ecb2d53d74d9b5" PRIMARY KEY ("view_day", "unit_id")
            )
        `);
    await queryRunner.query(`CREATE INDEX "IDX_f27392c82fcb6bc987b38fcaa0" ON "rm_unit_day" ("district_id", "view_day")`);
    await queryRunner.query(`
            CREATE TABLE "rm_pledge_item_day" (
                "view_day" date NOT NULL,
                "pledge_item_id" text NOT NULL,
                "district_id" text NOT NULL,
                "pledge_id" text NOT NULL,
                "cell_id" text NOT NULL,
                "status" text NOT NULL,
                "met" boolean NOT NULL,
                "forecast" jsonb,
                CONSTRAINT "PK_6ea2ee977473d1d10cafef6e1e7" PRIMARY KEY ("view_day", "pledge_item_id")
            )
        `);
    await queryRunner.query(`CREATE INDEX "IDX_97cc542c4db490c1b7522e828a" ON "rm_pledge_item_day" ("cell_id", "view_day")`);
    await queryRunner.query(`CREATE INDEX "IDX_57ec951731aeda5cd800d0f7e9" ON "rm_pledge_item_day" ("district_id", "view_day")`);
    await queryRunner.query(`ALTER TABLE "projection_dirty_batch" ADD "from_days" date array`);
    await queryRunner.query(`ALTER TABLE "projection_dirty_batch" ADD "later" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "projection_state" DROP COLUMN "derived_view_day"`);
    await queryRunner.query(`ALTER TABLE "projection_state" DROP COLUMN "derived_periods"`);
    await queryRunner.query(`ALTER TABLE "projection_state" ADD "derived_today" date`);
    // summaries now cover every period of the programme for the districts it covers: computed again
    await queryRunner.query(`DELETE FROM "rm_reporting_summary"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "projection_state" DROP COLUMN "derived_today"`);
    await queryRunner.query(`ALTER TABLE "projection_state" ADD "derived_periods" text`);
    await queryRunner.query(`ALTER TABLE "projection_state" ADD "derived_view_day" date`);
    await queryRunner.query(`ALTER TABLE "projection_dirty_batch" DROP COLUMN "later"`);
    await queryRunner.query(`ALTER TABLE "projection_dirty_batch" DROP COLUMN "from_days"`);
    await queryRunner.query(`DROP TABLE "rm_pledge_item_day"`);
    await queryRunner.query(`DROP TABLE "rm_unit_day"`);
    await queryRunner.query(`DROP TABLE "rm_district_day"`);
    // the former status tables come back empty; a projector of that version refills them (projector:rebuild)
    await queryRunner.query(
      `CREATE TABLE "rm_indicator_status" ("unit_id" text NOT NULL, "criterion_code" text NOT NULL, "indicator_code" text NOT NULL, "unit_kind" text NOT NULL, "parent_id" text, "catalogue_version" text NOT NULL, "status" text NOT NULL, "status_fresh" text NOT NULL, "judgement" text, "value" double precision, "bool_value" boolean, "numerator" double precision, "denominator" double precision, "yes_count" integer, "share" double precision, "units_expected" integer NOT NULL, "units_reported" integer NOT NULL, "missing_unit_ids" jsonb NOT NULL, "stale_unit_ids" jsonb NOT NULL, "threshold" jsonb, "threshold_source" text NOT NULL, "threshold_confidence" text NOT NULL, "newest_as_of" date, "oldest_as_of" date, "required_from" date NOT NULL, "stale_on" date, CONSTRAINT "PK_rm_indicator_status" PRIMARY KEY ("unit_id", "criterion_code", "indicator_code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rm_criterion_status" ("unit_id" text NOT NULL, "criterion_code" text NOT NULL, "unit_kind" text NOT NULL, "parent_id" text, "catalogue_version" text NOT NULL, "status" text NOT NULL, "status_fresh" text NOT NULL, "indicators_assessed" integer NOT NULL, "indicators_met" integer NOT NULL, "stale_on" date, CONSTRAINT "PK_rm_criterion_status" PRIMARY KEY ("unit_id", "criterion_code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rm_unit_standard" ("unit_id" text NOT NULL, "tier_code" text NOT NULL, "unit_kind" text NOT NULL, "parent_id" text, "catalogue_version" text NOT NULL, "status" text NOT NULL, "status_fresh" text NOT NULL, "met_criteria" integer NOT NULL, "met_criteria_fresh" integer NOT NULL, "total_criteria" integer NOT NULL, "stale_on" date, CONSTRAINT "PK_rm_unit_standard" PRIMARY KEY ("unit_id", "tier_code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rm_district_standard" ("district_id" text NOT NULL, "catalogue_version" text NOT NULL, "as_of" date NOT NULL, "structure_date" date NOT NULL, "status" text NOT NULL, "label_vi" text NOT NULL, "label_en" text NOT NULL, "progress" double precision, "checks_met" integer NOT NULL, "checks_total" integer NOT NULL, "conditions" jsonb NOT NULL, CONSTRAINT "PK_rm_district_standard" PRIMARY KEY ("district_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rm_pledge_item_status" ("pledge_item_id" text NOT NULL, "pledge_id" text NOT NULL, "cell_id" text NOT NULL, "criterion_code" text NOT NULL, "indicator_code" text, "item_status" text NOT NULL, "signed_on" date NOT NULL, "due_date" date NOT NULL, "target" jsonb NOT NULL, "points" integer NOT NULL, "latest_as_of" date, "latest_value" double precision, "baseline_as_of" date, "baseline_value" double precision, "met" boolean NOT NULL, "first_met_on" date, "met_on_time" boolean NOT NULL, "actual_progress" double precision, "trend_slope_per_day" double precision, "projected_completion" date, "at_risk_from" date, "off_track_from" date, CONSTRAINT "PK_rm_pledge_item_status" PRIMARY KEY ("pledge_item_id"))`,
    );
  }
}
