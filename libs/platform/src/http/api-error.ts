import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { isDatabaseUnavailableError } from '../database/database-errors';

/**
 * One error body for every HTTP API of the system. Vietnamese first, English available:
 *
 *   { "statusCode": 400, "error": "validation_failed",
 *     "message": "Dữ liệu gửi lên không hợp lệ", "messageEn": "The submitted data is invalid",
 *     "details": [ { "field": "readings[0].numerator", "problem": "exceeds_denominator",
 *                    "message": "Tử số (12) lớn hơn mẫu số (10)", "messageEn": "numerator (12) is greater than denominator (10)" } ] }
 */
export interface ApiErrorDetail {
  /** JSON path of the offending field, e.g. "readings[0].numerator"; "(body)" for the whole body. */
  field: string;
  /** Machine-readable problem code, e.g. "required", "unknown_code", "out_of_range". */
  problem: string;
  message: string;
  messageEn: string;
}

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  messageEn: string;
  details?: ApiErrorDetail[];
}

export class ApiError extends HttpException {
  /** Sent as `Retry-After` (seconds) with a 429 or 503 answer. */
  retryAfterSeconds?: number;

  constructor(status: number, code: string, message: string, messageEn: string, details?: ApiErrorDetail[]) {
    const body: ApiErrorBody = { statusCode: status, error: code, message, messageEn, ...(details ? { details } : {}) };
    super(body, status);
  }

  /** The same error, telling the client when to try again (`Retry-After`). */
  retryAfter(seconds: number): this {
    this.retryAfterSeconds = Math.max(1, Math.ceil(seconds));
    return this;
  }

  static validation(details: ApiErrorDetail[]): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, 'validation_failed', 'Dữ liệu gửi lên không hợp lệ', 'The submitted data is invalid', details);
  }
}

const DEFAULT_TEXT: Record<number, [string, string, string]> = {
  400: ['bad_request', 'Yêu cầu không hợp lệ', 'Bad request'],
  401: ['unauthenticated', 'Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn', 'Not logged in, or the session has expired'],
  403: ['forbidden', 'Bạn không có quyền thực hiện thao tác này', 'You are not allowed to do this'],
  404: ['not_found', 'Không tìm thấy', 'Not found'],
  409: ['conflict', 'Xung đột dữ liệu', 'Conflict'],
  413: ['payload_too_large', 'Dữ liệu gửi lên quá lớn', 'The request body is too large'],
  415: ['unsupported_media_type', 'Định dạng dữ liệu không được hỗ trợ (cần application/json)', 'Unsupported media type (application/json expected)'],
  429: ['too_many_requests', 'Gửi quá nhiều yêu cầu, vui lòng thử lại sau', 'Too many requests, please try again later'],
  500: ['internal_error', 'Lỗi hệ thống, vui lòng thử lại sau', 'Internal error, please try again later'],
  503: ['unavailable', 'Dịch vụ tạm thời không sẵn sàng', 'Service temporarily unavailable'],
};

/** Turns every exception into an ApiErrorBody; unknown errors become 500 without leaking internals. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const body = toApiErrorBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception);
    sendApiError(res, body, exception instanceof ApiError ? exception.retryAfterSeconds : undefined);
  }
}

/** Seconds a client is told to wait (Retry-After) when the database is unavailable: about one restart of it. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Writes the error body with Retry-After when the client should wait: as the error says, else a 503's default. */
export function sendApiError(res: Response, body: ApiErrorBody, retryAfterSeconds?: number): void {
  if (res.headersSent) return;
  const retryAfter = retryAfterSeconds ?? (body.statusCode === 503 ? DATABASE_RETRY_AFTER_SECONDS : undefined);
  if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
  res.status(body.statusCode).json(body);
}

/**
 * PostgreSQL unreachable or restarting: nothing was stored (a transaction that cannot reach the server commits
 * nothing), so the client may send the same request again; with its eventId that is always safe.
 */
export function databaseUnavailableBody(): ApiErrorBody {
  return {
    statusCode: 503,
    error: 'database_unavailable',
    message: 'Hệ thống tạm thời không lưu được dữ liệu (cơ sở dữ liệu đang khởi động lại). Chưa có gì được lưu; vui lòng gửi lại sau ít giây.',
    messageEn: 'The database is temporarily unavailable (restarting). Nothing was stored; please send the same request again in a few seconds.',
    details: [
      {
        field: '(server)',
        problem: 'database_unavailable',
        message: 'Cơ sở dữ liệu tạm thời không kết nối được',
        messageEn: 'the database cannot be reached right now',
      },
    ],
  };
}

export function toApiErrorBody(exception: unknown): ApiErrorBody {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const resp = exception.getResponse();
    if (typeof resp === 'object' && resp && 'messageEn' in resp) return resp as ApiErrorBody;
    const [code, vi, en] = DEFAULT_TEXT[status] ?? [`http_${status}`, exception.message, exception.message];
    const raw = typeof resp === 'object' && resp ? (resp as { message?: unknown }).message : resp;
    const detailText = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : undefined;
    return {
      statusCode: status,
      error: code,
      message: vi,
      messageEn: detailText && detailText !== en ? `${en}: ${detailText}` : en,
    };
  }
  // body-parser errors (broken JSON, too large) carry status/type but are not HttpExceptions
  const e = exception as { status?: number; statusCode?: number; type?: string; message?: string };
  const status = e?.status ?? e?.statusCode;
  if (status && status >= 400 && status < 500) {
    if (e.type === 'entity.parse.failed') {
      return {
        statusCode: 400,
        error: 'malformed_json',
        message: 'Dữ liệu gửi lên không phải JSON hợp lệ',
        messageEn: `The request body is not valid JSON: ${e.message ?? ''}`.trim(),
        details: [{ field: '(body)', problem: 'malformed_json', message: 'JSON không hợp lệ', messageEn: 'malformed JSON' }],
      };
    }
    const [code, vi, en] = DEFAULT_TEXT[status] ?? [`http_${status}`, e.message ?? '', e.message ?? ''];
    return { statusCode: status, error: code, message: vi, messageEn: en };
  }
  if (isDatabaseUnavailableError(exception)) return databaseUnavailableBody();
  const [code, vi, en] = DEFAULT_TEXT[500];
  return { statusCode: 500, error: code, message: vi, messageEn: en };
}
