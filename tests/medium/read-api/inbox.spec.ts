import { DashboardRemindersModule } from '../../../apps/dashboard/src/reminders/reminders.module';
import { startReadApi, ReadApiApp } from './support/read-api-app';

/** A user's inbox through the dashboard (typed rows of inbox_message, account and notification_preference). */
describe('the inbox (real PostgreSQL)', () => {
  let api: ReadApiApp;
  const USER = 'bithu.874-30133-a01';
  let accountId: string;

  beforeAll(async () => {
    api = await startReadApi('inbox', [DashboardRemindersModule]);
    accountId = (await api.pg.query<{ id: string }>(`SELECT id FROM account WHERE username = $1`, [USER])).rows[0].id;
    await api.pg.query(
      `INSERT INTO inbox_message (id, account_id, reminder_id, title, body, link, created_at) VALUES
         ('00000000-0000-4000-8000-000000000001', $1, NULL, 'Nhắc báo cáo', 'Hạn báo cáo tháng 6', '/report', '2025-06-20T00:00:00Z'),
         ('00000000-0000-4000-8000-000000000002', $1, NULL, 'Tin thứ hai', 'Nội dung', NULL, '2025-06-21T00:00:00Z')`,
      [accountId],
    );
  });

  afterAll(async () => {
    await api?.close();
  });

  it('lists the messages newest first, unread counted, and marks one read', async () => {
    const list = await api.get('/api/v1/inbox', USER);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ unread: 2, nextBefore: null });
    expect(list.body.items).toEqual([
      {
        id: '00000000-0000-4000-8000-000000000002',
        title: 'Tin thứ hai',
        body: 'Nội dung',
        link: null,
        kind: null,
        unitId: null,
        createdAt: '2025-06-21T00:00:00.000Z',
        readAt: null,
      },
      {
        id: '00000000-0000-4000-8000-000000000001',
        title: 'Nhắc báo cáo',
        body: 'Hạn báo cáo tháng 6',
        link: '/report',
        kind: null,
        unitId: null,
        createdAt: '2025-06-20T00:00:00.000Z',
        readAt: null,
      },
    ]);
    const marked = await api.send('POST', '/api/v1/inbox/00000000-0000-4000-8000-000000000001/read', {}, USER);
    expect(marked.status).toBe(200);
    expect(marked.body.id).toBe('00000000-0000-4000-8000-000000000001');
    expect(Number.isNaN(Date.parse(marked.body.readAt))).toBe(false);
    expect((await api.get('/api/v1/inbox?unread=true', USER)).body.items.map((m: { id: string }) => m.id)).toEqual(['00000000-0000-4000-8000-000000000002']);
    expect((await api.send('POST', '/api/v1/inbox/00000000-0000-4000-8000-000000000009/read', {}, USER)).status).toBe(404);
  });

  it('gives the default channels until the user chooses, then the choice', async () => {
    const before = await api.get('/api/v1/inbox/preferences', USER);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ defaults: true });
    const chosen = await api.send('PUT', '/api/v1/inbox/preferences', { channels: ['inbox'] }, USER);
    expect(chosen.status).toBe(200);
    expect((await api.get('/api/v1/inbox/preferences', USER)).body).toMatchObject({ channels: ['inbox'], defaults: false });
  });
});
