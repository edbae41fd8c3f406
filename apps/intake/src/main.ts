import 'reflect-metadata';
import { bootstrapHttpApp } from '@pledge/platform';
import { IntakeModule } from './intake.module';

void bootstrapHttpApp(IntakeModule, {
  appName: 'intake',
  bodyLimit: '64kb',
  openApi: {
    title: 'Thanh Bình pledge pipeline: intake API',
    description: 'Cell secretaries submit criterion updates (báo cáo tiêu chí) for their hamlet or ward.',
  },
}).catch((err: Error) => {
  process.stderr.write(`intake failed to start: ${err.message}\n`);
  process.exit(1);
});
