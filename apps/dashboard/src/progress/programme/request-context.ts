import { HttpStatus } from '@nestjs/common';
import { canReadCell, canReadCommune, unauthenticated, type Principal } from '@pledge/auth';
import { formatDate } from '@pledge/domain/text/format';
import { isFinalView } from '@pledge/domain/standard/district';
import { catalogueVersionOn, programmeDates, programmeToday, type ProgrammeDates } from '@pledge/domain/catalogue/governing';
import { isIsoDate, vnDateOf, type IsoDate } from '@pledge/domain/shared/iso-date';
import { ApiError, type ApiErrorDetail } from '@pledge/platform';
import type { CatalogueVersionInfo, ProgrammeReference } from './programme-reference';

/** A localised text as the API returns it. */
export interface Text {
  vi: string;
  en: string;
}

/** 400 naming one query parameter and its problem. */
export function badParam(field: string, problem: string, message: string, messageEn: string): ApiError {
  const detail: ApiErrorDetail = { field, problem, message, messageEn };
  return ApiError.validation([detail]);
}

/** 404 with the shared error body. */
export function notFound(field: string, problem: string, message: string, messageEn: string): ApiError {
  return new ApiError(HttpStatus.NOT_FOUND, 'not_found', message, messageEn, [{ field, problem, message, messageEn }]);
}

/** 404 of a unit id that is unknown, or outside the caller's scope: both get this same answer (nothing leaks). */
export function unknownUnit(id: string): ApiError {
  return notFound('id', 'unknown_unit', `Không có đơn vị "${id}"`, `No unit "${id}"`);
}

/** An optional ISO date query parameter; 400 when malformed. */
export function dateParam(field: string, value: string | undefined): IsoDate | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isIsoDate(value)) {
    throw badParam(field, 'invalid_date', `"${value}" không phải ngày hợp lệ (cần dạng YYYY-MM-DD)`, `"${value}" is not a valid date (expected YYYY-MM-DD)`);
  }
  return value;
}

/** An optional positive whole-number query parameter within [min, max]; 400 otherwise. */
export function intParam(field: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw badParam(field, 'out_of_range', `${field} phải là số nguyên từ ${min} đến ${max}`, `${field} must be a whole number from ${min} to ${max}`);
  }
  return n;
}

/** The catalogue version and the day a view shows, and why that day. */
export interface ViewDate {
  readonly version: CatalogueVersionInfo;
  readonly asOf: IsoDate;
  /** Set when the day was chosen for the caller (the programme's deadline has passed). */
  readonly asOfNote: Text | null;
  /**
   * True when the view shows the programme's final result: its deadline has passed and the view is of its last day
   * (the default once the deadline has passed). Its headline then reads in the past tense.
   */
  readonly final: boolean;
}

/**
 * 400 for a view date outside a programme's dates, naming the allowed range (the rule of every progress endpoint:
 * /progress, /progress/units/{id}, /progress/trend, /reporting, /rankings, /evaluations, /pledges and the exports).
 */
export function outsideProgramme(field: string, day: IsoDate, version: string, range: ProgrammeDates): ApiError {
  return badParam(
    field,
    'outside_programme',
    `Ngày ${formatDate(day, 'vi')} nằm ngoài thời gian của chương trình ${version}: chỉ xem được từ ${formatDate(range.from, 'vi')} đến ${formatDate(range.to, 'vi')} (${range.from}..${range.to})`,
    `${day} is outside the dates of programme ${version}: view dates go from ${range.from} to ${range.to}`,
  );
}

/** The version a view asks for (`version`), else the one governing `day`, else the oldest (a day before every version). */
export function versionFor(reference: ProgrammeReference, asked: string | undefined, day: IsoDate): CatalogueVersionInfo {
  if (asked) {
    const version = reference.versions.find((v) => v.id === asked);
    if (!version) {
      const known = reference.versions.map((v) => v.id).join(', ');
      throw badParam('version', 'unknown_version', `Không có bộ tiêu chí "${asked}" (hiện có: ${known})`, `No catalogue version "${asked}" (known: ${known})`);
    }
    return version;
  }
  const version = catalogueVersionOn(reference.versions, day) ?? reference.versions[0];
  if (!version) throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'no_catalogue', 'Chưa nạp bộ tiêu chí nào', 'No catalogue version is loaded');
  return version;
}

/**
 * The version and day of a view. `version` defaults to the one governing `asOf` (or today); `asOf` must lie within
 * the programme's dates (its period's first day to its deadline; else 400 outside_programme with the range) and
 * defaults to today in Vietnam kept within them (libs/domain programmeToday): once the deadline (31/12/2025) has
 * passed, the view shows the programme as it stood on its deadline, and says so. `now`: the app's Clock.
 */
export function resolveViewDate(reference: ProgrammeReference, query: { version?: string; asOf?: string }, now: Date): ViewDate {
  const plain = resolveDay(reference, query, now);
  return { ...plain, final: isFinalView(programmeDates(plain.version).to, plain.asOf, vnDateOf(now)) };
}

function resolveDay(reference: ProgrammeReference, query: { version?: string; asOf?: string }, now: Date): Omit<ViewDate, 'final'> {
  const asked = dateParam('asOf', query.asOf);
  const today = vnDateOf(now);
  const version = versionFor(reference, query.version, asked ?? today);
  const range = programmeDates(version);
  if (asked !== undefined) {
    if (asked < range.from || asked > range.to) throw outsideProgramme('asOf', asked, version.id, range);
    return { version, asOf: asked, asOfNote: null };
  }
  const day = programmeToday([version], today)!.day;
  if (day === today) return { version, asOf: day, asOfNote: null };
  return {
    version,
    asOf: day,
    asOfNote:
      today > range.to
        ? {
            vi: `Thời hạn ${formatDate(range.to, 'vi')} đã qua: số liệu được đánh giá tại ngày đó (chọn ngày khác bằng ?asOf=YYYY-MM-DD)`,
            en: `The deadline ${formatDate(range.to, 'en')} has passed: figures are assessed on that day (pick another day with ?asOf=YYYY-MM-DD)`,
          }
        : {
            vi: `Chương trình bắt đầu từ ngày ${formatDate(range.from, 'vi')}: số liệu được đánh giá tại ngày đó`,
            en: `The programme starts on ${formatDate(range.from, 'en')}: figures are assessed on that day`,
          },
  };
}

/**
 * The caller. The dashboard's controllers of the read API run behind libs/auth's AuthGuard, so a request without
 * a valid token never gets here; the check is kept so that a route wired without the guard fails closed.
 */
export function requireViewer(me: Principal | undefined): Principal {
  if (!me) throw unauthenticated('token_missing');
  return me;
}

/** Whether the caller may see a cell's own figures (secretary: its cell; officer: its commune's cells; district roles: all). */
export function mayReadCell(me: Principal, cellId: string, communeId: string): boolean {
  return canReadCell(me, { id: cellId, communeId });
}

/** Whether the caller may see a commune's detail (its officer, district roles). */
export function mayReadCommune(me: Principal, communeId: string): boolean {
  return canReadCommune(me, communeId);
}
