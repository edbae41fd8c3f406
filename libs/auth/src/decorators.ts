import { createParamDecorator, CustomDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal } from './principal';
import type { Role } from './roles';

export const IS_PUBLIC_KEY = 'pledge:auth:public';
export const ROLES_KEY = 'pledge:auth:roles';
export const QUERY_TOKEN_KEY = 'pledge:auth:query-token';
export const PENDING_PASSWORD_KEY = 'pledge:auth:pending-password-change';

/** Opt a handler (or a whole controller) out of the global guard: no token needed. */
export const Public = (): CustomDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * Only these roles may call the handler (on a controller: every handler of it; a handler's own
 * `@Roles` replaces the controller's). Another role gets 403. Without `@Roles`, any authenticated account may call.
 */
export const Roles = (...roles: Role[]): CustomDecorator => SetMetadata(ROLES_KEY, roles);

/**
 * Accept the access token as `?token=` on this GET handler. Handlers declared with Nest's `@Sse()`
 * accept it already; use this only for a hand-written `text/event-stream` GET handler, because a
 * browser's EventSource cannot send an Authorization header. Nowhere else: URLs end up in logs and histories.
 */
export const AllowQueryToken = (): CustomDecorator => SetMetadata(QUERY_TOKEN_KEY, true);

/**
 * The handler serves an account that must still change its password (set by somebody else): reading itself, changing
 * the password. Everywhere else such a token gets 403 password_change_required.
 */
export const AllowPendingPasswordChange = (): CustomDecorator => SetMetadata(PENDING_PASSWORD_KEY, true);

/** The authenticated {@link Principal} of the request (undefined on a `@Public()` handler called without a token). */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<{ user?: Principal }>().user;
});
