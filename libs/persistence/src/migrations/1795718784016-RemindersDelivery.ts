import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders with per-channel deliveries: the channels chosen at dispatch, the rendered content, dispatch time (rate
 * limit) and cancel reason on `reminder`; status, idempotency key, lease and attempts on `reminder_delivery`; and
 * per-account channel preferences. Existing rows are carried over (their channel, an idempotency key).
 */

export class RemindersDelivery1795718784016 implements MigrationInterface {
  name = 'RemindersDelivery1795718784016';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "notification_preference" (
                "account_id" uuid NOT NULL,
                "channels" text array NOT NULL,
                "updated_by" text,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_0de9a88591fd099ec107a3fb9a6" PRIMARY KEY ("account_id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder"
            ADD "channels" text array NOT NULL DEFAULT '{}'
        `);
    await queryRunner.query(`
            UPDATE "reminder" SET "channels" = ARRAY["channel"] WHERE "status" = 'sent'
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder" DROP COLUMN "channel"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder"
            ADD "content" jsonb
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder"
            ADD "dispatched_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder"
            ADD "cancel_reason" text
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery"
            ADD "status" text NOT NULL DEFAULT 'delivered'
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery"
            ADD "idempotency_key" text
        `);
    await queryRunner.query(`
            UPDATE "reminder_delivery" SET "idempotency_key" = "reminder_id"::text || '-' || "channel" || CASE WHEN "id" = (
                SELECT min(d2."id") FROM "reminder_delivery" d2 WHERE d2."reminder_id" = "reminder_delivery"."reminder_id" AND d2."channel" = "reminder_delivery"."channel"
            ) THEN '' ELSE '-' || "id"::text END
        `);
    await queryRunner.query(`
            DELETE FROM "reminder_delivery" d USING "reminder_delivery" d2
             WHERE d."reminder_id" = d2."reminder_id" AND d."channel" = d2."channel" AND d."id" > d2."id"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery" ALTER COLUMN "idempotency_key" SET NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery"
            ADD "address" text
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery"
            ADD "attempts" integer NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery"
            ADD "lease_until" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery"
            ADD "claimed_by" text
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery"
            ADD "last_error" text
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery"
            ADD "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery"
            ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery"
            ALTER COLUMN "delivered_at" DROP NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4f10b06c2eda0c0ca9cd42dccf" ON "reminder" ("recipient_account_id", "dispatched_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_abd10e725e4e17120ad16489ab" ON "reminder_delivery" ("idempotency_key")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_d8341c2f84ad5b3fe6673fe545" ON "reminder_delivery" ("status", "lease_until")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_13cd3c592418b4b1f3e6cf6423" ON "reminder_delivery" ("reminder_id", "channel")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_13cd3c592418b4b1f3e6cf6423"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_d8341c2f84ad5b3fe6673fe545"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_abd10e725e4e17120ad16489ab"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4f10b06c2eda0c0ca9cd42dccf"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery"
            ALTER COLUMN "delivered_at"
            SET NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery" DROP COLUMN "updated_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery" DROP COLUMN "created_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery" DROP COLUMN "last_error"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery" DROP COLUMN "claimed_by"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery" DROP COLUMN "lease_until"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery" DROP COLUMN "attempts"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery" DROP COLUMN "address"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery" DROP COLUMN "idempotency_key"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder_delivery" DROP COLUMN "status"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder" DROP COLUMN "cancel_reason"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder" DROP COLUMN "dispatched_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder" DROP COLUMN "content"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder" DROP COLUMN "channels"
        `);
    await queryRunner.query(`
            ALTER TABLE "reminder"
            ADD "channel" text NOT NULL DEFAULT 'inbox'
        `);
    await queryRunner.query(`
            DROP TABLE "notification_preference"
        `);
  }
}
