import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccessCheck } from './access-check';
import { authEnvProvider, AUTH_ENV } from './auth-config';
import { AUTH_OPTIONS, AuthGuard, AuthModuleOptions } from './auth.guard';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';

/**
 * Token verification and role enforcement for an HTTP app. Import once, in the app's root module,
 * after AppConfigModule:
 *
 * ```ts
 * imports: [AppConfigModule.forRoot(schema), ..., AuthModule.forRoot()]
 * ```
 *
 * Every route then needs a valid access token (`Authorization: Bearer …`) except `@Public()` ones
 * and `/health`, `/metrics`. Settings: JWT_SECRET (shared by every app that verifies; JWT_SECRET_PREVIOUS while keys
 * rotate), JWT_TTL_SECONDS, AUTH_REVOCATION_CHECK_MS. With a TypeORM DataSource in the app, every token is also
 * checked against its account and session (AccessCheck).
 * Exports TokenService (verify; issue is for intake's login), PasswordHasher (argon2id) and AuthGuard.
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions = {}): DynamicModule {
    return {
      module: AuthModule,
      imports: [JwtModule.register({})], // secret and algorithm are passed per call from AUTH_ENV
      providers: [
        authEnvProvider,
        { provide: AUTH_OPTIONS, useValue: options },
        AccessCheck,
        TokenService,
        PasswordHasher,
        AuthGuard,
        ...(options.globalGuard === false ? [] : [{ provide: APP_GUARD, useExisting: AuthGuard }]),
      ],
      exports: [AUTH_ENV, AUTH_OPTIONS, AccessCheck, TokenService, PasswordHasher, AuthGuard],
    };
  }
}
