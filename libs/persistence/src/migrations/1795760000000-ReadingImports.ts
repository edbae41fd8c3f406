import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spreadsheet imports of readings (intake): one row per uploaded file, holding the file until it is processed, the
 * progress, the counts and every problem by row and column.
 */
export class ReadingImports1795760000000 implements MigrationInterface {
  name = 'ReadingImports1795760000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "reading_import" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "uploaded_by" text NOT NULL,
                "file_name" text NOT NULL,
                "file_sha256" text NOT NULL,
                "file_size" integer NOT NULL,
                "file" bytea,
                "status" text NOT NULL,
                "phase" text,
                "rows_total" integer NOT NULL DEFAULT '0',
                "rows_checked" integer NOT NULL DEFAULT '0',
                "rows_valid" integer NOT NULL DEFAULT '0',
                "rows_invalid" integer NOT NULL DEFAULT '0',
                "rows_stored" integer NOT NULL DEFAULT '0',
                "rows_already_stored" integer NOT NULL DEFAULT '0',
                "problems" jsonb NOT NULL DEFAULT '[]',
                "problem_count" integer NOT NULL DEFAULT '0',
                "failure" jsonb,
                "lease_until" TIMESTAMP WITH TIME ZONE,
                "attempts" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "started_at" TIMESTAMP WITH TIME ZONE,
                "finished_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_f45abd66de482277579d8f5eb6f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_ef0e021d85e89420368c58b22c" ON "reading_import" ("file_sha256")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_01b3961ab706d50915b2a6d278" ON "reading_import" ("account_id", "created_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_01b3961ab706d50915b2a6d278"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ef0e021d85e89420368c58b22c"`);
    await queryRunner.query(`DROP TABLE "reading_import"`);
  }
}
