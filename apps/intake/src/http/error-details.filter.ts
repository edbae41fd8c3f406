import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ApiError, ApiErrorDetail, sendApiError, toApiErrorBody } from '@pledge/platform';
import type { Response } from 'express';

/**
 * The shared error body (toApiErrorBody of @pledge/platform), plus a `details` entry (field, problem)
 * for the errors that arise before any handler runs: broken JSON (400 malformed_json), a body over
 * BODY_LIMIT (413 too_large), and any other error without details. Registered after the platform's
 * filter, so Nest consults it first.
 */
@Catch()
export class ErrorDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  constructor(private readonly bodyLimit: string) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const body = toApiErrorBody(exception);
    if (!body.details || body.details.length === 0) body.details = [this.detailFor(exception, body.statusCode)];
    if (body.statusCode >= 500) this.logger.error(exception);
    sendApiError(res, body, exception instanceof ApiError ? exception.retryAfterSeconds : undefined);
  }

  private detailFor(exception: unknown, status: number): ApiErrorDetail {
    const e = exception as { type?: string; message?: string; cause?: { type?: string } };
    const text = exception instanceof HttpException ? JSON.stringify(exception.getResponse()) : (e?.message ?? '');
    if (status === 400 && (e?.type === 'entity.parse.failed' || e?.cause?.type === 'entity.parse.failed' || /JSON|Unexpected token|Unexpected end/i.test(text)))
      return {
        field: '(body)',
        problem: 'malformed_json',
        message: 'Dữ liệu gửi lên không phải JSON hợp lệ',
        messageEn: `the request body is not valid JSON${e?.message ? `: ${e.message}` : ''}`,
      };
    if (status === 413)
      return {
        field: '(body)',
        problem: 'too_large',
        message: `Dữ liệu gửi lên vượt quá ${this.bodyLimit}`,
        messageEn: `the request body is larger than ${this.bodyLimit}`,
      };
    if (status === 404) return { field: '(path)', problem: 'no_such_endpoint', message: 'Không có địa chỉ này', messageEn: 'no such endpoint' };
    if (status === 405) return { field: '(method)', problem: 'method_not_allowed', message: 'Phương thức không được hỗ trợ', messageEn: 'method not allowed' };
    if (status >= 500)
      return {
        field: '(server)',
        problem: 'internal_error',
        message: 'Lỗi hệ thống, vui lòng thử lại sau',
        messageEn: 'internal error, please try again later',
      };
    return { field: '(request)', problem: `http_${status}`, message: 'Yêu cầu không hợp lệ', messageEn: 'invalid request' };
  }
}
