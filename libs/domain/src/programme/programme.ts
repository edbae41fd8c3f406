/**
 * Programmes as dated data (issue 14): a programme is a period, the catalogue version that governs it, the units it
 * targets, the standard they aim for and its deadline(s). 2021–2025 targets the district of Thanh Bình (874) through
 * its communes and cells; 2026–2030 targets each of the five communes formed on 01/07/2025, with no district tier.
 *
 * Which programme is in force on a day, whether it is open or closed and a commune's group on a day are stated here
 * once; the seed file (seeds/programmes.json), the read API, the projector and reminders all ask these functions.
 */
import type { IsoDate } from '../shared/iso-date';
import type { LocalisedText } from '../shared/localised-text';

/** The kind of unit a programme's standard is aimed at: the district (2021–2025) or each commune (2026–2030). */
export type ProgrammeTargetKind = 'district' | 'commune';

/** A commune's group (the 2026–2030 criteria set levels for three groups of communes) over a period. */
export interface CommuneGroupPeriod {
  /** The group's code as the decision names it; null = not yet known ("chưa xác định"), never guessed. */
  readonly group: string | null;
  readonly validFrom: IsoDate;
  /** Last day (inclusive), or null while it holds. */
  readonly validTo: IsoDate | null;
  /** Where the group comes from (the provincial decision), or why it is unknown. */
  readonly source: string;
}

/** One unit a programme targets, with its commune group as dated data (empty for a district). */
export interface ProgrammeTarget {
  readonly unitId: string;
  readonly groups: readonly CommuneGroupPeriod[];
}

/** A dated deadline of a programme (the pledges' deadline, an interim target). */
export interface ProgrammeDeadline {
  readonly on: IsoDate;
  readonly label: LocalisedText;
}

/** The standard a programme's targets aim for: a tier of its catalogue (null when the catalogue does not name one yet). */
export interface ProgrammeStandard {
  readonly tierCode: string | null;
  readonly label: LocalisedText;
}

export interface Programme {
  /** e.g. "2021-2025", "2026-2030": what `?programme=` names. */
  readonly id: string;
  readonly titleVi: string;
  readonly titleEn: string;
  readonly periodFrom: IsoDate;
  readonly periodTo: IsoDate;
  /** The catalogue version (criteria and indicators) the programme is measured against. */
  readonly catalogueVersion: string;
  readonly targetKind: ProgrammeTargetKind;
  readonly targets: readonly ProgrammeTarget[];
  readonly standard: ProgrammeStandard;
  /** At least one; sorted by date. The last one is the programme's final deadline. */
  readonly deadlines: readonly ProgrammeDeadline[];
  readonly source: string;
}

/** What a programme's state is on a day: before its period, within it, or after it (an archive). */
export type ProgrammeStatus = 'not_started' | 'open' | 'closed';

/** open while `day` lies within the period (both ends included); closed after its last day; not_started before. */
export function programmeStatusOn(programme: Pick<Programme, 'periodFrom' | 'periodTo'>, day: IsoDate): ProgrammeStatus {
  if (day < programme.periodFrom) return 'not_started';
  if (day > programme.periodTo) return 'closed';
  return 'open';
}

/** The programme's final deadline (its last deadline, never after its period's end). */
export function programmeDeadline(programme: Pick<Programme, 'deadlines' | 'periodTo'>): IsoDate {
  const last = programme.deadlines.reduce<IsoDate | null>((m, d) => (m === null || d.on > m ? d.on : m), null);
  return last === null || last > programme.periodTo ? programme.periodTo : last;
}

/**
 * The programme in force on `day`: the one whose period contains it; else the newest that started before it (a day
 * after every period still belongs to the last programme, as an archive); else undefined.
 */
export function programmeInForceOn<T extends Pick<Programme, 'periodFrom' | 'periodTo'>>(programmes: readonly T[], day: IsoDate): T | undefined {
  let before: T | undefined;
  for (const p of programmes) {
    if (p.periodFrom <= day && day <= p.periodTo) return p;
    if (p.periodFrom <= day && (before === undefined || p.periodFrom > before.periodFrom)) before = p;
  }
  return before;
}

/**
 * The programme a view shows when the caller names none: the one in force on `today` when it can be shown
 * (`viewable`: its catalogue version is loaded and published); otherwise the newest viewable one that started by
 * `today`; otherwise the oldest viewable one. Undefined when none is viewable.
 */
export function defaultProgramme<T extends Pick<Programme, 'id' | 'periodFrom' | 'periodTo'>>(
  programmes: readonly T[],
  today: IsoDate,
  viewable: (p: T) => boolean,
): T | undefined {
  const shown = programmes.filter(viewable);
  return programmeInForceOn(shown, today) ?? [...shown].sort((a, b) => (a.periodFrom < b.periodFrom ? -1 : 1))[0];
}

