/**
 * What a message says, decided when it is sent (not when it was planned): items met or waived since are left out,
 * a cell that has reported since is not nudged, summaries list who is late at that moment. When nothing is left
 * to say, the message is cancelled with a reason.
 */
import { daysBetween, type IsoDate } from '../shared/iso-date';
import type { LocalisedText } from '../shared/localised-text';
import { hasReportedFor, reportingPeriodLabel, type ReportingPeriodInstance } from './reporting-calendar';
import { localDateIn } from './reminder-time';
import {
  isPledgeItemInReminderWindow,
  latenessOn,
  reportOccurrenceDays,
  type LateCell,
  type ReminderCell,
  type ReminderCommune,
  type ReminderItem,
  type ReminderPolicy,
  type ReminderSnapshot,
  type ReminderSubject,
} from './reminder-planning';

/** Why a planned message is not sent. */
export type ReminderCancelReason =
  /** every item of a pledge reminder is met */
  | 'item_met'
  /** every item is waived, gone, or no longer due around this day (due date changed) */
  | 'item_waived'
  | 'not_relevant'
  /** the cell has reported for the period */
  | 'reported'
  /** a summary with nobody late */
  | 'nothing_late'
  /** the cell, commune or programme is not known any more */
  | 'unknown_scope';

/** A pledge item in a reminder, with the days left until its due date (negative: overdue). */
export interface DueItem {
  readonly item: ReminderItem;
  readonly daysLeft: number;
}

/** The content of a message at the moment it is sent. */
export type ReminderContent =
  | { readonly kind: 'pledge_due'; readonly cell: ReminderCell; readonly items: readonly DueItem[] }
  | {
      readonly kind: 'report_missing';
      readonly cell: ReminderCell;
      readonly period: ReportingPeriodInstance;
      readonly periodLabel: LocalisedText;
      readonly daysLeft: number;
    }
  | { readonly kind: 'escalation'; readonly commune: ReminderCommune; readonly minDaysLate: number; readonly late: readonly LateCell[]; readonly day: IsoDate }
  | { readonly kind: 'digest'; readonly late: readonly LateCell[]; readonly day: IsoDate };

export type ComposeOutcome = { readonly send: ReminderContent } | { readonly cancel: ReminderCancelReason };

/** Decides what the message planned for `subject` says at `now`, or why it is cancelled. */
export function composeReminder(subject: ReminderSubject, snapshot: ReminderSnapshot, policy: ReminderPolicy, now: Date): ComposeOutcome {
  const today = localDateIn(now, policy.timeZone);
  switch (subject.kind) {
    case 'pledge_due': {
      const cell = snapshot.cells.find((c) => c.id === subject.cellId);
      if (!cell) return { cancel: 'unknown_scope' };
      const items = subject.itemIds.map((id) => snapshot.items.find((i) => i.id === id));
      const open = items.filter((i): i is ReminderItem => !!i && i.status === 'active' && !i.met && isPledgeItemInReminderWindow(i.dueDate, policy, today));
      if (open.length === 0) {
        const known = items.filter((i): i is ReminderItem => !!i);
        if (known.length > 0 && known.every((i) => i.met || i.status !== 'active') && known.some((i) => i.met)) return { cancel: 'item_met' };
        if (known.length > 0 && known.every((i) => i.status !== 'active')) return { cancel: 'item_waived' };
        return { cancel: 'not_relevant' };
      }
      return {
        send: {
          kind: 'pledge_due',
          cell,
          items: open
            .map((item) => ({ item, daysLeft: daysBetween(today, item.dueDate) }))
            .sort((a, b) => a.daysLeft - b.daysLeft || a.item.id.localeCompare(b.item.id)),
        },
      };
    }
    case 'report_missing': {
      const cell = snapshot.cells.find((c) => c.id === subject.cellId);
      if (!cell || !snapshot.programme) return { cancel: 'unknown_scope' };
      const period: ReportingPeriodInstance = { start: subject.periodStart, end: subject.periodEnd, due: subject.dueDate };
      if (hasReportedFor(snapshot.reported, cell.id, period)) return { cancel: 'reported' };
      const days = reportOccurrenceDays(period, policy);
      if (today > (days[days.length - 1] ?? period.due)) return { cancel: 'not_relevant' };
      return {
        send: {
          kind: 'report_missing',
          cell,
          period,
          periodLabel: reportingPeriodLabel(snapshot.programme.period, period),
          daysLeft: daysBetween(today, period.due),
        },
      };
    }
    case 'escalation': {
      const commune = snapshot.communes.find((c) => c.id === subject.communeId);
      if (!commune) return { cancel: 'unknown_scope' };
      const minDaysLate = Math.max(1, policy.escalateAfterDays);
      const cellIds = new Set(snapshot.cells.filter((c) => c.communeId === commune.id).map((c) => c.id));
      const late = latenessOn(snapshot, policy, today, { minDaysLate, cellIds });
      return late.length ? { send: { kind: 'escalation', commune, minDaysLate, late, day: today } } : { cancel: 'nothing_late' };
    }
    case 'digest': {
      const late = latenessOn(snapshot, policy, today);
      return late.length ? { send: { kind: 'digest', late, day: today } } : { cancel: 'nothing_late' };
    }
  }
}

/** The cells a subject concerns (what a caller must load to compose it); null: the whole district. */
export function subjectCellScope(subject: ReminderSubject): { cellIds?: readonly string[]; communeId?: string } | null {
  switch (subject.kind) {
    case 'pledge_due':
    case 'report_missing':
      return { cellIds: [subject.cellId] };
    case 'escalation':
      return { communeId: subject.communeId };
    case 'digest':
      return null;
  }
}
