import fc from 'fast-check';
import {
  applyReadings,
  assessDistrictStandard,
  createAssessmentContext,
  EMPTY_READINGS_STATE,
  indexCatalogue,
  indexUnits,
  OVERALL_PROGRESS_DESCRIPTION,
  OVERALL_PROGRESS_DESCRIPTION_VI,
} from '@pledge/domain';
import { communeMeetsAll, power, reading, worldCatalogue, worldCatalogueJson, worldContext } from './support/world';
import { loadSeeds } from './support/seeds';

const NOW = '2024-07-10T03:00:00Z';
const townMeets = [
  reading({ hamletId: 'W1', criterionCode: 'KHOM-A', indicatorCode: 'K.1', numerator: 95, denominator: 100 }),
  reading({ hamletId: 'W2', criterionCode: 'KHOM-A', indicatorCode: 'K.1', numerator: 19, denominator: 20 }),
];
const districtCriteria = reading({ hamletId: 'D', criterionCode: 'HUYEN-A', indicatorCode: 'H.1', value: true });
const advancedC1 = reading({ hamletId: 'C1', criterionCode: 'XA-NC', indicatorCode: 'NC.1', value: true });

describe('district standard', () => {
  it('lists what is still missing, condition by condition', () => {
    // Xã Một meets everything; Xã Hai has poor power coverage in Ấp Năm and no income data; no advanced commune.
    const xaHai = communeMeetsAll('C2', '2024-06-30').filter((r) => r.criterionCode !== 'XA-B');
    xaHai.push(power('H5', 80, 100, { reportedAt: '2024-06-30T11:00:00.000Z' }));
    const d = assessDistrictStandard(worldContext([...communeMeetsAll('C1', '2024-06-30'), ...xaHai, ...townMeets, districtCriteria], NOW), 'D');
    expect(d.status).toBe('not_met');
    expect(d.label.vi).toBe('chưa đạt chuẩn huyện NTM (đạt 2/4 điều kiện)');
    const [ntm, advanced, town, criteria] = d.conditions;
    expect(ntm.status).toBe('not_met');
    expect(ntm.missing.map((l) => l.vi)).toEqual([
      'Còn 1 xã chưa đạt chuẩn NTM (theo quyết định công nhận hoặc tính theo số liệu): Xã Hai',
      'Xã Hai: XA-A Điện (chưa đạt), XA-B Thu nhập (chưa có số liệu)',
    ]);
    expect(ntm.missing[0].en).toBe('1 of 2 communes not yet at "NTM commune" (recognised by decision or computed from the readings): Xã Hai');
    expect(advanced.missing[0].vi).toBe(
      'Cần thêm 1 xã đạt chuẩn NTM nâng cao (yêu cầu ≥ 10%: tối thiểu 1/2 xã, hiện có 0; theo quyết định công nhận hoặc tính theo số liệu)',
    );
    expect(advanced.requiredUnits).toBe(1);
    expect([town.status, town.missing]).toEqual(['met', []]);
    expect([criteria.status, criteria.missing]).toEqual(['met', []]);
  });

  it('names the district criteria still open', () => {
    const d = assessDistrictStandard(worldContext([], NOW), 'D');
    expect(d.conditions[3].missing.map((l) => l.vi)).toEqual([
      'Còn 1/1 tiêu chí huyện chưa đạt: HUYEN-A Quy hoạch huyện (chưa có số liệu)',
      'HUYEN-A chỉ tiêu H.1 (chưa có số liệu): Chưa có số liệu của 1/1 đơn vị báo cáo: Huyện Thử',
    ]);
  });

  it('computes the overall progress as met checks over required checks', () => {
    // Checks: DK-01 2 communes × 3 criteria = 6; DK-02 1 commune × (1 own criterion + NTM required first) = 2;
    // DK-03 1 town × 1 = 1; DK-04 1 = 1 → 10.
    const none = assessDistrictStandard(worldContext([], NOW), 'D');
    expect([none.checks, none.progress]).toEqual([{ met: 0, total: 10 }, 0]);
    const some = assessDistrictStandard(worldContext([...communeMeetsAll('C1', '2024-06-30'), ...townMeets], NOW), 'D');
    // DK-01: Xã Một 3; DK-02: Xã Một is NTM (1 of 2); DK-03: 1
    expect(some.checks).toEqual({ met: 3 + 1 + 1, total: 10 });
    expect(some.progress).toBeCloseTo(5 / 10, 12);
  });

  it('a share condition’s checks agree with its status: a unit that is not at the tier never has all its checks', () => {
    // Xã Một says it is advanced (XA-NC) but is not NTM yet: DK-02 is not met, so its checks are not all met
    const d = assessDistrictStandard(worldContext([advancedC1], NOW), 'D');
    expect(d.conditions[1].status).toBe('not_met');
    expect(d.conditions[1].checks).toEqual({ met: 1, total: 2 });
  });

  it('is met, with progress 1, when every condition holds', () => {
    const all = [...communeMeetsAll('C1', '2024-06-30'), ...communeMeetsAll('C2', '2024-06-30'), ...townMeets, districtCriteria, advancedC1];
    const d = assessDistrictStandard(worldContext(all, NOW), 'D');
    expect(d.conditions.map((c) => c.status)).toEqual(['met', 'met', 'met', 'met']);
    expect([d.status, d.progress, d.label.vi]).toEqual(['met', 1, 'đạt chuẩn huyện NTM']);
    expect(d.checks.met).toBe(d.checks.total);
  });

  it('a condition without threshold cannot be judged and keeps progress below 1', () => {
    const json = worldCatalogueJson();
    (json.districtConditions as Array<{ rule: Record<string, unknown> }>)[1].rule.threshold = null;
    const all = [...communeMeetsAll('C1', '2024-06-30'), ...communeMeetsAll('C2', '2024-06-30'), ...townMeets, districtCriteria, advancedC1];
    const d = assessDistrictStandard(worldContext(all, NOW, { catalogue: worldCatalogue(json) }), 'D');
    expect(d.conditions[1].status).toBe('threshold_missing');
    expect(d.conditions[1].missing[0].vi).toBe('Chưa có ngưỡng cho điều kiện DK-02: không thể kết luận');
    expect(d.status).toBe('not_met');
    expect(d.checks).toEqual({ met: 8, total: 9 });
  });

  it('checks agree with statuses whatever was reported: a condition is met exactly when all its checks are (property)', () => {
    const pool = [
      ...communeMeetsAll('C1', '2024-06-30'),
      ...communeMeetsAll('C2', '2024-06-30'),
      ...townMeets,
      districtCriteria,
      advancedC1,
      reading({ hamletId: 'C2', criterionCode: 'XA-NC', indicatorCode: 'NC.1', value: true }),
      power('H4', 10, 100, { reportedAt: '2024-07-01T05:00:00.000Z' }),
    ];
    fc.assert(
      fc.property(fc.subarray(pool), (readings) => {
        const d = assessDistrictStandard(worldContext(readings, NOW), 'D');
        for (const c of d.conditions) expect([c.condition.code, c.status === 'met']).toEqual([c.condition.code, c.checks.met === c.checks.total]);
        expect(d.status === 'met').toBe(d.progress === 1);
      }),
      { numRuns: 150 },
    );
  });

  it('is not applicable for a catalogue without a district level (2026–2030)', () => {
    const json = worldCatalogueJson();
    json.districtConditions = [];
    json.tiers = (json.tiers as Array<{ code: string }>).filter((t) => t.code !== 'TIER-HUYEN');
    const d = assessDistrictStandard(worldContext([], NOW, { catalogue: worldCatalogue(json) }), 'D');
    expect([d.status, d.progress]).toEqual(['not_applicable', null]);
  });

  it('documents the progress figure in both languages', () => {
    expect(OVERALL_PROGRESS_DESCRIPTION).toMatch(/checks met \/ checks required/);
    expect(OVERALL_PROGRESS_DESCRIPTION_VI).toMatch(/số hạng mục đã đạt \/ tổng số hạng mục/);
  });
});

