/**
 * Local time for reminders: calendar days and times of day in a configurable IANA time zone (Asia/Ho_Chi_Minh by
 * default), the quiet-hours window during which nothing is sent, and the per-recipient rate limit.
 * Pure: every function takes the instant it reasons about; none reads a clock.
 */
import { addDays, type IsoDate } from '../shared/iso-date';

/** A local window of the day, `HH:MM` to `HH:MM`; it crosses midnight when `from` > `to` (21:00-07:00). */
export interface LocalTimeWindow {
  readonly from: string;
  readonly to: string;
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** True for `HH:MM` or `HH:MM:SS` (24-hour clock). */
export function isTimeOfDay(value: string): boolean {
  return TIME_OF_DAY.test(value);
}

/** Seconds since local midnight of a `HH:MM[:SS]` time. Throws a RangeError on a malformed time. */
export function secondsOfDay(time: string): number {
  const m = TIME_OF_DAY.exec(time);
  if (!m) throw new RangeError(`Not a time of day (HH:MM or HH:MM:SS): ${JSON.stringify(time)}`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(at: Date, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  const get = (parts: Intl.DateTimeFormatPart[], t: string) => Number(parts.find((p) => p.type === t)!.value);
  const parts = f.formatToParts(at);
  return { y: get(parts, 'year'), mo: get(parts, 'month'), d: get(parts, 'day'), h: get(parts, 'hour'), mi: get(parts, 'minute'), s: get(parts, 'second') };
}

/** Offset of `timeZone` from UTC at the instant `at`, in minutes (Asia/Ho_Chi_Minh: +420, no daylight saving). */
export function zoneOffsetMinutesAt(at: Date, timeZone: string): number {
  const p = partsIn(at, timeZone);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

/** The local calendar day of the instant `at` in `timeZone`. */
export function localDateIn(at: Date, timeZone: string): IsoDate {
  const p = partsIn(at, timeZone);
  return `${String(p.y).padStart(4, '0')}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** Seconds since local midnight of the instant `at` in `timeZone`. */
export function localSecondsIn(at: Date, timeZone: string): number {
  const p = partsIn(at, timeZone);
  return p.h * 3600 + p.mi * 60 + p.s;
}

/** The instant of local day `date` at local time `time` (`HH:MM[:SS]`) in `timeZone`. */
export function instantOfLocal(date: IsoDate, time: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const secs = secondsOfDay(time);
  const guess = Date.UTC(y, mo - 1, d) + secs * 1000;
  const first = guess - zoneOffsetMinutesAt(new Date(guess), timeZone) * 60000;
  // one correction step for zones whose offset differs on either side of a transition
  return new Date(guess - zoneOffsetMinutesAt(new Date(first), timeZone) * 60000);
}

/** True when the local time of `at` lies in `window` (start inclusive, end exclusive); `null` means no window. */
export function isInQuietHours(at: Date, window: LocalTimeWindow | null, timeZone: string): boolean {
  if (!window) return false;
  const from = secondsOfDay(window.from);
  const to = secondsOfDay(window.to);
  if (from === to) return false;
  const s = localSecondsIn(at, timeZone);
  return from > to ? s >= from || s < to : s >= from && s < to;
}

/**
 * When a message due at `at` may go out: `at` itself outside the quiet window; otherwise the window's end
 * (21:30 → 07:00 the next morning; 03:00 → 07:00 the same day).
 */
export function releaseFromQuietHours(at: Date, window: LocalTimeWindow | null, timeZone: string): Date {
  if (!window || !isInQuietHours(at, window, timeZone)) return at;
  const today = localDateIn(at, timeZone);
  const from = secondsOfDay(window.from);
  const to = secondsOfDay(window.to);
  const endDay = from > to && localSecondsIn(at, timeZone) >= from ? addDays(today, 1) : today;
  return instantOfLocal(endDay, window.to, timeZone);
}

/** A per-recipient rate limit: at most `max` messages in any `windowMs`. */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

/**
 * The earliest instant at or after `now` at which one more message may go to a recipient who was sent messages at
 * `recentSends` (any order; older ones are ignored): `now` when the limit allows it, else the moment the oldest
 * message inside the window leaves it. `null` limit: always `now`.
 */
export function nextAllowedSend(recentSends: readonly Date[], limit: RateLimit | null, now: Date): Date {
  if (!limit) return now;
  const inWindow = recentSends
    .map((d) => d.getTime())
    .filter((t) => t > now.getTime() - limit.windowMs && t <= now.getTime())
    .sort((a, b) => b - a);
  if (inWindow.length < limit.max) return now;
  // the max-th newest send must leave the window before one more fits
  return new Date(inWindow[limit.max - 1] + limit.windowMs);
}
