import { randomUUID } from 'node:crypto';
import { loadUnitDay } from '@pledge/persistence';
import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { startSystem, TestSystem } from '../support/system';
import { call, logIn } from './intake-support';

/**
 * Through the whole pipeline (intake → Kafka → ingest → Kafka → projector → PostgreSQL): a secretary's reading of an
 * older day that arrives after a newer one is kept in the history but does not replace the newer one, in the
 * readings in force nor in the derived programme of today, while the stored end of its own month shows it; a
 * correction of the newer day, reported later, does replace it.
 */
describe('a late older reading through the whole pipeline', () => {
  let sys: TestSystem;
  let pg: Client;
  const cell = '874-30133-A01';

  beforeAll(async () => {
    sys = await startSystem('projlate', ['ingest', 'projector', 'intake']);
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await sys?.stop();
  });

  const inForce = async () =>
    (
      await pg.query(
        `SELECT event_id::text, numerator, as_of::text FROM rm_reading WHERE hamlet_code = $1 AND criterion_code = 'XA-04' AND indicator_code = '4.2'`,
        [cell],
      )
    ).rows[0];
  /** AP-02 2.1 of the hamlet (judged on its XA-04 4.2 readings, readingOf) in the projector's programme on a stored day (default: today). */
  const status = async (day?: string) => {
    const d = day ?? (await pg.query(`SELECT derived_today::text AS d FROM projection_state`)).rows[0]?.d;
    if (!d) return undefined;
    const unit = await loadUnitDay({ query: async (sql: string, params?: unknown[]) => (await pg.query(sql, params)).rows }, cell, d);
    const i = unit?.criteria.find((c) => c.code === 'AP-02')?.indicators.find((x) => x.indicatorCode === '2.1');
    return i && { numerator: i.numerator, newest_as_of: i.newestAsOf };
  };
  const settled = async () => (await pg.query(`SELECT count(*)::int AS n FROM projection_dirty_batch`)).rows[0].n === 0;

  it('keeps the newer reading in force when an older one arrives after it', async () => {
    const { accessToken } = await logIn(sys.url('intake'), `bithu.${cell.toLowerCase()}`);
    const submit = async (asOf: string, numerator: number) => {
      const eventId = randomUUID();
      const res = await call(`${sys.url('intake')}/api/v1/updates`, {
        token: accessToken,
        body: { eventId, hamletCode: cell, criterionCode: 'XA-04', readings: [{ indicatorCode: '4.2', numerator, denominator: 420 }], asOf },
      });
      expect(res.status).toBe(202);
      return eventId;
    };

    const newer = await submit('2025-06-30', 412);
    await eventually(inForce, (r) => r?.event_id === newer, { what: 'the newer reading in force', timeoutMs: 30_000 });
    await eventually(status, (s) => s?.numerator === 412, { what: 'the derived status of AP-02 2.1', timeoutMs: 30_000 });

    const older = await submit('2025-05-31', 100);
    await eventually(
      async () => (await pg.query(`SELECT 1 FROM rm_reading_history WHERE event_id = $1`, [older])).rowCount,
      (n) => n === 1,
      { what: 'the older reading in the history', timeoutMs: 30_000 },
    );
    await eventually(settled, (ok) => ok, { what: 'the status refresher to settle', timeoutMs: 30_000 });
    expect(await inForce()).toEqual({ event_id: newer, numerator: 412, as_of: '2025-06-30' });
    expect(await status()).toMatchObject({ numerator: 412, newest_as_of: '2025-06-30' });
    // the end of May, a stored day of the programme, shows the late reading (it is the one in force on 31/05/2025)
    expect(await status('2025-05-31')).toMatchObject({ numerator: 100, newest_as_of: '2025-05-31' });
    // the older reading still counts as May's report (late: May's report was due on 5 June 2025)
    const may = await pg.query(`SELECT first_event_id::text, on_time FROM rm_cell_report WHERE unit_id = $1 AND period_start = '2025-05-01'`, [cell]);
    expect(may.rows).toEqual([{ first_event_id: older, on_time: false }]);

    // a correction of the newer day, reported later, replaces it
    const correction = await submit('2025-06-30', 415);
    await eventually(inForce, (r) => r?.event_id === correction, { what: 'the correction in force', timeoutMs: 30_000 });
    await eventually(status, (s) => s?.numerator === 415, { what: 'the corrected status', timeoutMs: 30_000 });
  });
});
