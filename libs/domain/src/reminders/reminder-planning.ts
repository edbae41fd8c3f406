/**
 * Reminder planning: from a snapshot of pledge items, reports and people, the messages that should exist.
 *
 * What is reminded (each at `sendTime` local on its day, never in quiet hours):
 * - `pledge_due`, to the cell's secretaries: each open item (active, not met) `dueOffsetsDays` before its due date,
 *   on the due date, then every `overdueEveryDays` after it, for `overdueHorizonDays` at most. Items of one secretary
 *   falling on the same day make ONE message.
 * - `report_missing`, to the secretaries of a cell that has not reported for a period: `reportBeforeDays` before and
 *   `reportAfterDays` after the report's due day, for periods inside the programme (the catalogue's periodFrom..to).
 * - `escalation`, to the commune officers: `escalateAfterDays` after an item's due date or a report's due day, one
 *   summary per officer and day naming every cell of the commune that is late by that much.
 * - `digest`, to the district leaders: weekly on `digestWeekday`, naming every late cell, when some cell is late.
 *
 * Idempotence: a message is identified by its dedupe key (kind, recipient, scope, occurrence day). Planning again
 * yields the same keys; the caller inserts the missing ones and never re-sends a key already sent.
 * Catch-up: occurrences whose time has passed (the system was down, or an item was added late) are not all sent; per
 * recipient and kind only the newest missed occurrence is kept, keyed by its own day, fired now — and only while it
 * is still relevant (before the item's overdue horizon, the nudge series' end, ...). So a fresh start on old data
 * sends nothing, and a restart never repeats a message.
 */
import type { ReportingPeriod } from '../catalogue/catalogue.types';
import { addDays, daysBetween, type IsoDate } from '../shared/iso-date';
import type { LocalisedText } from '../shared/localised-text';
import { hasReportedFor, nextReportingPeriod, reportingPeriodsDueBetween, type ReportedMonths, type ReportingPeriodInstance } from './reporting-calendar';
import { instantOfLocal, localDateIn, releaseFromQuietHours, type LocalTimeWindow } from './reminder-time';

/** The kinds of reminder messages. */
export type ReminderKind = 'pledge_due' | 'report_missing' | 'escalation' | 'digest';

/** All kinds. */
export const REMINDER_KINDS: readonly ReminderKind[] = ['pledge_due', 'report_missing', 'escalation', 'digest'];

/** Tuning of what is reminded when (every field comes from configuration). */
export interface ReminderPolicy {
  readonly timeZone: string;
  /** Local time of day (`HH:MM[:SS]`) at which day-based reminders fire. */
  readonly sendTime: string;
  /** Nothing is sent in this local window; messages are held until it ends. */
  readonly quietHours: LocalTimeWindow | null;
  /** Days before a pledge item's due date (positive); the due day itself is always reminded. */
  readonly dueOffsetsDays: readonly number[];
  /** Repeat an overdue item's reminder every this many days after the due date (0: never). */
  readonly overdueEveryDays: number;
  /** Nothing is reminded or escalated about an item more than this many days after its due date. */
  readonly overdueHorizonDays: number;
  readonly reportBeforeDays: readonly number[];
  readonly reportAfterDays: readonly number[];
  /** Days late after which the commune officer gets a summary. */
  readonly escalateAfterDays: number;
  /** ISO weekday of the leaders' digest (1 = Monday … 7 = Sunday); 0: no digest. */
  readonly digestWeekday: number;
  /** Kinds that are planned at all. */
  readonly kinds: ReadonlySet<ReminderKind>;
  /** Occurrences further ahead than this many days are planned later (by a later sweep). */
  readonly planAheadDays: number;
}

/** A cell (hamlet/ward) with the accounts that receive its reminders. */
export interface ReminderCell {
  readonly id: string;
  readonly name: string;
  readonly communeId: string | null;
  readonly communeName: string | null;
  readonly secretaryIds: readonly string[];
}

export interface ReminderCommune {
  readonly id: string;
  readonly name: string;
  readonly officerIds: readonly string[];
}

