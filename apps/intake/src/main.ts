import 'reflect-metadata';
import { loadConfig, bootstrapHttpApp } from '@pledge/platform';
import { intakeEnvSchema } from './config';
import { ErrorDetailsFilter } from './http/error-details.filter';
import { IntakeModule } from './intake.module';
import { INTAKE_OPENAPI } from './openapi';

const env = loadConfig(intakeEnvSchema);

void bootstrapHttpApp(IntakeModule, {
  appName: 'intake',
  bodyLimit: env.BODY_LIMIT,
  openApi: INTAKE_OPENAPI,
  configure: (app) => {
    app.useGlobalFilters(new ErrorDetailsFilter(env.BODY_LIMIT));
  },
}).catch((err: Error) => {
  process.stderr.write(`intake failed to start: ${err.message}\n`);
  process.exit(1);
});
