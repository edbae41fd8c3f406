#!/usr/bin/env node
/**
 * Operations CLI: `node dist/apps/cli/src/main.js <command>`.
 *   migrate            run pending migrations (under an advisory lock)
 *   seed [--force]     load seeds/ (idempotent; --force overwrites rows that exist)
 *   topics             create the Kafka topics (idempotent)
 *   setup              migrate + seed + topics
 *   reset-password <username>   a new temporary password for one account (printed once)
 *   demo [--remove]    load (or remove) the demonstration data through the secretaries' API
 *   catalogue-template <out.xlsx>        write the criteria catalogue template
 *   catalogue-import <file> [--publish]  load a catalogue version (.xlsx or .json) as a draft; --publish publishes it
 * Configuration comes from the environment (DATABASE_URL, KAFKA_BROKERS, ...), validated first.
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { join, resolve } from 'node:path';
import { runCatalogueImport, runCatalogueTemplate, runMigrate, runResetPassword, runSeed, runTopics } from './commands';
import { runDemoLoad, runDemoRemove } from './demo/demo.command';

const program = new Command();
program.name('pledge').description('Thanh Bình pledge pipeline: operations').showHelpAfterError();

program
  .command('migrate')
  .description('run pending database migrations (under a PostgreSQL advisory lock)')
  .action(async () => runMigrate());

program
  .command('seed')
  .description(
    'load seed data: units, criteria catalogue, pledges, accounts (administrators: INITIAL_ADMIN_PASSWORD; others: DEV_SEED_PASSWORD, else unusable until reset)',
  )
  .option('--dir <dir>', 'seed directory', resolve(join(__dirname, '..', '..', '..', '..', 'seeds')))
  .option('--force', 'overwrite rows that already exist (administrator threshold edits are kept)', false)
  .action(async (o: { dir: string; force: boolean }) => runSeed(o.dir, o.force));

program
  .command('topics')
  .description('create the Kafka topics of the pipeline (idempotent)')
  .action(async () => runTopics());

program
  .command('setup')
  .description('migrate, seed and create topics')
  .option('--dir <dir>', 'seed directory', resolve(join(__dirname, '..', '..', '..', '..', 'seeds')))
  .action(async (o: { dir: string }) => {
    await runMigrate();
    await runSeed(o.dir, false);
    await runTopics();
  });

program
  .command('reset-password <username>')
  .description('give an account a new temporary password (printed once, changed at the next log-in); its sessions end')
  .action(async (username: string) => runResetPassword(username));

program
  .command('demo')
  .description(
    'load illustrative readings through the secretaries\' own API, marked as demonstration data ("Dữ liệu minh họa"); --remove deletes them and rebuilds the read models; refused with NODE_ENV=production',
  )
  .option('--remove', 'delete the demonstration data and rebuild the read models', false)
  .option('--url <url>', "the dashboard's address (the phone's)", `http://127.0.0.1:${process.env.DASHBOARD_PORT || 3000}`)
  .option('--concurrency <n>', 'cells sending at once', '4')
  .option('--wait <seconds>', 'longest wait for the projector', '180')
  .action(async (o: { remove: boolean; url: string; concurrency: string; wait: string }) =>
    o.remove ? runDemoRemove() : runDemoLoad({ url: o.url, concurrency: Number(o.concurrency), waitSeconds: Number(o.wait) }),
  );

program
  .command('catalogue-template <out>')
  .description('write the criteria catalogue workbook template (.xlsx): version, criteria, indicators, instructions')
  .action(async (outFile: string) => runCatalogueTemplate(outFile));

program
  .command('catalogue-import <file>')
  .description('load a criteria catalogue version from .xlsx (the template) or .json (seed format) as a draft; every problem listed, nothing stored if any')
  .option('--publish', 'publish it too (refused with what is missing when incomplete)', false)
  .action(async (file: string, o: { publish: boolean }) => runCatalogueImport(file, o.publish));

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`\n✖ ${err.message}\n`);
  process.exit(1);
});
