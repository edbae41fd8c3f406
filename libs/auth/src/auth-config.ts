import { APP_CONFIG, AuthEnv, authEnvSchema, loadConfig } from '@pledge/platform';

/** DI token of the validated auth settings (JWT_SECRET, JWT_SECRET_PREVIOUS, JWT_TTL_SECONDS, AUTH_REVOCATION_CHECK_MS). */
export const AUTH_ENV = Symbol('AUTH_ENV');

export const JWT_ISSUER = 'thanh-binh-pledge';
export const JWT_AUDIENCE = 'thanh-binh-pledge-api';

/**
 * The auth settings of the app: taken from its validated APP_CONFIG when its schema includes authEnvSchema, else
 * validated here from the environment. Either way JWT_SECRET has no default and is refused, in every mode, when it
 * is missing, short, predictable or a value written in this repository (libs/platform secrets.ts).
 */
export function resolveAuthEnv(appConfig: (Partial<AuthEnv> & { NODE_ENV?: string }) | undefined, env: NodeJS.ProcessEnv = process.env): AuthEnv {
  const cfg: AuthEnv = appConfig?.JWT_SECRET && appConfig.JWT_TTL_SECONDS ? (appConfig as AuthEnv) : loadConfig(authEnvSchema, env);
  if (cfg.JWT_SECRET_PREVIOUS !== undefined && cfg.JWT_SECRET_PREVIOUS === cfg.JWT_SECRET)
    throw new Error('Invalid environment variables:\n  - JWT_SECRET_PREVIOUS: must differ from JWT_SECRET (it is the key before the last rotation)');
  return cfg;
}

export const authEnvProvider = {
  provide: AUTH_ENV,
  inject: [{ token: APP_CONFIG, optional: true }],
  useFactory: (cfg?: Partial<AuthEnv>) => resolveAuthEnv(cfg),
};
