import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { testDist } from '../support/apps';
import { REPO_ROOT } from '../support/env';
import { eventually } from '../support/eventually';
import { TEST_PASSWORD } from '../support/global-setup';
import { startSystem, TestSystem } from '../support/system';

/**
 * The read API on the running system: readings submitted by the cells' secretaries travel intake → Kafka →
 * ingest → projector → PostgreSQL, and GET /api/v1/progress (computed through libs/domain) changes as the rules
 * say; an administrator's threshold change and rename show in it at once and survive the seed command.
 */
describe('read API on the running system (intake → Kafka → ingest → projector → dashboard)', () => {
  let sys: TestSystem;
  const tokens = new Map<string, string>();
  const commune = '30136';
  const cells = ['874-30136-A01', '874-30136-A02', '874-30136-A03', '874-30136-A04'];

  beforeAll(async () => {
    sys = await startSystem('readapi', ['ingest', 'projector', 'intake', 'dashboard']);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  async function token(username: string): Promise<string> {
    const known = tokens.get(username);
    if (known) return known;
    const res = await fetch(`${sys.url('intake')}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: TEST_PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login of ${username}: ${res.status} ${await res.text()}`);
    const { accessToken } = (await res.json()) as { accessToken: string };
    tokens.set(username, accessToken);
    return accessToken;
  }

  async function dashboard<T = any>(
    path: string,
    username = 'lanhdao.1',
    init: { method?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${sys.url('dashboard')}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${await token(username)}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  /** A secretary reports the housing criterion (XA-09) of its hamlet: temporary houses, and solid houses / all houses. */
  async function reportHousing(cell: string, houses: number, solid: number, all: number): Promise<void> {
    const res = await fetch(`${sys.url('intake')}/api/v1/updates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(`bithu.${cell.toLowerCase()}`)}` },
      body: JSON.stringify({
        eventId: randomUUID(),
        hamletCode: cell,
        criterionCode: 'XA-09',
        readings: [
          { indicatorCode: '9.1', value: houses },
          { indicatorCode: '9.2', numerator: solid, denominator: all },
        ],
        asOf: '2025-06-15',
        note: 'Nhà ở dân cư tháng 6',
      }),
    });
    expect(res.status).toBe(202);
  }

  const progress = async () => {
    const res = await dashboard('/api/v1/progress?asOf=2025-06-30');
    expect(res.status).toBe(200);
    return res.body;
  };
  const xa09 = (p: any): string => p.communes.find((c: { id: string }) => c.id === commune).criteriaStatus['XA-09'];
  const ap03 = (p: any, cell: string): string => p.heatmap.rows.find((r: { id: string }) => r.id === cell).criteria['AP-03'];

  it('progress changes as readings arrive through Kafka: a cell status, a commune criterion and the overall figure', async () => {
    const before = await progress();
    expect(xa09(before)).toBe('no_data');
    expect(ap03(before, cells[0])).toBe('no_data');
    // the communes recognised NTM by a decision (seeded) already count; readings add to that
    const base = before.overall.checks;

    for (const cell of cells.slice(0, 3)) await reportHousing(cell, 0, 80, 100);
    const partial = await eventually(progress, (p) => p.readings === 6, { what: 'three hamlets’ readings in GET /api/v1/progress', timeoutMs: 60000 });
    expect(ap03(partial, cells[0])).toBe('met');
    expect(xa09(partial)).toBe('no_data'); // the fourth hamlet has not reported
    expect(partial.overall.checks.met).toBe(base.met);

    await reportHousing(cells[3], 0, 10, 20);
    const met = await eventually(progress, (p) => p.readings === 8, { what: 'the fourth hamlet’s readings', timeoutMs: 60000 });
    // 250/320 = 78.1% ≥ 75% (the mean of the hamlets' percentages, 72.5%, would fail): the commune meets XA-09
    expect(xa09(met)).toBe('met');
    expect(ap03(met, cells[3])).toBe('not_met');
    expect(met.overall.checks).toEqual({ met: base.met + 1, total: base.total });
    expect(met.overall.progress).toBeCloseTo((base.met + 1) / base.total, 10);
    expect(met.communes.find((c: { id: string }) => c.id === commune)).toMatchObject({ cellsReporting: 4, readings: 8 });

    // a correction from the fourth hamlet: two temporary houses after all
    await reportHousing(cells[3], 2, 10, 20);
    const corrected = await eventually(progress, (p) => xa09(p) === 'not_met', { what: 'the correction', timeoutMs: 60000 });
    expect(corrected.overall.checks.met).toBe(base.met);
    const history = await dashboard(`/api/v1/units/${cells[3]}/readings?criterion=XA-09&indicator=9.1`, 'canbo.30136');
    expect(history.status).toBe(200);
    expect(history.body.items.map((r: { value: number; current: boolean; reportedBy: string }) => [r.value, r.current, r.reportedBy])).toEqual([
      [2, true, 'bithu.874-30136-a04'],
      [0, false, 'bithu.874-30136-a04'],
    ]);
  });

  it('an administrator’s threshold change and rename take effect in GET /api/v1/progress and survive the seed command', async () => {
    // back to no temporary houses, then raise the solid-house threshold above Xã Tân Hòa's 78.1%
    await reportHousing(cells[3], 0, 10, 20);
    await eventually(progress, (p) => xa09(p) === 'met', { what: 'XA-09 met again', timeoutMs: 60000 });
    const change = await dashboard('/api/v1/admin/catalogues/NTM-2021-2025/criteria/XA-09/indicators/9.2/threshold', 'quantri', {
      method: 'PATCH',
      body: { threshold: 85, source: 'QĐ 863/QĐ-UBND-HC (2022)', confidence: 'found' },
    });
    expect(change.status).toBe(200);
    const rename = await dashboard(`/api/v1/admin/units/${cells[2]}`, 'quantri', { method: 'PATCH', body: { name: 'Ấp Tân Hòa Hạ', placeholder: false } });
    expect(rename.status).toBe(200);
    const edited = await progress();
    expect(xa09(edited)).toBe('not_met');
    expect(edited.heatmap.rows.find((r: { id: string }) => r.id === cells[2])).toMatchObject({ name: 'Ấp Tân Hòa Hạ', placeholder: false });

    // the run command loads the seeds again on every start
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(testDist(), 'apps', 'cli', 'src', 'main.js'), 'seed', '--dir', join(REPO_ROOT, 'seeds')],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...sys.env, DEV_SEED_PASSWORD: TEST_PASSWORD },
      },
    );
    expect(stdout).toContain('seeds loaded');
    // the seed command does not notify the dashboards (their caches expire within a minute): make this one re-read now
    const pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    try {
      await pg.query(`SELECT pg_notify('reference_changed', '{}')`);
    } finally {
      await pg.end();
    }
    const after = await eventually(progress, (p) => p.computedAt !== edited.computedAt, { what: 'progress recomputed after the seed command' });
    expect(xa09(after)).toBe('not_met');
    expect(after.heatmap.rows.find((r: { id: string }) => r.id === cells[2])).toMatchObject({ name: 'Ấp Tân Hòa Hạ', placeholder: false });
    const criteria = await dashboard('/api/v1/criteria?appliesTo=commune');
    const threshold = criteria.body.criteria
      .find((c: { code: string }) => c.code === 'XA-09')
      .indicators.find((i: { code: string }) => i.code === '9.2').threshold;
    expect(threshold).toMatchObject({ value: 85, lastChange: { changedBy: 'quantri' } });
  });
});
