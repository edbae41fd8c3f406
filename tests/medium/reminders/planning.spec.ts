import { reminderJobId } from '../../../apps/reminders/src/shared/ids';
import { remindersInProcess, RemindersInProcess } from './reminders-in-process';

/**
 * The planner against a real PostgreSQL clone (and real Redis for the jobs), with a clock the test sets:
 * idempotent planning, re-planning when an item changes, cancellation, and what a projection rebuild can and
 * cannot do.
 */
describe('reminder planning (real PostgreSQL and Redis, in-process)', () => {
  let r: RemindersInProcess;
  const ITEM = 'PL-874-30133-A01-04';
  const rows = async (where = 'true', params: unknown[] = []) =>
    await r.ds.query<{ id: string; dedupe_key: string; status: string; cancel_reason: string | null; fire_at: Date; day: string }[]>(
      `SELECT id, dedupe_key, status, cancel_reason, fire_at, subject->>'occurrenceDate' AS day FROM reminder WHERE ${where} ORDER BY subject->>'occurrenceDate', dedupe_key`,
      params,
    );

  beforeAll(async () => {
    r = await remindersInProcess('rem-plan', { REMINDER_KINDS: 'pledge_due' });
    await r.ds.query(`UPDATE pledge_item SET status = 'waived', waived_reason = 'test' WHERE id <> $1`, [ITEM]);
    await r.ds.query(`UPDATE pledge_item SET due_date = '2025-06-23' WHERE id = $1`, [ITEM]);
    r.clock.set('2025-06-20T09:00:00+07:00');
  });

  afterAll(async () => {
    await r?.close();
  });

  it('plans each message once: planning again changes nothing; every message due within the horizon has its delayed job', async () => {
    const first = await r.plan.execute();
    expect(first.planned).toBeGreaterThan(3);
    const planned = await rows();
    // the missed "7 days before" (16/06) is caught up now; 22/06, 23/06 and the weekly ones after are planned
    expect(planned.map((p) => p.day).slice(0, 4)).toEqual(['2025-06-16', '2025-06-22', '2025-06-23', '2025-06-30']);
    expect(new Date(planned[0].fire_at).getTime()).toBeLessThanOrEqual(r.clock.now().getTime());
    const again = await r.plan.execute();
    expect(again).toMatchObject({ planned: 0, updated: 0, cancelled: 0 });
    expect(await rows()).toEqual(planned);
    const job = await r.queue.getJob(reminderJobId(planned[0].id));
    expect(job?.data).toEqual({ reminderId: planned[0].id });
    // 22/06 08:00 is beyond the default enqueue horizon (6 h): its job comes with a later sweep
    expect(await r.queue.getJob(reminderJobId(planned[1].id))).toBeUndefined();
  });

  it('dispatching a reminder twice delivers it once', async () => {
    const [due] = await rows(`subject->>'occurrenceDate' = '2025-06-16'`);
    expect(await r.send.execute(due.id)).toMatchObject({ result: 'dispatched', channels: ['inbox'] });
    expect(await r.send.execute(due.id)).toEqual({ result: 'skipped' });
    const [{ n }] = await r.ds.query(`SELECT count(*)::int AS n FROM inbox_message WHERE reminder_id = $1`, [due.id]);
    expect(n).toBe(1);
  });

  it('a changed due date re-plans: the pending reminders of the old date are cancelled, the new ones planned', async () => {
    const before = await rows(`status = 'planned'`);
    await r.ds.query(`UPDATE pledge_item SET due_date = '2025-07-10' WHERE id = $1`, [ITEM]);
    const res = await r.plan.execute();
    expect(res.cancelled).toBe(before.length);
    const old = await rows(`id = ANY($1::uuid[])`, [before.map((b) => b.id)]);
    expect(old.every((o) => o.status === 'cancelled' && o.cancel_reason === 'replanned')).toBe(true);
    const now = await rows(`status = 'planned'`);
    expect(now.map((p) => p.day)).toEqual(expect.arrayContaining(['2025-07-03', '2025-07-09', '2025-07-10']));
  });

  it('met or waived: the pending reminders are cancelled with the reason', async () => {
    // the projector derived the item met (its programme on "today": libs/domain's forecast of the item)
    await r.setDerivedMet(ITEM, true);
    await r.plan.execute();
    const met = await rows(`cancel_reason = 'item_met'`);
    expect(met.length).toBeGreaterThan(0);
    expect(await rows(`status = 'planned'`)).toEqual([]);

    // then not met (say, a correction) → the reminders cancelled before their time come back
    await r.setDerivedMet(ITEM, false);
    await r.plan.execute();
    expect((await rows(`status = 'planned'`)).length).toBeGreaterThan(0);
    await r.ds.query(`UPDATE pledge_item SET status = 'waived', waived_reason = 'test' WHERE id = $1`, [ITEM]);
    await r.plan.execute();
    expect(await rows(`status = 'planned'`)).toEqual([]);
    expect((await rows(`cancel_reason = 'item_waived'`)).length).toBeGreaterThan(0);
  });

  it('a projection rebuild never re-sends: a message key once sent is final, whatever the read models say', async () => {
    await r.ds.query(`UPDATE pledge_item SET status = 'active', waived_reason = NULL, due_date = '2025-06-23' WHERE id = $1`, [ITEM]);
    const sentBefore = await rows(`status IN ('sent', 'sending')`);
    const [{ inbox }] = await r.ds.query(`SELECT count(*)::int AS inbox FROM inbox_message`);
    // read models wiped as by a rebuild (then refilled): the item looks unmet, nobody has reported
    await r.ds.query(`DELETE FROM rm_pledge_item_day; DELETE FROM rm_reading; DELETE FROM rm_reading_history; DELETE FROM rm_cell_report`);
    await r.plan.execute();
    await r.plan.execute();
    const keys = await r.ds.query(`SELECT dedupe_key, count(*)::int AS n FROM reminder GROUP BY dedupe_key HAVING count(*) > 1`);
    expect(keys).toEqual([]);
    const sentAfter = await rows(`id = ANY($1::uuid[])`, [sentBefore.map((s) => s.id)]);
    expect(sentAfter.map((s) => s.status)).toEqual(sentBefore.map((s) => s.status));
    // the caught-up 16/06 message was sent already: nothing for that day is planned again
    expect(await rows(`subject->>'occurrenceDate' = '2025-06-16' AND status = 'planned'`)).toEqual([]);
    const [{ inbox: inboxAfter }] = await r.ds.query(`SELECT count(*)::int AS inbox FROM inbox_message`);
    expect(inboxAfter).toBe(inbox);
  });
});
