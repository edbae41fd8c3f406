import 'reflect-metadata';
import { loadConfig, bootstrapHttpApp } from '@pledge/platform';
import { intakeEnvSchema } from './config';
import { ErrorDetailsFilter } from './http/error-details.filter';
import { IntakeModule } from './intake.module';

const env = loadConfig(intakeEnvSchema);

void bootstrapHttpApp(IntakeModule, {
  appName: 'intake',
  bodyLimit: env.BODY_LIMIT,
  openApi: {
    title: 'Thanh Bình pledge pipeline: intake API',
    description:
      'Cell secretaries (bí thư chi bộ) submit criterion updates for their hamlet or ward; commune officers verify or return them; ' +
      'administrators manage accounts. Log in at POST /api/v1/auth/login and send the access token as "Authorization: Bearer <token>". ' +
      'Every error has the same body: { statusCode, error, message (Vietnamese), messageEn, details: [{ field, problem, message, messageEn }] }. ' +
      'Limits: body size BODY_LIMIT (413), requests per minute per account and per address (429 with Retry-After).',
  },
  configure: (app) => {
    app.useGlobalFilters(new ErrorDetailsFilter(env.BODY_LIMIT));
  },
}).catch((err: Error) => {
  process.stderr.write(`intake failed to start: ${err.message}\n`);
  process.exit(1);
});
