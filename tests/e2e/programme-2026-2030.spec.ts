import { randomUUID } from 'node:crypto';
import { eventually } from '../support/eventually';
import { publishTestProgramme, TEST_PROGRAMME } from '../support/programme-fixtures';
import { startSystem, TestSystem } from '../support/system';
import { call, logIn } from './intake-support';

/**
 * Issue 14 on the running system: the programmes are data (GET /api/v1/programmes: 2021–2025 closed, 2026–2030 in
 * force, groups unknown, the cells under their new communes, the split commune's hamlets awaiting a decision); the
 * views take ?programme=; the 2021–2025 views answer exactly as without it, and exactly as before a 2026–2030
 * catalogue is published and a cell reports for 2026.
 */
describe('programmes 2021–2025 and 2026–2030 (intake → Kafka → ingest → projector → dashboard)', () => {
  let sys: TestSystem;
  let leader: string;
  const ARCHIVE = [
    '/api/v1/progress',
    '/api/v1/progress?asOf=2025-06-30',
    '/api/v1/progress/units/30136',
    '/api/v1/rankings?level=commune',
    '/api/v1/evaluations/2024',
    '/api/v1/evaluations/2025',
  ];
  const before = new Map<string, unknown>();

  beforeAll(async () => {
    sys = await startSystem('programmes', ['ingest', 'projector', 'intake', 'dashboard']);
    leader = (await logIn(sys.url('intake'), 'lanhdao.1')).accessToken;
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const get = (path: string) => call(`${sys.url('dashboard')}${path}`, { token: leader });
  const withProgramme = (path: string, id: string) => `${path}${path.includes('?') ? '&' : '?'}programme=${id}`;
  /**
   * The figures of an answer: without when and how they were computed (`computedAt`, `source` stored | computed), which
   * change when new reference data (a published catalogue) makes the projector derive the days again.
   */
  const figures = (body: unknown): unknown =>
    JSON.parse(JSON.stringify(body), (key, value) =>
      key === 'computedAt' || (key === 'source' && (value === 'stored' || value === 'computed')) ? undefined : value,
    );

  it('the 2021–2025 views answer the same with ?programme=2021-2025 as without it', async () => {
    for (const path of ARCHIVE) {
      const plain = await get(path);
      expect({ path, status: plain.status }).toEqual({ path, status: 200 });
      before.set(path, plain.body);
      const named = await get(withProgramme(path, '2021-2025'));
      expect({ path, body: named.body }).toEqual({ path, body: plain.body });
    }
  });

  it('lists the programmes: 2021–2025 closed (the archive, still the default view), 2026–2030 in force, its groups unknown', async () => {
    const res = await get('/api/v1/programmes?day=2026-12-07');
    expect(res.status).toBe(200);
    const [old, next] = ['2021-2025', '2026-2030'].map((id) => res.body.programmes.find((p: { id: string }) => p.id === id));
    expect(old).toMatchObject({ status: 'closed', inForce: false, default: true, viewable: true, targetKind: 'district', catalogueVersion: 'NTM-2021-2025' });
    expect(next).toMatchObject({ status: 'open', inForce: true, default: false, viewable: false, cataloguePublished: false, targetKind: 'commune' });
    const cells = Object.fromEntries(
      next.targets.map((t: { unitId: string; cellIds: string[]; groupOnDay: string | null }) => [t.unitId, [t.cellIds.length, t.groupOnDay]]),
    );
    expect(cells).toEqual({ '82-30130': [12, null], '82-30157': [4, null], '82-30163': [9, null], '82-30154': [21, null], '82-30028': [5, null] });
    expect(res.body.pendingParents.map((p: { unitId: string }) => p.unitId)).toEqual(['874-30157-A01', '874-30157-A02', '874-30157-A03', '874-30157-A04']);
    expect(next.targets[0].groups[0].label.vi).toBe('Nhóm: chưa xác định');
  });

  it('names the problem of a programme it cannot show', async () => {
    const unknown = await get('/api/v1/progress?programme=2031-2035');
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0]).toMatchObject({ field: 'programme', problem: 'unknown_programme' });
    const unpublished = await get('/api/v1/progress?programme=2026-2030');
    expect(unpublished.status).toBe(409);
    expect(unpublished.body.error).toBe('catalogue_not_published');
    const contradicting = await get('/api/v1/progress?programme=2021-2025&version=NTM-2026-2030');
    expect(contradicting.status).toBe(400);
    expect(contradicting.body.details[0]).toMatchObject({ field: 'version', problem: 'not_of_programme' });
  });

  it('after a 2026–2030 catalogue is published, a cell re-signs its pledge and reports for 2026, the 2021–2025 views return exactly what they did', async () => {
    const { criteria } = await publishTestProgramme(sys.db.url);
    const listed = await eventually(
      async () => (await get('/api/v1/programmes?day=2026-12-07')).body,
      (b) => b?.programmes?.some((p: { id: string; cataloguePublished: boolean }) => p.id === TEST_PROGRAMME && p.cataloguePublished),
      { what: 'the test programme to be published' },
    );
    expect(listed.programmes.find((p: { id: string }) => p.id === TEST_PROGRAMME)).toMatchObject({ status: 'open', viewable: false });
    // /progress shows the programme's communes (their cells on the day, no district); the other views do not yet
    const communeView = `/api/v1/progress?programme=${TEST_PROGRAMME}&asOf=2026-12-01`;
    const early = await get(communeView);
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ programme: TEST_PROGRAMME, targetKind: 'commune', asOf: '2026-12-01' });
    expect(early.body.district).toBeUndefined();
    expect(Object.fromEntries(early.body.communes.map((c: { id: string; cells: number }) => [c.id, c.cells]))).toEqual({
      '82-30130': 12,
      '82-30157': 4,
      '82-30163': 9,
      '82-30154': 21,
      '82-30028': 5,
    });
    const figureOf = (body: {
      communes: { id: string; criteria: { code: string; indicators: { code: string; numerator: number | null; reported: number }[] }[] }[];
    }) => {
      const [c] = criteria;
      const ind = body.communes
        .find((x) => x.id === '82-30154')!
        .criteria.find((k) => k.code === c.code)!
        .indicators.find((i) => i.code === c.indicators[0])!;
      return { numerator: ind.numerator, reported: ind.reported };
    };
    expect(figureOf(early.body)).toEqual({ numerator: null, reported: 0 });
    const notComputed = await get(`/api/v1/rankings?level=commune&programme=${TEST_PROGRAMME}`);
    expect(notComputed.status).toBe(409);
    expect(notComputed.body.error).toBe('programme_not_computed');

    // an administrator re-signs the pledge of a cell now under Xã Tân Long: first with mistakes (all listed, nothing stored)
    const admin = (await logIn(sys.url('intake'), 'quantri')).accessToken;
    const resign = (body: unknown) => call(`${sys.url('dashboard')}/api/v1/admin/programmes/${TEST_PROGRAMME}/pledges`, { token: admin, body });
    const [first, second] = criteria;
    const wrong = await resign({
      pledges: [
        {
          cellId: '874-30136-A01',
          signedOn: '2026-03-01',
          items: [
            { criterionCode: first.code, indicatorCode: 'nope', target: { comparator: '>=', value: 90 }, dueDate: '2027-12-31' },
            { criterionCode: second.code, indicatorCode: second.indicators[0], target: { comparator: '>=', value: 90 }, dueDate: '2031-01-01' },
          ],
        },
        {
          cellId: '874-30157-A01',
          signedOn: '2026-03-01',
          items: [{ criterionCode: first.code, indicatorCode: first.indicators[0], target: { comparator: '>=', value: 80 }, dueDate: '2027-12-31' }],
        },
      ],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details.map((d: { field: string; problem: string }) => `${d.field}:${d.problem}`)).toEqual([
      'pledges[0].items[0].indicatorCode:unknown_indicator',
      'pledges[0].items[1].dueDate:outside_programme',
      'pledges[1].cellId:not_in_programme',
    ]);
    const oldPledges = await get('/api/v1/pledges?cell=874-30136-A01&programme=2021-2025');
    expect(oldPledges.status).toBe(200);
    const signed = await resign({
      pledges: [
        {
          cellId: '874-30136-A01',
          signedOn: '2026-03-01',
          items: [
            { criterionCode: first.code, indicatorCode: first.indicators[0], target: { comparator: '>=', value: 90 }, dueDate: '2027-12-31' },
            { criterionCode: second.code, indicatorCode: second.indicators[0], target: { comparator: '>=', value: 75 }, dueDate: '2028-06-30' },
          ],
        },
      ],
    });
    expect(signed.status).toBe(201);
    expect(signed.body.pledges[0]).toMatchObject({ id: `PL-${TEST_PROGRAMME}-874-30136-A01`, catalogueVersion: TEST_PROGRAMME, signedOn: '2026-03-01' });
    expect(
      (
        await resign({
          pledges: [
            {
              cellId: '874-30136-A01',
              signedOn: '2026-03-02',
              items: [{ criterionCode: first.code, indicatorCode: first.indicators[0], target: { comparator: '>=', value: 90 }, dueDate: '2027-12-31' }],
            },
          ],
        })
      ).status,
    ).toBe(409);

    // its secretary reports a 2026 figure of the new catalogue
    const secretary = await logIn(sys.url('intake'), 'bithu.874-30136-a01');
    const eventId = randomUUID();
    const [c] = criteria;
    const sent = await call(`${sys.url('intake')}/api/v1/updates`, {
      token: secretary.accessToken,
      body: {
        eventId,
        hamletCode: '874-30136-A01',
        criterionCode: c.code,
        readings: [{ indicatorCode: c.indicators[0], numerator: 40, denominator: 50 }],
        asOf: '2026-11-30',
      },
    });
    expect(sent.status).toBe(202);
    const status = await eventually(
      async () => (await call(`${sys.url('intake')}/api/v1/submissions/${eventId}`, { token: secretary.accessToken })).body,
      (b) => b?.status === 'projected' || b?.status === 'rejected',
      { what: 'the 2026 report to be projected' },
    );
    expect(status.status).toBe('projected');
    // the commune's progress toward the 2026–2030 standard counts the cell's report, and its re-signed pledge's forecast
    const after = await eventually(
      () => get(communeView),
      (r) => r.status === 200 && figureOf(r.body).reported === 1,
      { what: 'the 2026 report in the commune view' },
    );
    expect(figureOf(after.body)).toEqual({ numerator: 40, reported: 1 });
    const cell = after.body.cells.find((x: { id: string }) => x.id === '874-30136-A01');
    expect(cell).toMatchObject({ communeId: '82-30154', readings: 1 });
    expect(cell.items.map((i: { itemId: string }) => i.itemId)).toEqual([`PL-${TEST_PROGRAMME}-874-30136-A01-01`, `PL-${TEST_PROGRAMME}-874-30136-A01-02`]);
    // the drill-down of the commune and of the cell in the same programme
    const communeUnit = await get(`/api/v1/progress/units/82-30154?programme=${TEST_PROGRAMME}&asOf=2026-12-01`);
    expect(communeUnit.status).toBe(200);
    const [c1] = criteria;
    const shown = communeUnit.body.criteria
      .find((k: { code: string }) => k.code === c1.code)
      .indicators.find((i: { code: string }) => i.code === c1.indicators[0]);
    expect(shown).toMatchObject({ numerator: 40, denominator: 50, coverage: { expected: 21, reported: 1 } });
    const cellUnit = await get(`/api/v1/progress/units/874-30136-A01?programme=${TEST_PROGRAMME}&asOf=2026-12-01`);
    expect(cellUnit.body).toMatchObject({ commune: { id: '82-30154' }, readings: 1 });
    expect(cellUnit.body.pledgeItems).toHaveLength(2);
    // a hamlet of the split Tân Thạnh awaiting a decision is under no commune of the programme
    expect((await get(`/api/v1/progress/units/874-30157-A01?programme=${TEST_PROGRAMME}&asOf=2026-12-01`)).body.details[0]).toMatchObject({
      problem: 'not_in_programme',
    });

    // the projector derives the 2021–2025 days again with the new reference data; then they are served as stored
    // (every stored day of the programme is recomputed: minutes on a loaded machine)
    await eventually(
      () => get('/api/v1/progress'),
      (r) => r.body?.source === 'stored',
      { what: 'the 2021–2025 days to be stored again', timeoutMs: 420_000, intervalMs: 1000 },
    );
    expect((before.get('/api/v1/progress') as { source: string }).source).toBe('stored');
    // the cell's 2021–2025 pledge is as it was
    expect(figures((await get('/api/v1/pledges?cell=874-30136-A01&programme=2021-2025')).body)).toEqual(figures(oldPledges.body));
    for (const path of ARCHIVE) {
      const now = await get(withProgramme(path, '2021-2025'));
      expect({ path, body: figures(now.body) }).toEqual({ path, body: figures(before.get(path)) });
      const plain = await get(path);
      expect({ path, body: figures(plain.body) }).toEqual({ path, body: figures(before.get(path)) });
    }
  }, 540_000);
  it('an administrator decides where a hamlet of the split Tân Thạnh went and adds a hamlet whose name only they know', async () => {
    const admin = (await logIn(sys.url('intake'), 'quantri')).accessToken;
    const post = (path: string, body: unknown) => call(`${sys.url('dashboard')}/api/v1/admin/${path}`, { token: admin, body });
    const bad = await post('units/874-30157-A01/parent', { parentId: '874-30157-A02', from: '2025-13-01', reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string; problem: string }) => `${d.field}:${d.problem}`)).toEqual(['from:invalid_date', 'parentId:not_a_commune']);
    const moved = await post('units/874-30157-A01/parent', { parentId: '82-30157', from: '2025-07-01', reason: 'Biên bản bàn giao (thử nghiệm)' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      decidedPending: true,
      parents: [
        { parentId: '30157', validTo: '2025-06-30' },
        { parentId: '82-30157', validFrom: '2025-07-01', validTo: null },
      ],
    });
    const added = await post('units', {
      parentId: '82-30028',
      kind: 'hamlet',
      name: 'Ấp Thử Nghiệm'.normalize('NFD'),
      validFrom: '2025-07-01',
      source: 'test: entered by the administrator',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: '82-30028-A01', name: 'Ấp Thử Nghiệm'.normalize('NFC') });
    const listed = await eventually(
      async () => (await get('/api/v1/programmes?day=2026-12-07')).body,
      (b) => b?.pendingParents?.length === 3,
      { what: 'the decision to show' },
    );
    const next = listed.programmes.find((p: { id: string }) => p.id === '2026-2030');
    const cellsOf = (id: string): string[] => next.targets.find((t: { unitId: string }) => t.unitId === id).cellIds;
    expect(cellsOf('82-30157')).toContain('874-30157-A01');
    expect(cellsOf('82-30157')).toHaveLength(5);
    expect(cellsOf('82-30028')).toEqual(expect.arrayContaining(['82-30028-A01']));
    expect(cellsOf('82-30028')).toHaveLength(6);
    // the 2021–2025 archive still walks the district as it stood on 30/06/2025
    await eventually(
      () => get('/api/v1/progress'),
      (r) => r.body?.source === 'stored',
      { what: 'the 2021–2025 days to be stored again', timeoutMs: 420_000, intervalMs: 1000 },
    );
    expect(figures((await get('/api/v1/progress')).body)).toEqual(figures(before.get('/api/v1/progress')));
  }, 540_000);
});
