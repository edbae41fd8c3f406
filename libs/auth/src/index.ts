/**
 * @pledge/auth: who is calling, and may they do this.
 *
 * - {@link AuthModule.forRoot}: global guard verifying JWT access tokens (HS256, JWT_SECRET) on every
 *   route except `@Public()` ones and /health, /metrics; 401/403 with the shared ApiError body.
 * - Decorators: `@Public()`, `@Roles('commune_officer', ...)`, `@CurrentUser()`, `@AllowQueryToken()`.
 * - {@link Principal}: accountId, username, role, unitId, communeId.
 * - Scope helpers (scope.ts): canSubmitFor / canReadCell / canReadCommune / canReviewCell / canAdminister
 *   and their assert* forms that throw 403.
 * - {@link TokenService} (issue, verify) and {@link PasswordHasher} (argon2id).
 *
 * See libs/auth/README.md for wiring another app.
 */
export * from './roles';
export * from './principal';
export * from './auth-errors';
export * from './auth-config';
export * from './decorators';
export * from './access-check';
export * from './token.service';
export * from './password-hasher';
export * from './login-attempts';
export * from './auth.guard';
export * from './scope';
export * from './auth.module';
