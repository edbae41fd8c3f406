import { Injectable, NestMiddleware } from '@nestjs/common';
import { ApiError } from '@pledge/platform';
import type { NextFunction, Request, Response } from 'express';

/**
 * A request that carries a body must say it is JSON (`Content-Type: application/json`), else 415 with the
 * shared error body. Without this, a form post or text/plain would reach the handlers as an empty body
 * and come back as a puzzling "field required".
 */
@Injectable()
export class RequireJsonMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody || !['POST', 'PUT', 'PATCH'].includes(req.method)) return next();
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)) return next();
    next(
      new ApiError(
        415,
        'unsupported_media_type',
        'Định dạng dữ liệu không được hỗ trợ: cần application/json',
        'Unsupported media type: application/json expected',
        [
          {
            field: '(headers).content-type',
            problem: 'not_json',
            message: `Content-Type là "${type || '(trống)'}", cần "application/json"`,
            messageEn: `Content-Type is "${type || '(none)'}"; "application/json" is expected`,
          },
        ],
      ),
    );
  }
}
