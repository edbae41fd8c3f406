/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`), the only date representation of the domain.
 *
 * Dates are calendar days without a time zone: a reading "as of 2024-03-31" describes that day in Vietnam.
 * Instants (`Date`) appear only where something happened at a moment (`reportedAt`, `now`); they are turned
 * into Vietnamese calendar dates with {@link vnDateOf}. Vietnam (Asia/Ho_Chi_Minh) has been UTC+7 without
 * daylight saving since 1975, so the conversion is a fixed offset and needs no time-zone database.
 */

/** An ISO calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

/** Offset of Asia/Ho_Chi_Minh from UTC, in minutes (UTC+7, no daylight saving). */
export const VN_UTC_OFFSET_MINUTES = 7 * 60;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written `YYYY-MM-DD` (rejects 2023-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === value;
}

/** Milliseconds since the epoch of midnight UTC on `date`. Throws on a malformed date. */
export function isoDateToUtcMs(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return Date.parse(`${date}T00:00:00Z`);
}

/** The ISO date of a UTC-midnight timestamp (inverse of {@link isoDateToUtcMs}). */
export function utcMsToIsoDate(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((isoDateToUtcMs(to) - isoDateToUtcMs(from)) / MS_PER_DAY);
}

/** `date` moved by `days` (may be negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return utcMsToIsoDate(isoDateToUtcMs(date) + days * MS_PER_DAY);
}

/** Orders ISO dates (they sort as strings). */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The earlier of two dates. */
export function minIsoDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

/** The calendar year of a date. */
export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** The calendar date in Vietnam (Asia/Ho_Chi_Minh) at the instant `instant`. */
export function vnDateOf(instant: Date): IsoDate {
  return utcMsToIsoDate(instant.getTime() + VN_UTC_OFFSET_MINUTES * 60_000);
}

/** First day of the month `monthsLater` months after the month containing `date` (0 = its own month). */
export function firstOfMonth(date: IsoDate, monthsLater = 0): IsoDate {
  const year = yearOf(date);
  const month0 = Number(date.slice(5, 7)) - 1 + monthsLater;
  return utcMsToIsoDate(Date.UTC(year, month0, 1));
}
