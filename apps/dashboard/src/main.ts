import 'reflect-metadata';
import { bootstrapHttpApp } from '@pledge/platform';
import { DashboardModule } from './dashboard.module';

void bootstrapHttpApp(DashboardModule, {
  appName: 'dashboard',
  openApi: {
    title: 'Thanh Bình pledge pipeline: dashboard API',
    description: 'Read API: units, criteria, pledges, progress toward the district standard, reminders.',
  },
}).catch((err: Error) => {
  process.stderr.write(`dashboard failed to start: ${err.message}\n`);
  process.exit(1);
});
