import fc from 'fast-check';
import {
  capLimit,
  DEFAULT_EVALUATION_OPTIONS,
  evaluateCollectives,
  evaluationReportLines,
  forecastSeries,
  fulfilmentScore,
  type CollectiveInput,
  type EvaluationOptions,
} from '@pledge/domain';

/** `excellent` collectives scoring 95, 94, ... and `good` ones scoring 80. */
function collectives(excellent: number, good: number, others: number[] = []): CollectiveInput[] {
  const list: CollectiveInput[] = [];
  for (let i = 0; i < excellent; i++) list.push({ id: `X${String(i + 1).padStart(2, '0')}`, name: `Chi bộ X${i + 1}`, score: 95 - i * 0.5 });
  for (let i = 0; i < good; i++) list.push({ id: `G${String(i + 1).padStart(2, '0')}`, name: `Chi bộ G${i + 1}`, score: 80 });
  others.forEach((score, i) => list.push({ id: `O${i + 1}`, name: `Chi bộ O${i + 1}`, score }));
  return list;
}

describe('year-end evaluation with the 20% cap (acceptance check)', () => {
  it('40 collectives, 8 excellent and 32 good: prints the district report lines (8/40 sits exactly at the cap)', () => {
    const result = evaluateCollectives(collectives(8, 32));
    expect(result.reportLines.map((l) => l.vi)).toEqual([
      '8/40 tập thể hoàn thành xuất sắc nhiệm vụ (đạt 20%)',
      '32/40 tập thể hoàn thành tốt nhiệm vụ (đạt 80%)',
    ]);
    expect(result.cap).toMatchObject({ pool: 40, limit: 8, candidates: 8, refused: 0 });
  });

  it('a ninth excellent candidate is refused by the cap, stays good, and is told why', () => {
    const result = evaluateCollectives(collectives(9, 31));
    expect(result.counts).toMatchObject({ HTXSNV: 8, HTTNV: 32 });
    expect(result.reportLines.map((l) => l.vi)).toEqual([
      '8/40 tập thể hoàn thành xuất sắc nhiệm vụ (đạt 20%)',
      '32/40 tập thể hoàn thành tốt nhiệm vụ (đạt 80%)',
    ]);
    const refused = result.collectives.filter((c) => c.candidateLevel === 'HTXSNV' && c.level !== 'HTXSNV');
    expect(refused.map((c) => [c.id, c.level, c.candidateRank])).toEqual([['X09', 'HTTNV', 9]]);
    expect(refused[0].reason?.vi).toBe(
      'Vượt giới hạn 20%: tối đa 8 tập thể xuất sắc trên 40 tập thể hoàn thành tốt (xếp thứ 9/9 đề nghị xuất sắc, 91 điểm); đề xuất mức hoàn thành tốt nhiệm vụ',
    );
    expect(refused[0].reason?.en).toBe(
      'Exceeds the 20% cap: at most 8 excellent collectives out of 40 rated good (ranked 9 of 9 excellent candidates, 91 points); proposed as well completed',
    );
  });
});

describe('evaluation report text', () => {
  it('writes shares with a Vietnamese decimal comma, one decimal unless whole', () => {
    const lines = evaluationReportLines({ HTXSNV: 5, HTTNV: 25, HTNV: 0, KHTNV: 0 }, 30);
    expect(lines.map((l) => l.vi)).toEqual(['5/30 tập thể hoàn thành xuất sắc nhiệm vụ (đạt 16,7%)', '25/30 tập thể hoàn thành tốt nhiệm vụ (đạt 83,3%)']);
    expect(lines[0].en).toBe('5/30 collectives completed their tasks excellently (16.7%)');
    expect(evaluationReportLines({ HTXSNV: 0, HTTNV: 1, HTNV: 0, KHTNV: 0 }, 1, true).map((l) => l.vi)).toEqual([
      '0/1 tập thể hoàn thành xuất sắc nhiệm vụ (đạt 0%)',
      '1/1 tập thể hoàn thành tốt nhiệm vụ (đạt 100%)',
      '0/1 tập thể hoàn thành nhiệm vụ (đạt 0%)',
      '0/1 tập thể không hoàn thành nhiệm vụ (đạt 0%)',
    ]);
  });
});

