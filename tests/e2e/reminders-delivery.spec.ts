import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { TestSmtpServer } from '../support/smtp';
import { startSystem, TestSystem } from '../support/system';
import { TestWebhookReceiver } from '../support/webhook';
import { clockOffsetTo, onlyItems, realTimeOf, reminders, tokenFor } from './reminders-support';
import { newTestSecret } from '../support/env';

/**
 * Reminders reach people on every channel, at their time, once: the real reminders app (BullMQ worker) against
 * real PostgreSQL and Redis, a real local SMTP server and a local webhook receiver. The reminders' clock is set
 * (REMINDER_CLOCK_OFFSET_MS) to 06:59:30 on 20/06/2025, inside the quiet hours (21:00-07:00); BullMQ delays are
 * real time, so "07:00" comes 30 real seconds after the start.
 */
describe('reminders: timing, quiet hours and channels (real worker, SMTP, webhook)', () => {
  const SECRET = newTestSecret();
  let sys: TestSystem;
  let pg: Client;
  let smtp: TestSmtpServer;
  let hook: TestWebhookReceiver;
  let offset: number;
  let env: Record<string, string>;
  const at = (hhmmss: string) => realTimeOf(`2025-06-20T${hhmmss}+07:00`, offset);

  beforeAll(async () => {
    sys = await startSystem('rem-delivery', []);
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    smtp = await new TestSmtpServer().start();
    hook = await new TestWebhookReceiver(SECRET).start();
    // Ấp Trung (874-30133-A01): one item due 23/06 (its 7-days-before reminder was missed: caught up at once,
    // i.e. held until 07:00) and one due 21/06 (its 1-day-before reminder fires today at the send time, 07:00:30)
    await onlyItems(pg, { 'PL-874-30133-A01-04': '2025-06-23', 'PL-874-30133-A01-05': '2025-06-21' });
    await pg.query(`UPDATE account SET email = 'bithu.a01@example.vn', phone = '0901234567' WHERE username = 'bithu.874-30133-a01'`);
    await pg.query(`UPDATE account SET email = 'bithu.a02@example.vn', phone = '0907654321' WHERE username = 'bithu.874-30133-a02'`);
    offset = clockOffsetTo('2025-06-20T06:59:30+07:00');
    env = {
      REMINDER_CLOCK_OFFSET_MS: String(offset),
      REMINDER_SEND_TIME: '07:00:30',
      REMINDER_KINDS: 'pledge_due',
      REMINDER_SMTP_URL: smtp.url,
      REMINDER_WEBHOOK_URL: hook.url,
      REMINDER_WEBHOOK_SECRET: SECRET,
      REMINDER_SWEEP_EVERY_MS: '1000',
      REMINDER_DELIVERY_BACKOFF_MS: '200',
      REMINDER_SEND_TIMEOUT_MS: '2000',
      REMINDER_DELIVERY_LEASE_MS: '3000',
      REMINDER_JOB_LOCK_MS: '3000',
      PUBLIC_BASE_URL: 'https://ntm.thanhbinh.example.vn',
    };
    await sys.start('reminders', env);
  });

  afterAll(async () => {
    await pg?.end();
    await sys?.stop();
    await smtp?.stop();
    await hook?.stop();
  });

  it('holds the reminder that is due during quiet hours until 07:00, then delivers it on all three channels', async () => {
    const [held] = await eventually(
      () => reminders(pg, `r.subject->>'occurrenceDate' = '2025-06-16'`),
      (r) => r.length === 1,
      { what: 'the caught-up reminder planned' },
    );
    expect(held).toMatchObject({ status: 'planned', recipient: 'bithu.874-30133-a01', kind: 'pledge_due' });
    expect(new Date(held.fire_at).toISOString()).toBe(new Date('2025-06-20T07:00:00+07:00').toISOString());
    expect(Date.now()).toBeLessThan(at('07:00:00'));
    expect(smtp.received).toHaveLength(0);
    expect(hook.received).toHaveLength(0);

    const [sent] = await eventually(
      () => reminders(pg, `r.id = $1`, [held.id]),
      (r) => r[0]?.status === 'sent',
      { what: 'the held reminder sent', timeoutMs: 60000 },
    );
    expect(sent.channels.sort()).toEqual(['email', 'inbox', 'webhook']);
    expect(sent.deliveries.map((d) => [d.channel, d.status])).toEqual([
      ['email', 'delivered'],
      ['inbox', 'delivered'],
      ['webhook', 'delivered'],
    ]);
    // nothing went out before 07:00 (real time of the virtual 07:00), and it went out right then
    const mail = smtp.delivered().find((m) => m.idempotencyKey === `${held.id}-email`)!;
    const post = hook.processed().find((h) => h.idempotencyKey === `${held.id}-webhook`)!;
    for (const t of [mail.receivedAt, post.receivedAt]) {
      expect(t).toBeGreaterThanOrEqual(at('07:00:00'));
      expect(t).toBeLessThan(at('07:00:05'));
    }
    expect(new Date(sent.dispatched_at!).getTime()).toBeGreaterThanOrEqual(new Date('2025-06-20T07:00:00+07:00').getTime());

    // Vietnamese text: the cell, the criterion, the due date dd/MM/yyyy, a link to submit
    expect(mail.to).toEqual(['bithu.a01@example.vn']);
    expect(mail.subject).toBe('Nhắc hạn giao ước thi đua: Ấp Trung');
    expect(mail.text).toContain('Tiêu chí AP-01');
    expect(mail.text).toContain('hạn 23/06/2025 (còn 3 ngày)');
    expect(mail.text).toContain('https://ntm.thanhbinh.example.vn/submit?cell=874-30133-A01');
    expect(mail.messageId).toBe(`<${held.id}-email@pledge.thanhbinh>`);
    expect(post.signatureValid).toBe(true);
    expect(post.body).toMatchObject({
      id: `${held.id}-webhook`,
      kind: 'pledge_due',
      unitId: '874-30133-A01',
      recipient: { username: 'bithu.874-30133-a01', phone: '0901234567' },
      title: 'Nhắc hạn giao ước thi đua: Ấp Trung',
      link: 'https://ntm.thanhbinh.example.vn/submit?cell=874-30133-A01',
    });
    expect(post.body.body).toContain('hạn 23/06/2025');
    const { rows: inbox } = await pg.query(
      `SELECT m.title, m.body, m.link FROM inbox_message m JOIN account a ON a.id = m.account_id WHERE a.username = 'bithu.874-30133-a01' AND m.reminder_id = $1`,
      [held.id],
    );
    expect(inbox).toEqual([
      { title: mail.subject, body: expect.stringContaining('hạn 23/06/2025 (còn 3 ngày)'), link: 'https://ntm.thanhbinh.example.vn/submit?cell=874-30133-A01' },
    ]);
  });

  it('fires a scheduled reminder at its time (07:00:30), retrying the webhook with backoff until the gateway accepts it', async () => {
    hook.failNext(2, 503);
    const [planned] = await reminders(pg, `r.subject->>'occurrenceDate' = '2025-06-20'`);
    expect(planned).toMatchObject({ status: 'planned', subject: { itemIds: ['PL-874-30133-A01-05'] } });
    expect(new Date(planned.fire_at).toISOString()).toBe(new Date('2025-06-20T07:00:30+07:00').toISOString());
    const [sent] = await eventually(
      () => reminders(pg, `r.id = $1`, [planned.id]),
      (r) => r[0]?.status === 'sent',
      { what: 'the 07:00:30 reminder sent', timeoutMs: 40000 },
    );
    const mail = smtp.delivered().find((m) => m.idempotencyKey === `${planned.id}-email`)!;
    expect(mail.receivedAt).toBeGreaterThanOrEqual(at('07:00:30'));
    expect(mail.receivedAt).toBeLessThan(at('07:00:35'));
    expect(mail.text).toContain('hạn 21/06/2025 (còn 1 ngày)');
    const posts = hook.received.filter((h) => h.idempotencyKey === `${planned.id}-webhook`);
    expect(posts.map((p) => p.answered)).toEqual([503, 503, 200]);
    expect(posts[2].receivedAt - posts[1].receivedAt).toBeGreaterThan(posts[1].receivedAt - posts[0].receivedAt);
    expect(sent.deliveries.find((d) => d.channel === 'webhook')).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(hook.processed().filter((h) => h.idempotencyKey === `${planned.id}-webhook`)).toHaveLength(1);
  });

  it('lists the reminders with their deliveries (GET /api/v1/reminders) and shows the inbox to its owner only (GET /api/v1/inbox)', async () => {
    const dashboard = await sys.start('dashboard');
    const admin = await tokenFor(pg, 'quantri', sys.env.JWT_SECRET);
    const list = await (await fetch(`${dashboard.url}/api/v1/reminders?kind=pledge_due&status=sent`, { headers: { authorization: `Bearer ${admin}` } })).json();
    expect(list.items).toHaveLength(2);
    expect(list.items[0].deliveries.map((d: { channel: string }) => d.channel).sort()).toEqual(['email', 'inbox', 'webhook']);
    expect((await fetch(`${dashboard.url}/api/v1/reminders`)).status).toBe(401);
    const secretary = await tokenFor(pg, 'bithu.874-30133-a01', sys.env.JWT_SECRET);
    expect((await fetch(`${dashboard.url}/api/v1/reminders`, { headers: { authorization: `Bearer ${secretary}` } })).status).toBe(403);

    const inbox = await (await fetch(`${dashboard.url}/api/v1/inbox`, { headers: { authorization: `Bearer ${secretary}` } })).json();
    expect(inbox.unread).toBe(2);
    expect(inbox.items.map((m: { title: string }) => m.title)).toEqual(['Nhắc hạn giao ước thi đua: Ấp Trung', 'Nhắc hạn giao ước thi đua: Ấp Trung']);
    expect(inbox.items[0]).toMatchObject({ kind: 'pledge_due', unitId: '874-30133-A01', readAt: null });
    const read = await fetch(`${dashboard.url}/api/v1/inbox/${inbox.items[0].id}/read`, { method: 'POST', headers: { authorization: `Bearer ${secretary}` } });
    expect(read.status).toBe(200);
    const other = await tokenFor(pg, 'bithu.874-30133-a02', sys.env.JWT_SECRET);
    const foreign = await fetch(`${dashboard.url}/api/v1/inbox/${inbox.items[1].id}/read`, { method: 'POST', headers: { authorization: `Bearer ${other}` } });
    expect(foreign.status).toBe(404);
    const after = await (await fetch(`${dashboard.url}/api/v1/inbox?unread=true`, { headers: { authorization: `Bearer ${secretary}` } })).json();
    expect(after).toMatchObject({ unread: 1, items: [{ id: inbox.items[1].id }] });
  });

  it('a worker killed (SIGKILL) in the middle of a send and restarted delivers exactly once on each channel', async () => {
    // hold the receivers' answers: both have the message, neither has acknowledged it, when the worker dies
    smtp.hold();
    hook.hold();
    await pg.query(`UPDATE pledge_item SET status = 'active', waived_reason = NULL, due_date = '2025-06-25' WHERE id = 'PL-874-30133-A02-02'`);
    // its 7-days-before reminder (18/06) was missed: caught up at once
    const [row] = await eventually(
      () => reminders(pg, `r.unit_id = '874-30133-A02' AND r.subject->>'occurrenceDate' = '2025-06-18'`),
      (r) => r[0]?.status === 'sending',
      {
        what: 'the A02 reminder dispatched',
      },
    );
    const [mails, posts] = await eventually(
      async () => [
        smtp.received.filter((m) => m.idempotencyKey === `${row.id}-email`).length,
        hook.received.filter((h) => h.idempotencyKey === `${row.id}-webhook`).length,
      ],
      ([m, h]) => m >= 1 && h >= 1,
      { what: 'both receivers holding the message', intervalMs: 20 },
    );
    await sys.apps.reminders!.kill();
    expect([mails, posts]).toEqual([1, 1]);
    smtp.release();
    hook.release();
    expect(
      (await reminders(pg, `r.id = $1`, [row.id]))[0].deliveries
        .filter((d) => d.status === 'sending')
        .map((d) => d.channel)
        .sort(),
    ).toEqual(['email', 'webhook']);

    await sys.start('reminders', env);
    const [sent] = await eventually(
      () => reminders(pg, `r.id = $1`, [row.id]),
      (r) => r[0]?.status === 'sent',
      { what: 'the reminder sent after the restart', timeoutMs: 60000 },
    );
    // the send was repeated after the crash (same idempotency key), and the receivers kept one message each
    expect(smtp.received.filter((m) => m.idempotencyKey === `${row.id}-email`).length).toBe(2);
    expect(smtp.delivered().filter((m) => m.idempotencyKey === `${row.id}-email`)).toHaveLength(1);
    expect(hook.received.filter((h) => h.idempotencyKey === `${row.id}-webhook`).length).toBe(2);
    expect(hook.processed().filter((h) => h.idempotencyKey === `${row.id}-webhook`)).toHaveLength(1);
    expect(sent.deliveries.map((d) => [d.channel, d.status])).toEqual([
      ['email', 'delivered'],
      ['inbox', 'delivered'],
      ['webhook', 'delivered'],
    ]);
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM inbox_message WHERE reminder_id = $1`, [row.id]);
    expect(rows[0].n).toBe(1);
    // and no message of this test was delivered twice on any channel
    const all = await reminders(pg, `r.status <> 'planned'`);
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const r of all) {
      expect(r).toMatchObject({ status: 'sent' });
      expect(hook.processed().filter((h) => h.idempotencyKey === `${r.id}-webhook`)).toHaveLength(1);
      expect(smtp.delivered().filter((m) => m.idempotencyKey === `${r.id}-email`)).toHaveLength(1);
    }
    expect(hook.processed()).toHaveLength(all.length);
    expect(smtp.delivered()).toHaveLength(all.length);
  });
});
