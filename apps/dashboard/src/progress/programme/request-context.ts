import { HttpStatus } from '@nestjs/common';
import { canReadCell, canReadCommune, unauthenticated, type Principal } from '@pledge/auth';
import { formatDate } from '@pledge/domain/text/format';
import { isFinalView } from '@pledge/domain/standard/district';
import { catalogueVersionOn, programmeDates, programmeToday, type ProgrammeDates } from '@pledge/domain/catalogue/governing';
import { isIsoDate, vnDateOf, type IsoDate } from '@pledge/domain/shared/iso-date';
import { defaultProgramme, findProgramme, type Programme } from '@pledge/domain/programme/programme';
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

/** The programme a path names (`/programmes/{id}/…`): 404 `unknown_programme` when there is none. */
export function programmeNamed(reference: ProgrammeReference, id: string): Programme {
  const programme = findProgramme(reference.programmes, id);
  if (!programme) throw notFound('id', 'unknown_programme', `Không có chương trình "${id}"`, `No programme "${id}"`);
  return programme;
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
 * Whether the read API can show a programme: its catalogue version is loaded and published, and its figures are those
 * this version of the views computes (the district's programme day; the 2026–2030 communes' days are not built yet).
 */
export function programmeViewable(reference: ProgrammeReference, p: Programme): boolean {
  return p.targetKind === 'district' && reference.publishedVersions?.has(p.catalogueVersion) && reference.versions.some((v) => v.id === p.catalogueVersion);
}

/**
 * The catalogue version of the programme a view asks for (`programme`, e.g. 2021-2025), else of the programme in force
 * on `day` that can be shown (libs/domain defaultProgramme), else undefined (no programmes loaded: the version rule
 * alone decides). 400 for an unknown programme or one that contradicts `version`; 409 for one that cannot be shown yet.
 */
export function programmeVersionFor(reference: ProgrammeReference, query: { programme?: string; version?: string }, day: IsoDate): string | undefined {
  const asked = query.programme === '' ? undefined : query.programme;
  if (asked === undefined) {
    if (query.version) return undefined;
    return defaultProgramme(reference.programmes ?? [], day, (p) => programmeViewable(reference, p))?.catalogueVersion;
  }
  const programme = findProgramme(reference.programmes ?? [], asked);
  if (!programme) {
    const known = (reference.programmes ?? []).map((p) => p.id).join(', ');
    throw badParam('programme', 'unknown_programme', `Không có chương trình "${asked}" (hiện có: ${known})`, `No programme "${asked}" (known: ${known})`);
  }
  if (query.version && query.version !== programme.catalogueVersion) {
    throw badParam(
      'version',
      'not_of_programme',
      `Bộ tiêu chí "${query.version}" không thuộc chương trình ${programme.id} (bộ tiêu chí của chương trình: ${programme.catalogueVersion})`,
      `Catalogue version "${query.version}" is not programme ${programme.id}'s (${programme.catalogueVersion})`,
    );
  }
  if (!programmeViewable(reference, programme)) {
    const published = reference.publishedVersions?.has(programme.catalogueVersion) && reference.versions.some((v) => v.id === programme.catalogueVersion);
    throw new ApiError(
      HttpStatus.CONFLICT,
      published ? 'programme_not_computed' : 'catalogue_not_published',
      published
        ? `Số liệu của chương trình ${programme.id} (theo từng xã) chưa được tính ở phiên bản này`
        : `Bộ tiêu chí ${programme.catalogueVersion} của chương trình ${programme.id} chưa được công bố: chưa có số liệu`,
      published
        ? `Programme ${programme.id}'s figures (per commune) are not computed by this version`
        : `Catalogue ${programme.catalogueVersion} of programme ${programme.id} is not published yet: no figures`,
      [{ field: 'programme', problem: published ? 'programme_not_computed' : 'catalogue_not_published', message: programme.id, messageEn: programme.id }],
    );
  }
  return programme.catalogueVersion;
}

/**
 * The version and day of a view. `version` defaults to the one governing `asOf` (or today); `asOf` must lie within
 * the programme's dates (its period's first day to its deadline; else 400 outside_programme with the range) and
 * defaults to today in Vietnam kept within them (libs/domain programmeToday): once the deadline (31/12/2025) has
 * passed, the view shows the programme as it stood on its deadline, and says so. `now`: the app's Clock.
 */
export function resolveViewDate(reference: ProgrammeReference, query: { version?: string; asOf?: string; programme?: string }, now: Date): ViewDate {
  const plain = resolveDay(reference, query, now);
  return { ...plain, final: isFinalView(programmeDates(plain.version).to, plain.asOf, vnDateOf(now)) };
}

function resolveDay(reference: ProgrammeReference, query: { version?: string; asOf?: string; programme?: string }, now: Date): Omit<ViewDate, 'final'> {
  const asked = dateParam('asOf', query.asOf);
  const today = vnDateOf(now);
  const version = versionFor(reference, programmeVersionFor(reference, query, asked ?? today) ?? query.version, asked ?? today);
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