/** A pledge item as reminders see it. */
export interface ReminderItem {
  readonly id: string;
  readonly cellId: string;
  readonly criterionCode: string;
  readonly criterionName: LocalisedText;
  readonly indicatorCode: string | null;
  readonly indicatorName: LocalisedText | null;
  readonly dueDate: IsoDate;
  /** active | waived */
  readonly status: string;
  /** Met by the current readings ({@link isPledgeItemMet}). */
  readonly met: boolean;
  /**
   * The last day of the programme the item's pledge belongs to (issue 14): after it the programme is closed and the
   * item is never reminded or counted late again. Absent: no programme limit.
   */
  readonly programmeTo?: IsoDate;
}

/** True while an item is chased on `today`: active, not met, and its programme not closed. */
export function isItemChased(item: ReminderItem, today: IsoDate): boolean {
  return item.status === 'active' && !item.met && (item.programmeTo === undefined || today <= item.programmeTo);
}

/** The programme whose reports are chased: the reporting calendar and the period it covers. */
export interface ReminderProgramme {
  readonly period: ReportingPeriod;
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** Everything planning reads; the caller loads it (possibly only the part a message needs). */
export interface ReminderSnapshot {
  readonly cells: readonly ReminderCell[];
  readonly communes: readonly ReminderCommune[];
  readonly leaderIds: readonly string[];
  readonly items: readonly ReminderItem[];
  readonly programme: ReminderProgramme | null;
  readonly reported: ReportedMonths;
}

/** What a message is about (stored with it; the content is recomputed when it is sent). */
export type ReminderSubject =
  | { readonly kind: 'pledge_due'; readonly cellId: string; readonly occurrenceDate: IsoDate; readonly itemIds: readonly string[] }
  | {
      readonly kind: 'report_missing';
      readonly cellId: string;
      readonly occurrenceDate: IsoDate;
      readonly periodStart: IsoDate;
      readonly periodEnd: IsoDate;
      readonly dueDate: IsoDate;
    }
  | {
      readonly kind: 'escalation';
      readonly communeId: string;
      readonly occurrenceDate: IsoDate;
      readonly itemIds: readonly string[];
      readonly reportCellIds: readonly string[];
    }
  | { readonly kind: 'digest'; readonly occurrenceDate: IsoDate };

/** One message that should exist. */
export interface PlannedReminder {
  readonly dedupeKey: string;
  readonly kind: ReminderKind;
  readonly recipientId: string;
  /** The cell (pledge, report), commune (escalation) or null (digest) the message is about. */
  readonly unitId: string | null;
  readonly fireAt: Date;
  readonly subject: ReminderSubject;
}

/** The dedupe key of a message: kind, recipient, scope and occurrence day. */
export function reminderDedupeKey(subject: ReminderSubject, recipientId: string): string {
  switch (subject.kind) {
    case 'pledge_due':
      return `pledge_due|${recipientId}|${subject.occurrenceDate}`;
    case 'report_missing':
      return `report_missing|${recipientId}|${subject.cellId}|${subject.periodStart}|${subject.occurrenceDate}`;
    case 'escalation':
      return `escalation|${recipientId}|${subject.communeId}|${subject.occurrenceDate}`;
    case 'digest':
      return `digest|${recipientId}|${subject.occurrenceDate}`;
  }
}

/** Days of a pledge item's reminders, oldest first: before the due date, the due date, then the overdue repeats. */
export function pledgeOccurrenceDays(dueDate: IsoDate, policy: ReminderPolicy): IsoDate[] {
  const days = new Set<IsoDate>();
  for (const o of policy.dueOffsetsDays) if (o > 0) days.add(addDays(dueDate, -o));
  days.add(dueDate);
  if (policy.overdueEveryDays > 0) {
    for (let k = policy.overdueEveryDays; k <= policy.overdueHorizonDays; k += policy.overdueEveryDays) days.add(addDays(dueDate, k));
  }
  return [...days].sort();
}

/** Last day on which anything is reminded about an item due on `dueDate`. */
export function pledgeReminderWindowEnd(dueDate: IsoDate, policy: ReminderPolicy): IsoDate {
  return policy.overdueEveryDays > 0 ? addDays(dueDate, policy.overdueHorizonDays) : dueDate;
}

/** True while an item due on `dueDate` is reminded about on day `today` (from its first reminder to its window end). */
export function isPledgeItemInReminderWindow(dueDate: IsoDate, policy: ReminderPolicy, today: IsoDate): boolean {
  const first = pledgeOccurrenceDays(dueDate, policy)[0] ?? dueDate;
  return today >= first && today <= pledgeReminderWindowEnd(dueDate, policy);
}

/** Days of a period's report nudges, oldest first. */
export function reportOccurrenceDays(p: ReportingPeriodInstance, policy: ReminderPolicy): IsoDate[] {
  const days = new Set<IsoDate>();
  for (const b of policy.reportBeforeDays) if (b > 0) days.add(addDays(p.due, -b));
  for (const a of policy.reportAfterDays) if (a >= 0) days.add(addDays(p.due, a));
  return [...days].sort();
}

/** Last day a missing report for `p` is chased (nudges) or counted late (escalation, digest). */
export function reportLateWindowEnd(programme: ReminderProgramme, p: ReportingPeriodInstance): IsoDate {
  // until the next period's report is due: from then on, that one is what is missing
  return addDays(nextReportingPeriod(programme.period, p).due, -1);
}

/** Periods inside the programme whose report is due between `from` and `to`. */
export function programmePeriodsDueBetween(programme: ReminderProgramme, from: IsoDate, to: IsoDate): ReportingPeriodInstance[] {
  return reportingPeriodsDueBetween(programme.period, from, to).filter((p) => p.start >= programme.from && p.end <= programme.to);
}

/** An overdue pledge item in a lateness report. */
export interface LateItem {
  readonly item: ReminderItem;
  readonly daysLate: number;
}

/** A missing report in a lateness report. */
export interface LateReport {
  readonly period: ReportingPeriodInstance;
  readonly daysLate: number;
}

/** A cell that is late on a day: its overdue items and missing reports. */
export interface LateCell {
  readonly cell: ReminderCell;
  readonly items: readonly LateItem[];
  readonly reports: readonly LateReport[];
}

/**
 * Who is late on `day` by at least `minDaysLate` days: open items past their due date (within the overdue horizon)
 * and reports missing after their due day (until the next report is due). Cells in `cellIds` only, when given.
 */
export function latenessOn(
  snapshot: ReminderSnapshot,
  policy: ReminderPolicy,
  day: IsoDate,
  opts: { minDaysLate?: number; cellIds?: ReadonlySet<string> } = {},
): LateCell[] {
  const min = Math.max(1, opts.minDaysLate ?? 1);
  const cells = snapshot.cells.filter((c) => !opts.cellIds || opts.cellIds.has(c.id));
  const itemsByCell = new Map<string, LateItem[]>();
  for (const item of snapshot.items) {
    if (!isItemChased(item, day)) continue;
    const daysLate = daysBetween(item.dueDate, day);
    if (daysLate < min || daysLate > policy.overdueHorizonDays) continue;
    const list = itemsByCell.get(item.cellId) ?? [];
    list.push({ item, daysLate });
    itemsByCell.set(item.cellId, list);
  }
  const periods = snapshot.programme
    ? programmePeriodsDueBetween(snapshot.programme, addDays(day, -400), addDays(day, -min)).filter((p) => day <= reportLateWindowEnd(snapshot.programme!, p))
    : [];
  const out: LateCell[] = [];
  for (const cell of cells) {
    const items = (itemsByCell.get(cell.id) ?? []).sort((a, b) => b.daysLate - a.daysLate || a.item.id.localeCompare(b.item.id));
    const reports = periods.filter((p) => !hasReportedFor(snapshot.reported, cell.id, p)).map((p) => ({ period: p, daysLate: daysBetween(p.due, day) }));
    if (items.length || reports.length) out.push({ cell, items, reports });
  }
  return out;
}

interface Occurrence {
  readonly day: IsoDate;
  readonly at: Date;
}

/** A missed occurrence is not caught up when the series' next one is due within this long anyway. */
export const CATCH_UP_SKIP_WITHIN_MS = 24 * 3600_000;

/**
 * Splits a series of occurrence days into those still ahead (within the plan-ahead horizon, fired at their time)
 * and the newest one already passed (fired now as a catch-up) — unless the series is over on `today` (`windowEnd`)
 * or its next occurrence comes within {@link CATCH_UP_SKIP_WITHIN_MS}.
 */
function splitSeries(
  days: readonly IsoDate[],
  policy: ReminderPolicy,
  now: Date,
  today: IsoDate,
  windowEnd: IsoDate,
): { ahead: Occurrence[]; missed: Occurrence | null } {
  const ahead: Occurrence[] = [];
  let missed: Occurrence | null = null;
  let next: Occurrence | null = null;
  const lastPlanned = addDays(today, policy.planAheadDays);
  for (const day of days) {
    const at = instantOfLocal(day, policy.sendTime, policy.timeZone);
    if (at.getTime() > now.getTime()) {
      next ??= { day, at };
      if (day <= lastPlanned) ahead.push({ day, at });
    } else missed = { day, at };
  }
  if (missed && today > windowEnd) missed = null;
  if (missed && next && next.at.getTime() - now.getTime() < CATCH_UP_SKIP_WITHIN_MS) missed = null;
  return { ahead, missed };
}

/** What every planning step shares: the day, the policy and the fire times. */
interface PlanContext {
  readonly snapshot: ReminderSnapshot;
  readonly policy: ReminderPolicy;
  readonly now: Date;
  readonly today: IsoDate;
  /** A planned time moved out of quiet hours. */
  readonly release: (at: Date) => Date;
  /** When catch-ups fire (now, out of quiet hours). */
  readonly catchUpAt: Date;
}

/** Plans every message that should exist at `now` (see the module comment): one named step per kind. */
export function planReminders(snapshot: ReminderSnapshot, policy: ReminderPolicy, now: Date): PlannedReminder[] {
  const release = (at: Date) => releaseFromQuietHours(at, policy.quietHours, policy.timeZone);
  const c: PlanContext = { snapshot, policy, now, today: localDateIn(now, policy.timeZone), release, catchUpAt: release(now) };
  return [
    ...(policy.kinds.has('pledge_due') ? planPledgeDue(c) : []),
    ...(snapshot.programme && policy.kinds.has('report_missing') ? planReportMissing(c, snapshot.programme) : []),
    ...(policy.kinds.has('escalation') ? planEscalations(c) : []),
    ...(policy.kinds.has('digest') && policy.digestWeekday >= 1 && policy.digestWeekday <= 7 && snapshot.leaderIds.length ? planDigest(c) : []),
  ];
}

/** `pledge_due`: per secretary, the chased items of its cell grouped by day; missed occurrences caught up once. */
function planPledgeDue({ snapshot, policy, now, today, release, catchUpAt }: PlanContext): PlannedReminder[] {
  const out: PlannedReminder[] = [];
  for (const cell of snapshot.cells) {
    if (cell.secretaryIds.length === 0) continue;
    const byDay = new Map<IsoDate, { at: Date; itemIds: string[] }>();
    const catchUp: { day: IsoDate; itemIds: string[] } = { day: '', itemIds: [] };
    for (const item of snapshot.items) {
      if (item.cellId !== cell.id || !isItemChased(item, today)) continue;
      const { ahead, missed } = splitSeries(pledgeOccurrenceDays(item.dueDate, policy), policy, now, today, pledgeReminderWindowEnd(item.dueDate, policy));
      for (const o of ahead) {
        if (item.programmeTo !== undefined && o.day > item.programmeTo) continue;
        const g = byDay.get(o.day) ?? { at: release(o.at), itemIds: [] };
        g.itemIds.push(item.id);
        byDay.set(o.day, g);
      }
      if (missed) {
        if (missed.day > catchUp.day) catchUp.day = missed.day;
        catchUp.itemIds.push(item.id);
      }
    }
    if (catchUp.itemIds.length) {
      const g = byDay.get(catchUp.day);
      if (g) g.itemIds.push(...catchUp.itemIds);
      byDay.set(catchUp.day, { at: catchUpAt, itemIds: g ? g.itemIds : catchUp.itemIds });
    }
    for (const [day, g] of byDay) {
      const subject: ReminderSubject = { kind: 'pledge_due', cellId: cell.id, occurrenceDate: day, itemIds: [...new Set(g.itemIds)].sort() };
      for (const recipientId of cell.secretaryIds) {
        out.push({ dedupeKey: reminderDedupeKey(subject, recipientId), kind: 'pledge_due', recipientId, unitId: cell.id, fireAt: g.at, subject });
      }
    }
  }
  return out;
}

/** `report_missing`: nudges around each period's due day, for the cells that have not reported it. */
function planReportMissing({ snapshot, policy, now, today, release, catchUpAt }: PlanContext, programme: ReminderProgramme): PlannedReminder[] {
  const out: PlannedReminder[] = [];
  const before = Math.max(0, ...policy.reportBeforeDays);
  const after = Math.max(0, ...policy.reportAfterDays);
  for (const p of programmePeriodsDueBetween(programme, addDays(today, -after - 1), addDays(today, before + 1))) {
    const days = reportOccurrenceDays(p, policy);
    const { ahead, missed } = splitSeries(days, policy, now, today, days[days.length - 1] ?? p.due);
    const occurrences = [...ahead.map((o) => ({ day: o.day, at: release(o.at) })), ...(missed ? [{ day: missed.day, at: catchUpAt }] : [])];
    for (const cell of snapshot.cells) {
      if (cell.secretaryIds.length === 0 || hasReportedFor(snapshot.reported, cell.id, p)) continue;
      for (const o of occurrences) {
        const subject: ReminderSubject = {
          kind: 'report_missing',
          cellId: cell.id,
          occurrenceDate: o.day,
          periodStart: p.start,
          periodEnd: p.end,
          dueDate: p.due,
        };
        for (const recipientId of cell.secretaryIds) {
          out.push({ dedupeKey: reminderDedupeKey(subject, recipientId), kind: 'report_missing', recipientId, unitId: cell.id, fireAt: o.at, subject });
        }
      }
    }
  }
  return out;
}

/** A day a late thing reaches the escalation delay, with the last day it still counts. */
interface EscalationTrigger {
  readonly day: IsoDate;
  readonly end: IsoDate;
  readonly itemId?: string;
  readonly cellId?: string;
}

/** The escalation triggers of one commune's cells: chased items and reports about to be late by `n` days. */
function escalationTriggers({ snapshot, policy, today }: PlanContext, cells: readonly ReminderCell[], n: number): EscalationTrigger[] {
  const cellIds = new Set(cells.map((c) => c.id));
  const triggers: EscalationTrigger[] = [];
  for (const item of snapshot.items) {
    if (!cellIds.has(item.cellId) || !isItemChased(item, today) || n > policy.overdueHorizonDays) continue;
    const day = addDays(item.dueDate, n);
    if (day > addDays(today, policy.planAheadDays) || (item.programmeTo !== undefined && day > item.programmeTo)) continue;
    triggers.push({ day, end: addDays(item.dueDate, policy.overdueHorizonDays), itemId: item.id });
  }
  const programme = snapshot.programme;
  if (programme) {
    // reports not yet due are all "missing": only periods about to be late are considered
    for (const p of programmePeriodsDueBetween(programme, addDays(today, -400), addDays(today, 1 - n))) {
      const end = reportLateWindowEnd(programme, p);
      if (addDays(p.due, n) > end) continue;
      for (const cell of cells) {
        if (!hasReportedFor(snapshot.reported, cell.id, p)) triggers.push({ day: addDays(p.due, n), end, cellId: cell.id });
      }
    }
  }
  return triggers;
}

/** `escalation`: one summary per commune officer and day, naming every cell of the commune late by the delay. */
function planEscalations(c: PlanContext): PlannedReminder[] {
  const { snapshot, policy, now, today, release, catchUpAt } = c;
  const out: PlannedReminder[] = [];
  const n = Math.max(1, policy.escalateAfterDays);
  for (const commune of snapshot.communes) {
    if (commune.officerIds.length === 0) continue;
    const triggers = escalationTriggers(
      c,
      snapshot.cells.filter((x) => x.communeId === commune.id),
      n,
    );
    const byDay = new Map<IsoDate, { at: Date; itemIds: Set<string>; cellIds: Set<string> }>();
    let missed: { day: IsoDate; itemIds: Set<string>; cellIds: Set<string> } | null = null;
    for (const t of triggers) {
      const at = instantOfLocal(t.day, policy.sendTime, policy.timeZone);
      if (at.getTime() > now.getTime()) {
        const g = byDay.get(t.day) ?? { at: release(at), itemIds: new Set<string>(), cellIds: new Set<string>() };
        if (t.itemId) g.itemIds.add(t.itemId);
        if (t.cellId) g.cellIds.add(t.cellId);
        byDay.set(t.day, g);
      } else if (today <= t.end) {
        missed ??= { day: t.day, itemIds: new Set<string>(), cellIds: new Set<string>() };
        if (t.day > missed.day) missed.day = t.day;
        if (t.itemId) missed.itemIds.add(t.itemId);
        if (t.cellId) missed.cellIds.add(t.cellId);
      }
    }
    // the summary is recomputed when sent: a summary due within a day anyway covers what was missed
    if (missed && [...byDay.values()].some((g) => g.at.getTime() - now.getTime() < CATCH_UP_SKIP_WITHIN_MS)) missed = null;
    if (missed) {
      const g = byDay.get(missed.day);
      byDay.set(missed.day, {
        at: catchUpAt,
        itemIds: new Set([...(g?.itemIds ?? []), ...missed.itemIds]),
        cellIds: new Set([...(g?.cellIds ?? []), ...missed.cellIds]),
      });
    }
    for (const [day, g] of byDay) {
      const subject: ReminderSubject = {
        kind: 'escalation',
        communeId: commune.id,
        occurrenceDate: day,
        itemIds: [...g.itemIds].sort(),
        reportCellIds: [...g.cellIds].sort(),
      };
      for (const recipientId of commune.officerIds) {
        out.push({ dedupeKey: reminderDedupeKey(subject, recipientId), kind: 'escalation', recipientId, unitId: commune.id, fireAt: g.at, subject });
      }
    }
  }
  return out;
}

/** `digest`: weekly to the district leaders, when some cell is late (a digest missed by at most a day still goes). */
function planDigest({ snapshot, policy, now, today, release, catchUpAt }: PlanContext): PlannedReminder[] {
  const out: PlannedReminder[] = [];
  const isoWeekday = (d: IsoDate) => ((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  const back = (isoWeekday(today) - policy.digestWeekday + 7) % 7;
  const lastDay = addDays(today, -back);
  const lastAt = instantOfLocal(lastDay, policy.sendTime, policy.timeZone);
  const candidates: { day: IsoDate; at: Date }[] = [];
  if (lastAt.getTime() > now.getTime()) candidates.push({ day: lastDay, at: release(lastAt) });
  else {
    if (back <= 1) candidates.push({ day: lastDay, at: catchUpAt });
    const next = addDays(lastDay, 7);
    candidates.push({ day: next, at: release(instantOfLocal(next, policy.sendTime, policy.timeZone)) });
  }
  for (const c of candidates) {
    if (latenessOn(snapshot, policy, c.day).length === 0) continue;
    const subject: ReminderSubject = { kind: 'digest', occurrenceDate: c.day };
    for (const recipientId of snapshot.leaderIds) {
      out.push({ dedupeKey: reminderDedupeKey(subject, recipientId), kind: 'digest', recipientId, unitId: null, fireAt: c.at, subject });
    }
  }
  return out;
}