describe('bands, disqualification and options', () => {
  it('bands scores 90/70/50 by default (before the cap)', () => {
    const result = evaluateCollectives(collectives(0, 0, [90, 89.9, 70, 69.9, 50, 49.9]));
    expect(result.collectives.map((c) => c.candidateLevel)).toEqual(['HTXSNV', 'HTTNV', 'HTTNV', 'HTNV', 'HTNV', 'KHTNV']);
    // One excellent among a pool of three: floor(0,2 × 3) = 0, so even the only candidate is refused.
    expect(result.collectives[0].level).toBe('HTTNV');
    const noCap: EvaluationOptions = { ...DEFAULT_EVALUATION_OPTIONS, cap: { ...DEFAULT_EVALUATION_OPTIONS.cap, ratio: 1 } };
    expect(evaluateCollectives(collectives(0, 0, [90]), noCap).collectives[0].level).toBe('HTXSNV');
  });

  it('a disqualified collective is KHTNV whatever its score, with its reason', () => {
    const reason = { vi: 'Có cấp ủy viên bị kỷ luật', en: 'A committee member was disciplined' };
    const result = evaluateCollectives([{ id: 'A', name: 'Chi bộ A', score: 99, disqualification: reason }]);
    expect(result.collectives[0]).toMatchObject({ candidateLevel: 'KHTNV', level: 'KHTNV', reason });
  });

  it('rounds ratio × pool as configured, without floating-point surprises', () => {
    expect(capLimit(0.2, 35, 'ceil')).toBe(7);
    expect(capLimit(0.2, 36, 'floor')).toBe(7);
    expect(capLimit(0.2, 36, 'ceil')).toBe(8);
    expect(capLimit(0.2, 37, 'round')).toBe(7);
    expect(capLimit(0.2, 38, 'round')).toBe(8);
    const ceil: EvaluationOptions = { ...DEFAULT_EVALUATION_OPTIONS, cap: { ...DEFAULT_EVALUATION_OPTIONS.cap, rounding: 'ceil' } };
    expect(evaluateCollectives(collectives(9, 27), ceil).counts.HTXSNV).toBe(8); // ceil(7.2)
    expect(evaluateCollectives(collectives(9, 27)).counts.HTXSNV).toBe(7); // floor(7.2)
  });

  it('with a pool of the good ones only, fewer excellent collectives fit', () => {
    const goodOnly: EvaluationOptions = { ...DEFAULT_EVALUATION_OPTIONS, cap: { ...DEFAULT_EVALUATION_OPTIONS.cap, poolIncludesExcellent: false } };
    const result = evaluateCollectives(collectives(9, 31), goodOnly);
    // k excellent need k ≤ floor(0.2 × (31 + 9 − k)): the largest such k is 6 (pool 34 → 6).
    expect(result.counts).toMatchObject({ HTXSNV: 6, HTTNV: 34 });
    expect(result.cap).toMatchObject({ pool: 34, limit: 6, refused: 3 });
    expect(
      result.collectives.find((c) => c.id === 'X07')?.reason?.vi.startsWith('Vượt giới hạn 20%: tối đa 6 tập thể xuất sắc trên 34 tập thể hoàn thành tốt'),
    ).toBe(true);
  });

  it('reports a tie at the limit as a tie for the committee to decide, never broken by the unit code, whatever the input order', () => {
    // pool 6 → at most 1 excellent; A and B both score 92
    const tied: CollectiveInput[] = [{ id: 'B', name: 'B', score: 92 }, { id: 'A', name: 'A', score: 92 }, ...collectives(0, 4)];
    const result = evaluateCollectives(tied);
    const byId = (c: CollectiveInput[]) => Object.fromEntries(evaluateCollectives(c).collectives.map((e) => [e.id, [e.level, e.tie, e.candidateRank]]));
    expect(byId(tied)).toMatchObject({ A: [null, { size: 2, places: 1 }, 1], B: [null, { size: 2, places: 1 }, 1] });
    expect([result.undecided, result.counts.HTXSNV, result.counts.HTTNV]).toEqual([2, 0, 4]);
    expect(result.reportLines.map((l) => l.vi)).toEqual([
      '4/6 tập thể hoàn thành tốt nhiệm vụ (đạt 66,7%)',
      '2/6 tập thể bằng điểm ở giới hạn xuất sắc, cùng 1 suất: do cấp ủy quyết định',
    ]);
    expect(result.collectives.find((c) => c.id === 'A')?.reason?.vi).toBe(
      'Bằng điểm ở giới hạn 20%: 2 tập thể cùng 92 điểm cho 1 suất xuất sắc còn lại (tối đa 1 trên 6); cấp ủy quyết định',
    );
    fc.assert(
      fc.property(fc.shuffledSubarray(tied, { minLength: tied.length, maxLength: tied.length }), (shuffled) => {
        expect(byId(shuffled)).toEqual(byId(tied));
      }),
    );
  });

  it('equal scores that all fit under the limit are all proposed excellent (no tie)', () => {
    const result = evaluateCollectives([{ id: 'B', name: 'B', score: 92 }, { id: 'A', name: 'A', score: 92 }, ...collectives(0, 8)]);
    expect([result.counts.HTXSNV, result.undecided]).toEqual([2, 0]);
  });

  it('applies the cap within each commune party committee when the scope says so, and reports each', () => {
    const cells = (commune: string, excellent: number, good: number): CollectiveInput[] => [
      ...Array.from({ length: excellent }, (_, i) => ({ id: `${commune}-X${i}`, name: `X${i}`, score: 95 - i, groupId: commune, groupName: `Xã ${commune}` })),
      ...Array.from({ length: good }, (_, i) => ({ id: `${commune}-G${i}`, name: `G${i}`, score: 80, groupId: commune, groupName: `Xã ${commune}` })),
    ];
    const input = [...cells('A', 2, 3), ...cells('B', 1, 9)];
    const perDistrict = evaluateCollectives(input);
    expect([perDistrict.counts.HTXSNV, perDistrict.scopes.map((s) => s.id)]).toEqual([3, ['district']]);
    const perCommune = evaluateCollectives(input, { ...DEFAULT_EVALUATION_OPTIONS, cap: { ...DEFAULT_EVALUATION_OPTIONS.cap, scope: 'commune' } });
    // Xã A: pool 5 → 1 excellent (its second refused); Xã B: pool 10 → 2 allowed, 1 candidate
    expect(perCommune.scopes.map((s) => [s.id, s.cap.pool, s.cap.limit, s.counts.HTXSNV])).toEqual([
      ['A', 5, 1, 1],
      ['B', 10, 2, 1],
    ]);
    expect(perCommune.counts.HTXSNV).toBe(2);
    expect(perCommune.scopes[0].reportLines[0].vi).toBe('1/5 tập thể hoàn thành xuất sắc nhiệm vụ (đạt 20%)');
  });

  it('property: the cap always holds and only the lowest-scored candidates are refused', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 60 }), fc.boolean(), (scores, includeExcellent) => {
        const options: EvaluationOptions = {
          ...DEFAULT_EVALUATION_OPTIONS,
          cap: { ...DEFAULT_EVALUATION_OPTIONS.cap, poolIncludesExcellent: includeExcellent },
        };
        const result = evaluateCollectives(
          scores.map((score, i) => ({ id: `C${String(i).padStart(2, '0')}`, name: `C${i}`, score })),
          options,
        );
        const excellent = result.counts.HTXSNV;
        // the clearly excellent and the places left to the tied ones never exceed the cap
        expect(excellent + (result.scopes[0]?.cap.tiedPlaces ?? 0)).toBeLessThanOrEqual(result.cap.limit);
        expect(result.cap.limit).toBe(Math.floor(0.2 * result.cap.pool + 1e-9));
        const kept = result.collectives.filter((c) => c.level === 'HTXSNV').map((c) => c.score);
        const refused = result.collectives.filter((c) => c.candidateLevel === 'HTXSNV' && c.level !== 'HTXSNV').map((c) => c.score);
        if (kept.length && refused.length) expect(Math.min(...kept)).toBeGreaterThan(Math.max(...refused));
        const tied = result.collectives.filter((c) => c.level === null).map((c) => c.score);
        if (tied.length) expect(new Set(tied).size).toBe(1);
      }),
    );
  });
});

describe('fulfilment score from pledge items', () => {
  const due = '2024-12-31';
  const item = (history: Array<{ asOf: string; value: number }>, today: string) =>
    forecastSeries({ target: { comparator: '>=', value: 100 }, start: '2024-01-01', due, today, history });

  it('counts items met on time fully, late ones half, unmet overdue ones by half their progress', () => {
    const onTime = item(
      [
        { asOf: '2024-01-01', value: 80 },
        { asOf: '2024-11-30', value: 100 },
      ],
      '2025-01-10',
    );
    const late = item(
      [
        { asOf: '2024-01-01', value: 80 },
        { asOf: '2025-01-05', value: 100 },
      ],
      '2025-01-10',
    );
    const halfway = item(
      [
        { asOf: '2024-01-01', value: 80 },
        { asOf: '2024-12-31', value: 90 },
      ],
      '2025-01-10',
    );
    expect([onTime.metOnTime, late.status, halfway.status]).toEqual([true, 'met', 'overdue']);
    expect(fulfilmentScore([onTime, late, halfway])).toBe(Math.round(((1 + 0.5 + 0.25) / 3) * 1000) / 10);
    expect(fulfilmentScore([])).toBeNull();
  });
});
