import type { CriterionRecordedV1 } from '@pledge/contracts';
import { ReportingModule } from '../../../apps/dashboard/src/reporting/reporting.module';
import { batchOf, inProcessProjector, type InProcessProjector } from '../projector/support/in-process';
import { uuidFrom } from '../projector/support/events';
import { READ_API_MODULES } from './support/modules';
import { startReadApi, ReadApiApp } from './support/read-api-app';
import { seedCounts } from '../../support/seed-counts';

/**
 * GET /api/v1/reporting on the projector's own read models: events are folded by the projector's handlers
 * in-process (rm_reading_history → rm_cell_report → rm_reporting_summary through its status refresh), then read
 * through the dashboard's API. Covers the period chosen for the view date, the period boundaries (the day a figure
 * describes; the due day in Vietnam's time zone), on time versus late, the named lists and the callers' scopes.
 */
describe('GET /api/v1/reporting (reporting completeness per period)', () => {
  let api: ReadApiApp;
  let projector: InProcessProjector;
  let offset = 0;
  let allCells: { id: string; parent: string }[];

  const TQ = ['874-30133-A01', '874-30133-A02', '874-30133-A03', '874-30133-A04', '874-30133-A05']; // Xã Tân Quới: Ấp Trung + 4 placeholder names
  const OTHER = '874-30136-A01';

  /** A recorded event of a cell (or a commune's own figure): what ingest publishes, folded by the projector. */
  const event = (
    n: string,
    hamletCode: string,
    asOf: string,
    reportedAt: string,
    communeCode = hamletCode.split('-')[1] ?? hamletCode,
  ): CriterionRecordedV1 => ({
    eventId: uuidFrom(`reporting-${n}`),
    schemaVersion: 1,
    hamletCode,
    criterionCode: hamletCode.includes('-') ? 'XA-09' : 'XA-07',
    readings: hamletCode.includes('-') ? [{ indicatorCode: '9.1', value: 0 }] : [{ indicatorCode: '7', value: true }],
    asOf,
    reportedAt,
    reportedBy: 'test',
    communeCode,
    sequence: '0',
    recordedAt: reportedAt,
  });
  const fold = async (events: CriterionRecordedV1[]) => {
    await projector.fold.execute(batchOf(0, offset, events));
    offset += events.length;
    await projector.refreshAll();
  };
  const reporting = async (query = '', user = 'lanhdao.1'): Promise<any> => {
    const res = await api.get(`/api/v1/reporting${query}`, user);
    expect([query, user, res.status]).toEqual([query, user, 200]);
    return res.body;
  };
  const ids = (list: { id: string }[]) => list.map((c) => c.id);

  beforeAll(async () => {
    api = await startReadApi('reporting', [...READ_API_MODULES, ReportingModule]);
    projector = await inProcessProjector(api.db.url);
    allCells = (await api.pg.query(`SELECT id, parent_id AS parent FROM admin_unit WHERE kind IN ('hamlet', 'ward') ORDER BY id`)).rows;
  });

  afterAll(async () => {
    await projector?.close();
    await api?.close();
  });

  it('before any report: the latest period due on the view date (November 2025 for 31/12/2025), every cell named as not reported', async () => {
    const r = await reporting();
    expect(r.asOf).toBe('2025-12-31');
    expect(r.asOfNote.vi).toMatch(/31\/12\/2025/);
    expect(r.period).toMatchObject({ start: '2025-11-01', end: '2025-11-30', due: '2025-12-05', every: 'month', dueOnViewDate: true, chosen: 'latest_due' });
    expect(r.period.label).toEqual({ vi: 'tháng 11/2025', en: 'November 2025' });
    expect(r.period.note.vi).toBe('Kỳ báo cáo tháng 11/2025 (hạn nộp 05/12/2025): kỳ gần nhất đã đến hạn tại ngày xem 31/12/2025');
    expect(r).toMatchObject({
      scope: { kind: 'district', unitId: '874' },
      cellsExpected: seedCounts.cells,
      cellsReported: 0,
      cellsOnTime: 0,
      cellsLate: 0,
      late: [],
      source: 'computed',
    });
    expect(ids(r.notReported).sort()).toEqual(allCells.map((c) => c.id).sort());
    expect(r.notReported.find((c: { id: string }) => c.id === TQ[0])).toEqual({
      id: TQ[0],
      code: TQ[0],
      name: 'Ấp Trung',
      kind: 'hamlet',
      placeholder: false,
      communeId: '30133',
      communeName: 'Xã Tân Quới',
    });
    expect(r.notReported.find((c: { id: string }) => c.id === TQ[1])).toMatchObject({ placeholder: true, name: 'Ấp [placeholder 02]' });
    expect(r.perCommune).toHaveLength(seedCounts.communesAndTown);
    expect(r.perCommune.reduce((s: number, c: { cellsExpected: number }) => s + c.cellsExpected, 0)).toBe(seedCounts.cells);
  });

  it('counts a report for the period by the day its figures describe, and judges on time by the due day in Vietnam', async () => {
    await fold([
      // due 05/12/2025: 23:59:59 that day in Vietnam is on time, one second later (00:00 on 06/12 in Vietnam, still 05/12 in UTC) is late
      event('a01', TQ[0], '2025-11-30', '2025-12-05T16:59:59.000Z'),
      event('a02', TQ[1], '2025-11-15', '2025-12-05T17:00:00.000Z'),
      // the first day of the period counts
      event('a03', TQ[2], '2025-11-01', '2025-11-02T01:00:00.000Z'),
      // figures describing the last day of October and the first of December are not November's report
      event('a04', TQ[3], '2025-10-31', '2025-11-03T02:00:00.000Z'),
      event('a05', TQ[4], '2025-12-01', '2025-12-02T02:00:00.000Z'),
      // the commune's own figures are not a cell's report
      event('commune', '30133', '2025-11-20', '2025-11-21T02:00:00.000Z', '30133'),
      event('other', OTHER, '2025-11-10', '2025-11-11T02:00:00.000Z'),
    ]);
    const r = await reporting();
    expect(r).toMatchObject({ cellsExpected: seedCounts.cells, cellsReported: 4, cellsOnTime: 3, cellsLate: 1, source: 'read_model' });
    expect(r.late).toEqual([
      {
        id: TQ[1],
        code: TQ[1],
        name: 'Ấp [placeholder 02]',
        kind: 'hamlet',
        placeholder: true,
        communeId: '30133',
        communeName: 'Xã Tân Quới',
        firstReportedAt: '2025-12-05T17:00:00.000Z',
        daysLate: 1,
      },
    ]);
    expect(ids(r.notReported)).toEqual(expect.arrayContaining([TQ[3], TQ[4]]));
    expect(ids(r.notReported)).not.toEqual(expect.arrayContaining([TQ[0]]));
    expect(r.notReported).toHaveLength(51);
    const tq = r.perCommune.find((c: { id: string }) => c.id === '30133');
    expect(tq).toEqual({
      id: '30133',
      name: 'Xã Tân Quới',
      kind: 'commune',
      placeholder: false,
      cellsExpected: 5,
      cellsReported: 3,
      cellsOnTime: 2,
      cellsLate: 1,
      notReported: [TQ[3], TQ[4]],
      late: [TQ[1]],
    });
    // the same as the projector's read model says
    const { rows } = await api.pg.query(
      `SELECT cells_reported, cells_late, missing_cell_ids FROM rm_reporting_summary WHERE unit_id = '30133' AND period_start = '2025-11-01'`,
    );
    expect(rows).toEqual([{ cells_reported: 3, cells_late: 1, missing_cell_ids: [TQ[3], TQ[4]] }]);

    // October and December are other periods
    const october = await reporting('?period=2025-10');
    expect(october.period).toMatchObject({ start: '2025-10-01', end: '2025-10-31', due: '2025-11-05', chosen: 'asked', dueOnViewDate: true });
    expect(october.perCommune.find((c: { id: string }) => c.id === '30133')).toMatchObject({
      cellsReported: 1,
      cellsOnTime: 1,
      notReported: [TQ[0], TQ[1], TQ[2], TQ[4]],
    });
    const december = await reporting('?period=2025-12');
    expect(december.period).toMatchObject({ start: '2025-12-01', due: '2026-01-05', dueOnViewDate: false });
    expect(december.period.note.en).toBe(
      'Reporting period December 2025 (due 5 Jan 2026): not yet due on the view date 31 Dec 2025; cells that have not reported are not late yet',
    );
    expect(december.perCommune.find((c: { id: string }) => c.id === '30133')).toMatchObject({ cellsReported: 1, notReported: [TQ[0], TQ[1], TQ[2], TQ[3]] });
  });

  it('chooses the period the view date requires: the one whose report falls due that day or earlier', async () => {
    expect((await reporting('?asOf=2025-12-04')).period).toMatchObject({ start: '2025-10-01', due: '2025-11-05' });
    expect((await reporting('?asOf=2025-12-05')).period).toMatchObject({ start: '2025-11-01', due: '2025-12-05' });
    expect((await reporting('?asOf=2025-01-03')).period).toMatchObject({ start: '2024-11-01', due: '2024-12-05' });
    expect((await reporting('?asOf=2025-01-05')).period).toMatchObject({
      start: '2024-12-01',
      due: '2025-01-05',
      label: { vi: 'tháng 12/2024', en: 'December 2024' },
    });
  });

  it('limits the lists and the counts to the caller: an officer its commune, a secretary its cell', async () => {
    const officer = await reporting('', 'canbo.30133');
    expect(officer).toMatchObject({ scope: { kind: 'commune', unitId: '30133' }, cellsExpected: 5, cellsReported: 3, cellsOnTime: 2, cellsLate: 1 });
    expect(ids(officer.perCommune)).toEqual(['30133']);
    expect(ids(officer.notReported)).toEqual([TQ[3], TQ[4]]);
    expect(ids(officer.late)).toEqual([TQ[1]]);

    const other = await reporting('', 'canbo.30136');
    expect(ids(other.perCommune)).toEqual(['30136']);
    expect(other.notReported.every((c: { communeId: string }) => c.communeId === '30136')).toBe(true);
    expect(ids(other.notReported)).not.toContain(OTHER);

    const late = await reporting('', 'bithu.874-30133-a02');
    expect(late).toMatchObject({ scope: { kind: 'cell', unitId: TQ[1] }, cellsExpected: 1, cellsReported: 1, cellsLate: 1, notReported: [] });
    expect(ids(late.late)).toEqual([TQ[1]]);
    const missing = await reporting('', 'bithu.874-30133-a04');
    expect(missing).toMatchObject({ cellsExpected: 1, cellsReported: 0, late: [] });
    expect(ids(missing.notReported)).toEqual([TQ[3]]);
    expect(missing.perCommune).toEqual([expect.objectContaining({ id: '30133', cellsExpected: 1, notReported: [TQ[3]] })]);
  });

  it('follows a missing cell that reports late: it leaves the not-reported list and joins the late one', async () => {
    await fold([event('a04-late', TQ[3], '2025-11-28', '2025-12-10T03:00:00.000Z')]);
    const r = await reporting('', 'canbo.30133');
    expect(ids(r.notReported)).toEqual([TQ[4]]);
    expect(r.late.map((c: { id: string; daysLate: number }) => [c.id, c.daysLate])).toEqual([
      [TQ[1], 1],
      [TQ[3], 5],
    ]);
    expect(r).toMatchObject({ cellsReported: 4, cellsLate: 2, cellsOnTime: 2 });
  });

  it('refuses a malformed or impossible period, naming the field', async () => {
    const cases: [string, string, string][] = [
      ['?period=2025-13', 'period', 'invalid_period'],
      ['?period=11-2025', 'period', 'invalid_period'],
      ['?period=2026-01', 'period', 'outside_programme'],
      ['?asOf=2025-06-30&period=2025-07', 'period', 'after_view_date'],
      ['?period=2020-12', 'period', 'outside_programme'],
      ['?asOf=2026-02-01', 'asOf', 'outside_programme'],
      ['?asOf=31/12/2025', 'asOf', 'invalid_date'],
    ];
    for (const [query, field, problem] of cases) {
      const res = await api.get(`/api/v1/reporting${query}`);
      expect([query, res.status, res.body.details?.[0]?.field, res.body.details?.[0]?.problem]).toEqual([query, 400, field, problem]);
      expect(res.body.message).toEqual(expect.any(String));
      expect(res.body.messageEn).toEqual(expect.any(String));
    }
    expect((await api.get('/api/v1/reporting', null)).status).toBe(401);
  });
});
