#!/usr/bin/env node
/**
 * Projector operations: `node dist/apps/projector/src/cli.js <command>` (npm run projector:rebuild).
 *   rebuild [--chunk N] [--workers N]
 *                         rebuild every read model from the event store into fresh tables and swap them in
 *                         while the dashboard keeps reading the old ones (see docs/projections.md); the status
 *                         phase runs on N worker threads (default: one per core, at most 4; 0: none).
 * Configuration from the environment (DATABASE_URL, ...), validated first. Logs at LOG_LEVEL (default warn here).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { InvalidEnvironmentError } from '@pledge/platform';
import { Command, InvalidArgumentError } from 'commander';
import { Logger } from 'nestjs-pino';
import { ProjectorCliModule } from './projector-cli.module';
import { rebuildCommand } from './rebuild-read-models/rebuild-read-models.cli';

process.env.LOG_LEVEL ??= 'warn';

const positive = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 100) throw new InvalidArgumentError('phải là số nguyên ≥ 100 / must be a whole number ≥ 100');
  return n;
};

const workerCount = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 16) throw new InvalidArgumentError('phải là số nguyên từ 0 đến 16 / must be a whole number from 0 to 16');
  return n;
};

const program = new Command();
program.name('projector').description('Thanh Bình pledge pipeline: projector operations').showHelpAfterError();

program
  .command('rebuild')
  .description('rebuild every read model from the event store into fresh tables and swap them in (the dashboard keeps serving meanwhile)')
  .option('--chunk <events>', 'events per step while reading the event store', positive, 50_000)
  .option('--workers <threads>', 'worker threads assessing the units (default: one per core, at most 4; 0: in the main thread)', workerCount)
  .action(async (o: { chunk: number; workers?: number }) => {
    const app = await NestFactory.createApplicationContext(ProjectorCliModule, { bufferLogs: true });
    app.useLogger(app.get(Logger));
    try {
      await rebuildCommand(app, { chunkSize: o.chunk, workers: o.workers });
    } finally {
      await app.close();
    }
  });

program.parseAsync(process.argv).catch((err: Error) => {
  const message = err instanceof InvalidEnvironmentError ? err.message : `✘ ${err.message}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
