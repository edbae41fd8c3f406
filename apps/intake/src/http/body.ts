import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ApiError, ApiErrorDetail } from '@pledge/platform';
import { z } from 'zod';

/** zod path → "items[2].readings[0].value" */
function fieldOf(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${String(seg)}` : String(seg);
  return out || '(body)';
}

/** One zod issue as a bilingual detail (field + problem), for the small request bodies validated with zod. */
export function detailOf(issue: z.core.$ZodIssue, prefix = ''): ApiErrorDetail {
  const field = fieldOf(issue.path, prefix);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { field, problem: 'required', message: `Thiếu trường bắt buộc "${field}"`, messageEn: `"${field}" is required` }
        : { field, problem: 'wrong_type', message: `"${field}" phải là ${issue.expected}`, messageEn: `"${field}" must be of type ${issue.expected}` };
    case 'too_small':
      return {
        field,
        problem: 'too_short',
        message: `"${field}" quá ngắn hoặc quá nhỏ (tối thiểu ${String(issue.minimum)})`,
        messageEn: `"${field}" is too short or too small (minimum ${String(issue.minimum)})`,
      };
    case 'too_big':
      return {
        field,
        problem: 'too_long',
        message: `"${field}" quá dài hoặc quá lớn (tối đa ${String(issue.maximum)})`,
        messageEn: `"${field}" is too long or too large (maximum ${String(issue.maximum)})`,
      };
    case 'invalid_value':
      return {
        field,
        problem: 'not_allowed_value',
        message: `"${field}" chỉ nhận ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
        messageEn: `"${field}" must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'unrecognized_keys':
      return {
        field: fieldOf([...issue.path, issue.keys[0]], prefix),
        problem: 'unknown_field',
        message: `Trường "${issue.keys.join(', ')}" không được phép`,
        messageEn: `"${issue.keys.join(', ')}" is not an allowed field`,
      };
    case 'invalid_format':
      return { field, problem: 'invalid_format', message: `"${field}" sai định dạng`, messageEn: `"${field}" has the wrong format (${issue.format})` };
    default:
      return { field, problem: 'invalid', message: `"${field}" không hợp lệ`, messageEn: `"${field}" is invalid: ${issue.message}` };
  }
}

/** Parse a request body with a zod schema; 400 with one detail per problem otherwise. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body))
    throw ApiError.validation([
      {
        field: '(body)',
        problem: 'object_required',
        message: 'Dữ liệu gửi lên phải là một đối tượng JSON',
        messageEn: 'the request body must be a JSON object',
      },
    ]);
  const r = schema.safeParse(body, { reportInput: true });
  if (!r.success) throw ApiError.validation(r.error.issues.map((i) => detailOf(i)));
  return r.data;
}

/** NFC, trimmed text (everything people type enters the system in NFC). */
export const text = (min: number, max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(min).max(max));

/** A UUID path parameter, else 400 naming the parameter. */
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string, meta: ArgumentMetadata): string {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return value.toLowerCase();
    const field = meta.data ?? 'id';
    throw ApiError.validation([{ field, problem: 'invalid_uuid', message: `"${field}" phải là mã UUID hợp lệ`, messageEn: `"${field}" must be a valid UUID` }]);
  }
}
