import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: recognition decisions (a unit's standard as recognised by the authority, beside the computed one), and
 * threshold revisions that name the level's part (all-of levels) or the year whose level changed (yearly indicators).
 */
export class RecognitionsAndLevelRevisions1795800000000 implements MigrationInterface {
  name = 'RecognitionsAndLevelRevisions1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "recognition_decision" (
                "id" text NOT NULL,
                "unit_id" text NOT NULL,
                "tier_code" text NOT NULL,
                "decision_number" text,
                "decided_on" date,
                "effective_from" date NOT NULL,
                "recognition_year" integer,
                "issuer" text NOT NULL,
                "source" text NOT NULL,
                "revoked_on" date,
                "note" text,
                "recorded_by" text NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_recognition_decision" PRIMARY KEY ("id"),
                CONSTRAINT "FK_recognition_decision_unit" FOREIGN KEY ("unit_id") REFERENCES "admin_unit"("id") ON DELETE RESTRICT
            )
        `);
    await queryRunner.query(`CREATE INDEX "IDX_recognition_decision_unit_tier" ON "recognition_decision" ("unit_id", "tier_code")`);
    await queryRunner.query(`ALTER TABLE "threshold_revision" ADD "part" text`);
    await queryRunner.query(`ALTER TABLE "threshold_revision" ADD "year" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "threshold_revision" DROP COLUMN "year"`);
    await queryRunner.query(`ALTER TABLE "threshold_revision" DROP COLUMN "part"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_recognition_decision_unit_tier"`);
    await queryRunner.query(`DROP TABLE "recognition_decision"`);
  }
}
