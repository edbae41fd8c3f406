import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: demonstration data (`npm run demo`). `demo_event` lists the eventIds of the illustrative readings the demo
 * command submitted through the secretaries' API (written by the CLI before each request, so an interrupted run can
 * still be removed); while it holds a row every view and export says "Dữ liệu minh họa / Demonstration data".
 *
 * The event store stays append-only, with one exception: `npm run demo -- --remove` may delete the events listed in
 * `demo_event`, and only in a transaction that set `pledge.remove_demo = 'on'` (then the projector rebuilds the read
 * models from what is left).
 */
export class DemoData1795900000100 implements MigrationInterface {
  name = 'DemoData1795900000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "demo_event" (
        "event_id" uuid NOT NULL,
        "hamlet_code" text NOT NULL,
        "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_demo_event" PRIMARY KEY ("event_id")
      )
    `);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION event_store_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('pledge.remove_demo', true) = 'on'
           AND EXISTS (SELECT 1 FROM demo_event d WHERE d.event_id = OLD.event_id) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'event_store is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
      END $$
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION event_store_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'event_store is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
      END $$
    `);
    await queryRunner.query(`DROP TABLE "demo_event"`);
  }
}
