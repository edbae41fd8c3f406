import { remindersInProcess, RemindersInProcess } from './reminders-in-process';

/**
 * Issue 14 with the real planner and PostgreSQL: reminders follow the pledge's programme. A 2021–2025 item is chased
 * while 2021–2025 is open and never after 31/12/2025; a pledge re-signed for 2026–2030 is reminded on its own due dates.
 */
describe('reminders and programmes (real PostgreSQL and Redis, in-process)', () => {
  let r: RemindersInProcess;
  const OLD = 'PL-874-30133-A01-04';
  const NEW = 'PL-2026-2030-874-30133-A01-01';
  const rows = async (where = 'true', params: unknown[] = []) =>
    await r.ds.query<{ status: string; cancel_reason: string | null; day: string; items: string[] }[]>(
      `SELECT status, cancel_reason, subject->>'occurrenceDate' AS day, subject->'itemIds' AS items FROM reminder WHERE ${where} ORDER BY subject->>'occurrenceDate', dedupe_key`,
      params,
    );

  beforeAll(async () => {
    r = await remindersInProcess('rem-programmes', { REMINDER_KINDS: 'pledge_due', REMINDER_PLAN_AHEAD_DAYS: '200' });
    await r.ds.query(`UPDATE pledge_item SET status = 'waived', waived_reason = 'test' WHERE id <> $1`, [OLD]);
    await r.ds.query(`UPDATE pledge_item SET due_date = '2025-12-15' WHERE id = $1`, [OLD]);
    // the cell's pledge re-signed for 2026–2030 (the row the re-signing endpoint writes)
    await r.ds.query(
      `INSERT INTO pledge (id, cell_id, catalogue_version, programme_id, signed_on, attributes) VALUES ('PL-2026-2030-874-30133-A01', '874-30133-A01', 'NTM-2021-2025', '2026-2030', '2026-03-01', '{}')`,
    );
    await r.ds.query(
      `INSERT INTO pledge_item (id, pledge_id, cell_id, criterion_code, indicator_code, target, due_date, status) VALUES ($1, 'PL-2026-2030-874-30133-A01', '874-30133-A01', 'AP-01', '1.1', '{"comparator": ">=", "value": 90}', '2027-03-31', 'active')`,
      [NEW],
    );
  });

  afterAll(async () => {
    await r?.close();
  });

  it('while 2021–2025 is open its item is chased; the 2026–2030 item waits for its own dates', async () => {
    r.clock.set('2025-12-16T09:00:00+07:00');
    await r.plan.execute();
    const planned = await rows(`status = 'planned'`);
    expect(planned.map((p) => p.day)).toEqual(['2025-12-15', '2025-12-22', '2025-12-29']);
    expect(planned.every((p) => p.items.join() === OLD)).toBe(true);
  });

  it('once 2021–2025 is closed its reminders are cancelled and never planned again; the new item is reminded on its due dates', async () => {
    r.clock.set('2026-12-07T09:00:00+07:00');
    await r.plan.execute();
    const old = await rows(`subject->'itemIds' ? $1`, [OLD]);
    expect(old.filter((p) => p.status === 'planned')).toEqual([]);
    expect(old.some((p) => p.status === 'cancelled')).toBe(true);
    const planned = await rows(`status = 'planned'`);
    expect(planned.map((p) => p.day)).toEqual([
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
    expect(planned.every((p) => p.items.join() === NEW)).toBe(true);
    expect((await r.plan.execute()).planned).toBe(0);
  });
});
