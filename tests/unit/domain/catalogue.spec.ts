import {
  assessIndicator,
  assessUnitStandard,
  createAssessmentContext,
  applyReadings,
  EMPTY_READINGS_STATE,
  formatIssue,
  indexCatalogue,
  indexUnits,
  parseCatalogueFile,
  parseUnitsFile,
  reportableIndicators,
  unwrap,
} from '@pledge/domain';
import { loadSeeds } from './support/seeds';
import { reading, worldCatalogueJson, worldUnitsJson, type Json } from './support/world';

const problems = (json: object): string[] => {
  const outcome = parseCatalogueFile(json, 'test.json');
  return outcome.ok ? [] : outcome.issues.map(formatIssue);
};

describe('catalogue parser: rules that span fields', () => {
  it('accepts the fixture catalogue', () => {
    expect(problems(worldCatalogueJson())).toEqual([]);
  });

  it('a ratio rollup needs fraction labels, and a percentage a numeric threshold', () => {
    const json = worldCatalogueJson();
    const a1 = json.criteria[0].indicators[0];
    a1.fraction = null;
    a1.threshold = true;
    expect(problems(json)).toEqual([
      'test.json: criteria[0].indicators[0]: a percentage indicator needs a numeric threshold',
      'test.json: criteria[0].indicators[0]: a ratio rollup needs fraction labels (numerator, denominator)',
    ]);
  });

  it('yes/no indicators compare with == and cannot be averaged', () => {
    const json = worldCatalogueJson();
    const a2 = json.criteria[0].indicators[1];
    a2.comparator = '>=';
    a2.rollup = { method: 'ratio' };
    a2.reportedBy = 'cell';
    expect(problems(json)).toEqual([
      'test.json: criteria[0].indicators[1]: rollup ratio does not fit a boolean indicator',
      'test.json: criteria[0].indicators[1]: a yes/no indicator uses the comparator ==',
      'test.json: criteria[0].indicators[1]: a ratio rollup needs fraction labels (numerator, denominator)',
    ]);
  });

  it('commune indicators reported by cells must say how to roll up; others must not', () => {
    const json = worldCatalogueJson();
    json.criteria[0].indicators[0].rollup = { method: 'none' };
    json.criteria[0].indicators[1].rollup = { method: 'all' };
    expect(problems(json)).toEqual([
      'test.json: criteria[0].indicators[0]: a commune indicator reported by cells needs a rollup method',
      'test.json: criteria[0].indicators[1]: only indicators reported by cells can be rolled up; use rollup none',
    ]);
  });

  it('references (weightBy, readingOf, tiers) must exist; codes must be unique', () => {
    const json = worldCatalogueJson();
    (json.criteria[1].indicators[1].rollup as Json).weightBy = { criterionCode: 'XA-B', indicatorCode: 'B.9' };
    json.criteria[4].indicators[0].readingOf = { criterionCode: 'XA-A', indicatorCode: 'A.2' };
    (json.tiers as Json[])[3].rule = { type: 'criteria', select: { appliesTo: 'commune', tier: 'advanced' }, requiresTiers: ['TIER-NONE'] };
    json.criteria.push({ ...json.criteria[0] });
    expect(problems(json)).toEqual([
      'test.json: criteria[7].code: duplicate criterion code XA-A',
      'test.json: criteria[7].indicators[0].code: duplicate indicator A.1 in XA-A',
      'test.json: criteria[7].indicators[1].code: duplicate indicator A.2 in XA-A',
      'test.json: criteria[1].indicators[1].rollup.weightBy: unknown indicator XA-B B.9',
      'test.json: criteria[4].indicators[0].readingOf: XA-A A.2 must be reported by cells and have readings of its own',
      'test.json: criteria[4].indicators[0].readingOf: kind and reportedBy must match XA-A A.2',
      'test.json: tiers[3].rule.requiresTiers[0]: unknown tier TIER-NONE',
    ]);
  });

  it('tiers must not require themselves (directly or through others)', () => {
    const json = worldCatalogueJson();
    (json.tiers as Json[])[2].rule = { type: 'criteria', select: { appliesTo: 'commune', tier: 'ntm' }, requiresTiers: ['TIER-XA-NC'] };
    expect(problems(json)).toEqual([
      'test.json: tiers: tier TIER-XA-NTM requires itself through requiresTiers',
      'test.json: tiers: tier TIER-XA-NC requires itself through requiresTiers',
    ]);
  });

  it('thresholds must lie within the valid range of readings', () => {
    const json = worldCatalogueJson();
    json.criteria[0].indicators[0].threshold = 120;
    expect(problems(json)).toEqual(['test.json: criteria[0].indicators[0]: a threshold lies outside the range 0..100']);
  });
});

