/**
 * Pure time rules of reminders (no I/O): when a day-based reminder fires in local time, and how
 * quiet hours hold a message until morning.
 */

/** Offset of `timeZone` from UTC at `at`, in minutes (Asia/Ho_Chi_Minh has no DST: +420). */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

/** The instant of local date `date` (YYYY-MM-DD) at local `time` (HH:MM) in `timeZone`. */
export function localDateTime(date: string, time: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const guess = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return new Date(guess.getTime() - zoneOffsetMinutes(guess, timeZone) * 60000);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function localDateOf(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** If `at` falls in the quiet window (local), move it to the window's end; otherwise keep it. */
export function outsideQuietHours(at: Date, quiet: { from: string; to: string } | null, timeZone: string): Date {
  if (!quiet) return at;
  const local = new Date(at.getTime() + zoneOffsetMinutes(at, timeZone) * 60000);
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  const from = toMin(quiet.from);
  const to = toMin(quiet.to);
  const inWindow = from > to ? minutes >= from || minutes < to : minutes >= from && minutes < to;
  if (!inWindow) return at;
  const today = localDateOf(at, timeZone);
  const endDate = from > to && minutes >= from ? addDays(today, 1) : today;
  return localDateTime(endDate, quiet.to, timeZone);
}

export interface DuePlan {
  offsetDays: number;
  fireAt: Date;
}

/**
 * Reminders for a pledge item due on `dueDate`: one per offset (days before), at `sendTime` local.
 * Offsets whose time has passed are dropped, except the most recent one, which fires now (catch-up),
 * as long as the item is not yet due. Quiet hours hold each reminder until morning.
 */
export function planDueReminders(
  dueDate: string,
  offsets: number[],
  now: Date,
  opts: { sendTime: string; timeZone: string; quiet: { from: string; to: string } | null },
): DuePlan[] {
  if (localDateOf(now, opts.timeZone) > dueDate) return [];
  const all = offsets
    .map((o) => ({ offsetDays: o, fireAt: localDateTime(addDays(dueDate, -o), opts.sendTime, opts.timeZone) }))
    .sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
  const future = all.filter((p) => p.fireAt.getTime() > now.getTime());
  const missed = all.filter((p) => p.fireAt.getTime() <= now.getTime());
  const plans = missed.length ? [{ offsetDays: missed[missed.length - 1].offsetDays, fireAt: now }, ...future] : future;
  return plans.map((p) => ({ ...p, fireAt: outsideQuietHours(p.fireAt, opts.quiet, opts.timeZone) }));
}
