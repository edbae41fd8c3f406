import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { testDist } from '../support/apps';
import { REPO_ROOT } from '../support/env';
import { eventually } from '../support/eventually';
import { TEST_PASSWORD } from '../support/global-setup';
import { startSystem, TestSystem } from '../support/system';

const run = promisify(execFile);

/**
 * `npm run demo` (issue 16): the demo command logs in as the seeded secretaries and sends illustrative readings through
 * the intake as the phone does; while they are in the figures GET /api/v1/progress and the district exports say so
 * (`demo`, "Dữ liệu minh họa"); `--remove` deletes them and rebuilds the read models, so the figures are those of
 * before; a system with NODE_ENV=production refuses the command.
 */
describe('demonstration data (npm run demo)', () => {
  let sys: TestSystem;
  let pg: Client;
  let leader = '';

  // 55 log-ins in a row from one address: the log-in limit per address is raised for this test only
  beforeAll(async () => {
    sys = await startSystem('demo', ['ingest', 'projector', 'intake'], { RATE_LIMIT_LOGIN: '1000' });
    await sys.start('dashboard', { INTAKE_URL: sys.url('intake') }); // the phone's single origin
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    const res = await fetch(`${sys.url('dashboard')}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'lanhdao.1', password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(200);
    leader = ((await res.json()) as { accessToken: string }).accessToken;
  });

  afterAll(async () => {
    await pg?.end();
    await sys?.stop();
  });

  const get = async (path: string) => {
    const res = await fetch(`${sys.url('dashboard')}${path}`, { headers: { authorization: `Bearer ${leader}` } });
    expect(res.status).toBe(200);
    return res;
  };
  const progress = async () =>
    (await get('/api/v1/progress')).json() as Promise<{
      demo: boolean;
      readings: number;
      cellsReporting: number;
      overall: unknown;
      standard: unknown;
      heatmap: { rows: unknown[] };
    }>;
  const demo = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, [join(testDist(), 'apps', 'cli', 'src', 'main.js'), 'demo', '--url', sys.url('dashboard'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...sys.env, DEV_SEED_PASSWORD: TEST_PASSWORD, NODE_ENV: 'development', ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
  const summarySheet = async (path = '/api/v1/exports/district-report.xlsx') => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await (await get(path)).arrayBuffer()) as unknown as ArrayBuffer);
    return wb.worksheets[0].getSheetValues().map((row) => (Array.isArray(row) ? row.slice(1).map(String) : []));
  };
  const csvHeader = async () =>
    (await (await get('/api/v1/exports/district-report.csv?table=communes')).text())
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0]
      .split(',');

  it('refuses a system started with NODE_ENV=production, and stores nothing', async () => {
    await expect(demo([], { NODE_ENV: 'production' })).rejects.toMatchObject({ stderr: expect.stringContaining('NODE_ENV=production') });
    await expect(demo(['--remove'], { NODE_ENV: 'production' })).rejects.toMatchObject({ stderr: expect.stringContaining('NODE_ENV=production') });
    expect((await pg.query(`SELECT count(*)::int AS n FROM demo_event`)).rows[0].n).toBe(0);
    expect((await progress()).demo).toBe(false);
  });

  it("loads readings through the secretaries' API, marked in /progress and in the exports, and removes them again", async () => {
    const before = await progress();
    expect(before.demo).toBe(false);
    expect((await summarySheet()).flat()).not.toContain('Dữ liệu minh họa');
    expect(await csvHeader()).not.toContain('demo');

    const { stdout } = await demo([]);
    expect(stdout).toContain('demonstration data loaded');
    // through the intake, as the phone: each event a submission by the cell's own secretary
    const { rows: submitted } = await pg.query(
      `SELECT count(*)::int AS n, count(DISTINCT s.payload->>'reportedBy')::int AS secretaries, bool_and(s.payload->>'reportedBy' = 'bithu.' || lower(d.hamlet_code)) AS own
         FROM demo_event d JOIN submission s USING (event_id)`,
    );
    expect(submitted[0].n).toBeGreaterThan(0);
    expect(submitted[0].own).toBe(true);
    const cells = (await pg.query(`SELECT count(DISTINCT hamlet_code)::int AS n FROM demo_event`)).rows[0].n;
    expect(submitted[0].secretaries).toBe(cells);
    expect(cells).toBe(before.heatmap.rows.length); // every cell of the district

    const loaded = await eventually(progress, (p) => p.demo && p.readings > before.readings, {
      what: '/progress with the demonstration data',
      timeoutMs: 120_000,
    });
    expect(loaded.cellsReporting).toBeGreaterThan(before.cellsReporting);
    expect((await (await get('/api/v1/demo-data')).json()).present).toBe(true);
    expect((await summarySheet())[2]).toEqual(['Dữ liệu minh họa', expect.stringContaining('npm run demo')]); // right under the title
    expect((await summarySheet('/api/v1/exports/evaluation-2025.xlsx'))[2]).toEqual(['Dữ liệu minh họa', expect.stringContaining('npm run demo')]);
    expect((await csvHeader()).at(-1)).toBe('demo');

    const demoIds = (await pg.query(`SELECT event_id FROM demo_event`)).rows.map((r) => r.event_id as string);
    const stored = await pg.query(`SELECT count(*)::int AS n FROM event_store WHERE event_id = ANY($1::uuid[])`, [demoIds]);
    expect(stored.rows[0].n).toBe(demoIds.length);

    const removed = await demo(['--remove']);
    expect(removed.stdout).toContain('demonstration data removed');
    expect((await pg.query(`SELECT count(*)::int AS n FROM demo_event`)).rows[0].n).toBe(0);
    const after = await eventually(progress, (p) => !p.demo && p.readings === before.readings, {
      what: '/progress without the demonstration data',
      timeoutMs: 120_000,
    });
    expect(after.cellsReporting).toBe(before.cellsReporting);
    expect(after.overall).toEqual(before.overall);
    expect(after.standard).toEqual(before.standard);
    expect((await summarySheet()).flat()).not.toContain('Dữ liệu minh họa');
    expect(await csvHeader()).not.toContain('demo');
    // nothing of them is left in the event store or the read models (the append-only exception itself: tests/medium/persistence/migrations.spec.ts)
    const left = await pg.query(
      `SELECT (SELECT count(*) FROM event_store WHERE event_id = ANY($1::uuid[]))::int AS stored,
              (SELECT count(*) FROM rm_reading_history WHERE event_id = ANY($1::uuid[]))::int AS history,
              (SELECT count(*) FROM submission WHERE event_id = ANY($1::uuid[]))::int AS submissions`,
      [demoIds],
    );
    expect(left.rows[0]).toEqual({ stored: 0, history: 0, submissions: 0 });
    expect((await summarySheet('/api/v1/exports/evaluation-2025.xlsx')).flat()).not.toContain('Dữ liệu minh họa');
  }, 900_000);
});
