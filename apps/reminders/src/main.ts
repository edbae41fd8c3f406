import 'reflect-metadata';
import { bootstrapHttpApp } from '@pledge/platform';
import { RemindersModule } from './reminders.module';

void bootstrapHttpApp(RemindersModule, {
  appName: 'reminders',
  // a failed start (e.g. Redis may evict keys) rejects instead of aborting: one clear line, exit code 1
  nestOptions: { abortOnError: false },
  configure: (app) => {
    app.useBodyParser('urlencoded', { extended: false, limit: '16kb' }); // the administrator login form
  },
}).catch((err: Error) => {
  process.stderr.write(`reminders failed to start: ${err.message}\n`);
  process.exit(1);
});
