import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { startSystem, TestSystem } from '../support/system';
import { call, logIn, update } from './intake-support';
import { clockOffsetTo, onlyItems, realTimeOf, reminders } from './reminders-support';

/**
 * What is reminded follows the data, through the whole pipeline: updates submitted to intake travel through Kafka,
 * ingest and the projector (rm_cell_report, rm_pledge_item_day, NOTIFY progress_changed) to the reminders app.
 * The reminders' clock reads 07:59:40 on Friday 06/06/2025: the May report was due on 05/06 (catalogue
 * reportingPeriod: monthly, day 5); nudges and summaries go out at 08:00 (escalation after 1 day in this test).
 */
describe('reminders: missing-report nudges, escalation, digest and cancellation (intake → Kafka → projector → reminders)', () => {
  let sys: TestSystem;
  let pg: Client;
  let offset: number;
  const A01 = '874-30133-A01'; // Ấp Trung, reports for May
  const A02 = '874-30133-A02'; // does not report for May; has a pledge item due 30/06/2025

  beforeAll(async () => {
    sys = await startSystem('rem-planning', ['ingest', 'projector', 'intake']);
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    await onlyItems(pg, { 'PL-874-30133-A02-02': '2025-06-30' });
    // Ấp Trung submits its May figures before the reminders start
    const session = await logIn(sys.url('intake'), 'bithu.874-30133-a01');
    const res = await call(`${sys.url('intake')}/api/v1/updates`, {
      token: session.accessToken,
      body: update({ hamletCode: A01, criterionCode: 'XA-02', readings: [{ indicatorCode: '2.2', numerator: 30, denominator: 50 }], asOf: '2025-05-31' }),
    });
    expect(res.status).toBe(202);
    await eventually(
      async () => (await pg.query(`SELECT count(*)::int AS n FROM rm_cell_report WHERE unit_id = $1 AND period_start = '2025-05-01'`, [A01])).rows[0].n,
      (n) => n === 1,
      { what: 'the May report of Ấp Trung projected', timeoutMs: 60000 },
    );
    offset = clockOffsetTo('2025-06-06T07:59:40+07:00');
    await sys.start('reminders', {
      REMINDER_CLOCK_OFFSET_MS: String(offset),
      REMINDER_ESCALATE_AFTER_DAYS: '1',
      REMINDER_DIGEST_WEEKDAY: '5',
      REMINDER_SWEEP_EVERY_MS: '1000',
    });
  });

  afterAll(async () => {
    await pg?.end();
    await sys?.stop();
  });

  it('nudges the cell that has not reported, not the one that has; its commune officer and the district leaders get summaries naming it', async () => {
    const eight = realTimeOf('2025-06-06T08:00:00+07:00', offset);
    const nudges = await eventually(
      () => reminders(pg, `r.kind = 'report_missing' AND r.unit_id IN ($1, $2)`, [A01, A02]),
      (r) => r.length > 0,
      {
        what: 'the report nudges planned',
      },
    );
    expect(nudges.map((r) => [r.unit_id, r.recipient, r.subject.occurrenceDate])).toEqual([
      [A02, 'bithu.874-30133-a02', '2025-06-06'],
      [A02, 'bithu.874-30133-a02', '2025-06-12'],
    ]);
    const [nudge] = await eventually(
      () => reminders(pg, `r.id = $1`, [nudges[0].id]),
      (r) => r[0].status === 'sent',
      { what: 'the 08:00 nudge sent', timeoutMs: 40000 },
    );
    expect(new Date(nudge.dispatched_at!).getTime()).toBeGreaterThanOrEqual(new Date('2025-06-06T08:00:00+07:00').getTime());
    expect(Date.now()).toBeGreaterThanOrEqual(eight);
    expect(nudge.content!.title).toBe('Nhắc gửi báo cáo tháng 05/2025: Ấp [placeholder 02]');
    expect(nudge.content!.body).toContain('chưa gửi báo cáo tháng 05/2025 (hạn ngày 05/06/2025, đã trễ 1 ngày)');
    expect(await reminders(pg, `r.kind = 'report_missing' AND r.unit_id = $1`, [A01])).toEqual([]);

    const [escalation] = await eventually(
      () => reminders(pg, `r.kind = 'escalation' AND a.username = 'canbo.30133' AND r.subject->>'occurrenceDate' = '2025-06-06'`),
      (r) => r.length === 1 && r[0].status === 'sent',
      { what: 'the commune officer’s summary sent', timeoutMs: 20000 },
    );
    expect(escalation.content!.title).toMatch(/^Tổng hợp chi bộ chậm trễ: Xã Tân Quới \(\d+ chi bộ\)$/);
    expect(escalation.content!.body).toContain('- Ấp [placeholder 02]: chưa gửi báo cáo định kỳ hạn 05/06/2025 (trễ 1 ngày)');
    expect(escalation.content!.body).not.toContain('Ấp Trung');
    const { rows: inbox } = await pg.query(`SELECT m.title FROM inbox_message m JOIN account a ON a.id = m.account_id WHERE a.username = 'canbo.30133'`);
    expect(inbox).toEqual([{ title: escalation.content!.title }]);
    // one summary per officer and day, not one message per late cell; each officer's about their own commune
    const today = await reminders(pg, `r.kind = 'escalation' AND r.subject->>'occurrenceDate' = '2025-06-06'`);
    expect(new Set(today.map((r) => r.recipient)).size).toBe(today.length);
    expect(today.every((r) => r.recipient === `canbo.${r.unit_id}`)).toBe(true);
    expect(today.length).toBeGreaterThan(5);

    const digests = await eventually(
      () => reminders(pg, `r.kind = 'digest' AND r.subject->>'occurrenceDate' = '2025-06-06'`),
      (r) => r.length === 2 && r.every((d) => d.status === 'sent'),
      {
        what: 'the weekly digest to both district leaders',
        timeoutMs: 20000,
      },
    );
    expect(digests.map((d) => d.recipient).sort()).toEqual(['lanhdao.1', 'lanhdao.2']);
    // the digest names late cells commune by commune: in Xã Tân Quới, A02 and not Ấp Trung (A01)
    const lines = digests[0].content!.body.split('\n');
    const from = lines.findIndex((l) => l.startsWith('Xã Tân Quới ('));
    expect(from).toBeGreaterThanOrEqual(0);
    const tanQuoi = lines.slice(
      from + 1,
      lines.findIndex((l, i) => i > from && !l.startsWith('- ')),
    );
    expect(tanQuoi).toContain('- Ấp [placeholder 02]: chưa gửi báo cáo định kỳ hạn 05/06/2025 (trễ 1 ngày)');
    expect(tanQuoi.some((l) => l.includes('Ấp Trung'))).toBe(false);
    expect(lines[from]).toBe(`Xã Tân Quới (${tanQuoi.length}):`);
  });

  it('meeting a pledge item cancels its pending reminders', async () => {
    const pending = await reminders(pg, `r.kind = 'pledge_due' AND r.unit_id = $1 AND r.status = 'planned'`, [A02]);
    expect(pending.map((r) => r.subject.occurrenceDate)).toEqual(['2025-06-23', '2025-06-29', '2025-06-30', '2025-07-07', '2025-07-14']);
    // PL-874-30133-A02-02 pledges AP-01 1.1 ≥ 80 %; the catalogue judges AP-01 1.1 on the cell's readings of XA-02 2.2
    // (readingOf): 45/50 = 90 % meets it
    const session = await logIn(sys.url('intake'), 'bithu.874-30133-a02');
    const res = await call(`${sys.url('intake')}/api/v1/updates`, {
      token: session.accessToken,
      body: update({ hamletCode: A02, criterionCode: 'XA-02', readings: [{ indicatorCode: '2.2', numerator: 45, denominator: 50 }], asOf: '2025-06-06' }),
    });
    expect(res.status).toBe(202);
    const { rows: after } = await eventually(
      async () => ({
        derived: (
          await pg.query(
            `SELECT met FROM rm_pledge_item_day WHERE pledge_item_id = 'PL-874-30133-A02-02' AND view_day = (SELECT derived_today FROM projection_state)`,
          )
        ).rows,
        rows: await reminders(pg, `r.id = ANY($1::uuid[])`, [pending.map((r) => r.id)]),
      }),
      (x) => x.rows.every((r) => r.status === 'cancelled'),
      { what: 'the pending reminders cancelled', timeoutMs: 60000 },
    );
    expect(after.map((r) => r.cancel_reason)).toEqual(pending.map(() => 'item_met'));
    const { rows } = await pg.query(
      `SELECT met FROM rm_pledge_item_day WHERE pledge_item_id = 'PL-874-30133-A02-02' AND view_day = (SELECT derived_today FROM projection_state)`,
    );
    expect(rows).toEqual([{ met: true }]);
    // and nothing new is planned for it
    expect(await reminders(pg, `r.kind = 'pledge_due' AND r.unit_id = $1 AND r.status = 'planned'`, [A02])).toEqual([]);
  });
});
