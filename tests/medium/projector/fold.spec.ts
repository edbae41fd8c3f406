import type { CriterionRecordedV1 } from '@pledge/contracts';
import { Client } from 'pg';
import { loadUnitDay } from '@pledge/persistence';
import { createTestDatabase, type TestDatabase } from '../../support/template-db';
import { generateEvents, loadCellsAndIndicators, snapshotReadModels, storeEvents, uuidFrom, type CellRef, type IndicatorRef } from './support/events';
import { batchOf, inProcessProjector, silentProgress, type InProcessProjector } from './support/in-process';

/**
 * The projector's fold on the real PostgreSQL (in-process, without Kafka): exactly-once, latest-wins with late
 * older readings, checkpoints in the same transaction, a bad message never blocking, reporting on time or late,
 * the derived read models, and a rebuild that reproduces the tables.
 */
describe('projector fold (real PostgreSQL)', () => {
  let db: TestDatabase;
  let pg: Client;
  let p: InProcessProjector;
  let cell: CellRef;
  let pct: IndicatorRef;
  let cells: CellRef[];
  let indicators: IndicatorRef[];
  let offset = 0;

  const event = ({ n, ...over }: Partial<CriterionRecordedV1> & { n: string }): CriterionRecordedV1 => ({
    eventId: uuidFrom(`fold-${n}`),
    schemaVersion: 1,
    hamletCode: cell.id,
    criterionCode: pct.criterionCode,
    readings: [{ indicatorCode: pct.code, numerator: 10, denominator: 20 }],
    asOf: '2025-03-31',
    reportedAt: '2025-04-02T01:00:00.000Z',
    reportedBy: 'bithu.test',
    communeCode: cell.parentId,
    sequence: '0',
    recordedAt: '2025-04-02T01:00:01.000Z',
    ...over,
  });
  const apply = async (partition: number, events: unknown[]) => {
    const r = await p.fold.execute(batchOf(partition, offset, events));
    offset += events.length;
    return r;
  };
  const current = async (unit = cell.id) =>
    (
      await pg.query(
        `SELECT event_id::text, numerator, denominator, as_of::text FROM rm_reading WHERE hamlet_code = $1 AND criterion_code = $2 AND indicator_code = $3`,
        [unit, pct.criterionCode, pct.code],
      )
    ).rows;

  beforeAll(async () => {
    db = await createTestDatabase('projfold');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    p = await inProcessProjector(db.url);
    ({ cells, indicators } = await loadCellsAndIndicators(pg));
    cell = cells.find((c) => c.kind === 'hamlet')!;
    pct = indicators.find((i) => i.appliesTo === 'hamlet' && i.kind === 'percentage')!;
  });

  afterAll(async () => {
    await p?.close();
    await pg?.end();
    await db?.drop();
  });

  it('keeps the newer reading in force when an older one arrives after it, and keeps both in the history', async () => {
    const newer = event({
      n: 'newer',
      asOf: '2025-05-31',
      reportedAt: '2025-06-02T01:00:00.000Z',
      readings: [{ indicatorCode: pct.code, numerator: 18, denominator: 20 }],
    });
    const older = event({
      n: 'older',
      asOf: '2025-04-30',
      reportedAt: '2025-06-03T01:00:00.000Z',
      readings: [{ indicatorCode: pct.code, numerator: 5, denominator: 20 }],
    });
    await apply(0, [newer]);
    const r = await apply(0, [older]);
    expect(r).toMatchObject({ applied: 1, changed: 0 });
    expect(await current()).toEqual([{ event_id: newer.eventId, numerator: 18, denominator: 20, as_of: '2025-05-31' }]);
    const history = await pg.query(`SELECT event_id::text FROM rm_reading_history WHERE hamlet_code = $1 ORDER BY as_of`, [cell.id]);
    expect(history.rows.map((x) => x.event_id)).toEqual([older.eventId, newer.eventId]);

    // a correction of the same day reported later replaces it; an older report of that day does not
    const correction = event({
      n: 'correction',
      asOf: '2025-05-31',
      reportedAt: '2025-06-04T01:00:00.000Z',
      readings: [{ indicatorCode: pct.code, numerator: 19, denominator: 20 }],
    });
    const stale = event({
      n: 'stale-report',
      asOf: '2025-05-31',
      reportedAt: '2025-06-01T01:00:00.000Z',
      readings: [{ indicatorCode: pct.code, numerator: 1, denominator: 20 }],
    });
    await apply(0, [correction, stale]);
    expect(await current()).toEqual([{ event_id: correction.eventId, numerator: 19, denominator: 20, as_of: '2025-05-31' }]);
  });

  it('counts an event delivered twice once, in the same batch or a later one', async () => {
    const other = cells.filter((c) => c.kind === 'hamlet')[1];
    const e = event({ n: 'twice', hamletCode: other.id, communeCode: other.parentId, asOf: '2024-09-15', reportedAt: '2024-09-16T02:00:00.000Z' });
    const first = await apply(1, [e, e]);
    expect(first).toMatchObject({ applied: 1, duplicates: 1 });
    const again = await apply(1, [e]); // re-published by ingest after a crash: a new offset, the same eventId
    expect(again).toMatchObject({ applied: 0, duplicates: 1 });
    const hist = await pg.query(`SELECT count(*)::int AS n FROM rm_reading_history WHERE event_id = $1`, [e.eventId]);
    expect(hist.rows[0].n).toBe(1);
    await p.refreshReports();
    const rep = await pg.query(`SELECT events, on_time FROM rm_cell_report WHERE unit_id = $1 AND period_start = '2024-09-01'`, [other.id]);
    expect(rep.rows).toEqual([{ events: 1, on_time: true }]);
  });

  it('writes the checkpoint with the rows: offsets below it are skipped, a batch that fails leaves neither', async () => {
    const e1 = event({ n: 'cp1', asOf: '2023-01-10', reportedAt: '2023-01-11T00:00:00.000Z' });
    const e2 = event({ n: 'cp2', asOf: '2023-01-11', reportedAt: '2023-01-12T00:00:00.000Z' });
    const r = await p.fold.execute(batchOf(2, 100, [e1, e2]));
    expect(r).toMatchObject({ applied: 2, nextOffset: '102' });
    // the consumer restarted before committing to Kafka: the same offsets come again, plus one more
    const e3 = event({ n: 'cp3', asOf: '2023-01-12', reportedAt: '2023-01-13T00:00:00.000Z' });
    const again = await p.fold.execute(batchOf(2, 100, [e1, e2, e3]));
    expect(again).toMatchObject({ skipped: 2, applied: 1, nextOffset: '103' });
    // a crash inside the transaction: nothing of the batch, not even its checkpoint
    const e4 = event({ n: 'cp4', asOf: '2023-01-13', reportedAt: '2023-01-14T00:00:00.000Z' });
    await expect(
      p.ds.transaction(async (m) => {
        await p.fold.applyInTransaction(m, batchOf(2, 103, [e4]));
        throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    const cp = await pg.query(`SELECT next_offset::text FROM projection_checkpoint WHERE partition = 2`);
    expect(cp.rows).toEqual([{ next_offset: '103' }]);
    expect((await pg.query(`SELECT 1 FROM rm_reading_history WHERE event_id = $1`, [e4.eventId])).rowCount).toBe(0);
  });

  it('skips a message that is not a recorded event, without blocking the partition', async () => {
    const good = event({ n: 'after-bad', asOf: '2023-02-10', reportedAt: '2023-02-11T00:00:00.000Z' });
    const r = await p.fold.execute(batchOf(3, 0, ['{not json', JSON.stringify({ eventId: 'x' }), good]));
    expect(r).toMatchObject({ rejected: 2, applied: 1, nextOffset: '3' });
    expect((await pg.query(`SELECT 1 FROM rm_reading_history WHERE event_id = $1`, [good.eventId])).rowCount).toBe(1);
  });

  it('tells reports on time (first report by the 5th of the next month, Vietnam time) from late ones (status refresher)', async () => {
    const [a, b] = cells.filter((c) => c.kind === 'hamlet').slice(2, 4);
    await apply(4, [
      event({ n: 'ontime', hamletCode: a.id, communeCode: a.parentId, asOf: '2024-06-20', reportedAt: '2024-07-05T16:59:00.000Z' }), // 23:59 on 5 July in Vietnam
      event({ n: 'late', hamletCode: b.id, communeCode: b.parentId, asOf: '2024-06-20', reportedAt: '2024-07-05T17:00:00.000Z' }), // 00:00 on 6 July
    ]);
    await p.refreshReports();
    const rows = (
      await pg.query(`SELECT unit_id, due_date::text, on_time FROM rm_cell_report WHERE period_start = '2024-06-01' AND unit_id = ANY($1) ORDER BY unit_id`, [
        [a.id, b.id],
      ])
    ).rows;
    expect(rows).toEqual([
      { unit_id: a.id, due_date: '2024-07-05', on_time: true },
      { unit_id: b.id, due_date: '2024-07-05', on_time: false },
    ]);
    // a late cell that had reported on time keeps "on time"; a later correction does not change it
    await apply(4, [event({ n: 'late-correction', hamletCode: a.id, communeCode: a.parentId, asOf: '2024-06-20', reportedAt: '2024-07-20T00:00:00.000Z' })]);
    await p.refreshReports();
    const again = await pg.query(`SELECT events, on_time FROM rm_cell_report WHERE period_start = '2024-06-01' AND unit_id = $1`, [a.id]);
    expect(again.rows).toEqual([{ events: 2, on_time: true }]);
  });

  it('derives the programme on every stored day (district standard, units, pledge forecasts) and reporting completeness through libs/domain', async () => {
    const events = await storeEvents(pg, generateEvents(cells, indicators, 600, { seed: 7 }));
    for (let i = 0; i < events.length; i += 150) await apply(5, events.slice(i, i + 150));
    await p.refreshAll();
    const count = async (sql: string) => (await pg.query(sql)).rows[0].n as number;
    // the district the pledges cover keeps the end of every month of 2021–2025 (and "today", here the deadline)
    expect(await count(`SELECT count(*)::int AS n FROM rm_district_day WHERE district_id = '874' AND period_end`)).toBe(60);
    const days = (await pg.query(`SELECT view_day::text AS d FROM rm_district_day WHERE district_id = '874' ORDER BY 1`)).rows.map((r) => r.d);
    expect(days[0]).toBe('2021-01-31');
    expect(days[days.length - 1]).toBe('2025-12-31');
    // on each day: every cell and commune of the district, every pledge item
    const onDay = async (day: string) => ({
      cells: await count(`SELECT count(*)::int AS n FROM rm_unit_day WHERE view_day = '${day}' AND unit_kind IN ('hamlet', 'ward')`),
      items: await count(`SELECT count(*)::int AS n FROM rm_pledge_item_day WHERE view_day = '${day}'`),
    });
    expect(await onDay('2024-06-30')).toEqual({ cells: cells.length, items: await count(`SELECT count(*)::int AS n FROM pledge_item`) });
    // a commune's ratio is Σ numerators / Σ denominators of its cells' readings in force on the day
    const communeId = (await pg.query(`SELECT unit_id FROM rm_unit_day WHERE view_day = '2025-12-31' AND unit_kind = 'commune' ORDER BY unit_id LIMIT 1`))
      .rows[0].unit_id;
    const day = await loadUnitDay(p.ds, communeId, '2025-12-31');
    const share = day!.criteria.find((c) => c.code === 'XA-02')!.indicators.find((i) => i.indicatorCode === '2.2')!;
    const sums = (
      await pg.query(
        `SELECT sum(r.numerator) AS n, sum(r.denominator) AS d FROM rm_reading r JOIN admin_unit u ON u.id = r.hamlet_code
          WHERE u.parent_id = $1 AND r.criterion_code = 'XA-02' AND r.indicator_code = '2.2' AND r.as_of <= '2025-12-31'`,
        [communeId],
      )
    ).rows[0];
    if (share.missing.length === 0) expect([share.numerator, share.denominator]).toEqual([Number(sums.n), Number(sums.d)]);
    else expect(share.status).toBe('no_data');
    // completeness: every expected cell is either reported or named as missing, for every period of the programme
    expect(await count(`SELECT count(*)::int AS n FROM rm_reporting_summary WHERE unit_id = '874'`)).toBe(60);
    const summary = (
      await pg.query(`SELECT cells_expected, cells_reported, missing_cell_ids FROM rm_reporting_summary WHERE unit_id = '874' ORDER BY period_start`)
    ).rows;
    for (const s of summary) expect(s.cells_reported + s.missing_cell_ids.length).toBe(s.cells_expected);
  });

  it('rebuilds every read model from the event store to the same rows, and swaps them in', async () => {
    // the events applied so far without an event-store row would be lost by a rebuild: store them too
    const before = await snapshotReadModels(pg);
    const storedIds = new Set((await pg.query(`SELECT event_id::text FROM event_store`)).rows.map((r) => r.event_id));
    const historyIds = new Set(before.rm_reading_history.map((r) => (r as { event_id: string }).event_id));
    const unstored = [...historyIds].filter((id) => !storedIds.has(id));
    expect(unstored.length).toBeGreaterThan(0); // the hand-made events of the tests above
    await pg.query(`TRUNCATE rm_reading_history, rm_reading, rm_cell_report, projection_dirty_batch`);
    await pg.query(`DELETE FROM projection_checkpoint`);
    const events = (
      await pg.query(
        `SELECT payload || jsonb_build_object('communeCode', commune_code, 'sequence', sequence::text, 'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS e
           FROM event_store ORDER BY sequence`,
      )
    ).rows.map((r) => r.e);
    for (let i = 0; i < events.length; i += 200) await p.fold.execute(batchOf(6, i, events.slice(i, i + 200)));
    await p.refreshAll();
    const live = await snapshotReadModels(pg);
    const summary = await p.rebuild.execute(silentProgress, { chunkSize: 97 });
    expect(summary.events).toBe(events.length);
    const rebuilt = await snapshotReadModels(pg);
    for (const table of Object.keys(live)) expect({ table, rows: rebuilt[table] }).toEqual({ table, rows: live[table] });
    // the swapped-in tables carry the original index names (the migrations still describe the schema)
    const idx = (await pg.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'rm_reading_history' ORDER BY 1`)).rows.map((r) => r.indexname);
    expect(idx).toEqual(['IDX_35220ae9264db5b683a6abbc14', 'PK_2918eccc68529d888036f1d6850']);
    expect((await pg.query(`SELECT generation FROM projection_state`)).rows).toEqual([{ generation: 1 }]);
  });
});
