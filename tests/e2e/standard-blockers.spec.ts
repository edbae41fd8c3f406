import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { eventually } from '../support/eventually';
import { startSystem, TestSystem } from '../support/system';
import { call, logIn, Session } from './intake-support';

/**
 * What blocks the district standard, through the whole pipeline (intake → Kafka → ingest → projector → read API):
 * readings make a condition's blockers list shrink in the order it gave (closest first), and a recognition decision
 * an administrator records shows in GET /api/v1/progress and in the exported workbook, beside the computed status.
 */
const AS_OF = '2025-06-30';
const COMMUNE = '30133'; // Xã Tân Quới: five hamlets
const CELLS = ['874-30133-A01', '874-30133-A02', '874-30133-A03', '874-30133-A04', '874-30133-A05'];

interface Blocker {
  id: string;
  name: string;
  openCriteria: number;
  criteria: { code: string }[];
}
interface ConditionBlockers {
  code: string;
  needed: number;
  blockers: Blocker[];
}

describe('what blocks the district standard (real Kafka, PostgreSQL, Redis)', () => {
  let sys: TestSystem;
  let leader: Session;
  let officer: Session;
  let admin: Session;
  const secretaries: Record<string, Session> = {};

  beforeAll(async () => {
    sys = await startSystem('standard-blockers', ['ingest', 'projector', 'intake', 'dashboard'], {
      RATE_LIMIT_PER_ACCOUNT: '100000',
      RATE_LIMIT_PER_ADDRESS: '100000',
    });
    [leader, officer, admin] = await Promise.all([
      logIn(sys.url('intake'), 'lanhdao.1'),
      logIn(sys.url('intake'), `canbo.${COMMUNE}`),
      logIn(sys.url('intake'), 'quantri'),
    ]);
    for (const cell of CELLS) secretaries[cell] = await logIn(sys.url('intake'), `bithu.${cell.toLowerCase()}`);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const progress = async () => {
    const res = await call(`${sys.url('dashboard')}/api/v1/progress?asOf=${AS_OF}`, { token: leader.accessToken });
    expect(res.status).toBe(200);
    return res.body;
  };
  const blockersOf = (p: { standard: { blockers: { conditions: ConditionBlockers[] } } }, code: string): ConditionBlockers =>
    p.standard.blockers.conditions.find((c) => c.code === code) ?? { code, needed: 0, blockers: [] };

  /** Submits one update as `who` and waits until the read API shows it (its readings count moved). */
  async function submit(who: Session, hamletCode: string, criterionCode: string, readings: object[]): Promise<void> {
    const eventId = randomUUID();
    const res = await call(`${sys.url('intake')}/api/v1/updates`, {
      token: who.accessToken,
      body: { eventId, hamletCode, criterionCode, readings, asOf: AS_OF },
    });
    expect([criterionCode, res.status, res.body?.details ?? null]).toEqual([criterionCode, 202, null]);
    await eventually(
      async () => (await call(`${sys.url('intake')}/api/v1/submissions/${eventId}`, { token: who.accessToken })).body,
      (b) => b?.status === 'projected',
      { what: `${criterionCode} of ${hamletCode} to be projected` },
    );
  }

  it('the district’s own criteria drop off the blockers list one by one, the rest keeping the order it gave', async () => {
    const first = blockersOf(await progress(), 'DK-04');
    const order = first.blockers.map((b) => b.criteria[0].code);
    expect(order.length).toBeGreaterThanOrEqual(3);
    expect(first.needed).toBe(order.length);
    let remaining = order;
    for (const code of order.slice(0, 3)) {
      const indicator = `${Number(code.slice(-2))}.0`;
      await submit(leader, '874', code, [{ indicatorCode: indicator, value: true }]);
      remaining = remaining.filter((c) => c !== code);
      const next = await eventually(progress, (p) => blockersOf(p, 'DK-04').blockers.length === remaining.length, { what: `${code} off the list` });
      expect(blockersOf(next, 'DK-04').blockers.map((b) => b.criteria[0].code)).toEqual(remaining);
    }
  });

  it('a commune’s readings shrink its open criteria in the order given and bring it closer than the others', async () => {
    const dk1 = blockersOf(await progress(), 'DK-01');
    const start = dk1.blockers.find((b) => b.id === COMMUNE)!;
    const rankOf = (c: ConditionBlockers) => c.blockers.findIndex((b) => b.id === COMMUNE);
    const openOf = (c: ConditionBlockers) => c.blockers.find((b) => b.id === COMMUNE)!.criteria.map((k) => k.code);
    expect(openOf(dk1)).toContain('XA-07');
    // commune figures: the market (XA-07) and the four information criteria (XA-08); the cells' power (XA-04 4.2) and the commune's grid (4.1)
    await submit(officer, COMMUNE, 'XA-07', [{ indicatorCode: '7', value: true }]);
    let after = blockersOf(await eventually(progress, (p) => !openOf(blockersOf(p, 'DK-01')).includes('XA-07'), { what: 'XA-07 met' }), 'DK-01');
    expect(openOf(after)).toEqual(openOf(dk1).filter((c) => c !== 'XA-07'));
    await submit(
      officer,
      COMMUNE,
      'XA-08',
      ['8.1', '8.2', '8.3', '8.4'].map((indicatorCode) => ({ indicatorCode, value: true })),
    );
    await submit(officer, COMMUNE, 'XA-04', [{ indicatorCode: '4.1', value: true }]);
    for (const cell of CELLS) await submit(secretaries[cell], cell, 'XA-04', [{ indicatorCode: '4.2', numerator: 99, denominator: 100 }]);
    after = blockersOf(await eventually(progress, (p) => !openOf(blockersOf(p, 'DK-01')).includes('XA-04'), { what: 'XA-04 met' }), 'DK-01');
    expect(openOf(after)).toEqual(openOf(dk1).filter((c) => !['XA-04', 'XA-07', 'XA-08'].includes(c)));
    expect(after.blockers.find((b) => b.id === COMMUNE)!.openCriteria).toBe(start.openCriteria - 3);
    // fewer open criteria than every other commune: it is now the closest, the first to complete the condition
    expect(rankOf(after)).toBe(0);
    expect(rankOf(dk1)).toBeGreaterThan(0);
  });

  it('a recognition decision shows beside the computed status in /progress and the export, and counts for the condition', async () => {
    const before = await progress();
    const neededBefore = blockersOf(before, 'DK-01').needed;
    const recorded = await call(`${sys.url('dashboard')}/api/v1/admin/recognitions`, {
      token: admin.accessToken,
      body: {
        unitId: COMMUNE,
        tierCode: 'TIER-XA-NTM',
        decisionNumber: 'QĐ 999/QĐ-UBND-HC (thử nghiệm)',
        decidedOn: '2025-05-20',
        recognitionYear: 2024,
        issuer: 'UBND tỉnh Đồng Tháp',
        source: 'Bản sao quyết định do văn phòng huyện cung cấp (dữ liệu thử nghiệm)',
      },
    });
    expect(recorded.status).toBe(201);
    const after = await eventually(progress, (p) => blockersOf(p, 'DK-01').needed === neededBefore - 1, { what: 'the recognition in /progress' });
    const unit = after.standard.conditions[0].units.find((u: { id: string }) => u.id === COMMUNE);
    expect(unit).toMatchObject({
      counted: true,
      countedBy: 'recognised',
      status: 'undetermined',
      recognition: { decisionNumber: 'QĐ 999/QĐ-UBND-HC (thử nghiệm)', decidedOn: '2025-05-20' },
    });
    expect(unit.recognition.text.vi).toBe('Đã được công nhận năm 2024 (UBND tỉnh Đồng Tháp, QĐ 999/QĐ-UBND-HC (thử nghiệm), ngày 20/05/2025)');
    expect(blockersOf(after, 'DK-01').blockers.map((b) => b.id)).not.toContain(COMMUNE);

    // the workbook carries the same: the blockers lead, and the recognition beside the computed status
    const res = await fetch(`${sys.url('dashboard')}/api/v1/exports/district-report.xlsx?asOf=${AS_OF}`, {
      headers: { authorization: `Bearer ${leader.accessToken}` },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('Tổng hợp')!;
    expect(String(summary.getRow(2).getCell(1).value)).toBe('Những gì còn chặn chuẩn huyện');
    expect(String(summary.getRow(2).getCell(2).value)).toBe(after.standard.blockers.headline.vi);
    const conditions = wb.getWorksheet('Điều kiện chuẩn huyện')!;
    const header = (conditions.getRow(1).values as unknown[]).map(String);
    const dk1 = conditions.getRow(2);
    expect(String(dk1.getCell(header.indexOf('Quyết định công nhận')).value)).toContain('Xã Tân Quới: Đã được công nhận năm 2024');
    const blockers = wb.getWorksheet('Những gì còn chặn chuẩn huyện')!;
    const names: string[] = [];
    blockers.eachRow((row, i) => {
      if (i > 1 && row.getCell(1).value === 'DK-01' && row.getCell(2).value) names.push(String(row.getCell(4).value));
    });
    expect(names).toHaveLength(blockersOf(after, 'DK-01').blockers.length);
    expect(names).not.toContain('Xã Tân Quới');
  });
});
