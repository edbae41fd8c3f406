/**
 * The form and plausibility of one reading for its indicator: one rule set, used by the intake API and ingest
 * (through checkCriterionUpdate) and by the phone form of the web app before it sends anything (it imports this
 * file), so that what the form refuses the API refuses too, and the other way round.
 *
 * - percentage: numerator and denominator, numerator ≤ denominator (the value is never sent precomputed);
 * - boolean: true/false; count: a whole number; amount: a number; within the indicator's `range`;
 * - the indicator's `bounds` (catalogue data an administrator edits): whole numbers where the figures count
 *   households or people, and the ceiling of one unit's figure (numerator, denominator or value);
 * - whatever the catalogue says, no figure beyond {@link MAX_FIGURE}: larger numbers are not plausible for one unit
 *   and lose exactness in sums (2^53 households would pass "numerator ≤ denominator" by rounding).
 */

/** Technical ceiling of any figure one unit reports (exact in double precision, and in sums of many units). */
export const MAX_FIGURE = 1_000_000_000;

export interface ReadingFigures {
  indicatorCode: string;
  value?: number | boolean;
  numerator?: number;
  denominator?: number;
}

export interface ReadingBounds {
  integer: boolean;
  max: number | null;
}

export interface ReadingIndicatorRef {
  kind: 'percentage' | 'amount' | 'count' | 'boolean' | string;
  range: { min?: number; max?: number } | null;
  /** Plausible figures of one unit (catalogue `bounds`); null: only the kind's rules and MAX_FIGURE. */
  bounds?: ReadingBounds | null;
}

/** One problem: the field (JSON path), a code, and the message in Vietnamese and English. */
export interface ReadingProblem {
  field: string;
  problem: string;
  message: string;
  messageEn: string;
}

const problem = (field: string, code: string, message: string, messageEn: string): ReadingProblem => ({ field, problem: code, message, messageEn });

const vnNumber = (n: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 3 }).format(n);
const enNumber = (n: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 }).format(n);

/** The figure `n` (a numerator, denominator or value) against the indicator's bounds and MAX_FIGURE. */
function checkFigure(n: number, name: { vi: string; en: string }, field: string, bounds: ReadingBounds | null | undefined): ReadingProblem[] {
  const out: ReadingProblem[] = [];
  if (bounds?.integer && !Number.isInteger(n))
    out.push(
      problem(
        field,
        'integer_required',
        `${name.vi} phải là số nguyên (đếm hộ, người...), không phải ${vnNumber(n)}`,
        `${name.en} must be a whole number (households, people...), not ${enNumber(n)}`,
      ),
    );
  if (bounds?.max !== null && bounds?.max !== undefined && n > bounds.max)
    out.push(
      problem(
        field,
        'above_ceiling',
        `${name.vi} ${vnNumber(n)} vượt mức tối đa hợp lý của một đơn vị (${vnNumber(bounds.max)}); nếu số liệu đúng, hãy báo quản trị viên`,
        `${name.en} ${enNumber(n)} is above the plausible ceiling for one unit (${enNumber(bounds.max)}); if it is right, tell an administrator`,
      ),
    );
  else if (n > MAX_FIGURE)
    out.push(
      problem(
        field,
        'out_of_range',
        `${name.vi} ${vnNumber(n)} quá lớn (tối đa ${vnNumber(MAX_FIGURE)})`,
        `${name.en} ${enNumber(n)} is too large (at most ${enNumber(MAX_FIGURE)})`,
      ),
    );
  return out;
}

/** Every problem of one reading for its indicator's kind, range and bounds (`f`: the reading's path, e.g. "readings[0]"). */
export function checkReading(reading: ReadingFigures, ind: ReadingIndicatorRef, f: string): ReadingProblem[] {
  const out: ReadingProblem[] = [];
  const code = reading.indicatorCode;
  if (ind.kind === 'percentage') {
    if (reading.numerator === undefined || reading.denominator === undefined) {
      out.push(
        problem(
          f,
          'fraction_required',
          `Chỉ tiêu ${code} là tỷ lệ: cần tử số (numerator) và mẫu số (denominator), không gửi phần trăm`,
          `indicator ${code} is a percentage: send numerator and denominator, not a precomputed value`,
        ),
      );
      return out;
    }
    out.push(...checkFigure(reading.numerator, { vi: 'Tử số', en: 'the numerator' }, `${f}.numerator`, ind.bounds));
    out.push(...checkFigure(reading.denominator, { vi: 'Mẫu số', en: 'the denominator' }, `${f}.denominator`, ind.bounds));
    if (out.length === 0 && reading.numerator > reading.denominator)
      out.push(
        problem(
          `${f}.numerator`,
          'exceeds_denominator',
          `Tử số (${vnNumber(reading.numerator)}) không được lớn hơn mẫu số (${vnNumber(reading.denominator)})`,
          `numerator (${enNumber(reading.numerator)}) is greater than denominator (${enNumber(reading.denominator)})`,
        ),
      );
    return out;
  }
  if (reading.value === undefined) {
    out.push(
      problem(f, 'value_required', `Chỉ tiêu ${code} cần "value", không dùng tử số/mẫu số`, `indicator ${code} needs "value", not numerator/denominator`),
    );
    return out;
  }
  if (ind.kind === 'boolean') {
    if (typeof reading.value !== 'boolean')
      out.push(problem(`${f}.value`, 'boolean_required', `Chỉ tiêu ${code} cần giá trị đạt/không đạt (true/false)`, `indicator ${code} needs true or false`));
    return out;
  }
  if (typeof reading.value !== 'number' || !Number.isFinite(reading.value)) {
    out.push(problem(`${f}.value`, 'number_required', `Chỉ tiêu ${code} cần một số`, `indicator ${code} needs a number`));
    return out;
  }
  const min = ind.range?.min ?? 0;
  const max = ind.range?.max;
  if (reading.value < min || (max !== undefined && reading.value > max))
    out.push(
      problem(
        `${f}.value`,
        'out_of_range',
        `Giá trị ${vnNumber(reading.value)} ngoài khoảng cho phép (${vnNumber(min)}–${max === undefined ? '∞' : vnNumber(max)})`,
        `value ${enNumber(reading.value)} is outside ${enNumber(min)}..${max === undefined ? '∞' : enNumber(max)}`,
      ),
    );
  if (ind.kind === 'count' && !Number.isInteger(reading.value))
    out.push(problem(`${f}.value`, 'integer_required', `Chỉ tiêu ${code} cần số nguyên`, `indicator ${code} needs a whole number`));
  else out.push(...checkFigure(reading.value, { vi: 'Giá trị', en: 'the value' }, `${f}.value`, ind.bounds));
  return out;
}
