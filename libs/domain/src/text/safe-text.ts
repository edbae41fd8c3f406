/**
 * Text the system accepts: any Unicode except control characters (C0 other than tab, line feed and carriage return;
 * DEL; C1) and lone surrogates (UTF-16 halves that are not a character: they cannot be stored as UTF-8, and
 * PostgreSQL refuses them). Checked wherever text enters: every HTTP body, query, path and header (libs/platform),
 * and the fields of a criterion update from any Kafka producer (checkCriterionUpdate).
 */

export type UnsafeTextProblem = 'control_character' | 'invalid_unicode';

export interface UnsafeText {
  /** JSON path of the field, e.g. "note" or "readings[0].indicatorCode"; `(key)` marks an object key. */
  field: string;
  problem: UnsafeTextProblem;
  message: string;
  messageEn: string;
}

// eslint-disable-next-line no-control-regex -- the control characters that are refused in free text
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with `s` as text, or null. */
export function textProblem(s: string): UnsafeTextProblem | null {
  if (CONTROL.test(s)) return 'control_character';
  if (LONE_SURROGATE.test(s)) return 'invalid_unicode';
  return null;
}

/** One problem as a bilingual reason naming the field. */
export function unsafeText(field: string, problem: UnsafeTextProblem): UnsafeText {
  return problem === 'control_character'
    ? {
        field,
        problem,
        message: `"${field}" chứa ký tự điều khiển (ví dụ NUL); hãy xoá ký tự đó`,
        messageEn: `"${field}" contains a control character (e.g. NUL); remove it`,
      }
    : {
        field,
        problem,
        message: `"${field}" chứa ký tự Unicode không hợp lệ (nửa cặp thay thế đơn lẻ)`,
        messageEn: `"${field}" contains invalid Unicode (a lone surrogate)`,
      };
}

const fieldPath = (base: string, key: string | number) => (typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key);

/**
 * Every unsafe string in a parsed JSON value (strings, array elements, object keys and values, at any depth), each
 * with its path under `base`; at most `limit` of them.
 */
export function unsafeTextFields(value: unknown, base = '', limit = 20): UnsafeText[] {
  const out: UnsafeText[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (out.length >= limit || depth > 64) return;
    if (typeof v === 'string') {
      const p = textProblem(v);
      if (p) out.push(unsafeText(path || '(body)', p));
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, fieldPath(path, i), depth + 1));
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const kp = textProblem(k);
        if (kp) out.push(unsafeText(`${fieldPath(path, '(key)')}`, kp));
        else walk(x, fieldPath(path, k), depth + 1);
      }
    }
  };
  walk(value, base, 0);
  return out;
}
