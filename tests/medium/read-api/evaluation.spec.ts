import { eventually } from '../../support/eventually';
import { READ_API_MODULES } from './support/modules';
import { startReadApi, ReadApiApp } from './support/read-api-app';
import { FixtureReading, writeReadings } from './support/readings';

/**
 * GET /api/v1/evaluations/{year} on a fixture year: 40 collectives rated from their pledge fulfilment on 31/12/2025
 * (15 cells are left without a pledge), 8 meeting every pledged target on time, 32 missing exactly one.
 * With the default settings (the "good" pool counts the excellent ones, 20%, rounded down) the report reads
 * "8/40 … (đạt 20%)" and "32/40 … (đạt 80%)"; a ninth excellent candidate is refused by the cap with its reason.
 */
describe('year-end evaluation of the cells through the API', () => {
  let api: ReadApiApp;

  interface Item {
    id: string;
    criterion_code: string;
    indicator_code: string | null;
    target: { comparator: string; value: number | boolean };
    due_date: string;
    kind: string | null;
    source_criterion: string | null;
    source_indicator: string | null;
  }
  interface Cell {
    id: string;
    commune: string;
    items: Item[];
  }
  let excellent: Cell[];
  let good: Cell[];
  let ninth: Cell;

  /** A reading of the item's indicator (or the one it is judged on) that meets the pledged target, dated on its due date. */
  function meeting(cell: Cell, item: Item): FixtureReading {
    const base = {
      unitId: cell.id,
      communeId: cell.commune,
      criterionCode: item.source_criterion!,
      indicatorCode: item.source_indicator!,
      asOf: item.due_date,
    };
    const { comparator, value } = item.target;
    if (typeof value === 'boolean') return { ...base, value };
    if (item.kind === 'percentage') {
      const meets = comparator === '<=' || comparator === '<' ? 0 : Math.min(1000, Math.ceil(value * 10) + (comparator === '>' ? 1 : 0));
      return { ...base, numerator: meets, denominator: 1000 };
    }
    return { ...base, value: comparator === '>' ? value + 1 : comparator === '<' ? value - 1 : value };
  }

  beforeAll(async () => {
    api = await startReadApi('evaluation', READ_API_MODULES);
    const { rows } = await api.pg.query<Item & { cell_id: string; commune: string }>(
      `SELECT p.cell_id, u.parent_id AS commune, i.id, i.criterion_code, i.indicator_code, i.target, to_char(i.due_date, 'YYYY-MM-DD') AS due_date,
              ind.kind, COALESCE(ind.attributes->'readingOf'->>'criterionCode', i.criterion_code) AS source_criterion,
              COALESCE(ind.attributes->'readingOf'->>'indicatorCode', i.indicator_code) AS source_indicator
         FROM pledge_item i JOIN pledge p ON p.id = i.pledge_id JOIN admin_unit u ON u.id = p.cell_id
         LEFT JOIN indicator ind ON ind.catalogue_version = p.catalogue_version AND ind.criterion_code = i.criterion_code AND ind.code = i.indicator_code
        ORDER BY p.cell_id, i.id`,
    );
    const cells = new Map<string, Cell>();
    for (const r of rows) {
      const cell = cells.get(r.cell_id) ?? { id: r.cell_id, commune: r.commune, items: [] };
      cell.items.push(r);
      cells.set(r.cell_id, cell);
    }
    const all = [...cells.values()];
    const wholeItems = (c: Cell) => c.items.filter((i) => i.indicator_code === null).length;
    // excellent: every item can be met by a reading (no whole-criterion item, whose thresholds are partly unknown)
    const canExcel = all.filter((c) => wholeItems(c) === 0);
    excellent = canExcel.slice(0, 8);
    // the ninth excellent candidate first misses one item; "good" = all but one item met, which needs 4+ items
    ninth = canExcel.slice(8).find((c) => c.items.length >= 4)!;
    good = [ninth, ...all.filter((c) => !excellent.includes(c) && c !== ninth && c.items.length >= 4 && wholeItems(c) <= 1).slice(0, 31)];
    expect(excellent).toHaveLength(8);
    expect(good).toHaveLength(32);
    // the 15 other cells have no pledge in this fixture: not rated
    const rated = new Set([...excellent, ...good].map((c) => c.id));
    const others = all.filter((c) => !rated.has(c.id)).map((c) => c.id);
    expect(others).toHaveLength(15);
    await api.pg.query(`DELETE FROM pledge_item WHERE cell_id = ANY($1)`, [others]);
    await api.pg.query(`DELETE FROM pledge WHERE cell_id = ANY($1)`, [others]);

    const readings: FixtureReading[] = [];
    for (const c of excellent) readings.push(...c.items.map((i) => meeting(c, i)));
    for (const c of good) {
      // leave out the whole-criterion item if there is one, else the last item
      const skipped = c.items.find((i) => i.indicator_code === null) ?? c.items[c.items.length - 1];
      readings.push(...c.items.filter((i) => i !== skipped).map((i) => meeting(c, i)));
    }
    await writeReadings(api, readings);
    await api.pg.query(`SELECT pg_notify('reference_changed', '{}')`);
  });

  afterAll(async () => {
    await api?.close();
  });

  const evaluation = async (user = 'lanhdao.1') => {
    const res = await api.get('/api/v1/evaluations/2025', user);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('rates 40 collectives: 8 excellent, 32 good, written as district reports write it', async () => {
    const e = await eventually(evaluation, (x) => x.total === 40 && x.counts.HTXSNV === 8, { what: 'the fixture in the evaluation' });
    expect(e.counts).toEqual({ HTXSNV: 8, HTTNV: 32, HTNV: 0, KHTNV: 0 });
    expect(e.reportLines.map((l: { vi: string }) => l.vi)).toEqual([
      '8/40 tập thể hoàn thành xuất sắc nhiệm vụ (đạt 20%)',
      '32/40 tập thể hoàn thành tốt nhiệm vụ (đạt 80%)',
    ]);
    expect(e.reportLines[0].en).toBe('8/40 collectives completed their tasks excellently (20%)');
    // a proposal of pledge-fulfilment results for the party committee, not its rating
    expect(e.title.vi).toBe('Đề xuất kết quả thực hiện giao ước thi đua năm 2025 (để cấp ủy xem xét khi đánh giá, xếp loại)');
    expect(e.reportText.vi).toBe(
      'Đề xuất kết quả thực hiện giao ước thi đua năm 2025 của 40 chi bộ ấp, khóm (để cấp ủy xem xét khi đánh giá, xếp loại): 8/40 tập thể hoàn thành xuất sắc nhiệm vụ (đạt 20%); 32/40 tập thể hoàn thành tốt nhiệm vụ (đạt 80%).',
    );
    // the settings are seeded data (seeds/evaluation-settings.json) with their sources, not constants in code
    expect(e.settings).toMatchObject({ scope: 'default', cap: { ratio: 0.2, rounding: 'floor', poolIncludesExcellent: true, scope: 'district' } });
    expect(e.settings.ruleSource).toContain('Quy định 366-QĐ/TW');
    expect(e.cap).toMatchObject({ pool: 40, limit: 8, candidates: 8, refused: 0 });
    expect(e.notRated).toHaveLength(15);
    expect(e.notRated[0].reason.vi).toBe('Không có giao ước thi đua để đánh giá');
    expect(
      e.collectives
        .filter((c: { level: string }) => c.level === 'HTXSNV')
        .map((c: { id: string }) => c.id)
        .sort(),
    ).toEqual(excellent.map((c) => c.id).sort());
    const g = e.collectives.find((c: { id: string }) => c.id === ninth.id);
    expect(g.score).toBeGreaterThanOrEqual(70);
    expect(g.score).toBeLessThan(90);
  });

  it('a ninth collective with the same full score makes a tie at the limit: reported as a tie, left to the committee', async () => {
    const missing = ninth.items[ninth.items.length - 1];
    await writeReadings(api, [meeting(ninth, missing)]);
    const e = await eventually(evaluation, (x) => x.cap.candidates === 9, { what: 'the ninth candidate' });
    // 9 collectives score 100 for 8 places: none is refused by its unit code; the committee decides
    expect([e.counts, e.undecided]).toEqual([{ HTXSNV: 0, HTTNV: 31, HTNV: 0, KHTNV: 0 }, 9]);
    expect(e.cap).toMatchObject({ pool: 40, limit: 8, candidates: 9, refused: 0, tied: 9 });
    expect(e.cap.text.vi).toContain('9 bằng điểm ở giới hạn (cấp ủy quyết định)');
    const tied = e.collectives.filter((c: { level: string | null }) => c.level === null);
    expect(tied).toHaveLength(9);
    expect(tied[0].tie).toEqual({ size: 9, places: 8 });
    expect(tied[0].reason.vi).toBe('Bằng điểm ở giới hạn 20%: 9 tập thể cùng 100 điểm cho 8 suất xuất sắc còn lại (tối đa 8 trên 40); cấp ủy quyết định');
    expect(e.reportLines.map((l: { vi: string }) => l.vi)).toEqual([
      '31/40 tập thể hoàn thành tốt nhiệm vụ (đạt 77,5%)',
      '9/40 tập thể bằng điểm ở giới hạn xuất sắc, cùng 8 suất: do cấp ủy quyết định',
    ]);
  });

  it('follows the settings an administrator sets: a pool without the excellent ones; the cap within each commune committee', async () => {
    const set = await api.send(
      'PUT',
      '/api/v1/admin/evaluation-settings/2025',
      { cap: { poolIncludesExcellent: false }, reason: 'thử cách tính khác' },
      'quantri',
    );
    expect(set.status).toBe(200);
    const e = await evaluation();
    expect(e.settings).toMatchObject({ scope: '2025', cap: { poolIncludesExcellent: false } });
    // at most 6 excellent now (6 ≤ 20% of 34), still 9 equal scores: a tie for 6 places
    expect(e.cap).toMatchObject({ limit: 6, tied: 9 });
    const perCommune = await api.send('PUT', '/api/v1/admin/evaluation-settings/2025', { cap: { poolIncludesExcellent: true, scope: 'commune' } }, 'quantri');
    expect(perCommune.status).toBe(200);
    const c = await evaluation();
    expect(c.cap.scope).toBe('commune');
    // one proposal per commune party committee, each with its own pool and limit
    const scopes = c.scopes as Array<{ id: string; total: number; cap: { pool: number; limit: number } }>;
    expect(scopes.length).toBeGreaterThan(1);
    expect(scopes.reduce((sum, s) => sum + s.total, 0)).toBe(40);
    for (const s of scopes) expect(s.cap.limit).toBe(Math.floor(0.2 * s.cap.pool + 1e-9));
    expect(c.counts.HTXSNV + c.undecided).toBeLessThanOrEqual(scopes.reduce((sum, s) => sum + s.cap.limit, 0) + c.undecided);
  });

  it('shows each account the counts and report, but only its own collectives', async () => {
    const cell = excellent[0];
    const secretary = await evaluation(`bithu.${cell.id.toLowerCase()}`);
    expect(secretary.total).toBe(40);
    expect(secretary.collectives.map((c: { id: string }) => c.id)).toEqual([cell.id]);
    expect(secretary.hiddenCollectives).toBe(39);
    expect((await api.get('/api/v1/evaluations/2022')).status).toBe(404);
    expect((await api.get('/api/v1/evaluations/20x5')).body.details[0]).toMatchObject({ field: 'year', problem: 'invalid_year' });
  });
});