describe("reportable indicators (the secretary's form)", () => {
  it('lists what cells report: their own figures once, not the mirrored hamlet indicators', () => {
    const form = reportableIndicators(loadSeeds().catalogue, 'cell');
    const codes = form.map((e) => `${e.criterion.code} ${e.indicator.code}`);
    expect(codes).toContain('XA-04 4.2');
    expect(codes).toContain('XA-10 10.0');
    expect(codes).toContain('KHOM-03 3.1');
    expect(codes).not.toContain('AP-02 2.1'); // judged on XA-04 4.2
    expect(form.every((e) => e.indicator.reportedBy === 'cell' && e.indicator.readingOf === null)).toBe(true);
  });
});

describe('another programme period fits as another version file', () => {
  // A 2026–2030-like version: commune criteria only, thresholds by commune group, no district level.
  const v2026 = {
    version: 'NTM-2026-2030-TEST',
    titleVi: 'Bộ tiêu chí NTM 2026–2030 (thử)',
    titleEn: 'NTM criteria 2026–2030 (test)',
    periodFrom: '2026-01-01',
    periodTo: '2030-12-31',
    deadline: '2030-12-31',
    reportingPeriod: { every: 'quarter', dueDay: 10 },
    criteria: [
      {
        code: 'TC-01',
        appliesTo: 'commune',
        tier: 'ntm',
        nameVi: 'Tiêu chí thử',
        nameEn: 'Test criterion',
        source: 'test',
        indicators: [
          {
            code: '1.1',
            nameVi: 'Chỉ tiêu thử',
            nameEn: 'Test indicator',
            kind: 'percentage',
            unit: '%',
            comparator: '>=',
            threshold: null,
            thresholdSource: 'differs by commune group',
            thresholdConfidence: 'unknown',
            thresholdRules: [
              { unitAttributes: { communeGroup: '1' }, threshold: 95, thresholdSource: 'group 1', thresholdConfidence: 'found' },
              { unitAttributes: { communeGroup: '2' }, threshold: 85, thresholdSource: 'group 2', thresholdConfidence: 'found' },
            ],
            rollup: { method: 'none' },
            range: { min: 0, max: 100 },
            reportedBy: 'commune',
          },
        ],
      },
    ],
    tiers: [
      {
        code: 'TIER-XA',
        appliesTo: 'commune',
        base: true,
        nameVi: 'Xã đạt chuẩn NTM',
        nameEn: 'NTM commune',
        statusLabels: { met: { vi: 'đạt chuẩn NTM', en: 'meets NTM' }, notMet: { vi: 'chưa đạt chuẩn NTM', en: 'not NTM yet' } },
        rule: { type: 'criteria', select: { appliesTo: 'commune', tier: 'ntm' } },
        source: 'test',
      },
    ],
  };

  it('is assessed with the same code: thresholds by commune group from the unit attributes', () => {
    const unitsJson = worldUnitsJson();
    (unitsJson.units as Json[]).forEach((u) => {
      if (u.id === 'N1') u.attributes = { communeGroup: '2' };
    });
    const ctx = createAssessmentContext({
      catalogue: indexCatalogue(unwrap(parseCatalogueFile(v2026, 'NTM-2026-2030-TEST.json'))),
      units: indexUnits(unwrap(parseUnitsFile(unitsJson))),
      state: applyReadings(EMPTY_READINGS_STATE, [
        reading({ hamletId: 'N1', criterionCode: 'TC-01', indicatorCode: '1.1', value: 88, asOf: '2026-06-30', reportedAt: '2026-07-02T00:00:00.000Z' }),
      ]),
      now: new Date('2026-07-15T00:00:00Z'),
    });
    const a = assessIndicator(ctx, 'N1', { criterionCode: 'TC-01', indicatorCode: '1.1' });
    expect([a.status, a.threshold.value, a.threshold.source]).toEqual(['met', 85, 'group 2']);
    expect(assessUnitStandard(ctx, 'N1').label.vi).toBe('đạt chuẩn NTM');
  });
});