describe('district standard on the seed data (Huyện Thanh Bình)', () => {
  const seeds = loadSeeds();
  const ctx = (now: string) =>
    createAssessmentContext({
      catalogue: indexCatalogue(seeds.catalogue),
      units: indexUnits(seeds.units),
      state: EMPTY_READINGS_STATE,
      now: new Date(now),
    });

  it('without readings: 0 progress, and all 12 communes listed as missing', () => {
    const d = assessDistrictStandard(ctx('2024-07-10T00:00:00Z'), '874');
    const communeCriteria = seeds.catalogue.criteria.filter((c) => c.appliesTo === 'commune' && c.tier === 'ntm').length;
    const advancedCriteria = seeds.catalogue.criteria.filter((c) => c.appliesTo === 'commune' && c.tier === 'advanced').length;
    const wardCriteria = seeds.catalogue.criteria.filter((c) => c.appliesTo === 'ward' && c.tier === 'ntm').length;
    const districtCriteria = seeds.catalogue.criteria.filter((c) => c.appliesTo === 'district' && c.tier === 'ntm').length;
    // DK-01 12 communes × their criteria; DK-02 2 communes × (XA-NC + NTM first); DK-03 the town × ward criteria;
    // DK-04 the district criteria; DK-05 residents' satisfaction
    expect(d.checks).toEqual({ met: 0, total: 12 * communeCriteria + 2 * (advancedCriteria + 1) + wardCriteria + districtCriteria + 1 });
    expect(d.progress).toBe(0);
    expect(d.conditions.map((c) => c.condition.code)).toEqual(['DK-01', 'DK-02', 'DK-03', 'DK-04', 'DK-05']);
    expect(d.conditions[0].missing[0].vi).toBe(
      'Còn 12 xã chưa đạt chuẩn NTM (theo quyết định công nhận hoặc tính theo số liệu): Xã Tân Quới, Xã Tân Hòa, Xã An Phong, Xã Phú Lợi, Xã Tân Mỹ, Xã Bình Tấn, Xã Tân Huề, Xã Tân Bình, Xã Tân Thạnh, Xã Tân Phú, Xã Bình Thành, Xã Tân Long',
    );
    expect(d.conditions[1].missing[0].vi).toBe(
      'Cần thêm 2 xã đạt chuẩn NTM nâng cao (yêu cầu ≥ 10%: tối thiểu 2/12 xã, hiện có 0; theo quyết định công nhận hoặc tính theo số liệu)',
    );
    expect(d.conditions[2].missing[0].vi).toBe(
      'Còn 1 thị trấn chưa đạt chuẩn văn minh đô thị (theo quyết định công nhận hoặc tính theo số liệu): Thị trấn Thanh Bình',
    );
    expect(d.structureNote).toBeNull();
  });

  it('residents’ satisfaction is a fifth condition, as data with its source and confidence, judged on the district’s figure', () => {
    const dk5 = seeds.catalogue.districtConditions.find((c) => c.code === 'DK-05')!;
    expect(dk5.rule).toEqual({ type: 'indicator', indicator: { criterionCode: 'HUYEN-HL', indicatorCode: 'HL.1' } });
    expect(dk5.confidence).toBe('found_secondary');
    expect(dk5.source).toMatch(/320\/QĐ-TTg/);
    const satisfied = (numerator: number) =>
      createAssessmentContext({
        catalogue: indexCatalogue(seeds.catalogue),
        units: indexUnits(seeds.units),
        state: applyReadings(EMPTY_READINGS_STATE, [
          {
            eventId: 'sat',
            hamletId: '874',
            criterionCode: 'HUYEN-HL',
            indicatorCode: 'HL.1',
            value: null,
            numerator,
            denominator: 10_000,
            asOf: '2024-06-30',
            reportedAt: '2024-07-01T00:00:00.000Z',
            reportedBy: 't',
          },
        ]),
        now: new Date('2024-07-10T00:00:00Z'),
      });
    const met = assessDistrictStandard(satisfied(9_100), '874').conditions[4];
    expect([met.status, met.checks]).toEqual(['met', { met: 1, total: 1 }]);
    const short = assessDistrictStandard(satisfied(8_996), '874').conditions[4];
    expect([short.status, short.checks]).toEqual(['not_met', { met: 0, total: 1 }]);
    expect(short.missing[0].vi).toContain('89,96% (yêu cầu ≥ 90%, thiếu 0,04 điểm %)');
  });

  it('after the district ended (2025-06-30) it is assessed on its units of that day', () => {
    const d = assessDistrictStandard(ctx('2025-12-31T05:00:00Z'), '874');
    expect(d.structureDate).toBe('2025-06-30');
    expect(d.conditions[0].unitsTotal).toBe(12);
    expect(d.structureNote?.vi).toBe(
      'Huyện Thanh Bình đã kết thúc hoạt động sau ngày 30/06/2025; đánh giá theo các đơn vị hành chính tại ngày đó, số liệu tính đến ngày 31/12/2025.',
    );
  });
});
