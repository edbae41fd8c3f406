import { randomUUID } from 'node:crypto';
import { eventually } from '../support/eventually';
import { startSystem, TestSystem } from '../support/system';
import { call, logIn, Session } from './intake-support';
import { newTestSecret } from '../support/env';

/**
 * Figures the catalogue says a commune reports (e.g. XA-01 1.1: its construction plan approved) are
 * submitted by the commune's officer under the commune's own id, travel the same pipeline, and show
 * in the commune's progress. Cells keep reporting their own figures; an indicator that only mirrors
 * another one sends the secretary to the indicator that carries the figure.
 */
const JWT_SECRET = newTestSecret();

describe('commune-level figures (real Kafka, PostgreSQL, Redis)', () => {
  let sys: TestSystem;
  let officer: Session;
  let secretary: Session;

  beforeAll(async () => {
    sys = await startSystem('commune-figures', ['ingest', 'projector', 'intake', 'dashboard'], { JWT_SECRET });
    [officer, secretary] = await Promise.all([logIn(sys.url('intake'), 'canbo.30133'), logIn(sys.url('intake'), 'bithu.874-30133-a01')]);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const indicatorOf = async (unitId: string, criterion: string, indicator: string) => {
    const res = await call(`${sys.url('dashboard')}/api/v1/progress/units/${unitId}`, { token: officer.accessToken });
    expect(res.status).toBe(200);
    const base = res.body.tiers.find((t: { base: boolean }) => t.base);
    return base.criteria.find((c: { code: string }) => c.code === criterion).indicators.find((i: { code: string }) => i.code === indicator);
  };

  it("a commune officer reports the commune's own figure; it reaches the commune's progress", async () => {
    expect(await indicatorOf('30133', 'XA-01', '1.1')).toMatchObject({ status: 'no_data' });
    const eventId = randomUUID();
    const res = await call(`${sys.url('intake')}/api/v1/updates`, {
      token: officer.accessToken,
      body: { eventId, hamletCode: '30133', criterionCode: 'XA-01', readings: [{ indicatorCode: '1.1', value: true }], asOf: '2025-12-31' },
    });
    expect(res.status).toBe(202);
    await eventually(
      async () => (await call(`${sys.url('intake')}/api/v1/submissions/${eventId}`, { token: officer.accessToken })).body,
      (b) => b?.status === 'projected',
      { what: 'the commune figure to be projected' },
    );
    const ind = await eventually(
      () => indicatorOf('30133', 'XA-01', '1.1'),
      (i) => i?.status === 'met',
      { what: 'XA-01 1.1 of Tân Quới to be met' },
    );
    expect(ind.coverage).toMatchObject({ expected: 1, reported: 1 });

    // the officer lists it among the unit's own submissions, and cannot verify their own figures
    const mine = await call(`${sys.url('intake')}/api/v1/submissions`, { token: officer.accessToken });
    expect(mine.body.items.map((i: { eventId: string }) => i.eventId)).toContain(eventId);
    const verify = await call(`${sys.url('intake')}/api/v1/submissions/${eventId}/verify`, { token: officer.accessToken, body: {} });
    expect(verify.status).toBe(403);
    expect(verify.body.details[0]).toMatchObject({ field: 'eventId', problem: 'not_a_cell_report' });
  });

  it('refuses a commune figure from a secretary and a cell figure from the officer, saying who reports it', async () => {
    const byCell = await call(`${sys.url('intake')}/api/v1/updates`, {
      token: secretary.accessToken,
      body: {
        eventId: randomUUID(),
        hamletCode: '874-30133-A01',
        criterionCode: 'XA-01',
        readings: [{ indicatorCode: '1.1', value: true }],
        asOf: '2025-12-31',
      },
    });
    expect(byCell.status).toBe(400);
    expect(byCell.body.details).toEqual([expect.objectContaining({ field: 'readings[0].indicatorCode', problem: 'wrong_reporting_level' })]);
    const byOfficer = await call(`${sys.url('intake')}/api/v1/updates`, {
      token: officer.accessToken,
      body: {
        eventId: randomUUID(),
        hamletCode: '874-30133-A01',
        criterionCode: 'XA-04',
        readings: [{ indicatorCode: '4.2', numerator: 1, denominator: 2 }],
        asOf: '2025-12-31',
      },
    });
    expect(byOfficer.status).toBe(403);
    expect(byOfficer.body.details[0]).toMatchObject({ field: 'hamletCode', problem: 'other_unit' });
  });

  it('sends a secretary from a mirroring indicator to the one that carries the figure', async () => {
    const res = await call(`${sys.url('intake')}/api/v1/updates`, {
      token: secretary.accessToken,
      body: {
        eventId: randomUUID(),
        hamletCode: '874-30133-A01',
        criterionCode: 'AP-02',
        readings: [{ indicatorCode: '2.1', numerator: 40, denominator: 50 }],
        asOf: '2025-12-31',
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      expect.objectContaining({
        field: 'readings[0].indicatorCode',
        problem: 'reported_as_other_indicator',
        messageEn: expect.stringContaining('report XA-04 4.2 instead'),
      }),
    ]);
  });
});
