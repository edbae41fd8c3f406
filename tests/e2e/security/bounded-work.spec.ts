import { parseCatalogueFile, reportableIndicators, unwrap } from '@pledge/domain';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { REPO_ROOT } from '../../support/env';
import { startSystem, type TestSystem } from '../../support/system';
import { logIn } from '../intake-support';

/**
 * Bounded work on the read API: a view date outside the programme's dates is refused (400 with the allowed range) by
 * every progress endpoint, so no request can make the dashboard compute decades of days; and the heaviest request
 * still allowed — the monthly trend of a programme whose days the projector has not derived, every point computed on
 * demand over two and a half years of monthly reports of the 55 cells — runs off the request thread: /health keeps
 * answering at once meanwhile, and past its time limit a computation answers 503 instead of running on.
 */
describe('bounded work: view dates within the programme, long computations off the request thread', () => {
  let sys: TestSystem;
  let pg: Client;
  let token: string;

  beforeAll(async () => {
    // no projector: no stored days, so every day asked is computed on demand (the most work a request can ask for)
    sys = await startSystem('boundedwork', ['intake', 'dashboard']);
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    token = (await logIn(sys.url('intake'), 'lanhdao.1')).accessToken;
    await seedMonthlyReports(pg);
  });

  afterAll(async () => {
    await pg?.end();
    await sys?.stop();
  });

  const get = async (path: string, base = sys.url('dashboard')) => {
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text, ms: performance.now() - t0, at: t0 };
  };

  it('refuses a view date outside the programme on every progress endpoint, naming the allowed range', async () => {
    const far = ['2075-06-30', '1900-01-01', '2026-01-01'];
    for (const day of far) {
      for (const path of [
        `/api/v1/progress?asOf=${day}`,
        `/api/v1/progress/units/874?asOf=${day}`,
        `/api/v1/progress/trend?asOf=${day}&every=month`,
        `/api/v1/reporting?asOf=${day}`,
        `/api/v1/rankings?asOf=${day}`,
        `/api/v1/pledges?asOf=${day}`,
        `/api/v1/exports/district-report.csv?asOf=${day}`,
        `/api/v1/exports/district-report.xlsx?asOf=${day}`,
      ]) {
        const res = await get(path);
        expect({ path, status: res.status, field: res.body.details?.[0]?.field, problem: res.body.details?.[0]?.problem }).toEqual({
          path,
          status: 400,
          field: 'asOf',
          problem: 'outside_programme',
        });
        expect(res.body.details[0].messageEn).toContain('2021-01-01 to 2025-12-31');
        expect(res.body.details[0].message).toContain('01/01/2021');
      }
    }
    for (const path of ['/api/v1/evaluations/2075', '/api/v1/exports/evaluation-2075.xlsx', '/api/v1/reporting?period=2031-01']) {
      const res = await get(path);
      expect({ path, status: res.status, problem: res.body.details?.[0]?.problem }).toEqual({ path, status: 400, problem: 'outside_programme' });
    }
  });

  it('keeps /health answering at once while the heaviest allowed request computes, and ends a computation past its limit', async () => {
    const health: { ms: number; at: number; status: number }[] = [];
    let running = true;
    const probe = (async () => {
      while (running) {
        const t0 = performance.now();
        const res = await fetch(`${sys.url('dashboard')}/health`);
        await res.text();
        health.push({ ms: performance.now() - t0, at: t0, status: res.status });
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    // the monthly trend on a day between two period ends: 35 points, none stored, each computed on demand
    const heavy = await get('/api/v1/progress/trend?asOf=2025-12-20&every=month');
    running = false;
    await probe;
    expect(heavy.status).toBe(200);
    expect(heavy.body.computedPoints).toBe(35);
    const during = health.filter((h) => h.at >= heavy.at && h.at + h.ms <= heavy.at + heavy.ms);
    // the probe kept getting answers all along (a blocked event loop would answer none until the computation ended)
    expect(during.length).toBeGreaterThanOrEqual(Math.min(10, Math.floor(heavy.ms / 200)));
    expect(during.every((h) => h.status === 200)).toBe(true);
    expect(Math.max(...during.map((h) => h.ms))).toBeLessThan(1000);

    // a dashboard whose time limit is shorter than one day's computation answers 503, and stays healthy
    await sys.apps.dashboard!.stop();
    const strict = await sys.start('dashboard', { DASHBOARD_COMPUTE_TIMEOUT_MS: '100' });
    const refused = await get('/api/v1/progress?asOf=2025-12-19', strict.url);
    expect([refused.status, refused.body.error]).toEqual([503, 'computation_timeout']);
    expect(refused.body.message).toMatch(/vượt quá/);
    expect((await fetch(`${strict.url}/health`)).status).toBe(200);
  }, 600_000);
});

/** Every cell-reported indicator of the 55 cells, monthly from 03/2023 to 12/2025, straight into rm_reading_history. */
async function seedMonthlyReports(pg: Client): Promise<void> {
  const catalogue = unwrap(parseCatalogueFile(JSON.parse(readFileSync(join(REPO_ROOT, 'seeds', 'catalogue', 'NTM-2021-2025.json'), 'utf8'))));
  const cells: { id: string; kind: string; parent_id: string }[] = (
    await pg.query(`SELECT id, kind, parent_id FROM admin_unit WHERE kind IN ('hamlet', 'ward') AND id LIKE '874-%' ORDER BY id`)
  ).rows;
  const entries = reportableIndicators(catalogue, 'cell');
  const months: string[] = [];
  for (let y = 2023, m = 3; y < 2026; m === 12 ? ((m = 1), y++) : m++) months.push(`${y}-${String(m).padStart(2, '0')}-28`);
  const rows: unknown[][] = [];
  for (const cell of cells) {
    const scopes = cell.kind === 'hamlet' ? ['hamlet', 'commune'] : ['ward', 'town'];
    months.forEach((asOf, mi) => {
      for (const { criterion, indicator } of entries.filter((e) => scopes.includes(e.criterion.appliesTo))) {
        const share = Math.round((0.5 + (0.5 * mi) / months.length) * 200);
        const value =
          indicator.kind === 'boolean'
            ? null
            : indicator.kind === 'percentage'
              ? null
              : indicator.kind === 'count'
                ? Math.max(0, 5 - Math.floor(mi / 6))
                : 40 + mi;
        rows.push([
          randomUUID(),
          indicator.code,
          cell.id,
          cell.parent_id,
          criterion.code,
          value,
          indicator.kind === 'boolean' ? mi > months.length / 2 : null,
          indicator.kind === 'percentage' ? share : null,
          indicator.kind === 'percentage' ? 200 : null,
          asOf,
          new Date(`${asOf}T08:00:00Z`),
          `bithu.${cell.id.toLowerCase()}`,
        ]);
      }
    });
  }
  for (let i = 0; i < rows.length; i += 2000) {
    const part = rows.slice(i, i + 2000);
    await pg.query(
      `INSERT INTO rm_reading_history (event_id, indicator_code, hamlet_code, commune_code, criterion_code, value, bool_value, numerator, denominator, as_of, reported_at, reported_by)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::bool[], $8::float8[], $9::float8[], $10::date[], $11::timestamptz[], $12::text[])`,
      Array.from({ length: 12 }, (_, k) => part.map((r) => r[k])),
    );
  }
}
