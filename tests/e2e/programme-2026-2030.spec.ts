import { randomUUID } from 'node:crypto';
import { BROKEN_2026, fillCatalogueTemplate, SMALL_2026 } from '../support/catalogue-workbook';
import { eventually } from '../support/eventually';
import { startSystem, TestSystem } from '../support/system';
import { call, logIn } from './intake-support';

const PROGRAMME = '2026-2030';
const PROGRAMME_VERSION = 'NTM-2026-2030';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** POST a workbook as multipart/form-data (field "file"), as the web app's catalogue page does. */
async function upload(url: string, token: string, file: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)], { type: XLSX }), 'catalogue.xlsx');
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: await res.json() };
}

/**
 * Issue 14 on the running system: the programmes are data (GET /api/v1/programmes: 2021–2025 closed, 2026–2030 in
 * force, groups unknown, the cells under their new communes, the split commune's hamlets awaiting a decision); the
 * views take ?programme=; the 2021–2025 views answer exactly as without it. Then the whole flow of issue 14 on the real
 * 2026–2030 programme: an administrator loads its catalogue from the XLSX template (a wrong file first: every problem
 * listed, nothing stored), publishes it, re-signs a cell's pledge (a wrong pledge first), the cell's secretary reports a
 * 2026 figure through intake → Kafka → ingest → projector, and the commune's progress toward the 2026–2030 standard
 * shows in /progress and /progress/units/{id}, while the 2021–2025 views and evaluations answer exactly as before.
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

  it('an administrator loads the 2026–2030 catalogue from XLSX (a wrong file first: every problem, nothing stored) and publishes it, a cell re-signs its pledge and its secretary reports for 2026: the commune progresses toward the 2026–2030 standard, the 2021–2025 views and evaluations return exactly what they did', async () => {
    const web = sys.url('dashboard');
    const admin = (await logIn(sys.url('intake'), 'quantri')).accessToken;
    const draft = async () => (await call(`${web}/api/v1/admin/catalogues`, { token: admin })).body.find((v: { id: string }) => v.id === PROGRAMME_VERSION);

    // the administrator downloads the template and uploads a filled-in copy with mistakes: all listed, nothing stored
    const res = await fetch(`${web}/api/v1/admin/catalogues/template.xlsx`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    const template = Buffer.from(await res.arrayBuffer());
    expect(await draft()).toMatchObject({ status: 'draft', criteria: 10, indicators: 0 });
    const refused = await upload(`${web}/api/v1/admin/catalogues`, admin, await fillCatalogueTemplate(template, BROKEN_2026));
    expect(refused.status).toBe(422);
    expect(refused.body.details.map((d: { sheet: string; row: number; column: string; problem: string }) => [d.sheet, d.row, d.column, d.problem])).toEqual(
      expect.arrayContaining([
        ['Phiên bản - Version', 6, 'B', 'not_a_date'],
        ['Tiêu chí - Criteria', 4, 'A', 'duplicate_code'],
        ['Chỉ tiêu - Indicators', 2, 'E', 'unknown_value'],
        ['Chỉ tiêu - Indicators', 3, 'K', 'not_a_number'],
        ['Chỉ tiêu - Indicators', 4, 'A', 'unknown_criterion'],
      ]),
    );
    expect(await draft()).toMatchObject({ status: 'draft', criteria: 10, indicators: 0 });
    // the corrected small catalogue (2 criteria, 3 indicators; 2.2 reported by the hamlets) is stored as the draft and published
    const stored = await upload(`${web}/api/v1/admin/catalogues`, admin, await fillCatalogueTemplate(template, SMALL_2026));
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ id: PROGRAMME_VERSION, status: 'draft', criteria: 2, indicators: 3 });
    const published = await call(`${web}/api/v1/admin/catalogues/${PROGRAMME_VERSION}/publish`, { method: 'POST', token: admin });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ id: PROGRAMME_VERSION, status: 'published' });

    const listed = await eventually(
      async () => (await get('/api/v1/programmes?day=2026-12-07')).body,
      (b) => b?.programmes?.some((p: { id: string; cataloguePublished: boolean }) => p.id === PROGRAMME && p.cataloguePublished),
      { what: 'the 2026–2030 catalogue to show as published' },
    );
    const next = listed.programmes.find((p: { id: string }) => p.id === PROGRAMME);
    expect(next).toMatchObject({ status: 'open', inForce: true, default: false, viewable: false, catalogueVersion: PROGRAMME_VERSION });
    expect(next.targets.find((t: { unitId: string }) => t.unitId === '82-30154').cells).toEqual(
      expect.arrayContaining([{ id: '874-30136-A01', name: expect.any(String), kind: 'hamlet' }]),
    );
    // /progress shows the programme's communes (their cells on the day, no district); the other views do not yet
    const communeView = `/api/v1/progress?programme=${PROGRAMME}&asOf=2026-12-01`;
    const early = await eventually(
      () => get(communeView),
      (r) => r.status === 200,
      { what: 'the 2026–2030 commune view' },
    );
    expect(early.body).toMatchObject({ programme: PROGRAMME, targetKind: 'commune', catalogueVersion: PROGRAMME_VERSION, asOf: '2026-12-01' });
    expect(early.body.district).toBeUndefined();
    expect(Object.fromEntries(early.body.communes.map((c: { id: string; cells: number }) => [c.id, c.cells]))).toEqual({
      '82-30130': 12,
      '82-30157': 4,
      '82-30163': 9,
      '82-30154': 21,
      '82-30028': 5,
    });
    // Xã Tân Long's figure of TC-02 2.2 (cultural venues, the sum of its hamlets' reports)
    const figureOf = (body: {
      communes: { id: string; criteria: { code: string; indicators: { code: string; value: number | null; reported: number; expected: number }[] }[] }[];
    }) => {
      const ind = body.communes
        .find((x) => x.id === '82-30154')!
        .criteria.find((k) => k.code === 'TC-02')!
        .indicators.find((i) => i.code === '2.2')!;
      return { value: ind.value, reported: ind.reported, expected: ind.expected };
    };
    expect(figureOf(early.body)).toEqual({ value: null, reported: 0, expected: 21 });
    const notComputed = await get(`/api/v1/rankings?level=commune&programme=${PROGRAMME}`);
    expect(notComputed.status).toBe(409);
    expect(notComputed.body.error).toBe('programme_not_computed');

    // the administrator re-signs the pledge of a cell now under Xã Tân Long: first with mistakes (all listed, nothing stored)
    const resign = (body: unknown) => call(`${web}/api/v1/admin/programmes/${PROGRAMME}/pledges`, { token: admin, body });
    const wrong = await resign({
      pledges: [
        {
          cellId: '874-30136-A01',
          signedOn: '2026-03-01',
          items: [
            { criterionCode: 'TC-02', indicatorCode: 'nope', target: { comparator: '>=', value: 2 }, dueDate: '2027-12-31' },
            { criterionCode: 'TC-02', indicatorCode: '2.2', target: { comparator: '>=', value: 2 }, dueDate: '2031-01-01' },
            { criterionCode: 'TC-02', indicatorCode: '2.1', target: { comparator: '>=', value: 90 }, dueDate: '2027-12-31' },
          ],
        },
        {
          cellId: '874-30157-A01',
          signedOn: '2026-03-01',
          items: [{ criterionCode: 'TC-02', indicatorCode: '2.2', target: { comparator: '>=', value: 1 }, dueDate: '2027-12-31' }],
        },
      ],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details.map((d: { field: string; problem: string }) => `${d.field}:${d.problem}`)).toEqual([
      'pledges[0].items[0].indicatorCode:unknown_indicator',
      'pledges[0].items[1].dueDate:outside_programme',
      'pledges[0].items[2].indicatorCode:not_reported_by_cells',
      'pledges[1].cellId:not_in_programme',
    ]);
    for (const d of wrong.body.details) expect(d.message && d.messageEn).toBeTruthy();
    const oldPledges = await get('/api/v1/pledges?cell=874-30136-A01&programme=2021-2025');
    expect(oldPledges.status).toBe(200);
    const signed = await resign({
      pledges: [
        {
          cellId: '874-30136-A01',
          signedOn: '2026-03-01',
          items: [{ criterionCode: 'TC-02', indicatorCode: '2.2', target: { comparator: '>=', value: 2 }, dueDate: '2027-12-31' }],
        },
      ],
    });
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({
      programme: PROGRAMME,
      pledges: [
        {
          id: `PL-${PROGRAMME}-874-30136-A01`,
          catalogueVersion: PROGRAMME_VERSION,
          signedOn: '2026-03-01',
          items: [
            {
              id: `PL-${PROGRAMME}-874-30136-A01-01`,
              criterionCode: 'TC-02',
              indicatorCode: '2.2',
              target: { comparator: '>=', value: 2 },
              dueDate: '2027-12-31',
            },
          ],
        },
      ],
    });
    const again = await resign({
      pledges: [
        {
          cellId: '874-30136-A01',
          signedOn: '2026-03-02',
          items: [{ criterionCode: 'TC-02', indicatorCode: '2.2', target: { comparator: '>=', value: 3 }, dueDate: '2027-12-31' }],
        },
      ],
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('already_signed');

    // its secretary reports a 2026 figure of the new catalogue
    const secretary = await logIn(sys.url('intake'), 'bithu.874-30136-a01');
    const eventId = randomUUID();
    const sent = await call(`${sys.url('intake')}/api/v1/updates`, {
      token: secretary.accessToken,
      body: { eventId, hamletCode: '874-30136-A01', criterionCode: 'TC-02', readings: [{ indicatorCode: '2.2', value: 3 }], asOf: '2026-11-30' },
    });
    expect(sent.status).toBe(202);
    const status = await eventually(
      async () => (await call(`${sys.url('intake')}/api/v1/submissions/${eventId}`, { token: secretary.accessToken })).body,
      (b) => b?.status === 'projected' || b?.status === 'rejected',
      { what: 'the 2026 report to be projected' },
    );
    expect(status.status).toBe('projected');
    // the commune's progress toward the 2026–2030 standard counts the cell's report, with its re-signed pledge's forecast
    const after = await eventually(
      () => get(communeView),
      (r) => r.status === 200 && figureOf(r.body).reported === 1,
      { what: 'the 2026 report in the commune view' },
    );
    expect(figureOf(after.body)).toEqual({ value: 3, reported: 1, expected: 21 });
    const tanLong = after.body.communes.find((x: { id: string }) => x.id === '82-30154');
    expect(tanLong).toMatchObject({ cellsReporting: 1, readings: 1 });
    const cell = after.body.cells.find((x: { id: string }) => x.id === '874-30136-A01');
    expect(cell).toMatchObject({ communeId: '82-30154', readings: 1 });
    // target ≥ 2 venues by 31/12/2027, 3 reported: the item is met
    expect(cell.items).toEqual([expect.objectContaining({ itemId: `PL-${PROGRAMME}-874-30136-A01-01`, status: 'met' })]);
    // the drill-down of the commune and of the cell in the same programme
    const communeUnit = await get(`/api/v1/progress/units/82-30154?programme=${PROGRAMME}&asOf=2026-12-01`);
    expect(communeUnit.status).toBe(200);
    const shown = communeUnit.body.criteria.find((k: { code: string }) => k.code === 'TC-02').indicators.find((i: { code: string }) => i.code === '2.2');
    expect(shown).toMatchObject({ value: 3, coverage: { expected: 21, reported: 1 } });
    const cellUnit = await get(`/api/v1/progress/units/874-30136-A01?programme=${PROGRAMME}&asOf=2026-12-01`);
    expect(cellUnit.body).toMatchObject({ commune: { id: '82-30154' }, readings: 1 });
    expect(cellUnit.body.pledgeItems).toEqual([expect.objectContaining({ id: `PL-${PROGRAMME}-874-30136-A01-01`, status: 'met' })]);
    // a hamlet of the split Tân Thạnh awaiting a decision is under no commune of the programme
    expect((await get(`/api/v1/progress/units/874-30157-A01?programme=${PROGRAMME}&asOf=2026-12-01`)).body.details[0]).toMatchObject({
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
