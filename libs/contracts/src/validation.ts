import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { CriterionRecordedV1, CriterionUpdateV1, RejectionReason } from './events/criterion-update';
import { criterionRecordedV1Schema } from './events/criterion-recorded.schema';
import criterionUpdateV1Schema from './schemas/criterion-update.v1.schema.json';

export { criterionUpdateV1Schema };

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv);
const validateV1: ValidateFunction<CriterionUpdateV1> = ajv.compile<CriterionUpdateV1>(criterionUpdateV1Schema);
const validateRecordedV1: ValidateFunction<CriterionRecordedV1> = ajv.compile<CriterionRecordedV1>(criterionRecordedV1Schema);

/** "/readings/0/numerator" → "readings[0].numerator" */
export function jsonPointerToField(pointer: string, extra?: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra) parts.push(extra);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || '(body)';
}

function describe(e: ErrorObject): RejectionReason {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const field = jsonPointerToField(e.instancePath, String(p.missingProperty));
      return { field, problem: 'required', message: `Thiếu trường bắt buộc "${field}"`, messageEn: `"${field}" is required` };
    }
    case 'additionalProperties': {
      const field = jsonPointerToField(e.instancePath, String(p.additionalProperty));
      return { field, problem: 'unknown_field', message: `Trường "${field}" không được phép`, messageEn: `"${field}" is not an allowed field` };
    }
    case 'type': {
      const field = jsonPointerToField(e.instancePath);
      const t = String(p.type);
      const vi: Record<string, string> = {
        string: 'chuỗi ký tự',
        number: 'số',
        integer: 'số nguyên',
        boolean: 'đúng/sai',
        array: 'danh sách',
        object: 'đối tượng',
      };
      const viType = t
        .split(',')
        .map((x) => vi[x] ?? x)
        .join(' hoặc ');
      return { field, problem: 'wrong_type', message: `"${field}" phải là ${viType}`, messageEn: `"${field}" must be of type ${t}` };
    }
    case 'format': {
      const field = jsonPointerToField(e.instancePath);
      const f = String(p.format);
      const vi: Record<string, string> = { uuid: 'mã UUID', date: 'ngày dạng YYYY-MM-DD', 'date-time': 'thời điểm dạng ISO 8601', uri: 'đường dẫn URL' };
      return {
        field,
        problem: `invalid_${f.replace('-', '_')}`,
        message: `"${field}" phải là ${vi[f] ?? f} hợp lệ`,
        messageEn: `"${field}" must be a valid ${f}`,
      };
    }
    case 'const':
    case 'enum': {
      const field = jsonPointerToField(e.instancePath);
      const allowed = JSON.stringify(p.allowedValue ?? p.allowedValues);
      return { field, problem: 'not_allowed_value', message: `"${field}" chỉ nhận giá trị ${allowed}`, messageEn: `"${field}" must be ${allowed}` };
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const field = jsonPointerToField(e.instancePath);
      const cmp = { minimum: ['≥', '>='], exclusiveMinimum: ['>', '>'], maximum: ['≤', '<='], exclusiveMaximum: ['<', '<'] }[e.keyword];
      return {
        field,
        problem: 'out_of_range',
        message: `"${field}" phải ${cmp[0]} ${String(p.limit)}`,
        messageEn: `"${field}" must be ${cmp[1]} ${String(p.limit)}`,
      };
    }
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems': {
      const field = jsonPointerToField(e.instancePath);
      const isMin = e.keyword.startsWith('min');
      const what = e.keyword.endsWith('Items') ? ['phần tử', 'items'] : ['ký tự', 'characters'];
      return {
        field,
        problem: isMin ? 'too_short' : 'too_long',
        message: `"${field}" phải có ${isMin ? 'ít nhất' : 'tối đa'} ${String(p.limit)} ${what[0]}`,
        messageEn: `"${field}" must have ${isMin ? 'at least' : 'at most'} ${String(p.limit)} ${what[1]}`,
      };
    }
    case 'pattern': {
      const field = jsonPointerToField(e.instancePath);
      return { field, problem: 'invalid_format', message: `"${field}" có ký tự không hợp lệ`, messageEn: `"${field}" does not match the expected format` };
    }
    case 'oneOf':
    case 'not': {
      const field = jsonPointerToField(e.instancePath);
      return {
        field,
        problem: 'value_or_fraction',
        message: `"${field}" phải có hoặc "value", hoặc cả "numerator" và "denominator" (không cả hai)`,
        messageEn: `"${field}" must have either "value", or both "numerator" and "denominator" (not both)`,
      };
    }
    default: {
      const field = jsonPointerToField(e.instancePath);
      return { field, problem: e.keyword, message: `"${field}" không hợp lệ (${e.message})`, messageEn: `"${field}" is invalid (${e.message})` };
    }
  }
}

export type SchemaCheck<T> = { ok: true; value: T } | { ok: false; reasons: RejectionReason[] };

/** Structural check of a CriterionUpdate v1 against its JSON Schema; reasons name the field and the problem. */
export function checkCriterionUpdateSchema(input: unknown): SchemaCheck<CriterionUpdateV1> {
  return check(validateV1, input);
}

/** Structural check of a CriterionRecorded v1 (topic ntm.criterion-recorded) against its JSON Schema. */
export function checkCriterionRecordedSchema(input: unknown): SchemaCheck<CriterionRecordedV1> {
  return check(validateRecordedV1, input);
}

function check<T>(validate: ValidateFunction<T>, input: unknown): SchemaCheck<T> {
  if (validate(input)) return { ok: true, value: input };
  const seen = new Set<string>();
  const reasons: RejectionReason[] = [];
  // oneOf/not produce noisy sub-errors from their branches; keep the most specific, one per field+problem
  for (const e of validate.errors ?? []) {
    const r = describe(e);
    const key = `${r.field}|${r.problem}`;
    if (!seen.has(key)) {
      seen.add(key);
      reasons.push(r);
    }
  }
  // a oneOf failure also reports the "required" errors of each branch; the oneOf reason says it better
  const hasOneOf = reasons.some((r) => r.problem === 'value_or_fraction');
  const branchNoise = (r: RejectionReason) => r.problem === 'required' && /readings\[\d+\]\.(value|numerator|denominator)$/.test(r.field);
  return { ok: false, reasons: hasOneOf ? reasons.filter((r) => !branchNoise(r)) : reasons };
}
