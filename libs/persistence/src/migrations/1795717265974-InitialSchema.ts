import { MigrationInterface, QueryRunner } from 'typeorm';

/** Units, catalogue, pledges, accounts; submissions, outbox, event store, dead letters; read models; reminders. */

export class InitialSchema1795717265974 implements MigrationInterface {
  name = 'InitialSchema1795717265974';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "reminder" (
                "id" uuid NOT NULL,
                "dedupe_key" text NOT NULL,
                "kind" text NOT NULL,
                "recipient_account_id" uuid,
                "channel" text NOT NULL,
                "pledge_item_id" text,
                "unit_id" text,
                "subject" jsonb NOT NULL DEFAULT '{}'::jsonb,
                "fire_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status" text NOT NULL,
                "attempts" integer NOT NULL DEFAULT '0',
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "last_error" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_9ec029d17cb8dece186b9221ede" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_d8d9d26227811b11cc85d7d0ce" ON "reminder" ("dedupe_key")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4724502a7d385126c41566369d" ON "reminder" ("recipient_account_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c7bae29cfd46faac8ad0bb40fb" ON "reminder" ("status", "fire_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "reminder_delivery" (
                "id" BIGSERIAL NOT NULL,
                "reminder_id" uuid NOT NULL,
                "channel" text NOT NULL,
                "delivered_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "detail" jsonb NOT NULL DEFAULT '{}'::jsonb,
                CONSTRAINT "PK_01366ee1299045ace6fb0c169ee" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b16a959051c61cbfaa5d18dbbe" ON "reminder_delivery" ("reminder_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "inbox_message" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "reminder_id" uuid,
                "title" text NOT NULL,
                "body" text NOT NULL,
                "link" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "read_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_bbd15267b116fd3c45f459a65fa" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_103293451c4e2d8a2e53b561ee" ON "inbox_message" ("reminder_id")
            WHERE reminder_id IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a020b648eecef87b7e8c0bc241" ON "inbox_message" ("account_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "submission" (
                "event_id" uuid NOT NULL,
                "account_id" uuid,
                "hamlet_code" text NOT NULL,
                "criterion_code" text NOT NULL,
                "payload" jsonb NOT NULL,
                "payload_hash" text NOT NULL,
                "status" text NOT NULL,
                "rejection" jsonb,
                "supersedes" uuid,
                "review_status" text,
                "review_comment" text,
                "reviewed_by" text,
                "reviewed_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_b70003d9d5fc33271446a460fd8" PRIMARY KEY ("event_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_129b9cacf86893ca2ef2f79ef6" ON "submission" ("hamlet_code", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b7e11c0c7483a0ba958b18c0e8" ON "submission" ("account_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "outbox" (
                "id" BIGSERIAL NOT NULL,
                "event_id" uuid NOT NULL,
                "topic" text NOT NULL,
                "message_key" text NOT NULL,
                "payload" jsonb NOT NULL,
                "headers" jsonb NOT NULL DEFAULT '{}'::jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "published_at" TIMESTAMP WITH TIME ZONE,
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_cc0c9e40998e45ecfc5e313429" ON "outbox" ("event_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_outbox_unpublished" ON "outbox" ("id")
            WHERE published_at IS NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "event_store" (
                "sequence" BIGSERIAL NOT NULL,
                "event_id" uuid NOT NULL,
                "hamlet_code" text NOT NULL,
                "commune_code" text NOT NULL,
                "criterion_code" text NOT NULL,
                "as_of" date NOT NULL,
                "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "reported_by" text NOT NULL,
                "payload" jsonb NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "source_topic" text,
                "source_partition" integer,
                "source_offset" bigint,
                CONSTRAINT "PK_cd81015539145f5affed2a9f2c8" PRIMARY KEY ("sequence")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_561be051c2ec1c1389a4cf09ac" ON "event_store" ("event_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b88a8a32f0422597ef3589ef23" ON "event_store" ("hamlet_code", "as_of")
        `);
    await queryRunner.query(`
            CREATE TABLE "dead_letter" (
                "id" BIGSERIAL NOT NULL,
                "event_id" uuid,
                "source_topic" text NOT NULL,
                "source_partition" integer NOT NULL,
                "source_offset" bigint NOT NULL,
                "message_key" text,
                "payload" text NOT NULL,
                "payload_encoding" text NOT NULL DEFAULT 'utf8',
                "reasons" jsonb NOT NULL,
                "rejected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e51e9e534cd18984b2aad76403c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_dead_letter_source" ON "dead_letter" (
                "source_topic",
                "source_partition",
                "source_offset"
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f6fb1e65de580bcbb33f255b9c" ON "dead_letter" ("event_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "projection_checkpoint" (
                "projection" text NOT NULL,
                "topic" text NOT NULL,
                "partition" integer NOT NULL,
                "next_offset" bigint NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_f624f3d68b65c499ed216ceadce" PRIMARY KEY ("projection", "topic", "partition")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "rm_reading" (
                "hamlet_code" text NOT NULL,
                "criterion_code" text NOT NULL,
                "indicator_code" text NOT NULL,
                "commune_code" text NOT NULL,
                "value" double precision,
                "bool_value" boolean,
                "numerator" double precision,
                "denominator" double precision,
                "as_of" date NOT NULL,
                "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "event_id" uuid NOT NULL,
                "reported_by" text NOT NULL,
                CONSTRAINT "PK_f3ecf40d0d787ba50ec0840aba0" PRIMARY KEY (
                    "hamlet_code",
                    "criterion_code",
                    "indicator_code"
                )
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_696469dc60f2f2661b206b25fa" ON "rm_reading" ("criterion_code")
        `);
    await queryRunner.query(`
            CREATE TABLE "rm_reading_history" (
                "event_id" uuid NOT NULL,
                "indicator_code" text NOT NULL,
                "hamlet_code" text NOT NULL,
                "commune_code" text NOT NULL,
                "criterion_code" text NOT NULL,
                "value" double precision,
                "bool_value" boolean,
                "numerator" double precision,
                "denominator" double precision,
                "as_of" date NOT NULL,
                "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "reported_by" text NOT NULL,
                "supersedes" uuid,
                CONSTRAINT "PK_2918eccc68529d888036f1d6850" PRIMARY KEY ("event_id", "indicator_code")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_35220ae9264db5b683a6abbc14" ON "rm_reading_history" (
                "hamlet_code",
                "criterion_code",
                "indicator_code",
                "as_of"
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "rm_processed_event" (
                "event_id" uuid NOT NULL,
                "sequence" bigint NOT NULL,
                CONSTRAINT "PK_51597490ca857c8b38d5f42f970" PRIMARY KEY ("event_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "admin_unit" (
                "id" text NOT NULL,
                "code" text NOT NULL,
                "code_is_synthetic" boolean NOT NULL DEFAULT false,
                "kind" text NOT NULL,
                "name" text NOT NULL,
                "parent_id" text,
                "valid_from" date,
                "valid_to" date,
                "placeholder" boolean NOT NULL DEFAULT false,
                "source" text NOT NULL DEFAULT '',
                "attributes" jsonb NOT NULL DEFAULT '{}'::jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_765c4dfb350366112310f959dbc" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_6a97e677c51e67f2b107fbb9fd" ON "admin_unit" ("code")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_935d81d6d54dde998988d6eef3" ON "admin_unit" ("parent_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "unit_succession" (
                "predecessor_id" text NOT NULL,
                "successor_id" text NOT NULL,
                "effective_on" date NOT NULL,
                "share" text NOT NULL,
                "note" text NOT NULL DEFAULT '',
                CONSTRAINT "PK_bacd572a80ea255d8aead4a7f3b" PRIMARY KEY ("predecessor_id", "successor_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "catalogue_version" (
                "id" text NOT NULL,
                "title_vi" text NOT NULL,
                "title_en" text NOT NULL,
                "period_from" date NOT NULL,
                "period_to" date NOT NULL,
                "deadline" date NOT NULL,
                "reporting_period" jsonb NOT NULL,
                "legal_basis" jsonb NOT NULL DEFAULT '[]'::jsonb,
                "tiers" jsonb NOT NULL DEFAULT '[]'::jsonb,
                "district_conditions" jsonb NOT NULL DEFAULT '[]'::jsonb,
                "document" jsonb NOT NULL DEFAULT '{}'::jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_72f6d122890c6b782069aa41f53" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "criterion" (
                "catalogue_version" text NOT NULL,
                "code" text NOT NULL,
                "applies_to" text NOT NULL,
                "tier" text NOT NULL,
                "group_code" text,
                "name_vi" text NOT NULL,
                "name_en" text NOT NULL,
                "placeholder" boolean NOT NULL DEFAULT false,
                "source" text NOT NULL DEFAULT '',
                "position" integer NOT NULL DEFAULT '0',
                "attributes" jsonb NOT NULL DEFAULT '{}'::jsonb,
                CONSTRAINT "PK_3587a57938043a9046bb243f9fc" PRIMARY KEY ("catalogue_version", "code")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "indicator" (
                "catalogue_version" text NOT NULL,
                "criterion_code" text NOT NULL,
                "code" text NOT NULL,
                "name_vi" text NOT NULL,
                "name_en" text NOT NULL,
                "kind" text NOT NULL,
                "unit" text NOT NULL DEFAULT '',
                "comparator" text,
                "threshold" jsonb,
                "threshold_source" text NOT NULL DEFAULT '',
                "threshold_confidence" text NOT NULL DEFAULT 'unknown',
                "rollup" jsonb NOT NULL DEFAULT '{}'::jsonb,
                "range" jsonb,
                "reported_by" text NOT NULL DEFAULT 'cell',
                "position" integer NOT NULL DEFAULT '0',
                "attributes" jsonb NOT NULL DEFAULT '{}'::jsonb,
                "threshold_changed_at" TIMESTAMP WITH TIME ZONE,
                "threshold_changed_by" text,
                CONSTRAINT "PK_8e5063f23df590783433039df15" PRIMARY KEY ("catalogue_version", "criterion_code", "code")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "pledge" (
                "id" text NOT NULL,
                "cell_id" text NOT NULL,
                "catalogue_version" text NOT NULL,
                "signed_on" date NOT NULL,
                "attributes" jsonb NOT NULL DEFAULT '{}'::jsonb,
                CONSTRAINT "PK_45ccbbcda634f9a57e8b9c41fee" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_fa98c07dd96b844f97b24d5689" ON "pledge" ("cell_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "pledge_item" (
                "id" text NOT NULL,
                "pledge_id" text NOT NULL,
                "cell_id" text NOT NULL,
                "criterion_code" text NOT NULL,
                "indicator_code" text,
                "target" jsonb NOT NULL,
                "due_date" date NOT NULL,
                "status" text NOT NULL DEFAULT 'active',
                "waived_reason" text,
                "attributes" jsonb NOT NULL DEFAULT '{}'::jsonb,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_4a5d65beb198eadccd5d591beee" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_8bd36f4eacef638576f756b9e4" ON "pledge_item" ("due_date")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_bf2e2565084dc0caf0a0d9d641" ON "pledge_item" ("pledge_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "account" (
                "id" uuid NOT NULL,
                "username" text NOT NULL,
                "display_name" text NOT NULL,
                "password_hash" text NOT NULL,
                "role" text NOT NULL,
                "unit_id" text NOT NULL,
                "email" text,
                "phone" text,
                "locale" text NOT NULL DEFAULT 'vi',
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_54115ee388cdb6d86bb4bf5b2ea" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_41dfcb70af895ddf9a53094515" ON "account" ("username")
        `);
    await queryRunner.query(`
            CREATE TABLE "audit_log" (
                "id" BIGSERIAL NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "actor" text NOT NULL,
                "entity" text NOT NULL,
                "entity_id" text NOT NULL,
                "action" text NOT NULL,
                "before" jsonb,
                "after" jsonb,
                CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_40c0e9a60edcd0f680b0e94b60" ON "audit_log" ("entity", "entity_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "admin_unit"
            ADD CONSTRAINT "FK_935d81d6d54dde998988d6eef39" FOREIGN KEY ("parent_id") REFERENCES "admin_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    // The event store is append-only: refuse UPDATE and DELETE (TRUNCATE stays possible for tests).
    await queryRunner.query(`
            CREATE FUNCTION event_store_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'event_store is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER event_store_append_only BEFORE UPDATE OR DELETE ON "event_store"
            FOR EACH ROW EXECUTE FUNCTION event_store_append_only()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS event_store_append_only ON "event_store"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS event_store_append_only()`);
    await queryRunner.query(`
            ALTER TABLE "admin_unit" DROP CONSTRAINT "FK_935d81d6d54dde998988d6eef39"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_40c0e9a60edcd0f680b0e94b60"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_log"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_41dfcb70af895ddf9a53094515"
        `);
    await queryRunner.query(`
            DROP TABLE "account"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bf2e2565084dc0caf0a0d9d641"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_8bd36f4eacef638576f756b9e4"
        `);
    await queryRunner.query(`
            DROP TABLE "pledge_item"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_fa98c07dd96b844f97b24d5689"
        `);
    await queryRunner.query(`
            DROP TABLE "pledge"
        `);
    await queryRunner.query(`
            DROP TABLE "indicator"
        `);
    await queryRunner.query(`
            DROP TABLE "criterion"
        `);
    await queryRunner.query(`
            DROP TABLE "catalogue_version"
        `);
    await queryRunner.query(`
            DROP TABLE "unit_succession"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_935d81d6d54dde998988d6eef3"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6a97e677c51e67f2b107fbb9fd"
        `);
    await queryRunner.query(`
            DROP TABLE "admin_unit"
        `);
    await queryRunner.query(`
            DROP TABLE "rm_processed_event"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_35220ae9264db5b683a6abbc14"
        `);
    await queryRunner.query(`
            DROP TABLE "rm_reading_history"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_696469dc60f2f2661b206b25fa"
        `);
    await queryRunner.query(`
            DROP TABLE "rm_reading"
        `);
    await queryRunner.query(`
            DROP TABLE "projection_checkpoint"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f6fb1e65de580bcbb33f255b9c"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_dead_letter_source"
        `);
    await queryRunner.query(`
            DROP TABLE "dead_letter"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b88a8a32f0422597ef3589ef23"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_561be051c2ec1c1389a4cf09ac"
        `);
    await queryRunner.query(`
            DROP TABLE "event_store"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_outbox_unpublished"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_cc0c9e40998e45ecfc5e313429"
        `);
    await queryRunner.query(`
            DROP TABLE "outbox"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b7e11c0c7483a0ba958b18c0e8"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_129b9cacf86893ca2ef2f79ef6"
        `);
    await queryRunner.query(`
            DROP TABLE "submission"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a020b648eecef87b7e8c0bc241"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_103293451c4e2d8a2e53b561ee"
        `);
    await queryRunner.query(`
            DROP TABLE "inbox_message"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b16a959051c61cbfaa5d18dbbe"
        `);
    await queryRunner.query(`
            DROP TABLE "reminder_delivery"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c7bae29cfd46faac8ad0bb40fb"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4724502a7d385126c41566369d"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_d8d9d26227811b11cc85d7d0ce"
        `);
    await queryRunner.query(`
            DROP TABLE "reminder"
        `);
  }
}