/** A programme by id; undefined when unknown. */
export function findProgramme<T extends Pick<Programme, 'id'>>(programmes: readonly T[], id: string): T | undefined {
  return programmes.find((p) => p.id === id);
}

/**
 * The programme before `programme`: among those whose period ends before it starts, the one that ends last (the
 * first listed of equals); undefined when there is none. Its catalogue holds the old indicators a mapping starts from.
 */
export function predecessorProgramme<T extends Pick<Programme, 'id' | 'periodFrom' | 'periodTo'>>(programmes: readonly T[], programme: T): T | undefined {
  let best: T | undefined;
  for (const p of programmes) if (p.id !== programme.id && p.periodTo < programme.periodFrom && (best === undefined || p.periodTo > best.periodTo)) best = p;
  return best;
}

/**
 * A target unit's commune group on `day`: the group of the period containing the day; null when it is not known
 * (no period covers the day, or the period says null). Throws a RangeError when the unit is not a target.
 */
export function communeGroupOn(programme: Pick<Programme, 'id' | 'targets'>, unitId: string, day: IsoDate): string | null {
  const target = programme.targets.find((t) => t.unitId === unitId);
  if (!target) throw new RangeError(`Unit ${unitId} is not a target of programme ${programme.id}`);
  const period = target.groups.find((g) => g.validFrom <= day && (g.validTo === null || day <= g.validTo));
  return period?.group ?? null;
}

/** How a commune group reads in the interface: the group's code, or "chưa xác định" / "not yet decided". */
export function communeGroupLabel(group: string | null): LocalisedText {
  return group === null ? { vi: 'Nhóm: chưa xác định', en: 'Group: not yet decided' } : { vi: `Nhóm ${group}`, en: `Group ${group}` };
}

/** One problem of a programmes file (or of a programme against the units and catalogues it names). */
export interface ProgrammeProblem {
  readonly path: string;
  readonly problem: string;
  readonly message: string;
}

/**
 * Checks what a JSON Schema cannot: periods and deadlines in order, group periods that do not overlap, ids unique,
 * and (when given) that the target units and catalogue versions exist. Every problem is listed.
 */
export function checkProgrammes(
  programmes: readonly Programme[],
  known?: { readonly unitIds?: ReadonlySet<string>; readonly catalogueVersions?: ReadonlySet<string> },
): ProgrammeProblem[] {
  const out: ProgrammeProblem[] = [];
  const seen = new Set<string>();
  programmes.forEach((p, i) => {
    const at = `programmes[${i}]`;
    if (seen.has(p.id)) out.push({ path: `${at}.id`, problem: 'duplicate', message: `programme id "${p.id}" appears twice` });
    seen.add(p.id);
    if (p.periodTo < p.periodFrom)
      out.push({ path: `${at}.periodTo`, problem: 'before_start', message: `periodTo ${p.periodTo} is before periodFrom ${p.periodFrom}` });
    p.deadlines.forEach((d, j) => {
      if (d.on < p.periodFrom || d.on > p.periodTo)
        out.push({
          path: `${at}.deadlines[${j}].on`,
          problem: 'outside_period',
          message: `deadline ${d.on} is outside the period ${p.periodFrom}..${p.periodTo}`,
        });
    });
    if (known?.catalogueVersions && !known.catalogueVersions.has(p.catalogueVersion))
      out.push({ path: `${at}.catalogueVersion`, problem: 'unknown_catalogue', message: `unknown catalogue version "${p.catalogueVersion}"` });
    const targetIds = new Set<string>();
    p.targets.forEach((t, j) => {
      if (targetIds.has(t.unitId)) out.push({ path: `${at}.targets[${j}].unitId`, problem: 'duplicate', message: `unit ${t.unitId} is targeted twice` });
      targetIds.add(t.unitId);
      if (known?.unitIds && !known.unitIds.has(t.unitId))
        out.push({ path: `${at}.targets[${j}].unitId`, problem: 'unknown_unit', message: `unknown unit "${t.unitId}"` });
      const sorted = [...t.groups].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
      sorted.forEach((g, k) => {
        if (g.validTo !== null && g.validTo < g.validFrom)
          out.push({
            path: `${at}.targets[${j}].groups`,
            problem: 'before_start',
            message: `group period ${g.validFrom}..${g.validTo} of ${t.unitId} ends before it starts`,
          });
        const next = sorted[k + 1];
        if (next && (g.validTo === null || g.validTo >= next.validFrom))
          out.push({ path: `${at}.targets[${j}].groups`, problem: 'overlap', message: `group periods of ${t.unitId} overlap from ${next.validFrom}` });
      });
    });
  });
  return out;
}
