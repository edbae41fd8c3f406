import {
  composeReminder,
  instantOfLocal,
  planReminders,
  REMINDER_KINDS,
  renderReminder,
  type PlannedReminder,
  type ReminderPolicy,
  type ReminderSnapshot,
} from '@pledge/domain';

const TZ = 'Asia/Ho_Chi_Minh';
const at = (day: string, time = '08:00') => instantOfLocal(day, time, TZ);

const policy: ReminderPolicy = {
  timeZone: TZ,
  sendTime: '08:00',
  quietHours: { from: '21:00', to: '07:00' },
  dueOffsetsDays: [30, 7, 1],
  overdueEveryDays: 7,
  overdueHorizonDays: 60,
  reportBeforeDays: [3],
  reportAfterDays: [1, 7],
  escalateAfterDays: 7,
  digestWeekday: 1,
  kinds: new Set(REMINDER_KINDS),
  planAheadDays: 400,
};

const crit = (vi: string) => ({ vi, en: vi });
function snapshot(over: Partial<ReminderSnapshot> = {}): ReminderSnapshot {
  return {
    cells: [
      { id: 'A01', name: 'Ấp Trung', communeId: 'C1', communeName: 'Xã Tân Quới', secretaryIds: ['sec-a'] },
      { id: 'A02', name: 'Ấp Hạ', communeId: 'C1', communeName: 'Xã Tân Quới', secretaryIds: ['sec-b'] },
    ],
    communes: [{ id: 'C1', name: 'Xã Tân Quới', officerIds: ['off-1'] }],
    leaderIds: ['lead-1'],
    items: [
      {
        id: 'I1',
        cellId: 'A01',
        criterionCode: 'AP-01',
        criterionName: crit('Giao thông'),
        indicatorCode: '1.1',
        indicatorName: crit('Đường ấp'),
        dueDate: '2025-06-30',
        status: 'active',
        met: false,
      },
      {
        id: 'I2',
        cellId: 'A01',
        criterionCode: 'AP-02',
        criterionName: crit('Điện'),
        indicatorCode: null,
        indicatorName: null,
        dueDate: '2025-06-30',
        status: 'active',
        met: false,
      },
    ],
    programme: { period: { every: 'month', dueDay: 5 }, from: '2021-01-01', to: '2025-12-31' },
    reported: new Set(),
    ...over,
  };
}
const only = (kind: string) => ({ ...policy, kinds: new Set([kind]) as ReminderPolicy['kinds'] });
const byKey = (plans: PlannedReminder[]) => new Map(plans.map((p) => [p.dedupeKey, p]));

