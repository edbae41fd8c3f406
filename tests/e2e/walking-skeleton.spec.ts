import { Topics } from '@pledge/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { TEST_PASSWORD } from '../support/global-setup';
import { startSystem, TestSystem } from '../support/system';

/**
 * The thin slice on the real components: an update POSTed to intake travels through the real
 * Kafka topic, ingest and the projector into PostgreSQL and shows in GET /api/v1/progress; a
 * pledge item with a due date yields a BullMQ job that a real worker delivers.
 */
describe('walking skeleton (real Kafka, PostgreSQL, Redis)', () => {
  let sys: TestSystem;
  let pg: Client;

  beforeAll(async () => {
    sys = await startSystem('skeleton', ['ingest', 'projector', 'intake', 'dashboard', 'reminders'], {
      REMINDER_QUIET_HOURS: 'off',
      REMINDER_SWEEP_EVERY_MS: '500',
    });
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await sys?.stop();
  });

  // GET /api/v1/progress needs a logged-in account (any role sees the district figures)
  let leaderToken: string | undefined;
  const progress = async () => {
    if (!leaderToken) {
      const login = await fetch(`${sys.url('intake')}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'lanhdao.1', password: TEST_PASSWORD }),
      });
      expect(login.status).toBe(200);
      leaderToken = ((await login.json()) as { accessToken: string }).accessToken;
    }
    const res = await fetch(`${sys.url('dashboard')}/api/v1/progress`, { headers: { authorization: `Bearer ${leaderToken}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as { cellsReporting: number; readings: number; communes: { code: string; cellsReporting: number; readings: number }[] };
  };

  it('an update POSTed to the intake reaches GET /api/v1/progress through the Kafka topic', async () => {
    const [cell] = (await pg.query(`SELECT id, parent_id FROM admin_unit WHERE kind = 'hamlet' ORDER BY id LIMIT 1`)).rows;
    const [ind] = (
      await pg.query(`SELECT i.criterion_code, i.code FROM indicator i
                        JOIN criterion c ON c.catalogue_version = i.catalogue_version AND c.code = i.criterion_code
                       WHERE c.applies_to = 'hamlet' AND i.kind = 'percentage' AND i.reported_by = 'cell' AND NOT i.attributes ? 'readingOf' ORDER BY 1, 2 LIMIT 1`)
    ).rows;
    const before = await progress();
    expect(before.readings).toBe(0);

    // watch the raw topic to prove the update crossed Kafka, keyed by the hamlet's code
    const consumer = sys.kafka.consumer({ groupId: `${sys.prefix}test-watch` });
    await consumer.connect();
    await consumer.subscribe({ topic: sys.topic(Topics.criterionUpdates), fromBeginning: true });
    const seen: { key: string; eventId: string }[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => void seen.push({ key: message.key!.toString(), eventId: JSON.parse(message.value!.toString()).eventId }),
    });

    // log in as the cell's secretary (seeded account bithu.<cell id lowercased>)
    const login = await fetch(`${sys.url('intake')}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `bithu.${String(cell.id).toLowerCase()}`, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };

    const eventId = randomUUID();
    const res = await fetch(`${sys.url('intake')}/api/v1/updates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        eventId,
        hamletCode: cell.id,
        criterionCode: ind.criterion_code,
        readings: [{ indicatorCode: ind.code, numerator: 42, denominator: 50 }],
        asOf: '2025-06-30',
        reportedBy: 'bithu.test',
      }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ eventId, status: 'accepted' });

    const after = await eventually(progress, (p) => p.readings === 1, { what: 'the update in GET /api/v1/progress', timeoutMs: 30000 });
    expect(after.cellsReporting).toBe(1);
    expect(after.communes.find((c) => c.code === cell.parent_id)).toMatchObject({ cellsReporting: 1, readings: 1 });
    await eventually(
      async () => seen,
      (s) => s.some((m) => m.eventId === eventId),
      { what: 'the event on ntm.criterion-updates' },
    );
    expect(seen.find((m) => m.eventId === eventId)!.key).toBe(cell.id);
    await consumer.disconnect();
  });

  it('a pledge item with a due date yields one reminder, delivered by the BullMQ worker and listed by GET /api/v1/reminders', async () => {
    // a pledge item due in 5 days (local time): of the reminders before it, the missed ones (30 and 7 days
    // before) collapse into one caught up at once; "1 day before", the due day and the weekly overdue ones are planned
    // (2021–2025 closed on 31/12/2025 and is no longer chased: the item is of a pledge re-signed for 2026–2030, the row
    // the re-signing endpoint writes, docs/programmes.md)
    const [old] = (await pg.query(`SELECT cell_id, criterion_code, indicator_code, target FROM pledge_item ORDER BY id LIMIT 1`)).rows;
    const item = { id: `PL-2026-2030-${old.cell_id}-01`, cell_id: old.cell_id as string };
    await pg.query(
      `INSERT INTO pledge (id, cell_id, catalogue_version, programme_id, signed_on, attributes) VALUES ($1, $2, 'NTM-2021-2025', '2026-2030', '2026-03-01', '{}')`,
      [`PL-2026-2030-${old.cell_id}`, old.cell_id],
    );
    await pg.query(
      `INSERT INTO pledge_item (id, pledge_id, cell_id, criterion_code, indicator_code, target, due_date, status)
       VALUES ($1, $2, $3, $4, $5, $6, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 5, 'active')`,
      [item.id, `PL-2026-2030-${old.cell_id}`, old.cell_id, old.criterion_code, old.indicator_code, old.target],
    );

    // the reminders list is an operations view: administrators and district leaders
    const login = await fetch(`${sys.url('intake')}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'quantri', password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const adminToken = ((await login.json()) as { accessToken: string }).accessToken;
    type Listed = { items: { pledgeItemId: string; status: string; fireAt: string; deliveries: { channel: string }[] }[] };
    const list = async (): Promise<Listed> =>
      (
        await fetch(`${sys.url('dashboard')}/api/v1/reminders?pledgeItemId=${item.id}`, { headers: { authorization: `Bearer ${adminToken}` } })
      ).json() as Promise<Listed>;
    const listed = await eventually(list, (l) => l.items.some((r) => r.pledgeItemId === item.id && r.status === 'sent'), {
      what: 'the reminder to be sent',
      timeoutMs: 30000,
    });
    const mine = listed.items.filter((r) => r.pledgeItemId === item.id);
    const sent = mine.filter((r) => r.status === 'sent');
    expect(sent).toHaveLength(1);
    expect(sent[0].deliveries).toEqual([expect.objectContaining({ channel: 'inbox' })]);
    const planned = mine.filter((r) => r.status === 'planned');
    expect(planned.length).toBeGreaterThanOrEqual(2);
    const fireTimes = planned.map((r) => new Date(r.fireAt).getTime()).sort((a, b) => a - b);
    expect(fireTimes[0]).toBeGreaterThan(Date.now());
    // the first one still to come is "1 day before": 4 days from now, at the send time (08:00 local)
    expect(new Date(fireTimes[0]).toISOString().slice(11, 16)).toBe('01:00');
    const inbox = await pg.query(`SELECT m.title FROM inbox_message m JOIN account a ON a.id = m.account_id WHERE a.unit_id = $1`, [item.cell_id]);
    expect(inbox.rows).toHaveLength(1);
  });
});
