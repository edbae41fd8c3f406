import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A password that somebody else set (an administrator's reset or new account, production seeds) must be replaced by
 * its owner at the next login: until then the account may only read itself and change its password.
 */
export class AccountMustChangePassword1795740000000 implements MigrationInterface {
  name = 'AccountMustChangePassword1795740000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "account" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "account" DROP COLUMN "must_change_password"`);
  }
}
