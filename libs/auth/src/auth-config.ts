import { APP_CONFIG, AuthEnv, authEnvSchema, loadConfig } from '@pledge/platform';

/** DI token of the validated auth settings (JWT_SECRET, JWT_TTL_SECONDS). */
export const AUTH_ENV = Symbol('AUTH_ENV');

/** The development default of JWT_SECRET (libs/platform authEnvSchema): refused when NODE_ENV=production. */
const DEV_SECRET = authEnvSchema.shape.JWT_SECRET.parse(undefined);

export const JWT_ISSUER = 'thanh-binh-pledge';
export const JWT_AUDIENCE = 'thanh-binh-pledge-api';

/**
 * The auth settings of the app: taken from its validated APP_CONFIG when its schema includes
 * authEnvSchema, else validated here from the environment. Stops the boot when a production
 * deployment still uses the development secret.
 */
export function resolveAuthEnv(appConfig: Partial<AuthEnv> & { NODE_ENV?: string } | undefined, env: NodeJS.ProcessEnv = process.env): AuthEnv {
  const cfg: AuthEnv = appConfig?.JWT_SECRET && appConfig.JWT_TTL_SECONDS ? (appConfig as AuthEnv) : loadConfig(authEnvSchema, env);
  const nodeEnv = appConfig?.NODE_ENV ?? env.NODE_ENV;
  if (nodeEnv === 'production' && cfg.JWT_SECRET === DEV_SECRET) {
    throw new Error('JWT_SECRET is the development default; set a long random secret (e.g. `openssl rand -base64 48`) before running in production');
  }
  return cfg;
}

export const authEnvProvider = {
  provide: AUTH_ENV,
  inject: [{ token: APP_CONFIG, optional: true }],
  useFactory: (cfg?: Partial<AuthEnv>) => resolveAuthEnv(cfg),
};
