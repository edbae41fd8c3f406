import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { startSystem, TestSystem } from '../support/system';
import { call, logIn, update } from './intake-support';

/**
 * The web app talks to one origin: the dashboard proxies log-in and submissions to the intake. When the intake is
 * down the phone gets a 502 in the system's error format (the web app keeps the report queued, as when offline);
 * when it is back, the same report (same eventId) goes through once. Real apps as processes, real Kafka and PostgreSQL.
 */
describe('the dashboard in front of the intake (proxy for log-in and submissions)', () => {
  let sys: TestSystem;
  let pg: Client;

  beforeAll(async () => {
    sys = await startSystem('intake-proxy', ['ingest', 'intake']);
    await sys.start('dashboard', { INTAKE_URL: sys.url('intake') });
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await sys?.stop();
  });

  it('answers 502 intake_unreachable while the intake is down; the same report is accepted once when it is back', async () => {
    const dashboard = sys.url('dashboard');
    const { accessToken: token } = await logIn(dashboard, 'bithu.874-30133-a01'); // through the proxy
    const report = update({ eventId: randomUUID() });

    const intakePort = sys.apps.intake!.port;
    await sys.apps.intake!.stop();
    const down = await call(`${dashboard}/api/v1/updates`, { token, body: report });
    expect(down.status).toBe(502);
    expect(down.body).toMatchObject({ statusCode: 502, error: 'intake_unreachable' });
    expect(down.body.message).toMatch(/Không kết nối được dịch vụ tiếp nhận báo cáo/);
    expect(down.body.messageEn).toMatch(/cannot be reached/);
    expect((await call(`${dashboard}/api/v1/progress`, { token })).status).toBe(200); // the read API stays up

    await sys.start('intake', {}, intakePort);
    const first = await call(`${dashboard}/api/v1/updates`, { token, body: report });
    expect(first.status).toBe(202);
    const again = await call(`${dashboard}/api/v1/updates`, { token, body: report }); // the phone retries: same answer
    expect(again.status).toBe(202);
    expect(again.body.eventId).toBe(report.eventId);
    const stored = await eventually(
      async () => (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_store WHERE event_id = $1`, [report.eventId])).rows[0].n,
      (n) => n > 0,
      { what: 'the report to reach the event store' },
    );
    expect(stored).toBe(1);
  });
});
