import { instantOfLocal, planReminders, REMINDER_KINDS, type ReminderPolicy, type ReminderSnapshot } from '@pledge/domain';

/** Issue 14: reminders follow the programme of each item's pledge, and stop when that programme is closed. */
const TZ = 'Asia/Ho_Chi_Minh';
const at = (day: string, time = '09:00') => instantOfLocal(day, time, TZ);
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
const item = (id: string, dueDate: string, programmeTo: string) => ({
  id,
  cellId: 'A01',
  criterionCode: 'XA-02',
  criterionName: crit('Hạ tầng'),
  indicatorCode: '2.2',
  indicatorName: crit('Đường'),
  dueDate,
  status: 'active',
  met: false,
  programmeTo,
});
const snapshot = (items: ReminderSnapshot['items']): ReminderSnapshot => ({
  cells: [{ id: 'A01', name: 'Ấp Trung', communeId: 'C1', communeName: 'Xã Tân Long', secretaryIds: ['sec-a'] }],
  communes: [{ id: 'C1', name: 'Xã Tân Long', officerIds: ['off-1'] }],
  leaderIds: ['lead-1'],
  items,
  programme: null,
  reported: new Set(),
});
const only = (kind: string) => ({ ...policy, kinds: new Set([kind]) as ReminderPolicy['kinds'] });
const days = (plans: ReturnType<typeof planReminders>) => plans.map((p) => (p.subject as { occurrenceDate: string }).occurrenceDate);

describe('reminders and programmes', () => {
  it('a 2021–2025 item overdue on 31/12/2025 is chased until the programme closes, and never after', () => {
    const old = item('OLD', '2025-12-15', '2025-12-31');
    expect(days(planReminders(snapshot([old]), only('pledge_due'), at('2025-12-16')))).toEqual(['2025-12-22', '2025-12-29', '2025-12-15']); // the due day's reminder caught up now
    expect(planReminders(snapshot([old]), policy, at('2026-01-02'))).toEqual([]);
    // without a programme limit the same item would still be chased in January (the horizon is 60 days)
    const { programmeTo: _ignored, ...unlimited } = old;
    expect(days(planReminders(snapshot([unlimited]), only('pledge_due'), at('2026-01-02'))).length).toBeGreaterThan(0);
  });

  it('a re-signed 2026–2030 item is reminded on its own due dates while the old one is silent', () => {
    const plans = planReminders(
      snapshot([item('OLD', '2025-06-30', '2025-12-31'), item('NEW', '2027-03-31', '2030-12-31')]),
      only('pledge_due'),
      at('2026-12-07'),
    );
    expect(days(plans)).toEqual([
      '2027-03-01',
      '2027-03-24',
      '2027-03-30',
      '2027-03-31',
      '2027-04-07',
      '2027-04-14',
      '2027-04-21',
      '2027-04-28',
      '2027-05-05',
      '2027-05-12',
      '2027-05-19',
      '2027-05-26',
    ]);
    expect(plans.every((p) => (p.subject as unknown as { itemIds: string[] }).itemIds.join() === 'NEW')).toBe(true);
  });

  it('escalations and digests leave out items of a closed programme', () => {
    const old = item('OLD', '2025-12-20', '2025-12-31');
    expect(planReminders(snapshot([old]), only('escalation'), at('2026-01-05'))).toEqual([]);
    expect(planReminders(snapshot([old]), only('digest'), at('2026-01-05'))).toEqual([]);
    expect(planReminders(snapshot([{ ...old, programmeTo: '2030-12-31' }]), only('digest'), at('2026-01-05')).length).toBeGreaterThan(0);
  });
});
