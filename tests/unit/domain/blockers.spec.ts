import {
  assessDistrictStandard,
  closeStandard,
  indexRecognitions,
  pledgeHintsFrom,
  isFinalView,
  standardBlockers,
  type RecognitionDecision,
} from '@pledge/domain';
import { communeMeetsAll, power, worldCatalogue, worldCatalogueJson, worldContext } from './support/world';

const NOW = '2024-07-10T03:00:00Z';
const powerOf = (communeId: 'C1' | 'C2', percent: number) =>
  (communeId === 'C1' ? ['H1', 'H2', 'H3'] : ['H4', 'H5']).map((h) => power(h, percent, 100, { reportedAt: '2024-06-30T11:00:00.000Z' }));
const decision = (unitId: string, effectiveFrom: string, extra: Partial<RecognitionDecision> = {}): RecognitionDecision => ({
  id: `REC-${unitId}`,
  unitId,
  tierCode: 'TIER-XA-NTM',
  decisionNumber: null,
  decidedOn: null,
  effectiveFrom,
  recognitionYear: 2021,
  issuer: 'UBND tỉnh Thử',
  source: 'test',
  revokedOn: null,
  note: null,
  ...extra,
});
const withRecognitions = (readings: Parameters<typeof worldContext>[0], decisions: RecognitionDecision[], basis?: string) => {
  const json = worldCatalogueJson();
  if (basis) (json.districtConditions as Array<{ rule: Record<string, unknown> }>)[0].rule.basis = basis;
  return { ...worldContext(readings, NOW, { catalogue: worldCatalogue(json) }), recognitions: indexRecognitions(decisions) };
};

describe('what blocks the district standard', () => {
  it('lists, per condition, the units still missing, closest first, and which would complete it soonest', () => {
    // Xã Một misses power only (97%); Xã Hai misses power (90%) and has no income figure
    const c1 = communeMeetsAll('C1', '2024-06-30').filter((r) => r.indicatorCode !== 'A.1');
    const c2 = communeMeetsAll('C2', '2024-06-30').filter((r) => r.indicatorCode !== 'A.1' && r.criterionCode !== 'XA-B');
    const d = assessDistrictStandard(worldContext([...c1, ...c2, ...powerOf('C1', 97), ...powerOf('C2', 90)], NOW), 'D');
    const b = standardBlockers(d);
    const dk1 = b.conditions.find((c) => c.code === 'DK-01')!;
    expect(dk1.blockers.map((x) => [x.unitId, x.openCriteria])).toEqual([
      ['C1', 1],
      ['C2', 2],
    ]);
    expect(dk1.needed).toBe(2);
    expect(dk1.soonest).toEqual(['C1', 'C2']);
    expect(dk1.blockers[0].criteria[0].indicators[0].vi).toBe('A.1 (chưa đạt): Chưa đạt: 97% (yêu cầu ≥ 98%, thiếu 1 điểm %)');
    // a share condition that needs one of two: the closer commune completes it soonest
    const dk2 = b.conditions.find((c) => c.code === 'DK-02')!;
    expect([dk2.needed, dk2.soonest]).toEqual([1, ['C1']]);
    expect(b.headline.vi).toMatch(
      /^Chưa đạt chuẩn: 4\/4 điều kiện còn chặn\. DK-01 100% xã đạt chuẩn NTM: cần thêm 2 xã; gần đạt nhất: Xã Một \(còn 1 tiêu chí\), Xã Hai \(còn 2 tiêu chí\)\./,
    );
  });

  it('orders equally distant units by the gap to the level, then by the trend and the pledged date', () => {
    const rest = [...communeMeetsAll('C1', '2024-06-30'), ...communeMeetsAll('C2', '2024-06-30')].filter((r) => r.indicatorCode !== 'A.1');
    const near = standardBlockers(assessDistrictStandard(worldContext([...rest, ...powerOf('C1', 91), ...powerOf('C2', 97)], NOW), 'D'));
    expect(near.conditions[0].blockers.map((x) => x.unitId)).toEqual(['C2', 'C1']);
    // same gap: the one whose pledged work is projected to finish first comes first
    const same = assessDistrictStandard(worldContext([...rest, ...powerOf('C1', 95), ...powerOf('C2', 95)], NOW), 'D');
    const hints = pledgeHintsFrom([
      { unitIds: ['H4', 'C2'], criterionCode: 'XA-A', dueOn: '2025-06-30', projectedOn: '2024-11-30', met: false },
      { unitIds: ['H1', 'C1'], criterionCode: 'XA-A', dueOn: '2025-03-31', projectedOn: '2025-02-28', met: false },
    ]);
    const ordered = standardBlockers(same, hints).conditions[0].blockers;
    expect(ordered.map((x) => [x.unitId, x.projectedOn, x.dueOn])).toEqual([
      ['C2', '2024-11-30', '2025-06-30'],
      ['C1', '2025-02-28', '2025-03-31'],
    ]);
    expect(ordered[0].summary.vi).toBe('Xã Hai: còn 1 tiêu chí (XA-A Điện (chưa đạt)); dự kiến xong 30/11/2024, giao ước hạn 30/06/2025');
  });

  it('the blockers list shrinks as readings arrive, in the order given', () => {
    const rest = [...communeMeetsAll('C1', '2024-06-30'), ...communeMeetsAll('C2', '2024-06-30')].filter((r) => r.indicatorCode !== 'A.1');
    const steps = [
      [...powerOf('C1', 90), ...powerOf('C2', 96)],
      [...powerOf('C1', 90), ...powerOf('C2', 99)],
      [...powerOf('C1', 99), ...powerOf('C2', 99)],
    ];
    const lists = steps.map(
      (p) =>
        standardBlockers(assessDistrictStandard(worldContext([...rest, ...p], NOW), 'D'))
          .conditions.find((c) => c.code === 'DK-01')
          ?.blockers.map((x) => x.unitId) ?? [],
    );
    expect(lists).toEqual([['C2', 'C1'], ['C1'], []]);
  });
});

