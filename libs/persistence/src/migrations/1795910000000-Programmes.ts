import { MigrationInterface, QueryRunner } from 'typeorm';
import { fillUnitParents } from '../programme/unit-parents';

/**
 * Issue 14: programmes as dated data (programme, its targets and their commune groups over time), dated parents of the
 * units (unit_parent, filled from admin_unit.parent_id and the successions through libs/domain unitParentsFromUnits;
 * cells of a split commune listed in unit_parent_pending for an administrator), the programme of each pledge
 * (existing pledges: 2021-2025) and the explicit mapping of old indicators to new ones ("no mapping" allowed).
 */
export class Programmes1795910000000 implements MigrationInterface {
  name = 'Programmes1795910000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "programme" (
                "id" text NOT NULL,
                "title_vi" text NOT NULL,
                "title_en" text NOT NULL,
                "period_from" date NOT NULL,
                "period_to" date NOT NULL,
                "catalogue_version" text NOT NULL,
                "target_kind" text NOT NULL,
                "standard" jsonb NOT NULL,
                "deadlines" jsonb NOT NULL,
                "source" text NOT NULL DEFAULT '',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_programme" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "programme_target" (
                "programme_id" text NOT NULL,
                "unit_id" text NOT NULL,
                "position" integer NOT NULL DEFAULT 0,
                CONSTRAINT "PK_programme_target" PRIMARY KEY ("programme_id", "unit_id"),
                CONSTRAINT "FK_programme_target_programme" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE CASCADE,
                CONSTRAINT "FK_programme_target_unit" FOREIGN KEY ("unit_id") REFERENCES "admin_unit"("id") ON DELETE RESTRICT
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "programme_unit_group" (
                "programme_id" text NOT NULL,
                "unit_id" text NOT NULL,
                "valid_from" date NOT NULL,
                "valid_to" date,
                "group_code" text,
                "source" text NOT NULL DEFAULT '',
                "recorded_by" text NOT NULL DEFAULT 'seed',
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_programme_unit_group" PRIMARY KEY ("programme_id", "unit_id", "valid_from"),
                CONSTRAINT "FK_programme_unit_group_programme" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE CASCADE,
                CONSTRAINT "FK_programme_unit_group_unit" FOREIGN KEY ("unit_id") REFERENCES "admin_unit"("id") ON DELETE RESTRICT
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "unit_parent" (
                "unit_id" text NOT NULL,
                "valid_from" date NOT NULL,
                "valid_to" date,
                "parent_id" text NOT NULL,
                "source" text NOT NULL DEFAULT '',
                "recorded_by" text NOT NULL DEFAULT 'migration',
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_unit_parent" PRIMARY KEY ("unit_id", "valid_from"),
                CONSTRAINT "FK_unit_parent_unit" FOREIGN KEY ("unit_id") REFERENCES "admin_unit"("id") ON DELETE RESTRICT,
                CONSTRAINT "FK_unit_parent_parent" FOREIGN KEY ("parent_id") REFERENCES "admin_unit"("id") ON DELETE RESTRICT
            )
        `);
    await queryRunner.query(`CREATE INDEX "IDX_unit_parent_parent" ON "unit_parent" ("parent_id", "valid_from")`);
    await queryRunner.query(`
            CREATE TABLE "unit_parent_pending" (
                "unit_id" text NOT NULL,
                "former_parent_id" text NOT NULL,
                "effective_on" date NOT NULL,
                "candidates" jsonb NOT NULL,
                "note" text NOT NULL DEFAULT '',
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "decided_by" text,
                CONSTRAINT "PK_unit_parent_pending" PRIMARY KEY ("unit_id", "effective_on"),
                CONSTRAINT "FK_unit_parent_pending_unit" FOREIGN KEY ("unit_id") REFERENCES "admin_unit"("id") ON DELETE RESTRICT
            )
        `);
    await queryRunner.query(`ALTER TABLE "pledge" ADD "programme_id" text`);
    await queryRunner.query(`UPDATE "pledge" SET "programme_id" = '2021-2025'`);
    await queryRunner.query(`ALTER TABLE "pledge" ALTER COLUMN "programme_id" SET NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_pledge_programme_cell" ON "pledge" ("programme_id", "cell_id")`);
    await queryRunner.query(`
            CREATE TABLE "indicator_mapping" (
                "from_version" text NOT NULL,
                "from_criterion" text NOT NULL,
                "from_indicator" text NOT NULL,
                "to_version" text NOT NULL,
                "to_criterion" text,
                "to_indicator" text,
                "note" text NOT NULL DEFAULT '',
                "recorded_by" text NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_indicator_mapping" PRIMARY KEY ("from_version", "from_criterion", "from_indicator", "to_version")
            )
        `);
    await fillUnitParents(queryRunner.manager, 'migration');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "indicator_mapping"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_pledge_programme_cell"`);
    await queryRunner.query(`ALTER TABLE "pledge" DROP COLUMN "programme_id"`);
    await queryRunner.query(`DROP TABLE "unit_parent_pending"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_unit_parent_parent"`);
    await queryRunner.query(`DROP TABLE "unit_parent"`);
    await queryRunner.query(`DROP TABLE "programme_unit_group"`);
    await queryRunner.query(`DROP TABLE "programme_target"`);
    await queryRunner.query(`DROP TABLE "programme"`);
  }
}
