import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReadApiAdminEdits1795718326540 implements MigrationInterface {
  name = 'ReadApiAdminEdits1795718326540';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "unit_name_revision" (
                "id" BIGSERIAL NOT NULL,
                "unit_id" text NOT NULL,
                "old_name" text NOT NULL,
                "old_placeholder" boolean NOT NULL,
                "new_name" text NOT NULL,
                "new_placeholder" boolean NOT NULL,
                "reason" text NOT NULL DEFAULT '',
                "changed_by" text NOT NULL,
                "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_9430dd67bb7f68c837452f9313f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_7d00cad54c8d9d14a67e44d506" ON "unit_name_revision" ("unit_id", "changed_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "threshold_revision" (
                "id" BIGSERIAL NOT NULL,
                "catalogue_version" text NOT NULL,
                "criterion_code" text NOT NULL,
                "indicator_code" text NOT NULL,
                "from_year" integer,
                "old_value" jsonb,
                "new_value" jsonb NOT NULL,
                "reason" text NOT NULL DEFAULT '',
                "changed_by" text NOT NULL,
                "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_fcd0b5905b6cc47d46a818b36e1" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_6e4b87f3897a98532aa7821a64" ON "threshold_revision" (
                "catalogue_version",
                "criterion_code",
                "indicator_code",
                "changed_at"
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "evaluation_config" (
                "scope" text NOT NULL,
                "options" jsonb NOT NULL,
                "reason" text NOT NULL DEFAULT '',
                "updated_by" text NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_d56c2ab52165814042258bf10b2" PRIMARY KEY ("scope")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "unit_name_revision"
            ADD CONSTRAINT "FK_cb91e2bb1a420bf2103f7e64c7a" FOREIGN KEY ("unit_id") REFERENCES "admin_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "unit_name_revision" DROP CONSTRAINT "FK_cb91e2bb1a420bf2103f7e64c7a"
        `);
    await queryRunner.query(`
            DROP TABLE "evaluation_config"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6e4b87f3897a98532aa7821a64"
        `);
    await queryRunner.query(`
            DROP TABLE "threshold_revision"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7d00cad54c8d9d14a67e44d506"
        `);
    await queryRunner.query(`
            DROP TABLE "unit_name_revision"
        `);
  }
}
