/**
 * Which catalogue version governs a day, and the dates of a programme: the one statement used by intake and ingest
 * (validation), the projector (derived read models), the read API (view dates) and reminders (the reports chased).
 */
import type { IsoDate } from '../shared/iso-date';
import { governsFigures, type VersionStatus } from './lifecycle';

/** What the rule reads of a catalogue version: the period it governs and its status (drafts never govern). */
export interface VersionPeriod extends VersionStatus {
  readonly periodFrom: IsoDate;
  readonly periodTo: IsoDate;
}

/**
 * The version governing figures as of `day`: the one whose period contains it, else the newest that started before
 * it (a 2026 correction of 2025 figures still uses 2021–2025); undefined before every version. Only published
 * versions count (libs/domain lifecycle governsFigures): a draft is invisible here.
 */
export function catalogueVersionOn<T extends VersionPeriod>(versions: readonly T[], day: IsoDate): T | undefined {
  let before: T | undefined;
  for (const v of versions) {
    if (!governsFigures(v)) continue;
    if (v.periodFrom <= day && day <= v.periodTo) return v;
    if (v.periodFrom <= day && (before === undefined || v.periodFrom > before.periodFrom)) before = v;
  }
  return before;
}

/** The days a programme can be viewed on: from the first day of its period to its deadline (both included). */
export interface ProgrammeDates {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** The view dates of a version's programme: its period's first day to its deadline (never after its period's end). */
export function programmeDates(version: VersionPeriod & { readonly deadline: IsoDate }): ProgrammeDates {
  return { from: version.periodFrom, to: version.deadline < version.periodTo ? version.deadline : version.periodTo };
}

/**
 * "Today" as the programme views see it: the version governing `today` (else the oldest, when `today` is before every
 * version) and `today` kept within its programme's dates — after the deadline the views show the programme as it
 * stood on its deadline. Undefined without versions.
 */
export function programmeToday<T extends VersionPeriod & { readonly deadline: IsoDate }>(
  versions: readonly T[],
  today: IsoDate,
): { version: T; day: IsoDate; clamped: boolean } | undefined {
  const version = catalogueVersionOn(versions, today) ?? [...versions].filter(governsFigures).sort((a, b) => (a.periodFrom < b.periodFrom ? -1 : 1))[0];
  if (!version) return undefined;
  const { from, to } = programmeDates(version);
  const day = today < from ? from : today > to ? to : today;
  return { version, day, clamped: day !== today };
}
