import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each indicator's plausible figures (issue 11): whole numbers or not and the ceiling of one unit's numerator,
 * denominator or value, as catalogue data an administrator edits like thresholds (`bounds_changed_at/by` set by the
 * edit; the seed loader then leaves them alone). Filled from the catalogue by the next `cli seed`.
 */
export class IndicatorFigureBounds1795750000000 implements MigrationInterface {
  name = 'IndicatorFigureBounds1795750000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "indicator" ADD "bounds" jsonb`);
    await queryRunner.query(`ALTER TABLE "indicator" ADD "bounds_changed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "indicator" ADD "bounds_changed_by" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "indicator" DROP COLUMN "bounds_changed_by"`);
    await queryRunner.query(`ALTER TABLE "indicator" DROP COLUMN "bounds_changed_at"`);
    await queryRunner.query(`ALTER TABLE "indicator" DROP COLUMN "bounds"`);
  }
}
