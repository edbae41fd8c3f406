import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The status refresher's queue holds one row per folded batch (the units of its events) instead of one row per unit:
 * a batch of thousands of events writes one row, not thousands of upserts.
 */
export class ProjectorDirtyBatches1795721632687 implements MigrationInterface {
  name = 'ProjectorDirtyBatches1795721632687';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "projection_dirty_batch" (
                "id" BIGSERIAL NOT NULL,
                "units" text array NOT NULL,
                CONSTRAINT "PK_087dc7563ae2967ad3051416894" PRIMARY KEY ("id")
            )
        `);
    // units still queued in the old table carry over as one batch
    await queryRunner.query(`
            INSERT INTO "projection_dirty_batch" ("units")
            SELECT array_agg("unit_id" ORDER BY "unit_id") FROM "projection_dirty_unit" HAVING count(*) > 0
        `);
    await queryRunner.query(`DROP TABLE "projection_dirty_unit"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "projection_dirty_unit" (
                "unit_id" text NOT NULL,
                "seq" bigint NOT NULL,
                CONSTRAINT "PK_314b1aee65739b6e79dd063f56f" PRIMARY KEY ("unit_id")
            )
        `);
    await queryRunner.query(`
            INSERT INTO "projection_dirty_unit" ("unit_id", "seq") SELECT DISTINCT unnest("units"), 1 FROM "projection_dirty_batch"
        `);
    await queryRunner.query(`
            DROP TABLE "projection_dirty_batch"
        `);
  }
}
