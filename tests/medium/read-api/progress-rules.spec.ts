import { eventually } from '../../support/eventually';
import { READ_API_MODULES } from './support/modules';
import { startReadApi, ReadApiApp } from './support/read-api-app';
import { writeReadings } from './support/readings';

/**
 * GET /api/v1/progress follows the projected readings through libs/domain's rules: a commune criterion is met only
 * when every cell reported, percentages are summed numerators over summed denominators, old figures go stale,
 * and the overall figure moves by one check per criterion. The cache is dropped on NOTIFY progress_changed.
 */
describe('progress from the projected readings', () => {
  let api: ReadApiApp;
  const commune = '30136';
  const cells = ['874-30136-A01', '874-30136-A02', '874-30136-A03', '874-30136-A04'];

  beforeAll(async () => {
    api = await startReadApi('progressrules', READ_API_MODULES);
  });

  afterAll(async () => {
    await api?.close();
  });

  const progress = async (asOf = '2025-12-31', user = 'lanhdao.1') => {
    const res = await api.get(`/api/v1/progress?asOf=${asOf}`, user);
    expect(res.status).toBe(200);
    return res.body;
  };
  /** The progress once the notification of the readings just written has reached the dashboard. */
  const progressAfter = (accept: (p: any) => boolean, what: string) => eventually(() => progress(), accept, { what });
  const communeRow = (p: any, id = commune) => p.communes.find((c: { id: string }) => c.id === id);
  const cellRow = (p: any, id: string) => p.heatmap.rows.find((r: { id: string }) => r.id === id);
  const housing = (id: string, numerator: number, denominator: number, houses = 0, asOf = '2025-12-15', reportedAt?: Date) => [
    { unitId: id, communeId: commune, criterionCode: 'XA-09', indicatorCode: '9.1', value: houses, asOf, reportedAt },
    { unitId: id, communeId: commune, criterionCode: 'XA-09', indicatorCode: '9.2', numerator, denominator, asOf, reportedAt },
  ];

  it('a commune criterion stays "no data" until every cell reported, then is met, and the overall figure gains one check', async () => {
    const before = await progress();
    expect(communeRow(before).criteriaStatus['XA-09']).toBe('no_data');
    const base = before.overall.checks;

    await writeReadings(
      api,
      cells.slice(0, 3).flatMap((c) => housing(c, 80, 100)),
    );
    const partial = await progressAfter((p) => p.readings === 6, 'the three hamlets’ readings');
    expect(communeRow(partial).criteriaStatus['XA-09']).toBe('no_data');
    expect(communeRow(partial)).toMatchObject({ cellsReporting: 3, readings: 6 });
    // each reporting hamlet meets its own housing criterion (AP-03 is judged on XA-09's readings)
    expect(cellRow(partial, cells[0]).criteria['AP-03']).toBe('met');
    expect(cellRow(partial, cells[3]).criteria['AP-03']).toBe('no_data');

    await writeReadings(api, housing(cells[3], 10, 20));
    const after = await progressAfter((p) => p.readings === 8, 'the fourth hamlet’s readings');
    // Σ numerators / Σ denominators = 250 / 320 = 78.1% ≥ 75%, although the mean of the hamlets' percentages is 72.5%
    expect(communeRow(after).criteriaStatus['XA-09']).toBe('met');
    expect(cellRow(after, cells[3]).criteria['AP-03']).toBe('not_met');
    expect(after.overall.checks).toEqual({ met: base.met + 1, total: base.total });
    expect(after.overall.progress).toBeCloseTo((base.met + 1) / base.total, 10);
    expect(after).toMatchObject({ cellsReporting: 4, readings: 8 });

    const detail = (await api.get(`/api/v1/progress/units/${commune}?asOf=2025-12-31`)).body;
    const share = detail.tiers[0].criteria.find((c: { code: string }) => c.code === 'XA-09').indicators.find((i: { code: string }) => i.code === '9.2');
    expect(share).toMatchObject({ status: 'met', numerator: 250, denominator: 320, coverage: { expected: 4, reported: 4, missing: [] } });
    expect(share.reason.vi).toBe('Đạt: 78,1% (yêu cầu ≥ 75%)');
  });

  it('a later correction replaces the reading in force, and one bad figure fails the commune', async () => {
    await writeReadings(api, housing(cells[3], 10, 20, 2, '2025-12-15', new Date(Date.now() + 1000)));
    const p = await progressAfter((x) => communeRow(x).criteriaStatus['XA-09'] !== 'met', 'the correction');
    expect(communeRow(p).criteriaStatus['XA-09']).toBe('not_met');
    expect(cellRow(p, cells[3]).criteria['AP-03']).toBe('not_met');
    const readings = (await api.get(`/api/v1/units/${cells[3]}/readings?criterion=XA-09&indicator=9.1`)).body;
    expect(readings.items.map((r: { value: number; current: boolean }) => [r.value, r.current])).toEqual([
      [2, true],
      [0, false],
    ]);
    expect(readings.items[0].reportedBy).toBe(`bithu.${cells[3].toLowerCase()}`);
  });

  it('judges staleness by each indicator’s frequency: a monthly figure turns stale, a housing figure holds until it changes', async () => {
    // health insurance (15.1) is reported monthly, due on the 5th: October figures are stale on 31/12/2025
    // (November's report was due on 05/12); housing (9.1, 9.2) is reported when it changes and never goes stale
    const insurance = cells.map((id) => ({
      unitId: id,
      communeId: commune,
      criterionCode: 'XA-15',
      indicatorCode: '15.1',
      numerator: 99,
      denominator: 100,
      asOf: '2025-10-31',
    }));
    await writeReadings(api, insurance);
    const p = await progressAfter((x) => communeRow(x).readings === 8 + 4, 'the insurance readings');
    const detail = (await api.get(`/api/v1/progress/units/${commune}?asOf=2025-12-31`)).body;
    const indicator = (criterion: string, code: string) =>
      detail.tiers[0].criteria.find((c: { code: string }) => c.code === criterion).indicators.find((i: { code: string }) => i.code === code);
    expect([indicator('XA-15', '15.1').status, indicator('XA-15', '15.1').frequency, indicator('XA-15', '15.1').requiredFrom]).toEqual([
      'stale',
      'month',
      '2025-11-01',
    ]);
    expect([indicator('XA-09', '9.2').status, indicator('XA-09', '9.2').frequency]).toEqual(['met', 'on_change']);
    expect(communeRow(p).criteriaStatus['XA-09']).not.toBe('stale');
    // a view date after the programme's end is refused with its range
    const after = await api.get('/api/v1/progress?asOf=2026-03-31');
    expect([after.status, after.body.details[0].problem]).toEqual([400, 'outside_programme']);
  });

  it('a past day reads from the history', async () => {
    // on 2025-12-01 none of these December figures existed yet; only the October insurance figures describe a day before it
    const earlier = await progress('2025-12-01');
    expect(communeRow(earlier)).toMatchObject({ readings: 4, cellsReporting: 4 });
    expect(communeRow(earlier).criteriaStatus['XA-09']).toBe('no_data');
  });

  it('serves repeated requests from the cache and drops it on NOTIFY progress_changed', async () => {
    const first = await progress();
    const again = await progress();
    expect(again.computedAt).toBe(first.computedAt);
    await writeReadings(api, housing(cells[3], 10, 20, 0, '2025-12-20'));
    const fresh = await progressAfter((x) => x.computedAt !== first.computedAt, 'a recomputation after the notification');
    expect(communeRow(fresh).criteriaStatus['XA-09']).toBe('met');
  });
});
