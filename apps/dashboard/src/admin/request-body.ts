import { normaliseDeepNfc } from '@pledge/domain';
import { ApiError, type ApiErrorDetail } from '@pledge/platform';
import type { z } from 'zod';

const TYPE_VI: Record<string, string> = {
  string: 'chuỗi ký tự',
  number: 'số',
  boolean: 'true/false',
  object: 'đối tượng JSON',
  array: 'danh sách',
  null: 'null',
};

function fieldOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(body)';
}

/** One zod issue as the API's error detail (Vietnamese first, English available). */
function detailOf(issue: z.core.$ZodIssue, input: unknown): ApiErrorDetail[] {
  const field = fieldOf(issue.path);
  const at = (obj: unknown, path: readonly PropertyKey[]): unknown =>
    path.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k] : undefined), obj);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({
        field: fieldOf([...issue.path, k]),
        problem: 'unknown_field',
        message: `Trường "${k}" không được hỗ trợ`,
        messageEn: `Unknown field "${k}"`,
      }));
    case 'invalid_type':
      if (at(input, issue.path) === undefined) return [{ field, problem: 'required', message: 'Thiếu trường bắt buộc', messageEn: 'This field is required' }];
      return [
        {
          field,
          problem: 'invalid_type',
          message: `Sai kiểu dữ liệu: cần ${TYPE_VI[issue.expected] ?? issue.expected}`,
          messageEn: `Expected ${issue.expected}`,
        },
      ];
    case 'invalid_union':
      if (at(input, issue.path) === undefined) return [{ field, problem: 'required', message: 'Thiếu trường bắt buộc', messageEn: 'This field is required' }];
      return [{ field, problem: 'invalid_type', message: 'Sai kiểu dữ liệu', messageEn: `Invalid value: ${issue.message}` }];
    case 'invalid_value':
      return [
        {
          field,
          problem: 'invalid_value',
          message: `Giá trị không hợp lệ: phải là một trong ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
          messageEn: `Must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
        },
      ];
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const isString = issue.origin === 'string';
      const vi =
        issue.code === 'too_small'
          ? isString
            ? `Quá ngắn: tối thiểu ${bound} ký tự`
            : `Quá nhỏ: tối thiểu ${bound}`
          : isString
            ? `Quá dài: tối đa ${bound} ký tự`
            : `Quá lớn: tối đa ${bound}`;
      return [{ field, problem: isString && issue.code === 'too_small' && bound === 1 ? 'required' : 'out_of_range', message: vi, messageEn: issue.message }];
    }
    default:
      return [{ field, problem: 'invalid', message: `Không hợp lệ: ${issue.message}`, messageEn: issue.message }];
  }
}

/** The request body NFC-normalised and checked against `schema`; 400 with one detail per problem otherwise. */
export function parseBody<S extends z.ZodTypeAny>(schema: S, body: unknown): z.infer<S> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw ApiError.validation([{ field: '(body)', problem: 'invalid_type', message: 'Cần một đối tượng JSON', messageEn: 'A JSON object is expected' }]);
  }
  const input = normaliseDeepNfc(body);
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw ApiError.validation(parsed.error.issues.flatMap((i) => detailOf(i, input)));
}
