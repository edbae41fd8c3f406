import { createDataSource, loadSeeds } from '@pledge/persistence';
import { hash } from 'argon2';
import { join } from 'node:path';
import { eventually } from '../../support/eventually';
import { REPO_ROOT } from '../../support/env';
import { READ_API_MODULES } from './support/modules';
import { startReadApi, ReadApiApp } from './support/read-api-app';
import { writeReadings } from './support/readings';

/**
 * An administrator's edits of the reference data (thresholds, unit names, evaluation settings): refused to anyone
 * else, checked field by field, recorded with their history, in effect in GET /api/v1/progress at once, and kept
 * when the seeds are loaded again.
 */
describe('administrator edits', () => {
  let api: ReadApiApp;
  const admin = 'quantri';
  const commune = '30136';
  const cells = ['874-30136-A01', '874-30136-A02', '874-30136-A03', '874-30136-A04'];
  const thresholdPath = '/api/v1/admin/catalogues/NTM-2021-2025/criteria/XA-09/indicators/9.2/threshold';

  beforeAll(async () => {
    api = await startReadApi('adminedits', READ_API_MODULES);
    // Σ 250 / 320 = 78.1% in Xã Tân Hòa, no temporary houses
    await writeReadings(
      api,
      cells.flatMap((id, i) => [
        { unitId: id, communeId: commune, criterionCode: 'XA-09', indicatorCode: '9.1', value: 0, asOf: '2025-12-15' },
        {
          unitId: id,
          communeId: commune,
          criterionCode: 'XA-09',
          indicatorCode: '9.2',
          numerator: i < 3 ? 80 : 10,
          denominator: i < 3 ? 100 : 20,
          asOf: '2025-12-15',
        },
      ]),
    );
  });

  afterAll(async () => {
    await api?.close();
  });

  const progress = async () => (await api.get('/api/v1/progress?asOf=2025-12-31')).body;
  const xa09 = (p: any) => p.communes.find((c: { id: string }) => c.id === commune).criteriaStatus['XA-09'];
  const reloadSeeds = async (force: boolean) => {
    const ds = createDataSource({ url: api.db.url });
    await ds.initialize();
    try {
      await loadSeeds(ds, { dir: join(REPO_ROOT, 'seeds'), force, hashPassword: (p) => hash(p) });
    } finally {
      await ds.destroy();
    }
  };

  describe('thresholds', () => {
    it('are changed by administrators only', async () => {
      const body = { threshold: 85, source: 'QĐ 863/QĐ-UBND-HC', confidence: 'found' };
      expect((await api.send('PATCH', thresholdPath, body, null)).status).toBe(401);
      const leader = await api.send('PATCH', thresholdPath, body, 'lanhdao.1');
      expect(leader.status).toBe(403);
      expect(leader.body.details[0]).toMatchObject({ field: 'role', problem: 'role_not_allowed' });
    });

    it('refuses bad input naming each field and the problem, in Vietnamese and English', async () => {
      const missing = await api.send('PATCH', thresholdPath, { threshold: 'cao', confidence: 'sure', extra: 1 }, admin);
      expect(missing.status).toBe(400);
      expect(missing.body.error).toBe('validation_failed');
      expect(missing.body.details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'threshold', problem: 'invalid_type' }),
          expect.objectContaining({ field: 'source', problem: 'required', message: 'Thiếu trường bắt buộc' }),
          expect.objectContaining({ field: 'confidence', problem: 'invalid_value' }),
          expect.objectContaining({ field: 'extra', problem: 'unknown_field' }),
        ]),
      );
      const kind = await api.send('PATCH', thresholdPath, { threshold: true, source: 'x', confidence: 'found' }, admin);
      expect(kind.body.details).toEqual([
        expect.objectContaining({ field: 'threshold', problem: 'does_not_fit_indicator', messageEn: 'a percentage indicator needs a numeric threshold' }),
      ]);
      const range = await api.send('PATCH', thresholdPath, { threshold: 150, source: 'x', confidence: 'found' }, admin);
      expect(range.body.details).toEqual([
        expect.objectContaining({ field: 'threshold', message: 'Ngưỡng nằm ngoài khoảng giá trị hợp lệ của chỉ tiêu (0..100)' }),
      ]);
      const unknown = await api.send(
        'PATCH',
        '/api/v1/admin/catalogues/NTM-2021-2025/criteria/XA-09/indicators/9.9/threshold',
        { threshold: 1, source: 'x', confidence: 'found' },
        admin,
      );
      expect(unknown.status).toBe(404);
      expect(xa09(await progress())).toBe('met');
    });

    it('take effect in GET /api/v1/progress at once and are shown with who changed them', async () => {
      expect(xa09(await progress())).toBe('met');
      const res = await api.send(
        'PATCH',
        thresholdPath,
        { threshold: 85, source: 'QĐ 863/QĐ-UBND-HC (2022), Phụ lục I', confidence: 'found', reason: 'Theo bộ tiêu chí của tỉnh' },
        admin,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ before: { threshold: 75 }, after: { threshold: 85, thresholdConfidence: 'found' }, changedBy: admin });
      expect(xa09(await progress())).toBe('not_met');
      const criteria = (await api.get('/api/v1/criteria?appliesTo=commune')).body;
      const indicator = criteria.criteria.find((c: { code: string }) => c.code === 'XA-09').indicators.find((i: { code: string }) => i.code === '9.2');
      expect(indicator.threshold).toMatchObject({
        value: 85,
        source: 'QĐ 863/QĐ-UBND-HC (2022), Phụ lục I',
        confidence: 'found',
        lastChange: { changedBy: admin, reason: 'Theo bộ tiêu chí của tỉnh' },
      });
      const audit = await api.pg.query(`SELECT actor, action, before, after FROM audit_log WHERE entity = 'indicator'`);
      expect(audit.rows).toEqual([expect.objectContaining({ actor: admin, action: 'threshold_changed', before: expect.objectContaining({ threshold: 75 }) })]);
      const detail = (await api.get(`/api/v1/progress/units/${commune}?asOf=2025-12-31`)).body;
      const share = detail.tiers[0].criteria.find((c: { code: string }) => c.code === 'XA-09').indicators.find((i: { code: string }) => i.code === '9.2');
      expect(share.reason.vi).toBe('Chưa đạt: 78,1% (yêu cầu ≥ 85%, thiếu 6,9 điểm %)');
    });

    it('can set the level of one year of a yearly indicator (the province fixes the income level each year), never as "from" a year', async () => {
      const path = '/api/v1/admin/catalogues/NTM-2021-2025/criteria/XA-10/indicators/10/threshold';
      const from = await api.send('PATCH', path, { threshold: 52, source: 'x', confidence: 'found', fromYear: 2024 }, admin);
      expect(from.status).toBe(400);
      expect(from.body.details[0]).toMatchObject({ field: 'year', problem: 'does_not_fit_indicator' });
      const res = await api.send(
        'PATCH',
        path,
        { threshold: 52, source: 'QĐ của UBND tỉnh Đồng Tháp về thu nhập năm 2024', confidence: 'found', year: 2024 },
        admin,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ before: null, year: 2024, fromYear: null });
      const income = (await api.get('/api/v1/criteria?appliesTo=commune')).body.criteria
        .find((c: { code: string }) => c.code === 'XA-10')
        .indicators.find((i: { code: string }) => i.code === '10');
      expect(income.frequency).toBe('year');
      expect(income.threshold.rules.map((r: { year: number; value: number }) => [r.year, r.value])).toEqual([
        [2022, 48],
        [2024, 52],
        [2025, 59],
      ]);
      const revision = await api.pg.query(`SELECT year, from_year FROM threshold_revision WHERE indicator_code = '10'`);
      expect(revision.rows).toEqual([{ year: 2024, from_year: null }]);
    });

    it('can set a part of a two-part level (water: of which clean water), recorded like any level change', async () => {
      const path = '/api/v1/admin/catalogues/NTM-2021-2025/criteria/XA-17/indicators/17.1/threshold';
      const res = await api.send('PATCH', path, { threshold: 20, source: 'QĐ 863/QĐ-UBND-HC, nước sạch tập trung', confidence: 'found', part: 'clean' }, admin);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ part: 'clean', before: { threshold: null }, after: { threshold: 20 } });
      const unknownPart = await api.send('PATCH', path, { threshold: 20, source: 'x', confidence: 'found', part: 'nope' }, admin);
      expect([unknownPart.status, unknownPart.body.details[0].field]).toEqual([404, 'part']);
      const water = (await api.get('/api/v1/criteria?appliesTo=commune')).body.criteria
        .find((c: { code: string }) => c.code === 'XA-17')
        .indicators.find((i: { code: string }) => i.code === '17.1');
      expect(water.level.type).toBe('all_of');
      expect(water.level.parts.map((p: { key: string; value: number | null }) => [p.key, p.value])).toEqual([
        ['hygienic', null],
        ['clean', 20],
      ]);
    });

    it('survive loading the seeds again, with and without --force', async () => {
      await reloadSeeds(false);
      await reloadSeeds(true);
      await api.pg.query(`SELECT pg_notify('reference_changed', '{}')`);
      const p = await eventually(progress, (x) => x.computedAt !== undefined, { what: 'progress' });
      expect(xa09(p)).toBe('not_met');
      const { rows } = await api.pg.query(`SELECT threshold, threshold_changed_by FROM indicator WHERE criterion_code = 'XA-09' AND code = '9.2'`);
      expect(rows[0]).toEqual({ threshold: 85, threshold_changed_by: admin });
    });
  });

  describe('unit names', () => {
    const cell = '874-30136-A03';

    it('an administrator renames a unit and clears its placeholder flag; the id and the old name stay', async () => {
      const decomposed = 'Ấp Tân Hòa Thượng'.normalize('NFD');
      expect((await api.send('PATCH', `/api/v1/admin/units/${cell}`, { name: 'X' }, 'canbo.30136')).status).toBe(403);
      const empty = await api.send('PATCH', `/api/v1/admin/units/${cell}`, { name: '   ' }, admin);
      expect(empty.body.details[0]).toMatchObject({ field: 'name', problem: 'required' });
      const nothing = await api.send('PATCH', `/api/v1/admin/units/${cell}`, {}, admin);
      expect(nothing.status).toBe(400);
      const res = await api.send('PATCH', `/api/v1/admin/units/${cell}`, { name: decomposed, placeholder: false, reason: 'Danh sách ấp của UBND xã' }, admin);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: cell,
        name: 'Ấp Tân Hòa Thượng',
        placeholder: false,
        previous: { name: 'Ấp [placeholder 03]', placeholder: true },
        changed: true,
      });
      expect(res.body.name).toBe(res.body.name.normalize('NFC'));
      const { rows } = await api.pg.query(`SELECT name FROM admin_unit WHERE id = $1`, [cell]);
      expect(rows[0].name).toBe('Ấp Tân Hòa Thượng'.normalize('NFC'));

      const row = (await progress()).heatmap.rows.find((r: { id: string }) => r.id === cell);
      expect(row).toMatchObject({ name: 'Ấp Tân Hòa Thượng', placeholder: false });
      const unit = (await api.get(`/api/v1/units/${cell}`)).body;
      expect(unit.nameHistory).toEqual([
        expect.objectContaining({ name: 'Ấp [placeholder 03]', placeholder: true, setBy: null }),
        expect.objectContaining({ name: 'Ấp Tân Hòa Thượng', placeholder: false, until: null, setBy: admin, reason: 'Danh sách ấp của UBND xã' }),
      ]);
      expect(unit.renamed).toBe(true);
      // the readings recorded under the old name are still the unit's
      expect((await api.get(`/api/v1/units/${cell}/readings`)).body.total).toBe(2);
      const again = await api.send('PATCH', `/api/v1/admin/units/${cell}`, { name: 'Ấp Tân Hòa Thượng' }, admin);
      expect(again.body.changed).toBe(false);
    });

    it('survive loading the seeds again', async () => {
      await reloadSeeds(false);
      await api.pg.query(`SELECT pg_notify('reference_changed', '{}')`);
      const row = await eventually(
        async () => (await progress()).heatmap.rows.find((r: { id: string }) => r.id === cell),
        (r) => r !== undefined,
        { what: 'the cell row' },
      );
      expect(row).toMatchObject({ name: 'Ấp Tân Hòa Thượng', placeholder: false });
    });
  });

  describe('evaluation settings', () => {
    it('an administrator sets the default and one year; others read them; bad values are refused', async () => {
      const bad = await api.send('PUT', '/api/v1/admin/evaluation-settings/default', { cap: { ratio: 2, rounding: 'down' } }, admin);
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['cap.ratio', 'cap.rounding']);
      expect((await api.send('PUT', '/api/v1/admin/evaluation-settings/someday', {}, admin)).body.details[0]).toMatchObject({
        field: 'scope',
        problem: 'invalid_scope',
      });
      expect((await api.send('PUT', '/api/v1/admin/evaluation-settings/default', { cap: { ratio: 0.25 } }, 'lanhdao.1')).status).toBe(403);

      const set = await api.send(
        'PUT',
        '/api/v1/admin/evaluation-settings/2024',
        { cap: { poolIncludesExcellent: false }, reason: 'Cách tính năm 2024' },
        admin,
      );
      expect(set.status).toBe(200);
      expect(set.body.inForce).toMatchObject({ scope: '2024', cap: { ratio: 0.2, rounding: 'floor', poolIncludesExcellent: false }, updatedBy: admin });
      const read = (await api.get('/api/v1/evaluations/settings?year=2025', 'bithu.874-30136-a01')).body;
      expect(read.inForce).toMatchObject({ scope: 'default', cap: { poolIncludesExcellent: true } });
      const removed = await api.send('DELETE', '/api/v1/admin/evaluation-settings/2024', undefined, admin);
      expect(removed.body.inForce.scope).toBe('default');
      expect((await api.send('DELETE', '/api/v1/admin/evaluation-settings/2024', undefined, admin)).status).toBe(404);
    });
  });
});
