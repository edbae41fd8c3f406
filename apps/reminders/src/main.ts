import 'reflect-metadata';
import { bootstrapHttpApp } from '@pledge/platform';
import { RemindersModule } from './reminders.module';

void bootstrapHttpApp(RemindersModule, { appName: 'reminders' }).catch((err: Error) => {
  process.stderr.write(`reminders failed to start: ${err.message}\n`);
  process.exit(1);
});
