import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { startSystem, TestSystem } from '../support/system';
import { programmeDays, readTemplate, validValues, XLSX, type TemplatePair as Pair } from './import-support';
import { call, countRows, logIn, Session } from './intake-support';

interface Expected {
  row: number;
  column: string | null;
  problem: string;
}

/** Reads a Server-Sent Events stream until its `done` event; returns every event. */
async function readEvents(url: string): Promise<{ type: string; data: any }[]> {
  const res = await fetch(url, { headers: { accept: 'text/event-stream' } });
  if (res.status !== 200) throw new Error(`events: ${res.status} ${await res.text()}`);
  const events: { type: string; data: any }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const type = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      if (data) events.push({ type, data: JSON.parse(data) });
      if (type === 'done') return events;
    }
  }
  return events;
}

/**
 * A commune officer imports a month-by-month history of the commune's figures from a spreadsheet made from the app's
 * template: 10,000 rows, 37 of them wrong. Every wrong row is listed by row, column and reason (Vietnamese and English);
 * the other 9,963 become ordinary reports that travel through Kafka, ingest and the projector into /progress; the same
 * file uploaded again stores nothing new. Real apps, real Kafka and PostgreSQL; through the dashboard's one origin.
 */
describe('spreadsheet import of readings (intake, ingest, projector, dashboard; real Kafka and PostgreSQL)', () => {
  let sys: TestSystem;
  let pg: Client;
  let officer: Session;
  let leader: Session;
  let web: string;

  beforeAll(async () => {
    sys = await startSystem('import', ['ingest', 'projector', 'intake']);
    await sys.start('dashboard', { INTAKE_URL: sys.url('intake') });
    web = sys.url('dashboard');
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    officer = await logIn(sys.url('intake'), 'canbo.30133');
    leader = await logIn(sys.url('intake'), 'lanhdao.1');
  });

  afterAll(async () => {
    await pg?.end();
    await sys?.stop();
  });

  const upload = async (file: Buffer, name: string, token = officer.accessToken) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)], { type: XLSX }), name);
    const res = await fetch(`${web}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: res.status, body: await res.json() };
  };

  /** The officer's template for a day: the (unit, criterion, indicator) rows it holds, with each indicator's kind. */
  const templatePairs = async (): Promise<{ pairs: Pair[]; header: string[] }> => {
    const res = await fetch(`${web}/api/v1/imports/template.xlsx?asOf=2025-06-30`, { headers: { authorization: `Bearer ${officer.accessToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(XLSX);
    const { header, pairs, dates } = await readTemplate(await res.arrayBuffer(), pg);
    expect(new Set(dates.map((d) => d?.toISOString()))).toEqual(new Set(['2025-06-30T00:00:00.000Z']));
    return { pairs, header };
  };

  it('gives a commune officer a template of the commune and its cells, one row per unit × indicator it reports, the date filled in', async () => {
    const { pairs, header } = await templatePairs();
    expect(header.slice(0, 4)).toEqual(['Mã đơn vị / Unit code', 'Tên đơn vị / Unit name', 'Mã tiêu chí / Criterion', 'Mã chỉ tiêu / Indicator']);
    expect(new Set(pairs.map((p) => p.unitCode))).toEqual(
      new Set(['30133', '874-30133-A01', '874-30133-A02', '874-30133-A03', '874-30133-A04', '874-30133-A05']),
    );
    // a cell reports XA-04 4.2 (households with electricity), the commune XA-04 4.1; an indicator judged on another one's readings is not asked
    expect(pairs).toEqual(expect.arrayContaining([expect.objectContaining({ unitCode: '874-30133-A01', criterionCode: 'XA-04', indicatorCode: '4.2' })]));
    expect(pairs).toEqual(expect.arrayContaining([expect.objectContaining({ unitCode: '30133', criterionCode: 'XA-04', indicatorCode: '4.1' })]));
    expect(pairs.some((p) => p.criterionCode === 'AP-02' && p.indicatorCode === '2.1')).toBe(false);
    expect(pairs.some((p) => p.unitCode === '874-30133-A01' && p.criterionCode === 'XA-04' && p.indicatorCode === '4.1')).toBe(false);
    // the secretaries report through their forms; district leaders read
    for (const who of ['bithu.874-30133-a01', 'lanhdao.1']) {
      const s = await logIn(sys.url('intake'), who);
      const r = await call(`${web}/api/v1/imports/template.xlsx`, { token: s.accessToken });
      expect(r.status).toBe(403);
    }
  });

  it('imports 10,000 rows: the 37 bad ones listed by row, column and reason, the rest in /progress; the same file again stores nothing new', async () => {
    const { pairs, header } = await templatePairs();
    const days = programmeDays();
    expect(pairs.length * days.length).toBeGreaterThanOrEqual(10_000);
    const cellPct = pairs.find((p) => p.unitCode === '874-30133-A01' && p.criterionCode === 'XA-04' && p.indicatorCode === '4.2')!;
    const cellBool = pairs.find((p) => p.unitCode.startsWith('874-') && p.kind === 'boolean')!;
    const cellCount = pairs.find((p) => p.unitCode.startsWith('874-') && p.kind === 'count')!;
    const communeOnly = pairs.find(
      (p) => p.unitCode === '30133' && !pairs.some((q) => q.unitCode !== '30133' && q.criterionCode === p.criterionCode && q.indicatorCode === p.indicatorCode),
    )!;

    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Số liệu');
    sheet.addRow(header);
    const col = (key: string) => ({ unitCode: 1, criterionCode: 3, indicatorCode: 4, asOf: 7, value: 8, numerator: 9, denominator: 10 })[key]!;
    const expected: Expected[] = [];
    // the newest valid reading of cellPct (for /progress below)
    let newestPct: { asOf: string; numerator: number; denominator: number } | null = null;
    const valueCells = validValues;
    // 37 wrong rows spread over the file, each with one problem in one column (a row repeating an earlier one's unit,
    // indicator and day is one too)
    const bad: ((i: number, row: number) => unknown[])[] = [
      (i, row) => (
        expected.push({ row, column: 'unitCode', problem: 'unknown_code' }),
        ['874-30133-Z99', null, 'XA-04', '4.2', null, null, new Date('2025-03-31'), null, 10, 20]
      ),
      (i, row) => (
        expected.push({ row, column: 'unitCode', problem: 'outside_scope' }),
        ['874-30136-A01', null, 'XA-04', '4.2', null, null, new Date('2025-03-31'), null, 10, 20]
      ),
      (i, row) => (
        expected.push({ row, column: 'numerator', problem: 'exceeds_denominator' }),
        [cellPct.unitCode, null, 'XA-04', '4.2', null, null, '14/02/2022', null, 30 + i, 20]
      ),
      (i, row) => (expected.push({ row, column: 'asOf', problem: 'required' }), [cellPct.unitCode, null, 'XA-04', '4.2', null, null, null, null, 10, 20]),
      (i, row) => (
        expected.push({ row, column: 'asOf', problem: 'invalid_date' }),
        [cellPct.unitCode, null, 'XA-04', '4.2', null, null, '31/02/2025', null, 10, 20]
      ),
      (i, row) => (
        expected.push({ row, column: 'asOf', problem: 'in_future' }),
        [cellPct.unitCode, null, 'XA-04', '4.2', null, null, '01/01/2099', null, 10, 20]
      ),
      (i, row) => (
        expected.push({ row, column: 'indicatorCode', problem: 'unknown_code' }),
        [cellPct.unitCode, null, 'XA-04', '4.9', null, null, '14/03/2022', null, 10, 20]
      ),
      (i, row) => (
        expected.push({ row, column: 'value', problem: 'number_required' }),
        [cellCount.unitCode, null, cellCount.criterionCode, cellCount.indicatorCode, null, null, '14/04/2022', 'mười hai', null, null]
      ),
      (i, row) => (
        expected.push({ row, column: 'value', problem: 'boolean_required' }),
        [cellBool.unitCode, null, cellBool.criterionCode, cellBool.indicatorCode, null, null, '14/05/2022', 'có lẽ', null, null]
      ),
      (i, row) => (
        expected.push({ row, column: 'value', problem: 'fraction_required' }),
        [cellPct.unitCode, null, 'XA-04', '4.2', null, null, '14/06/2022', 95, null, null]
      ),
      (i, row) => (
        expected.push({ row, column: 'indicatorCode', problem: 'wrong_reporting_level' }),
        ['874-30133-A02', null, communeOnly.criterionCode, communeOnly.indicatorCode, null, null, '14/07/2022', ...valueCells(communeOnly, i).slice(0, 3)]
      ),
      (i, row) => (
        expected.push({ row, column: 'value', problem: 'out_of_range' }),
        [cellCount.unitCode, null, cellCount.criterionCode, cellCount.indicatorCode, null, null, '14/08/2022', -5, null, null]
      ),
      (i, row) => (
        expected.push({ row, column: 'asOf', problem: 'before_programme' }),
        [cellPct.unitCode, null, 'XA-04', '4.2', null, null, '31/12/2019', null, 10, 20]
      ),
      (i, row) => (expected.push({ row, column: 'indicatorCode', problem: 'duplicate_row' }), firstValid!),
    ];
    let firstValid: unknown[] | undefined;
    let badIndex = 0;
    let pairIndex = 0;
    const total = 10_000;
    const every = Math.floor(total / 37);
    const validIds: number[] = [];
    for (let i = 0; i < total; i++) {
      const row = i + 2;
      if (badIndex < 37 && i % every === every - 1) {
        const cells = bad[badIndex % bad.length](badIndex, row);
        badIndex++;
        sheet.addRow([cells[0], cells[1], cells[2], cells[3], null, null, cells[6], cells[7], cells[8], cells[9]]);
        continue;
      }
      const p = pairs[pairIndex % pairs.length];
      const day = days[Math.floor(pairIndex / pairs.length)];
      pairIndex++;
      const [value, numerator, denominator] = valueCells(p, i);
      const cells = [p.unitCode, null, p.criterionCode, p.indicatorCode, null, null, new Date(`${day}T00:00:00Z`), value, numerator, denominator];
      firstValid ??= cells;
      sheet.addRow(cells);
      validIds.push(row);
      if (p === cellPct && (!newestPct || day > newestPct.asOf)) newestPct = { asOf: day, numerator: numerator as number, denominator: denominator as number };
    }
    expect(badIndex).toBe(37);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    const first = await upload(file, 'lich-su-2021-2025.xlsx');
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      status: expect.stringMatching(/queued|processing/),
      statusUrl: `/api/v1/imports/${first.body.id}`,
      fileName: 'lich-su-2021-2025.xlsx',
    });
    const events = await readEvents(`${web}${first.body.eventsUrl}?token=${officer.accessToken}`);
    const done = events[events.length - 1];
    expect(done.type).toBe('done');
    const progress = events.filter((e) => e.type === 'progress').map((e) => e.data.progress);
    expect(progress.every((p, k) => p >= 0 && p < 1 && (k === 0 || p >= progress[k - 1]))).toBe(true);
    const job = done.data;
    expect(job).toMatchObject({
      status: 'done',
      progress: 1,
      uploadedBy: 'canbo.30133',
      rows: { total: 10_000, checked: 10_000, valid: 9_963, invalid: 37, stored: 9_963, alreadyStored: 0 },
      problemCount: 37,
    });
    expect(job.problems.map((p: any) => ({ row: p.row, column: p.column, problem: p.problem }))).toEqual(expected);
    for (const p of job.problems) {
      expect(p.message).toEqual(expect.any(String));
      expect(p.messageEn).toEqual(expect.any(String));
      expect(p.message).not.toBe(p.messageEn);
      expect(p.cell).toBe(p.column ? `${String.fromCharCode(64 + col(p.column))}${p.row}` : null);
    }
    // the same answer at the status URL
    expect((await call(`${web}${first.body.statusUrl}`, { token: officer.accessToken })).body.problems).toEqual(job.problems);

    // every valid row is an ordinary report: stored once in the event store, reported by the officer, and projected
    await eventually(
      () => countRows(pg, `SELECT 1 FROM rm_reading_history h JOIN event_store e USING (event_id) WHERE e.reported_by = 'canbo.30133'`),
      (n) => n === 9_963,
      {
        what: 'the 9,963 rows in the read models',
        timeoutMs: 240_000,
        intervalMs: 1000,
      },
    );
    expect(await countRows(pg, `SELECT 1 FROM event_store WHERE reported_by = 'canbo.30133'`)).toBe(9_963);
    expect(await countRows(pg, `SELECT 1 FROM dead_letter`)).toBe(0);
    const progressNow = await eventually(
      async () => (await call(`${web}/api/v1/progress?asOf=2025-12-31`, { token: leader.accessToken })).body,
      (b) => b.lastReportedAt === job.createdAt,
      { what: '/progress showing the import', timeoutMs: 60_000 },
    );
    expect(progressNow.lastReportedAt).toBe(job.createdAt);
    // the cell's page shows the newest imported figure of households with electricity (AP-02 2.1 is judged on XA-04 4.2)
    // once the status refresher has re-derived its stored day
    // (it works unit by unit: the district's "last report" can move before this one cell's day is re-derived)
    const newest = expect.objectContaining({ numerator: newestPct!.numerator, denominator: newestPct!.denominator, newestAsOf: newestPct!.asOf });
    const indicatorsShown = (unit: any): any[] => (unit.tiers as any[]).flatMap((t) => t.criteria.flatMap((c: any) => c.indicators));
    const unit = await eventually(
      async () => (await call(`${web}/api/v1/progress/units/${cellPct.unitCode}?asOf=2025-12-31`, { token: leader.accessToken })).body,
      (u) => indicatorsShown(u).some((x) => x.newestAsOf === newestPct!.asOf),
      { what: "the cell's page showing the newest imported reading", timeoutMs: 120_000 },
    );
    expect(indicatorsShown(unit)).toEqual(expect.arrayContaining([newest]));
    const history = await call(`${web}/api/v1/units/${cellPct.unitCode}/readings?criterion=XA-04&indicator=4.2&limit=500`, { token: leader.accessToken });
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain('canbo.30133');

    // the same file again: the same problems, nothing new stored
    const before = { events: await countRows(pg, `SELECT 1 FROM event_store`), submissions: await countRows(pg, `SELECT 1 FROM submission`) };
    const again = await upload(file, 'lich-su-2021-2025 (2).xlsx');
    expect(again.status).toBe(202);
    const second = (await readEvents(`${web}${again.body.eventsUrl}?token=${officer.accessToken}`)).pop()!.data;
    expect(second).toMatchObject({ status: 'done', rows: { total: 10_000, valid: 9_963, invalid: 37, stored: 0, alreadyStored: 9_963 }, sameFileAs: [job.id] });
    expect(second.problems).toEqual(job.problems);
    await eventually(
      async () => (await call(`${web}/api/v1/pipeline/backlog`, { token: leader.accessToken })).body,
      (b) => b.total === 0,
      { what: 'no backlog', timeoutMs: 60_000 },
    );
    expect(await countRows(pg, `SELECT 1 FROM event_store`)).toBe(before.events);
    expect(await countRows(pg, `SELECT 1 FROM submission`)).toBe(before.submissions);
    const list = await call(`${web}/api/v1/imports`, { token: officer.accessToken });
    expect(list.body.map((j: any) => j.id)).toEqual([again.body.id, job.id]);
  });

  it('refuses what it cannot read with the reason, and what the caller may not do', async () => {
    const notXlsx = await upload(Buffer.from('unit;value\n874-30133-A01;1\n'), 'so-lieu.csv');
    expect(notXlsx.status).toBe(202);
    const failed = (await readEvents(`${web}${notXlsx.body.eventsUrl}?token=${officer.accessToken}`)).pop()!.data;
    expect(failed).toMatchObject({ status: 'failed', failure: { problem: 'not_xlsx' }, problems: [{ row: null, field: '(file)', problem: 'not_xlsx' }] });

    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Số liệu').addRow(['Mã đơn vị / Unit code', 'Giá trị / Value']);
    const noColumns = await upload(Buffer.from(await wb.xlsx.writeBuffer()), 'thieu-cot.xlsx');
    const missing = (await readEvents(`${web}${noColumns.body.eventsUrl}?token=${officer.accessToken}`)).pop()!.data;
    expect(missing).toMatchObject({
      status: 'failed',
      failure: { problem: 'missing_column', message: expect.stringMatching(/Mã tiêu chí/), messageEn: expect.stringMatching(/Criterion/) },
    });

    const noFile = await fetch(`${web}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${officer.accessToken}` }, body: new FormData() });
    expect(noFile.status).toBe(400);
    expect((await noFile.json()).details[0]).toMatchObject({ field: 'file', problem: 'required' });

    const secretary = await logIn(sys.url('intake'), 'bithu.874-30133-a01');
    const refused = await upload(Buffer.from('x'), 'x.xlsx', secretary.accessToken);
    expect(refused.status).toBe(403);
    // another officer does not see this officer's imports
    const other = await logIn(sys.url('intake'), 'canbo.30136');
    expect((await call(`${web}/api/v1/imports/${notXlsx.body.id}`, { token: other.accessToken })).status).toBe(404);
  });
});