describe('reminder planning (pure rules)', () => {
  it('pledge items: one message per secretary and day, 30/7/1 days before, on the day, then weekly until the horizon', () => {
    const plans = planReminders(snapshot(), only('pledge_due'), at('2025-05-01', '09:00'));
    const days = plans.map((p) => (p.subject as { occurrenceDate: string }).occurrenceDate);
    expect(days).toEqual([
      '2025-05-31',
      '2025-06-23',
      '2025-06-29',
      '2025-06-30',
      '2025-07-07',
      '2025-07-14',
      '2025-07-21',
      '2025-07-28',
      '2025-08-04',
      '2025-08-11',
      '2025-08-18',
      '2025-08-25',
    ]);
    expect(plans.every((p) => p.recipientId === 'sec-a' && p.kind === 'pledge_due')).toBe(true);
    expect(plans[0].subject).toEqual({ kind: 'pledge_due', cellId: 'A01', occurrenceDate: '2025-05-31', itemIds: ['I1', 'I2'] });
    expect(plans[0].fireAt).toEqual(at('2025-05-31'));
  });

  it('planning twice gives the same keys; met and waived items are not planned', () => {
    const now = at('2025-05-01', '09:00');
    expect(planReminders(snapshot(), policy, now).map((p) => p.dedupeKey)).toEqual(planReminders(snapshot(), policy, now).map((p) => p.dedupeKey));
    const s = snapshot();
    const items = [
      { ...s.items[0], met: true },
      { ...s.items[1], status: 'waived' },
    ];
    expect(planReminders({ ...s, items }, only('pledge_due'), now)).toEqual([]);
  });

  it('catch-up: after downtime only the newest missed reminder fires, now (held in quiet hours), keyed by its own day', () => {
    const late = at('2025-06-25', '23:00');
    const plans = planReminders(snapshot(), only('pledge_due'), late);
    const missed = plans.find((p) => (p.subject as { occurrenceDate: string }).occurrenceDate === '2025-06-23')!;
    expect(missed.fireAt).toEqual(at('2025-06-26', '07:00'));
    expect(plans.some((p) => (p.subject as { occurrenceDate: string }).occurrenceDate === '2025-05-31')).toBe(false);
    // a day later the same catch-up has the same key: no second message
    const dayAfter = planReminders(snapshot(), only('pledge_due'), at('2025-06-26', '12:00'));
    expect(dayAfter.map((p) => p.dedupeKey)).toContain(missed.dedupeKey);
  });

  it('a fresh start long after the due dates (beyond the overdue horizon) plans nothing at all', () => {
    expect(planReminders(snapshot(), policy, at('2026-11-27', '10:00'))).toEqual([]);
  });

  it('report nudges go only to cells that have not reported; the officer gets a summary naming them', () => {
    const s = snapshot({ items: [], reported: new Set(['A01|2025-05']) });
    const now = at('2025-06-06', '07:59:50');
    const plans = planReminders(s, policy, now);
    const nudges = plans.filter((p) => p.kind === 'report_missing');
    expect(nudges.map((p) => p.recipientId)).toEqual(['sec-b', 'sec-b']);
    expect(nudges.map((p) => p.fireAt)).toEqual([at('2025-06-06'), at('2025-06-12')]);
    const esc = composeReminder(
      { kind: 'escalation', communeId: 'C1', occurrenceDate: '2025-06-12', itemIds: [], reportCellIds: ['A02'] },
      s,
      policy,
      at('2025-06-12'),
    );
    expect('send' in esc && esc.send.kind === 'escalation' && esc.send.late.map((l) => l.cell.id)).toEqual(['A02']);
  });

  it('at send time a met item is dropped, a reported cell is not nudged, and a message with nothing left is cancelled', () => {
    const s = snapshot();
    const subject = { kind: 'pledge_due' as const, cellId: 'A01', occurrenceDate: '2025-06-23', itemIds: ['I1', 'I2'] };
    const now = at('2025-06-23');
    const both = composeReminder(subject, s, policy, now);
    expect('send' in both && both.send.kind === 'pledge_due' && both.send.items.map((i) => [i.item.id, i.daysLeft])).toEqual([
      ['I1', 7],
      ['I2', 7],
    ]);
    const oneMet = composeReminder(subject, { ...s, items: [{ ...s.items[0], met: true }, s.items[1]] }, policy, now);
    expect('send' in oneMet && oneMet.send.kind === 'pledge_due' && oneMet.send.items.map((i) => i.item.id)).toEqual(['I2']);
    expect(composeReminder(subject, { ...s, items: s.items.map((i) => ({ ...i, met: true })) }, policy, now)).toEqual({ cancel: 'item_met' });
    const report = {
      kind: 'report_missing' as const,
      cellId: 'A01',
      occurrenceDate: '2025-06-06',
      periodStart: '2025-05-01',
      periodEnd: '2025-05-31',
      dueDate: '2025-06-05',
    };
    expect(composeReminder(report, { ...s, reported: new Set(['A01|2025-05']) }, policy, at('2025-06-06'))).toEqual({ cancel: 'reported' });
  });

  it('renders Vietnamese text with the cell, the criterion, the due date as dd/MM/yyyy and a link', () => {
    const s = snapshot();
    const out = composeReminder({ kind: 'pledge_due', cellId: 'A01', occurrenceDate: '2025-07-07', itemIds: ['I1'] }, s, policy, at('2025-07-07'));
    if (!('send' in out)) throw new Error('expected a message');
    const msg = renderReminder(out.send, { publicBaseUrl: 'https://ntm.example.vn/' });
    expect(msg.title).toBe('Chỉ tiêu giao ước quá hạn: Ấp Trung');
    expect(msg.body).toContain('Tiêu chí AP-01 Giao thông, chỉ tiêu 1.1 Đường ấp: hạn 30/06/2025 (đã quá hạn 7 ngày)');
    expect(msg.link).toBe('https://ntm.example.vn/submit?cell=A01');
    expect(renderReminder(out.send, { locale: 'en', publicBaseUrl: 'https://x' }).body).toContain('due 30 Jun 2025 (7 days overdue)');
  });

  it('the weekly digest is planned for leaders only when some cell is late', () => {
    const monday = at('2025-07-07', '07:00');
    const plans = planReminders(snapshot(), only('digest'), monday);
    expect(plans.map((p) => [p.recipientId, p.fireAt])).toEqual([['lead-1', at('2025-07-07')]]);
    const s = snapshot();
    expect(planReminders({ ...s, items: [], reported: new Set(['A01|2025-06', 'A02|2025-06']) }, only('digest'), monday)).toEqual([]);
    expect(byKey(plans).size).toBe(1);
  });
});
