import { eventually } from '../../support/eventually';
import { READ_API_MODULES } from './support/modules';
import { startReadApi, ReadApiApp } from './support/read-api-app';
import { writeReadings, type FixtureReading } from './support/readings';

/**
 * GET /api/v1/progress/trend: at every month (or quarter) end, the very figures GET /api/v1/progress?asOf=<that day>
 * gives (overall figure and checks, conditions, communes at standard, the pledges' forecast) — the projector's stored
 * days, a table — plus the forecast lines to the deadline; the answer follows the projector's NOTIFY progress_changed.
 */
describe('GET /api/v1/progress/trend', () => {
  let api: ReadApiApp;
  const commune = '30136';
  const cells = ['874-30136-A01', '874-30136-A02', '874-30136-A03', '874-30136-A04'];

  /** Housing (XA-09, judged for AP-03 too) of the four hamlets, the commune's own XA-07, a district criterion. */
  const fixture = (): FixtureReading[] => {
    const out: FixtureReading[] = [];
    const steps: [string, number, number][] = [
      ['2024-05-31', 3, 60],
      ['2024-11-30', 1, 75],
      ['2025-06-30', 0, 85],
      ['2025-12-15', 0, 90],
    ];
    for (const [asOf, houses, share] of steps) {
      const reportedAt = new Date(`${asOf}T03:00:00Z`);
      for (const id of cells) {
        out.push({ unitId: id, communeId: commune, criterionCode: 'XA-09', indicatorCode: '9.1', value: houses, asOf, reportedAt });
        out.push({ unitId: id, communeId: commune, criterionCode: 'XA-09', indicatorCode: '9.2', numerator: share, denominator: 100, asOf, reportedAt });
      }
    }
    out.push({ unitId: commune, communeId: commune, criterionCode: 'XA-07', indicatorCode: '7', value: false, asOf: '2024-05-31', reportedBy: 'canbo.30136' });
    out.push({ unitId: commune, communeId: commune, criterionCode: 'XA-07', indicatorCode: '7', value: true, asOf: '2025-12-15', reportedBy: 'canbo.30136' });
    out.push({ unitId: '874', communeId: '874', criterionCode: 'HUYEN-01', indicatorCode: '1.0', value: true, asOf: '2025-06-30', reportedBy: 'lanhdao.1' });
    return out;
  };

  beforeAll(async () => {
    api = await startReadApi('trend', READ_API_MODULES);
    await writeReadings(api, fixture());
    // the read API has followed the notification (19 current readings: 8 cells' housing + XA-07 + HUYEN-01 ... per unit)
    await eventually(
      async () => (await api.get('/api/v1/progress?asOf=2025-12-31')).body.readings,
      (n) => n === 10,
      { what: 'the fixture readings in force' },
    );
  });

  afterAll(async () => {
    await api?.close();
  });

  const get = async (path: string, user = 'lanhdao.1'): Promise<any> => {
    const res = await api.get(path, user);
    expect([path, res.status]).toEqual([path, 200]);
    return res.body;
  };
  const sameFigures = (point: any, p: any) => {
    expect({
      asOf: point.asOf,
      overall: point.overall,
      communesAtStandard: point.communesAtStandard,
      communes: point.communes,
      conditions: point.conditions.map((c: { code: string; status: string; checks: unknown }) => [c.code, c.status, c.checks]),
      pledges: point.pledges,
    }).toEqual({
      asOf: p.asOf,
      overall: { progress: p.overall.progress, percent: p.overall.percent, checks: p.overall.checks },
      communesAtStandard: p.communes.filter((c: { standard: { status: string } | null }) => c.standard?.status === 'met').length,
      communes: p.communes.length,
      conditions: p.standard.conditions.map((c: { code: string; status: string; checks: unknown }) => [c.code, c.status, c.checks]),
      pledges: {
        status: p.forecast.status,
        actualProgress: p.forecast.actualProgress,
        expectedProgress: p.forecast.expectedProgress,
        actualPercent: Math.round(p.forecast.actualProgress * 1000) / 10,
        expectedPercent: Math.round(p.forecast.expectedProgress * 1000) / 10,
        items: p.forecast.items,
        met: p.forecast.counts.met,
      },
    });
  };

  it('holds, at each month end since the first signing and on the view date, what GET /api/v1/progress?asOf= says that day', async () => {
    const trend = await get('/api/v1/progress/trend?every=month');
    expect(trend).toMatchObject({
      asOf: '2025-12-31',
      deadline: '2025-12-31',
      every: 'month',
      firstSigning: '2023-02-23',
      from: '2023-02-01',
      readings: 10,
      computedPoints: 0,
    });
    expect(trend.asOfNote.en).toMatch(/deadline/);
    const days = trend.points.map((p: { asOf: string }) => p.asOf);
    expect(days[0]).toBe('2023-02-28');
    expect(days).toContain('2024-02-29');
    expect(days.at(-1)).toBe('2025-12-31');
    expect(days).toHaveLength(35); // February 2023 … December 2025
    for (const day of ['2024-05-31', '2024-06-30', '2025-06-30', '2025-11-30', '2025-12-31']) {
      sameFigures(
        trend.points.find((p: { asOf: string }) => p.asOf === day),
        await get(`/api/v1/progress?asOf=${day}`),
      );
    }
    // the figures move: nothing before the first readings, then the commune's housing and the district's criterion
    const at = (day: string) => trend.points.find((p: { asOf: string }) => p.asOf === day);
    // before any reading, only the two communes recognised NTM for 2021 (seeded decisions) count
    const recognised = at('2024-04-30').conditions.find((c: { code: string }) => c.code === 'DK-01').checks.met;
    expect(at('2024-04-30').overall.checks.met).toBe(recognised);
    expect(at('2025-12-31').overall.checks.met).toBeGreaterThan(at('2024-04-30').overall.checks.met);
    expect(at('2025-12-31').pledges.actualProgress).toBeGreaterThan(at('2024-04-30').pledges.actualProgress);
    // on the deadline nothing is left to forecast
    expect(trend.forecast.overall).toEqual({ method: 'none', points: [] });
    expect(trend.forecast.district.status).toBe((await get('/api/v1/progress')).forecast.status);
  });

  it('on an earlier view date: quarter ends (the default), and forecast lines from the last point to the deadline', async () => {
    const trend = await get('/api/v1/progress/trend?asOf=2025-08-15');
    expect(trend.every).toBe('quarter');
    expect(trend.asOfNote).toBeNull();
    expect(trend.points.map((p: { asOf: string }) => p.asOf)).toEqual([
      '2023-03-31',
      '2023-06-30',
      '2023-09-30',
      '2023-12-31',
      '2024-03-31',
      '2024-06-30',
      '2024-09-30',
      '2024-12-31',
      '2025-03-31',
      '2025-06-30',
      '2025-08-15',
    ]);
    sameFigures(trend.points.at(-1), await get('/api/v1/progress?asOf=2025-08-15'));
    sameFigures(trend.points[5], await get('/api/v1/progress?asOf=2024-06-30'));
    const last = trend.points.at(-1);
    expect(trend.forecast.overall.method).toBe('least_squares');
    expect(trend.forecast.overall.points[0]).toEqual({ asOf: '2025-08-15', value: last.overall.percent });
    expect(trend.forecast.overall.points.at(-1).asOf).toBe('2025-12-31');
    expect(['projected_completion', 'least_squares']).toContain(trend.forecast.pledges.method);
    expect(trend.forecast.pledges.points[0]).toEqual({ asOf: '2025-08-15', value: last.pledges.actualPercent });
    expect(trend.forecast.pledges.points.at(-1).asOf).toBe('2025-12-31');
    for (const p of [...trend.forecast.overall.points, ...trend.forecast.pledges.points]) expect(p.value).toBeGreaterThanOrEqual(0);
  });

  it('shows the district figures to every account, and refuses a bad step or day with the field named', async () => {
    const leader = await get('/api/v1/progress/trend?asOf=2025-06-30');
    expect(await get('/api/v1/progress/trend?asOf=2025-06-30', 'bithu.874-30133-a01')).toMatchObject({ points: leader.points });
    expect(await get('/api/v1/progress/trend?asOf=2025-06-30', 'canbo.30133')).toMatchObject({ points: leader.points });
    const bad = await api.get('/api/v1/progress/trend?every=week');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'every', problem: 'not_allowed_value' });
    const early = await api.get('/api/v1/progress/trend?asOf=2019-01-01');
    expect([early.status, early.body.details[0].field, early.body.details[0].problem]).toEqual([400, 'asOf', 'outside_programme']);
    const late = await api.get('/api/v1/progress/trend?asOf=2099-12-31&every=month');
    expect([late.status, late.body.details[0].field, late.body.details[0].problem]).toEqual([400, 'asOf', 'outside_programme']);
    expect((await api.get('/api/v1/progress/trend', null)).status).toBe(401);
  });

  it('follows new readings: the cached trend is dropped when the projector signals a changed day, and only the days the readings describe change', async () => {
    const before = await get('/api/v1/progress/trend');
    const again = await get('/api/v1/progress/trend');
    expect(again.computedAt).toBe(before.computedAt); // served from the cache
    // a correction of the housing count in one hamlet: 2 houses still substandard on 20/12/2025
    await writeReadings(api, [
      {
        unitId: cells[0],
        communeId: commune,
        criterionCode: 'XA-09',
        indicatorCode: '9.1',
        value: 2,
        asOf: '2025-12-20',
        reportedAt: new Date('2025-12-20T03:00:00Z'),
      },
    ]);
    const after = await eventually(
      () => get('/api/v1/progress/trend'),
      (t) => t.computedAt !== before.computedAt,
      {
        what: 'the trend assembled again after the notification',
      },
    );
    sameFigures(after.points.at(-1), await get('/api/v1/progress'));
    expect(after.points.at(-1).pledges).not.toEqual(before.points.at(-1).pledges); // the hamlet's AP-03 3.1 item is no longer met
    // every point is a stored day; the earlier quarter ends describe days before the new reading and did not change
    expect(after.computedPoints).toBe(0);
    expect(after.points.slice(0, -1)).toEqual(before.points.slice(0, -1));
  });
});
