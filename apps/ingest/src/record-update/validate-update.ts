import { checkCriterionUpdateSchema, CriterionUpdateV1, RejectionReason } from '@pledge/contracts';
import { ReferenceSnapshot, versionFor } from './reference-data';

export type Validation = { ok: true; update: CriterionUpdateV1; communeCode: string } | { ok: false; reasons: RejectionReason[]; eventId: string | null };

const r = (field: string, problem: string, message: string, messageEn: string): RejectionReason => ({ field, problem, message, messageEn });

/** Today's date in Vietnam (YYYY-MM-DD): "asOf not in the future" is judged by the local calendar. */
export function localDate(now: Date, timeZone = 'Asia/Ho_Chi_Minh'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Everything ingest checks about an event, whoever produced it: bytes → JSON → schema → known
 * hamlet, criterion and indicator → values. Pure given the reference snapshot and "now".
 */
export function validateRawUpdate(raw: Buffer | null, ref: ReferenceSnapshot, now: Date): Validation {
  if (!raw || raw.length === 0) return { ok: false, eventId: null, reasons: [r('(body)', 'empty', 'Thông điệp rỗng', 'empty message')] };
  const text = raw.toString('utf8');
  if (Buffer.from(text, 'utf8').compare(raw) !== 0)
    return { ok: false, eventId: null, reasons: [r('(body)', 'invalid_utf8', 'Thông điệp không phải UTF-8 hợp lệ', 'message is not valid UTF-8')] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, eventId: null, reasons: [r('(body)', 'malformed_json', 'Thông điệp không phải JSON hợp lệ', `malformed JSON: ${(err as Error).message}`)] };
  }
  const eventId = json && typeof json === 'object' && typeof (json as { eventId?: unknown }).eventId === 'string' ? (json as { eventId: string }).eventId : null;
  const schema = checkCriterionUpdateSchema(json);
  if (!schema.ok) return { ok: false, eventId, reasons: schema.reasons };
  const u = schema.value;
  const reasons: RejectionReason[] = [];

  const cell = ref.cells.get(u.hamletCode);
  if (!cell) reasons.push(r('hamletCode', 'unknown_code', `Không có ấp/khóm mã "${u.hamletCode}"`, `unknown hamlet/ward code "${u.hamletCode}"`));
  if (u.asOf > localDate(now))
    reasons.push(r('asOf', 'in_future', `Ngày số liệu ${u.asOf} ở tương lai`, `asOf ${u.asOf} is in the future`));
  if (cell && ((cell.validFrom && u.asOf < cell.validFrom) || (cell.validTo && u.asOf > cell.validTo)))
    reasons.push(r('asOf', 'unit_not_valid', `Ấp/khóm "${u.hamletCode}" không tồn tại vào ngày ${u.asOf}`, `hamlet/ward "${u.hamletCode}" did not exist on ${u.asOf}`));

  const version = versionFor(ref.versions, u.asOf);
  const criterion = version && ref.criteria.get(`${version.id}/${u.criterionCode}`);
  if (!criterion) {
    reasons.push(r('criterionCode', 'unknown_code', `Không có tiêu chí mã "${u.criterionCode}"`, `unknown criterion code "${u.criterionCode}"`));
  } else {
    u.readings.forEach((reading, i) => {
      const f = `readings[${i}]`;
      const ind = ref.indicators.get(`${version!.id}/${u.criterionCode}/${reading.indicatorCode}`);
      if (!ind) {
        reasons.push(r(`${f}.indicatorCode`, 'unknown_code', `Tiêu chí ${u.criterionCode} không có chỉ tiêu "${reading.indicatorCode}"`, `criterion ${u.criterionCode} has no indicator "${reading.indicatorCode}"`));
        return;
      }
      if (ind.kind === 'percentage') {
        if (reading.numerator === undefined)
          reasons.push(r(f, 'fraction_required', `Chỉ tiêu ${ind.code} cần tử số và mẫu số`, `indicator ${ind.code} needs numerator and denominator`));
        else if (reading.numerator > reading.denominator!)
          reasons.push(r(`${f}.numerator`, 'exceeds_denominator', `Tử số (${reading.numerator}) lớn hơn mẫu số (${reading.denominator})`, `numerator (${reading.numerator}) is greater than denominator (${reading.denominator})`));
      } else if (ind.kind === 'boolean') {
        if (typeof reading.value !== 'boolean') reasons.push(r(`${f}.value`, 'boolean_required', `Chỉ tiêu ${ind.code} cần giá trị đạt/không đạt (true/false)`, `indicator ${ind.code} needs true or false`));
      } else {
        if (typeof reading.value !== 'number') reasons.push(r(`${f}.value`, 'number_required', `Chỉ tiêu ${ind.code} cần một số`, `indicator ${ind.code} needs a number`));
        else {
          const min = ind.range?.min ?? 0;
          const max = ind.range?.max;
          if (reading.value < min || (max !== undefined && reading.value > max))
            reasons.push(r(`${f}.value`, 'out_of_range', `Giá trị ${reading.value} ngoài khoảng cho phép (${min}–${max ?? '∞'})`, `value ${reading.value} is outside ${min}..${max ?? '∞'}`));
          if (ind.kind === 'count' && !Number.isInteger(reading.value))
            reasons.push(r(`${f}.value`, 'integer_required', `Chỉ tiêu ${ind.code} cần số nguyên`, `indicator ${ind.code} needs a whole number`));
        }
      }
    });
    const seen = new Set<string>();
    u.readings.forEach((reading, i) => {
      if (seen.has(reading.indicatorCode))
        reasons.push(r(`readings[${i}].indicatorCode`, 'duplicate', `Chỉ tiêu ${reading.indicatorCode} được báo cáo hai lần`, `indicator ${reading.indicatorCode} reported twice`));
      seen.add(reading.indicatorCode);
    });
  }
  if (reasons.length) return { ok: false, eventId, reasons };
  return { ok: true, update: u, communeCode: cell!.parentId };
}
