import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (catalogues): a catalogue version is a draft (never governs figures; an import may replace it) until an
 * administrator publishes it. Versions that exist already (NTM-2021-2025) were in force: they become published.
 * A threshold revision may concern the level of some units only (one commune group of 2026–2030): unit_attributes.
 */
export class CatalogueVersionStatus1795920000000 implements MigrationInterface {
  name = 'CatalogueVersionStatus1795920000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "catalogue_version" ADD "status" text NOT NULL DEFAULT 'draft'`);
    await queryRunner.query(`ALTER TABLE "catalogue_version" ADD CONSTRAINT "CHK_catalogue_version_status" CHECK ("status" IN ('draft', 'published'))`);
    await queryRunner.query(`ALTER TABLE "catalogue_version" ADD "published_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "catalogue_version" ADD "published_by" text`);
    await queryRunner.query(`UPDATE "catalogue_version" SET "status" = 'published', "published_at" = "created_at", "published_by" = 'migration'`);
    await queryRunner.query(`ALTER TABLE "threshold_revision" ADD "unit_attributes" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "threshold_revision" DROP COLUMN "unit_attributes"`);
    await queryRunner.query(`ALTER TABLE "catalogue_version" DROP COLUMN "published_by"`);
    await queryRunner.query(`ALTER TABLE "catalogue_version" DROP COLUMN "published_at"`);
    await queryRunner.query(`ALTER TABLE "catalogue_version" DROP CONSTRAINT "CHK_catalogue_version_status"`);
    await queryRunner.query(`ALTER TABLE "catalogue_version" DROP COLUMN "status"`);
  }
}
