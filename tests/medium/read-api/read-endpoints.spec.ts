import { request, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { OVERALL_PROGRESS_DESCRIPTION } from '@pledge/domain';
import { READ_API_MODULES } from './support/modules';
import { startReadApi, ReadApiApp } from './support/read-api-app';
import { seedCounts } from '../../support/seed-counts';

/**
 * The read endpoints on the seeded data (real PostgreSQL, real tokens): what each role may see, the shapes the
 * web dashboard renders, and clear 400/401/403/404 answers.
 */
describe('read API on the seeded data', () => {
  let api: ReadApiApp;

  beforeAll(async () => {
    api = await startReadApi('readapi', READ_API_MODULES);
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('GET /api/v1/units', () => {
    it('answers 401 with the shared error body without a token', async () => {
      const res = await api.get('/api/v1/units', null);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'unauthenticated', details: [{ field: 'authorization', problem: 'token_missing' }] });
    });

    it('gives the whole hierarchy: province → district → town and 12 communes → 55 cells, with placeholders flagged', async () => {
      const { status, body } = await api.get('/api/v1/units', 'bithu.874-30133-a01');
      expect(status).toBe(200);
      const old = body.units.find((u: { id: string }) => u.id === '87');
      const district = old.children.find((u: { id: string }) => u.id === '874');
      expect(district).toMatchObject({ kind: 'district', name: 'Huyện Thanh Bình', validTo: '2025-06-30' });
      expect(district.children).toHaveLength(seedCounts.communesAndTown);
      const cells = district.children.flatMap((c: { children: unknown[] }) => c.children);
      expect(cells).toHaveLength(seedCounts.cells);
      expect(cells.filter((c: { placeholder: boolean }) => !c.placeholder).length).toBe(8);
      const town = district.children.find((c: { kind: string }) => c.kind === 'town');
      expect(town.children.every((c: { kind: string }) => c.kind === 'ward')).toBe(true);
      expect(town.successors).toEqual([expect.objectContaining({ id: '82-30130', name: 'Xã Thanh Bình', effectiveOn: '2025-07-01', share: 'whole' })]);
      // the new province is a second tree
      expect(body.units.map((u: { id: string }) => u.id).sort()).toEqual(['82', '87']);
    });

    it('?asOf gives the units valid that day: after 01/07/2025 only the new communes, no district', async () => {
      const after = (await api.get('/api/v1/units?asOf=2025-07-01&format=flat')).body;
      expect(after.units.map((u: { id: string }) => u.id).sort()).toEqual(['82', '82-30028', '82-30130', '82-30154', '82-30157', '82-30163']);
      const before = (await api.get('/api/v1/units?asOf=2025-06-30&format=flat')).body;
      expect(before.count).toBe(seedCounts.unitsValidOn('2025-06-30'));
      const bad = await api.get('/api/v1/units?asOf=2025-02-30');
      expect(bad.status).toBe(400);
      expect(bad.body.details[0]).toMatchObject({ field: 'asOf', problem: 'invalid_date' });
    });

    it('GET /api/v1/units/{id} keeps an ended unit readable: successors, name history, where its readings are', async () => {
      const { status, body } = await api.get('/api/v1/units/30157');
      expect(status).toBe(200);
      expect(body.successors.map((s: { id: string; share: string }) => [s.id, s.share]).sort()).toEqual([
        ['82-30130', 'part'],
        ['82-30157', 'remainder'],
      ]);
      expect(body.links.readings).toBe('/api/v1/units/30157/readings');
      expect(body.nameHistory).toEqual([expect.objectContaining({ name: 'Xã Tân Thạnh', until: null, setBy: null })]);
      expect(body.note.vi).toContain('đã kết thúc');
      const successor = (await api.get('/api/v1/units/82-30154')).body;
      expect(successor.predecessors.map((p: { id: string }) => p.id).sort()).toEqual(['30133', '30136', '30151', '30154', '30166']);
      const missing = await api.get('/api/v1/units/999');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ error: 'not_found', details: [{ field: 'id', problem: 'unknown_unit' }] });
    });
  });

  describe('GET /api/v1/criteria', () => {
    it('gives the catalogue with thresholds, their sources and confidence; filters by appliesTo', async () => {
      const { status, body } = await api.get('/api/v1/criteria');
      expect(status).toBe(200);
      expect(body.version).toMatchObject({ id: 'NTM-2021-2025', deadline: '2025-12-31' });
      expect(body.versions).toEqual(['NTM-2021-2025']);
      expect(body.criteria.filter((c: { appliesTo: string; tier: string }) => c.appliesTo === 'commune' && c.tier === 'ntm')).toHaveLength(19);
      const electricity = body.criteria.find((c: { code: string }) => c.code === 'XA-04');
      expect(electricity.indicators.find((i: { code: string }) => i.code === '4.2').threshold).toMatchObject({
        value: 98,
        comparator: '>=',
        confidence: expect.any(String),
        source: expect.stringContaining('318'),
        text: { vi: '≥ 98%', en: '≥ 98%' },
        lastChange: null,
      });
      const income = body.criteria.find((c: { code: string }) => c.code === 'XA-10').indicators.find((i: { code: string }) => i.code === '10');
      expect(income.threshold.rules.map((r: { year: number; value: number }) => [r.year, r.value])).toEqual([
        [2022, 48],
        [2025, 59],
      ]);
      expect([income.unit, income.unitEn, income.frequency]).toEqual(['triệu đồng/người/năm', 'million VND/person/year', 'year']);
      const hamlet = (await api.get('/api/v1/criteria?appliesTo=hamlet')).body;
      expect(hamlet.criteria.map((c: { code: string }) => c.code)).toEqual(['AP-01', 'AP-02', 'AP-03', 'AP-04', 'AP-05', 'AP-06', 'AP-07']);
      expect(hamlet.districtConditions.map((d: { code: string }) => d.code)).toEqual(['DK-01', 'DK-02', 'DK-03', 'DK-04', 'DK-05']);
    });

    it('refuses an unknown version or scope naming the parameter', async () => {
      const v = await api.get('/api/v1/criteria?version=NTM-2026-2030');
      expect(v.status).toBe(400);
      expect(v.body.details[0]).toMatchObject({ field: 'version', problem: 'unknown_version' });
      expect(v.body.details[0].message).toContain('NTM-2021-2025');
      const s = await api.get('/api/v1/criteria?appliesTo=village');
      expect(s.body.details[0]).toMatchObject({ field: 'appliesTo', problem: 'invalid_value' });
    });
  });

  describe('GET /api/v1/pledges', () => {
    it('gives a district leader the 55 pledges with their items and statuses', async () => {
      const { status, body } = await api.get('/api/v1/pledges');
      expect(status).toBe(200);
      expect(body.total).toBe(seedCounts.pledges);
      expect(body.items).toBe(seedCounts.pledgeItems);
      const p = body.pledges.find((x: { cell: { id: string } }) => x.cell.id === '874-30133-A01');
      expect(p).toMatchObject({ commune: { id: '30133', name: 'Xã Tân Quới' }, signedOn: expect.stringMatching(/^2023-/) });
      for (const item of p.items) {
        expect(item.status).toMatch(/^(met|on_track|at_risk|off_track|overdue|no_data)$/);
        expect(item.target.text.vi).toBeTruthy();
        expect(item.dueDate <= '2025-12-31').toBe(true);
      }
      // no reading yet: items already due are overdue on the deadline
      expect(p.items.filter((i: { dueDate: string }) => i.dueDate < '2025-12-31').every((i: { status: string }) => i.status === 'overdue')).toBe(true);
    });

    it('filters by commune and cell, and keeps each account to its scope', async () => {
      const commune = (await api.get('/api/v1/pledges?commune=30133')).body;
      expect(commune.pledges.map((p: { cell: { id: string } }) => p.cell.id)).toEqual([
        '874-30133-A01',
        '874-30133-A02',
        '874-30133-A03',
        '874-30133-A04',
        '874-30133-A05',
      ]);
      const secretary = (await api.get('/api/v1/pledges', 'bithu.874-30133-a02')).body;
      expect(secretary.pledges.map((p: { cell: { id: string } }) => p.cell.id)).toEqual(['874-30133-A02']);
      const officer = (await api.get('/api/v1/pledges', 'canbo.30136')).body;
      expect(officer.pledges).toHaveLength(4);
      expect(officer.pledges.every((p: { commune: { id: string } }) => p.commune.id === '30136')).toBe(true);
      // outside the account's scope: answered exactly like an unknown cell or commune (issue 11)
      const other = await api.get('/api/v1/pledges?cell=874-30133-A01', 'bithu.874-30133-a02');
      expect(other.status).toBe(400);
      expect(other.body.details[0]).toMatchObject({ field: 'cell', problem: 'unknown_cell' });
      const otherCommune = await api.get('/api/v1/pledges?commune=30133', 'canbo.30136');
      expect(otherCommune.status).toBe(400);
      expect(otherCommune.body.details[0]).toMatchObject({ field: 'commune', problem: 'unknown_commune' });
      const unknown = await api.get('/api/v1/pledges?cell=874-30133-Z99');
      expect(unknown.status).toBe(400);
      expect(unknown.body.details[0]).toMatchObject({ field: 'cell', problem: 'unknown_cell' });
    });
  });

  describe('GET /api/v1/progress', () => {
    it('gives the district standard, the overall figure with its definition, the forecast, and per-commune rows', async () => {
      const { status, body } = await api.get('/api/v1/progress?asOf=2025-06-30');
      expect(status).toBe(200);
      expect(body).toMatchObject({
        asOf: '2025-06-30',
        asOfNote: null,
        catalogueVersion: 'NTM-2021-2025',
        deadline: '2025-12-31',
        district: { id: '874', name: 'Huyện Thanh Bình' },
        cells: seedCounts.cells,
        cellsReporting: 0,
        readings: 0,
      });
      // no readings yet; An Phong and Tân Thạnh were recognised NTM for 2021 (seeded decisions), and DK-01 counts them
      const ntmCriteria = body.criteria.filter((c: { appliesTo: string; tier: string }) => c.appliesTo === 'commune' && c.tier === 'ntm').length;
      expect(body.overall.checks.met).toBe(2 * ntmCriteria);
      expect(body.overall.definition.vi).toContain('Tiến độ chung');
      expect(body.standard.conditions.map((c: { code: string; status: string }) => [c.code, c.status])).toEqual([
        ['DK-01', 'not_met'],
        ['DK-02', 'not_met'],
        ['DK-03', 'not_met'],
        ['DK-04', 'not_met'],
        ['DK-05', 'not_met'],
      ]);
      expect(body.standard.conditions[0].missing[0].vi).toBe(
        'Còn 10 xã chưa đạt chuẩn NTM (theo quyết định công nhận hoặc tính theo số liệu): Xã Tân Quới, Xã Tân Hòa, Xã Phú Lợi, Xã Tân Mỹ, Xã Bình Tấn, Xã Tân Huề, Xã Tân Bình, Xã Tân Phú, Xã Bình Thành, Xã Tân Long',
      );
      const anPhong = body.standard.conditions[0].units.find((u: { id: string }) => u.id === '30139');
      expect(anPhong).toMatchObject({
        status: 'undetermined',
        counted: true,
        countedBy: 'recognised',
        recognition: { tierCode: 'TIER-XA-NTM', recognitionYear: 2021, decisionNumber: null },
      });
      expect(anPhong.recognition.text.vi).toBe(
        'Đã được công nhận năm 2021 (UBND tỉnh Đồng Tháp, số quyết định chưa rõ, ngày quyết định chưa rõ, biết từ 06/06/2022)',
      );
      // what blocks the standard leads: per condition, the communes still missing, closest first
      expect(body.standard.blockers.headline.vi).toMatch(
        /^Chưa đạt chuẩn: 5\/5 điều kiện còn chặn\. DK-01 100% số xã trên địa bàn đạt chuẩn nông thôn mới: cần thêm 10 xã/,
      );
      expect(body.standard.blockers.conditions[0].blockers).toHaveLength(10);
      expect(body.forecast).toMatchObject({ deadline: '2025-12-31', items: seedCounts.pledgeItems });
      expect(body.communes).toHaveLength(seedCounts.communesAndTown);
      const town = body.communes.find((c: { kind: string }) => c.kind === 'town');
      expect(town).toMatchObject({ code: '30130', cells: 4, cellsReporting: 0, readings: 0, standard: { tier: 'TIER-TT-VMDT' } });
      expect(Object.keys(town.criteriaStatus)).toEqual(['KHOM-01', 'KHOM-02', 'KHOM-03', 'KHOM-04', 'KHOM-05']);
      const commune = body.communes.find((c: { id: string }) => c.id === '30133');
      expect(commune.criteria).toEqual({ met: 0, not_met: 0, no_data: 19, stale: 0, threshold_missing: 0 });
      expect(commune.cellCriteria.no_data).toBe(5 * 7);
    });

    it('defaults to the deadline once it has passed, and says so', async () => {
      const { body } = await api.get('/api/v1/progress');
      expect(body.asOf).toBe('2025-12-31');
      expect(body.asOfNote.vi).toContain('31/12/2025');
      // the programme has ended: its last day's standard is the final result, in the past tense with the day judged
      expect(body.standard).toMatchObject({ final: true, assessedOn: '2025-12-31' });
      expect(body.standard.label.vi).toBe('Kết quả cuối cùng: Huyện Thanh Bình đã không đạt chuẩn, đạt 0/5 điều kiện (đánh giá tại ngày 31/12/2025)');
      expect(body.standard.blockers.headline.vi).toMatch(/^Huyện Thanh Bình đã không đạt chuẩn \(đánh giá tại ngày 31\/12\/2025\)/);
      expect(body.standard.structureNote.vi).toContain('đã kết thúc hoạt động sau ngày 30/06/2025');
      // a view date after the programme's end is refused with the range
      const after = await api.get('/api/v1/progress?asOf=2026-03-31');
      expect(after.status).toBe(400);
      expect(after.body.details[0]).toMatchObject({ field: 'asOf', problem: 'outside_programme' });
      expect(after.body.details[0].message).toContain('từ 01/01/2021 đến 31/12/2025');
    });

    it('sends the view gzip-compressed to a client that accepts it, the same JSON, and 304 to one that has it', async () => {
      const token = await api.tokenFor('lanhdao.1');
      const raw = (headers: Record<string, string>) =>
        new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
          const req = request(`${api.url}/api/v1/progress?asOf=2025-06-30`, { headers: { authorization: `Bearer ${token}`, ...headers } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
          });
          req.on('error', reject);
          req.end();
        });
      const plain = await raw({ 'accept-encoding': 'identity' });
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      const zipped = await raw({ 'accept-encoding': 'gzip, deflate, br' });
      expect(zipped.status).toBe(200);
      expect(zipped.headers).toMatchObject({ 'content-encoding': 'gzip', vary: expect.stringContaining('Accept-Encoding') });
      expect(zipped.body.length).toBeLessThan(plain.body.length / 4);
      expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')));
      // a client holding the answer (its ETag) is told it has not changed, without the body
      const again = await raw({ 'accept-encoding': 'gzip', 'if-none-match': String(zipped.headers.etag) });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect((await raw({ 'accept-encoding': 'identity', 'if-none-match': String(plain.headers.etag) })).status).toBe(304);
    });

    it('shows heatmap rows (cells) only within the caller’s scope; district figures to everyone', async () => {
      const leader = (await api.get('/api/v1/progress')).body;
      expect(leader.heatmap.rows).toHaveLength(seedCounts.cells);
      expect(leader.heatmap.columns.map((c: { code: string }) => c.code)).toEqual([
        'AP-01',
        'AP-02',
        'AP-03',
        'AP-04',
        'AP-05',
        'AP-06',
        'AP-07',
        'KHOM-01',
        'KHOM-02',
        'KHOM-03',
        'KHOM-04',
        'KHOM-05',
      ]);
      const row = leader.heatmap.rows.find((r: { id: string }) => r.id === '874-30133-A02');
      expect(row).toMatchObject({
        placeholder: true,
        communeId: '30133',
        standard: { tier: 'TIER-AP-NTM', totalCriteria: 7 },
        pledge: { items: expect.any(Number) },
      });
      expect(Object.keys(row.criteria)).toHaveLength(7);
      const secretary = (await api.get('/api/v1/progress', 'bithu.874-30133-a02')).body;
      expect(secretary.heatmap.rows.map((r: { id: string }) => r.id)).toEqual(['874-30133-A02']);
      expect(secretary.heatmap.hiddenRows).toBe(54);
      expect(secretary.overall).toEqual(leader.overall);
      expect(secretary.communes).toHaveLength(seedCounts.communesAndTown);
      const officer = (await api.get('/api/v1/progress', 'canbo.30130')).body;
      expect(officer.heatmap.rows.map((r: { kind: string }) => r.kind)).toEqual(['ward', 'ward', 'ward', 'ward']);
    });

    it('drill-down per unit follows the same scope and explains each indicator', async () => {
      const commune = await api.get('/api/v1/progress/units/30136?asOf=2025-06-30', 'canbo.30136');
      expect(commune.status).toBe(200);
      expect(commune.body.tiers.map((t: { tier: string }) => t.tier)).toEqual(['TIER-XA-NTM', 'TIER-XA-NTMNC']);
      const housing = commune.body.tiers[0].criteria.find((c: { code: string }) => c.code === 'XA-09');
      expect(housing.indicators[1]).toMatchObject({
        code: '9.2',
        status: 'no_data',
        rollup: 'ratio',
        coverage: { expected: 4, reported: 0 },
        threshold: { value: 75, comparator: '>=' },
        readingsLink: '/api/v1/units/30136/readings?criterion=XA-09&indicator=9.2',
      });
      expect(housing.indicators[1].reason.vi).toContain('Chưa có số liệu của 4/4 đơn vị báo cáo');
      expect((await api.get('/api/v1/progress/units/30133', 'canbo.30136')).status).toBe(404); // outside the scope: like an unknown unit
      expect((await api.get('/api/v1/progress/units/874-30136-A01', 'bithu.874-30136-a02')).status).toBe(404);
      const district = (await api.get('/api/v1/progress/units/874', 'bithu.874-30136-a02')).body;
      expect(district.districtStandard.conditions).toHaveLength(5);
      const cell = (await api.get('/api/v1/progress/units/874-30136-A02', 'bithu.874-30136-a02')).body;
      expect(cell.commune).toMatchObject({ id: '30136' });
      expect(cell.pledgeItems.length).toBeGreaterThan(0);
      // view dates only within the programme's dates: 400 naming the range on either side
      for (const day of ['2020-12-31', '2026-01-01', '2075-06-30']) {
        const res = await api.get(`/api/v1/progress?asOf=${day}`);
        expect([res.status, res.body.details[0].field, res.body.details[0].problem]).toEqual([400, 'asOf', 'outside_programme']);
        expect(res.body.details[0].messageEn).toContain('2021-01-01 to 2025-12-31');
      }
    });
  });

  describe('GET /api/v1/rankings and /api/v1/evaluations/settings', () => {
    it('ranks every cell over the district and shows each account only its scope', async () => {
      const all = (await api.get('/api/v1/rankings')).body;
      expect(all.cells).toHaveLength(seedCounts.cells);
      expect(all.basis.vi).toContain('Điểm thực hiện giao ước');
      const officer = (await api.get('/api/v1/rankings', 'canbo.30139')).body;
      expect(officer.cells).toHaveLength(5);
      expect(officer.hiddenRows).toBe(50);
      const communes = (await api.get('/api/v1/rankings?level=commune')).body;
      expect(communes.communes).toHaveLength(seedCounts.communesAndTown);
      expect((await api.get('/api/v1/rankings?level=hamlet')).status).toBe(400);
    });

    it('shows the seeded evaluation settings with their sources: 20% of the pool rated good or better, rounded down, one pool for the district', async () => {
      const { body } = await api.get('/api/v1/evaluations/settings', 'bithu.874-30133-a01');
      expect(body.inForce).toMatchObject({
        scope: 'default',
        cap: { ratio: 0.2, rounding: 'floor', poolIncludesExcellent: true, scope: 'district' },
        bands: { excellent: 90, good: 70, completed: 50 },
        updatedBy: 'seed',
      });
      expect(body.inForce.ruleSource).toContain('uncertain');
      expect(body.stored.map((s: { scope: string }) => s.scope)).toEqual(['default']);
    });
  });

  describe('GET /api/v1/units/{id}/readings', () => {
    it('is scoped and validates its filters', async () => {
      expect((await api.get('/api/v1/units/874-30133-A01/readings', 'bithu.874-30133-a01')).status).toBe(200);
      expect((await api.get('/api/v1/units/874-30133-A01/readings', 'bithu.874-30133-a02')).status).toBe(404); // like an unknown unit
      expect((await api.get('/api/v1/units/30133/readings', 'canbo.30133')).status).toBe(200);
      expect((await api.get('/api/v1/units/874/readings', 'canbo.30133')).status).toBe(404);
      const bad = await api.get('/api/v1/units/30133/readings?criterion=XA-99');
      expect(bad.body.details[0]).toMatchObject({ field: 'criterion', problem: 'unknown_code' });
      const noCrit = await api.get('/api/v1/units/30133/readings?indicator=9.2');
      expect(noCrit.body.details[0]).toMatchObject({ field: 'criterion', problem: 'required' });
    });
  });

  describe('OpenAPI', () => {
    it('documents every read and admin endpoint, the response shapes and the definition of the overall figure', () => {
      const doc = SwaggerModule.createDocument(api.app, new DocumentBuilder().setTitle('read API').addBearerAuth().build());
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/units',
          '/api/v1/units/{id}',
          '/api/v1/units/{id}/readings',
          '/api/v1/criteria',
          '/api/v1/pledges',
          '/api/v1/progress',
          '/api/v1/progress/units/{id}',
          '/api/v1/rankings',
          '/api/v1/evaluations/{year}',
          '/api/v1/evaluations/settings',
          '/api/v1/admin/catalogues/{version}/criteria/{criterion}/indicators/{indicator}/threshold',
          '/api/v1/admin/units/{id}',
          '/api/v1/admin/evaluation-settings/{scope}',
        ]),
      );
      expect(doc.paths['/api/v1/progress'].get!.description).toContain(OVERALL_PROGRESS_DESCRIPTION);
      const schemas = doc.components!.schemas as Record<string, { properties?: Record<string, unknown> }>;
      expect(Object.keys(schemas.ProgressResponseDto.properties!)).toEqual(
        expect.arrayContaining(['cells', 'cellsReporting', 'readings', 'overall', 'standard', 'forecast', 'communes', 'heatmap']),
      );
      expect(Object.keys(schemas.CommuneProgressDto.properties!)).toEqual(expect.arrayContaining(['code', 'cellsReporting', 'readings', 'criteriaStatus']));
    });
  });
});
