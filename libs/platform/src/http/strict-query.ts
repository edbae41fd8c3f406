import { CanActivate, CustomDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ROUTE_ARGS_METADATA, SSE_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Reflector } from '@nestjs/core';
import { ApiError, type ApiErrorDetail } from './api-error';

const QUERY_PARAMS_KEY = 'pledge:http:query-params';

/**
 * The query parameters a handler accepts, when it reads the whole query object (`@Query() q`) or the request itself:
 * anything else is 400 `unknown_parameter`. Handlers that name their parameters (`@Query('asOf')`) need nothing:
 * their names are the allowed set.
 */
export const QueryParams = (...names: string[]): CustomDecorator => SetMetadata(QUERY_PARAMS_KEY, names);

/** The query parameters a handler declares: `@QueryParams(...)`, else its `@Query('name')` arguments; null = reads `@Query()` whole. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Nest's Reflector and route metadata are keyed by any class and method
export function declaredQueryParams(reflector: Reflector, controller: Function, handler: Function): ReadonlySet<string> | null {
  const explicit = reflector.get<string[] | undefined>(QUERY_PARAMS_KEY, handler);
  if (explicit) return new Set(explicit);
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {}) as Record<string, { data?: unknown }>;
  const names = new Set<string>();
  for (const [key, arg] of Object.entries(args)) {
    if (Number(key.split(':')[0]) !== Number(RouteParamtypes.QUERY)) continue;
    if (typeof arg.data !== 'string') return null; // the whole query object: the handler validates it (strictly)
    names.add(arg.data);
  }
  return names;
}

/**
 * Every query parameter is validated: a parameter the endpoint does not know, or one given twice, is a 400 naming
 * it (never a silent default or an ignored typo). Registered globally by bootstrapHttpApp, before any handler runs;
 * the handlers validate the values of the parameters they know. `token` is allowed on Server-Sent-Events handlers
 * (EventSource cannot send headers).
 */
@Injectable()
export class StrictQueryGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<{ query?: Record<string, unknown> }>();
    const query = req.query ?? {};
    const names = Object.keys(query);
    if (names.length === 0) return true;
    const handler = ctx.getHandler();
    const declared = declaredQueryParams(this.reflector, ctx.getClass(), handler);
    const sse = this.reflector.get<boolean>(SSE_METADATA, handler) === true;
    const details: ApiErrorDetail[] = [];
    for (const name of names) {
      const field = `(query).${name}`;
      if (declared && !declared.has(name) && !(sse && name === 'token')) {
        const known = declared.size ? [...declared].sort().join(', ') : '(none)';
        details.push({
          field,
          problem: 'unknown_parameter',
          message: `Tham số "${name}" không được hỗ trợ (các tham số hợp lệ: ${known})`,
          messageEn: `unknown query parameter "${name}" (accepted: ${known})`,
        });
      } else if (typeof query[name] !== 'string') {
        details.push({
          field,
          problem: 'repeated_parameter',
          message: `Tham số "${name}" chỉ được gửi một lần, dạng văn bản`,
          messageEn: `query parameter "${name}" must be given once, as text`,
        });
      }
    }
    if (details.length) throw ApiError.validation(details);
    return true;
  }
}
