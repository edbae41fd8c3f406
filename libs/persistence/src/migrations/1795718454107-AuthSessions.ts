/** Refresh-token sessions of accounts (intake login: one row per logged-in device). */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthSessions1795718454107 implements MigrationInterface {
  name = 'AuthSessions1795718454107';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "auth_session" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "token_hash" text NOT NULL,
                "previous_token_hash" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "revoked_reason" text,
                "user_agent" text,
                CONSTRAINT "PK_19354ed146424a728c1112a8cbf" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f52d6f926182d0d66c08c94add" ON "auth_session" ("account_id", "revoked_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "auth_session"
            ADD CONSTRAINT "FK_e4c520a0509e1853c3040fe6d33" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "auth_session" DROP CONSTRAINT "FK_e4c520a0509e1853c3040fe6d33"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f52d6f926182d0d66c08c94add"
        `);
    await queryRunner.query(`
            DROP TABLE "auth_session"
        `);
  }
}
