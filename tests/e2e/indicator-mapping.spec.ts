import { randomUUID } from 'node:crypto';
import { eventually } from '../support/eventually';
import { publishTestProgramme, TEST_PROGRAMME, TEST_VERSION } from '../support/programme-fixtures';
import { startSystem, TestSystem } from '../support/system';
import { call, logIn, type Session } from './intake-support';

/**
 * Issue 14 on the running system: readings of the 2021–2025 catalogue carry over to a 2026–2030 catalogue through an
 * explicit mapping made by an administrator (GET/PUT /api/v1/admin/programmes/{id}/indicator-mappings). A cell's 2025
 * reading of a mapped old indicator shows, marked as carried over, in /progress?programme= until the cell reports the
 * new indicator itself; "no mapping" and undecided indicators carry nothing; nothing of 2021–2025 changes.
 */
describe('indicator mapping 2021–2025 → 2026–2030 (intake → Kafka → ingest → projector → dashboard)', () => {
  let sys: TestSystem;
  let admin: string;
  let secretary: Session;
  const CELL = '874-30136-A01';
  const COMMUNE = '82-30154';
  // the test catalogue reuses the old codes: XA-02 2.2 is an indicator of both; old XA-02 2.4 has no namesake
  const NEW = { criterionCode: 'XA-02', indicatorCode: '2.2' };
  const OLD_MAPPED = { criterionCode: 'XA-02', indicatorCode: '2.4' };
  const OLD_NONE = { criterionCode: 'XA-02', indicatorCode: '2.2' };

  beforeAll(async () => {
    sys = await startSystem('indicator-mapping', ['ingest', 'projector', 'intake', 'dashboard']);
    admin = (await logIn(sys.url('intake'), 'quantri')).accessToken;
    secretary = await logIn(sys.url('intake'), 'bithu.874-30136-a01');
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const dashboard = (path: string, token = admin, opts: { method?: string; body?: unknown } = {}) => call(`${sys.url('dashboard')}${path}`, { token, ...opts });
  const mappingsPath = `/api/v1/admin/programmes/${TEST_PROGRAMME}/indicator-mappings`;
  const put = (body: unknown, token = admin) => dashboard(mappingsPath, token, { method: 'PUT', body });
  /** The figures of an answer, without when and how they were computed (see programme-2026-2030.spec.ts). */
  const figures = (body: unknown): unknown =>
    JSON.parse(JSON.stringify(body), (key, value) =>
      key === 'computedAt' || (key === 'source' && (value === 'stored' || value === 'computed')) ? undefined : value,
    );

  async function report(criterionCode: string, readings: unknown[], asOf: string): Promise<void> {
    const eventId = randomUUID();
    const sent = await call(`${sys.url('intake')}/api/v1/updates`, {
      token: secretary.accessToken,
      body: { eventId, hamletCode: CELL, criterionCode, readings, asOf },
    });
    expect(sent.status).toBe(202);
    const status = await eventually(
      async () => (await call(`${sys.url('intake')}/api/v1/submissions/${eventId}`, { token: secretary.accessToken })).body,
      (b) => b?.status === 'projected' || b?.status === 'rejected',
      { what: `the report of ${asOf} to be projected` },
    );
    expect(status).toMatchObject({ status: 'projected' });
  }

  type Indicator = { code: string; numerator: number | null; reported: number; newestAsOf: string | null; carried: unknown[] };
  type View = { communes: { id: string; criteria: { code: string; indicators: Indicator[] }[] }[]; cells: { id: string; carried: unknown[] }[] };
  const communeView = (asOf: string) => `/api/v1/progress?programme=${TEST_PROGRAMME}&asOf=${asOf}`;
  const newIndicator = (body: View): Indicator =>
    body.communes
      .find((c) => c.id === COMMUNE)!
      .criteria.find((k) => k.code === NEW.criterionCode)!
      .indicators.find((i) => i.code === NEW.indicatorCode)!;
  const cellOf = (body: View) => body.cells.find((c) => c.id === CELL)!;

  it('carries a mapped 2025 reading into the 2026–2030 view until the cell reports the new indicator itself', async () => {
    await publishTestProgramme(sys.db.url);
    await eventually(
      async () => (await dashboard('/api/v1/programmes?day=2026-12-07')).body,
      (b) => b?.programmes?.some((p: { id: string; cataloguePublished: boolean }) => p.id === TEST_PROGRAMME && p.cataloguePublished),
      { what: 'the test programme to be published' },
    );

    // the secretary's 2025 report of two old indicators (one shares its codes with a new indicator)
    await report(
      'XA-02',
      [
        { indicatorCode: OLD_NONE.indicatorCode, numerator: 30, denominator: 50 },
        { indicatorCode: OLD_MAPPED.indicatorCode, numerator: 45, denominator: 50 },
      ],
      '2025-11-30',
    );
    // the 2021–2025 answers once they count the report (on a day the projector does not store: computed each time
    // from the readings, so they do not wait for the projector to derive its days again with the test catalogue)
    const archivePaths = ['/api/v1/progress?asOf=2025-12-15', '/api/v1/progress/units/30136?asOf=2025-12-15', `/api/v1/progress/units/${CELL}?asOf=2025-12-15`];
    const counted = await eventually(
      () => dashboard('/api/v1/progress/units/30136?asOf=2025-12-15'),
      (r) =>
        r.status === 200 &&
        r.body.tiers
          ?.flatMap((t: { criteria: { code: string; indicators: { code: string; numerator: number | null }[] }[] }) => t.criteria)
          .find((k: { code: string }) => k.code === 'XA-02')
          ?.indicators.find((i: { code: string }) => i.code === OLD_MAPPED.indicatorCode)?.numerator === 45,
      { what: 'the 2025 report in the 2021–2025 view' },
    );
    expect(counted.status).toBe(200);
    const archive = new Map<string, unknown>();
    for (const path of archivePaths) archive.set(path, figures((await dashboard(path)).body));

    // undecided: the old readings count for nothing in 2026–2030, not even the one whose codes the new catalogue reuses
    const undecided = await dashboard(communeView('2026-02-01'));
    expect(undecided.status).toBe(200);
    expect(newIndicator(undecided.body)).toMatchObject({ numerator: null, reported: 0, carried: [] });
    expect(cellOf(undecided.body)).toMatchObject({ readings: 0, carried: [] });

    // an administrator's first try has mistakes: all listed, nothing stored
    const wrong = await put({
      mappings: [
        { from: { criterionCode: 'XA-02', indicatorCode: '9.9' }, to: null },
        { from: OLD_MAPPED, to: { criterionCode: 'XA-99', indicatorCode: '1' } },
        { from: { criterionCode: 'XA-04', indicatorCode: '4.1' }, to: NEW },
        { from: OLD_MAPPED, to: null },
        { from: { criterionCode: 'XA-03', indicatorCode: '3.1' }, to: { criterionCode: 'XA-02', indicatorCode: '2.3' } },
      ],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details.map((d: { field: string; problem: string }) => `${d.field}:${d.problem}`)).toEqual([
      'mappings[0].from:unknown_indicator',
      'mappings[1].to:unknown_indicator',
      'mappings[2].to:incompatible_kind',
      'mappings[3].from:duplicate',
      'mappings[4].to:incompatible_denominator',
    ]);
    expect(wrong.body.details.every((d: { message: string; messageEn: string }) => d.message && d.messageEn)).toBe(true);
    const untouched = await dashboard(mappingsPath);
    expect(untouched.status).toBe(200);
    expect(untouched.body).toMatchObject({ programme: TEST_PROGRAMME, fromProgramme: '2021-2025', fromVersion: 'NTM-2021-2025', toVersion: TEST_VERSION });
    expect(untouched.body.counts).toMatchObject({ mapped: 0, none: 0 });

    // then maps the old indicator to the new one and states "no mapping" for the other (a note typed decomposed)
    const note = 'Chỉ tiêu đổi mã (thử nghiệm)';
    const saved = await put({
      mappings: [
        { from: OLD_MAPPED, to: NEW, note: note.normalize('NFD') },
        { from: OLD_NONE, to: null },
      ],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.changed).toBe(2);
    const listed = await dashboard(mappingsPath);
    const total = listed.body.indicators.length;
    expect(total).toBeGreaterThan(2);
    expect(listed.body.counts).toEqual({ mapped: 1, none: 1, undecided: total - 2 });
    const stateOf = (ref: { criterionCode: string; indicatorCode: string }) =>
      listed.body.indicators.find(
        (i: { from: { criterionCode: string; indicatorCode: string } }) =>
          i.from.criterionCode === ref.criterionCode && i.from.indicatorCode === ref.indicatorCode,
      );
    expect(stateOf(OLD_MAPPED)).toMatchObject({ state: 'mapped', to: NEW, note: note.normalize('NFC'), recordedBy: 'quantri' });
    expect(stateOf(OLD_NONE)).toMatchObject({ state: 'none', to: null, recordedBy: 'quantri' });
    expect(stateOf({ criterionCode: 'XA-02', indicatorCode: '2.3' })).toMatchObject({ state: 'undecided', to: null, recordedBy: null });
    // the same decisions again change nothing
    expect((await put({ mappings: [{ from: OLD_MAPPED, to: NEW, note }] })).body.changed).toBe(0);

    // a secretary may neither read nor change the mapping
    expect((await dashboard(mappingsPath, secretary.accessToken)).status).toBe(403);
    expect((await put({ mappings: [{ from: OLD_MAPPED, to: null }] }, secretary.accessToken)).status).toBe(403);

    // the cell's 2025 reading now shows for the new indicator, marked as carried over, with its own date
    const carriedFrom = { catalogueVersion: 'NTM-2021-2025', ...OLD_MAPPED };
    const carried = await eventually(
      () => dashboard(communeView('2026-02-01')),
      (r) => r.status === 200 && newIndicator(r.body).reported === 1,
      { what: 'the carried reading in the 2026–2030 view' },
    );
    expect(newIndicator(carried.body)).toMatchObject({
      numerator: 45,
      reported: 1,
      newestAsOf: '2025-11-30',
      carried: [{ unitId: CELL, asOf: '2025-11-30', carriedFrom }],
    });
    expect(cellOf(carried.body).carried).toEqual([
      { ...NEW, asOf: '2025-11-30', value: null, numerator: 45, denominator: 50, reportedAt: expect.any(String), carriedFrom },
    ]);
    // the drill-downs: the commune's indicator names the cell whose figure is carried, the cell lists its carried readings
    const communeUnit = await dashboard(`/api/v1/progress/units/${COMMUNE}?programme=${TEST_PROGRAMME}&asOf=2026-02-01`);
    expect(communeUnit.status).toBe(200);
    expect(
      communeUnit.body.criteria
        .find((k: { code: string }) => k.code === NEW.criterionCode)
        .indicators.find((i: { code: string }) => i.code === NEW.indicatorCode),
    ).toMatchObject({ numerator: 45, coverage: { reported: 1 }, carried: [{ unitId: CELL, asOf: '2025-11-30', carriedFrom }] });
    const cellUnit = await dashboard(`/api/v1/progress/units/${CELL}?programme=${TEST_PROGRAMME}&asOf=2026-02-01`);
    expect(cellUnit.status).toBe(200);
    expect(cellUnit.body).toMatchObject({ readings: 0, carried: [{ ...NEW, asOf: '2025-11-30', numerator: 45, carriedFrom }] });

    // the cell reports the new indicator itself: its own reading wins from the day it describes
    await report('XA-02', [{ indicatorCode: NEW.indicatorCode, numerator: 48, denominator: 50 }], '2026-01-20');
    const own = await eventually(
      () => dashboard(communeView('2026-02-01')),
      (r) => r.status === 200 && newIndicator(r.body).numerator === 48,
      { what: 'the cell’s own reading in the 2026–2030 view' },
    );
    expect(newIndicator(own.body)).toMatchObject({ numerator: 48, reported: 1, newestAsOf: '2026-01-20', carried: [] });
    expect(cellOf(own.body)).toMatchObject({ readings: 1, carried: [] });
    // a day before its own reading, the view still shows the carried one
    expect(newIndicator((await dashboard(communeView('2026-01-10'))).body)).toMatchObject({ numerator: 45, carried: [{ unitId: CELL }] });

    // nothing of 2021–2025 changed
    for (const path of archivePaths) expect({ path, body: figures((await dashboard(path)).body) }).toEqual({ path, body: archive.get(path) });
    const oldWithProgramme = await dashboard('/api/v1/progress?programme=2021-2025&asOf=2025-12-15');
    expect(figures(oldWithProgramme.body)).toEqual(archive.get('/api/v1/progress?asOf=2025-12-15'));
  }, 300_000);
});