describe('recognition decisions beside the computed status', () => {
  it('a recorded recognition counts for a share condition whose basis allows it, shown beside the computed status', () => {
    const ctx = withRecognitions(communeMeetsAll('C1', '2024-06-30'), [decision('C2', '2022-06-06')]);
    const dk1 = assessDistrictStandard(ctx, 'D').conditions[0];
    expect(dk1.standing.map((u) => [u.tier.unitId, u.tier.status, u.tier.recognition?.id ?? null, u.countedBy])).toEqual([
      ['C1', 'met', null, 'computed'],
      ['C2', 'undetermined', 'REC-C2', 'recognised'],
    ]);
    expect(dk1.status).toBe('met');
  });

  it('a condition that counts only computed status ignores the decision; one that counts only decisions ignores the computation', () => {
    const computedOnly = assessDistrictStandard(withRecognitions(communeMeetsAll('C1', '2024-06-30'), [decision('C2', '2022-06-06')], 'computed'), 'D')
      .conditions[0];
    expect([computedOnly.status, computedOnly.unitsAtTier]).toEqual(['not_met', 1]);
    const recognisedOnly = assessDistrictStandard(withRecognitions(communeMeetsAll('C1', '2024-06-30'), [decision('C2', '2022-06-06')], 'recognised'), 'D');
    const dk1 = recognisedOnly.conditions[0];
    expect([dk1.status, dk1.unitsAtTier, dk1.checks]).toEqual(['not_met', 1, { met: 3 + 2, total: 6 }]);
    expect(dk1.missing[1].vi).toBe('Xã Một: đạt theo tính toán nhưng chưa có quyết định công nhận');
    expect(standardBlockers(recognisedOnly).conditions[0].blockers[0].summary.vi).toBe('Xã Một: đạt theo tính toán, chưa có quyết định công nhận');
  });

  it('holds from the day it is known until a later decision revokes it', () => {
    const early = assessDistrictStandard({ ...withRecognitions([], [decision('C2', '2024-08-01')]) }, 'D').conditions[0];
    expect(early.standing[1].tier.recognition).toBeNull();
    const revoked = assessDistrictStandard(withRecognitions([], [decision('C2', '2022-06-06', { revokedOn: '2024-07-01' })]), 'D').conditions[0];
    expect(revoked.standing[1].tier.recognition).toBeNull();
  });
});

describe('a closed programme reads as closed', () => {
  it('once the deadline has passed, the view of its last day is the final result, in the past tense with the day judged', () => {
    expect(isFinalView('2025-12-31', '2025-12-31', '2026-12-07')).toBe(true);
    expect(isFinalView('2025-12-31', '2025-06-30', '2026-12-07')).toBe(false); // an earlier day is history
    expect(isFinalView('2025-12-31', '2025-12-31', '2025-12-31')).toBe(false); // the deadline has not passed yet
    const d = assessDistrictStandard(worldContext(communeMeetsAll('C1', '2025-12-31'), '2025-12-31T10:00:00Z'), 'D');
    const closed = closeStandard(d, '2026-12-07');
    expect(closed.closure).toEqual({ judgedOn: '2025-12-31', viewedOn: '2026-12-07' });
    expect(closed.label.vi).toBe('Kết quả cuối cùng: Huyện Thử đã không đạt chuẩn, đạt 0/4 điều kiện (đánh giá tại ngày 31/12/2025)');
    expect(closed.label.en).toBe('Final result: Huyện Thử did not meet the standard, 0 of 4 conditions met (judged on 31 Dec 2025)');
    expect(standardBlockers(closed).headline.vi).toMatch(/^Huyện Thử đã không đạt chuẩn \(đánh giá tại ngày 31\/12\/2025\): 4\/4 điều kiện chưa đạt\./);
    expect(closeStandard(d, '2025-12-31').closure).toBeNull();
  });
});
