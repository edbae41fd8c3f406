import 'reflect-metadata';
import { bootstrapHttpApp } from '@pledge/platform';
import { DashboardModule } from './dashboard.module';
import { DASHBOARD_OPENAPI } from './openapi';

void bootstrapHttpApp(DashboardModule, {
  appName: 'dashboard',
  openApi: DASHBOARD_OPENAPI,
}).catch((err: Error) => {
  process.stderr.write(`dashboard failed to start: ${err.message}\n`);
  process.exit(1);
});
