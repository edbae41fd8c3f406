import { applyNfcPolicy, checkCriterionUpdate, checkRawCriterionUpdate, SubmissionReference } from '@pledge/domain';

/** The pure rules of a criterion update (libs/domain/src/submissions), on a small reference snapshot. */
const ref: SubmissionReference = {
  cells: new Map([
    ['874-30133-A01', { id: '874-30133-A01', kind: 'hamlet', communeId: '30133' }],
    ['874-30130-K01', { id: '874-30130-K01', kind: 'ward', communeId: '30130' }],
    ['30133', { id: '30133', kind: 'commune', communeId: '30133' }],
    ['874', { id: '874', kind: 'district', communeId: '874' }],
  ]),
  versions: [{ id: 'NTM-2021-2025', periodFrom: '2021-01-01', periodTo: '2025-12-31' }],
  criteria: new Map([
    ['NTM-2021-2025/XA-04', { appliesTo: 'commune' }],
    ['NTM-2021-2025/XA-09', { appliesTo: 'commune' }],
    ['NTM-2021-2025/XA-06', { appliesTo: 'commune' }],
    ['NTM-2021-2025/XA-01', { appliesTo: 'commune' }],
    ['NTM-2021-2025/KHOM-01', { appliesTo: 'ward' }],
    ['NTM-2021-2025/AP-02', { appliesTo: 'hamlet' }],
    ['NTM-2021-2025/HUYEN-01', { appliesTo: 'district' }],
  ]),
  indicators: new Map([
    ['NTM-2021-2025/XA-04/4.2', { kind: 'percentage', range: { min: 0, max: 100 }, reportedBy: 'cell' }],
    ['NTM-2021-2025/XA-09/9.1', { kind: 'count', range: { min: 0, max: 10000 }, reportedBy: 'cell' }],
    ['NTM-2021-2025/XA-06/6.3', { kind: 'boolean', range: null, reportedBy: 'cell' }],
    ['NTM-2021-2025/XA-01/1.1', { kind: 'boolean', range: null, reportedBy: 'commune' }],
    ['NTM-2021-2025/KHOM-01/1.1', { kind: 'percentage', range: { min: 0, max: 100 }, reportedBy: 'cell' }],
    [
      'NTM-2021-2025/AP-02/2.1',
      { kind: 'percentage', range: { min: 0, max: 100 }, reportedBy: 'cell', readingOf: { criterionCode: 'XA-04', indicatorCode: '4.2' } },
    ],
    ['NTM-2021-2025/HUYEN-01/1.1', { kind: 'boolean', range: null, reportedBy: 'district' }],
  ]),
};
const now = new Date('2025-07-02T03:00:00Z'); // 10:00 in Vietnam, 2 July 2025

const valid = {
  eventId: '7b0c4f52-5e0e-4c55-9d59-3f0f5b0a1c2d',
  schemaVersion: 1,
  hamletCode: '874-30133-A01',
  criterionCode: 'XA-04',
  readings: [{ indicatorCode: '4.2', numerator: 412, denominator: 420 }],
  asOf: '2025-06-30',
  reportedAt: '2025-07-02T08:15:00+07:00',
  reportedBy: 'bithu.874-30133-a01',
  note: 'Đã kéo điện thêm 12 hộ',
};

const problems = (input: unknown) => {
  const r = checkCriterionUpdate(input, ref, now);
  return r.ok ? [] : r.reasons.map((x) => `${x.field}:${x.problem}`);
};
const decomposed = (s: string) => s.normalize('NFD');

describe('submission rules (pure)', () => {
  it('accepts a valid update and names its commune', () => {
    expect(checkCriterionUpdate(valid, ref, now)).toEqual({ ok: true, update: valid, communeId: '30133' });
  });

  it('lets a commune report its own commune-level figures and the district its own, each under its own id', () => {
    const commune = checkCriterionUpdate(
      { ...valid, hamletCode: '30133', criterionCode: 'XA-01', readings: [{ indicatorCode: '1.1', value: true }] },
      ref,
      now,
    );
    expect(commune).toMatchObject({ ok: true, communeId: '30133' });
    const district = checkCriterionUpdate(
      { ...valid, hamletCode: '874', criterionCode: 'HUYEN-01', readings: [{ indicatorCode: '1.1', value: true }] },
      ref,
      now,
    );
    expect(district).toMatchObject({ ok: true, communeId: '874' });
    // a commune cannot report a figure the cells report, and the district not a commune's
    expect(problems({ ...valid, hamletCode: '30133' })).toEqual(['readings[0].indicatorCode:wrong_reporting_level']);
    expect(problems({ ...valid, hamletCode: '874', criterionCode: 'XA-01', readings: [{ indicatorCode: '1.1', value: true }] })).toEqual([
      'criterionCode:not_for_this_unit',
      'readings[0].indicatorCode:wrong_reporting_level',
    ]);
  });

  it('sends an indicator that has no readings of its own back to the indicator it takes its figure from', () => {
    const r = checkCriterionUpdate({ ...valid, criterionCode: 'AP-02', readings: [{ indicatorCode: '2.1', numerator: 1, denominator: 2 }] }, ref, now);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reasons).toEqual([
      expect.objectContaining({
        field: 'readings[0].indicatorCode',
        problem: 'reported_as_other_indicator',
        messageEn: 'indicator AP-02 2.1 takes its figure from XA-04 4.2: report XA-04 4.2 instead',
      }),
    ]);
  });

  it('normalises free text to NFC and keeps identifiers untouched', () => {
    const r = checkCriterionUpdate(
      { ...valid, note: decomposed('Đường ấp đã bê tông hóa'), evidence: [{ url: 'https://example.org/a.jpg', title: decomposed('Ảnh hiện trường') }] },
      ref,
      now,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.update.note).toBe('Đường ấp đã bê tông hóa');
    expect(r.update.note).not.toBe(decomposed('Đường ấp đã bê tông hóa'));
    expect(r.update.evidence![0].title).toBe('Ảnh hiện trường'.normalize('NFC'));
  });

  it('rejects identifiers that are not NFC with not_nfc (before the schema’s pattern)', () => {
    expect(problems({ ...valid, reportedBy: decomposed('bíthư') })).toEqual(['reportedBy:not_nfc']);
    expect(problems({ ...valid, readings: [{ indicatorCode: decomposed('4.2ế'), value: 1 }] })).toEqual(['readings[0].indicatorCode:not_nfc']);
    expect(applyNfcPolicy({ hamletCode: decomposed('Ấp') }).reasons[0]).toMatchObject({ field: 'hamletCode', problem: 'not_nfc' });
  });

  it.each([
    [{ hamletCode: '874-30133-Z99' }, 'hamletCode:unknown_code'],
    [{ criterionCode: 'XA-99' }, 'criterionCode:unknown_code'],
    [{ readings: [{ indicatorCode: '9.9', value: 1 }] }, 'readings[0].indicatorCode:unknown_code'],
    [{ readings: [{ indicatorCode: '4.2', numerator: 421, denominator: 420 }] }, 'readings[0].numerator:exceeds_denominator'],
    [{ readings: [{ indicatorCode: '4.2', value: 98 }] }, 'readings[0]:fraction_required'],
    [{ criterionCode: 'XA-09', readings: [{ indicatorCode: '9.1', value: 10001 }] }, 'readings[0].value:out_of_range'],
    [{ criterionCode: 'XA-09', readings: [{ indicatorCode: '9.1', value: -1 }] }, 'readings[0].value:out_of_range'],
    [{ criterionCode: 'XA-09', readings: [{ indicatorCode: '9.1', value: 2.5 }] }, 'readings[0].value:integer_required'],
    [{ criterionCode: 'XA-09', readings: [{ indicatorCode: '9.1', value: true }] }, 'readings[0].value:number_required'],
    [{ criterionCode: 'XA-06', readings: [{ indicatorCode: '6.3', value: 1 }] }, 'readings[0].value:boolean_required'],
    [{ criterionCode: 'XA-01', readings: [{ indicatorCode: '1.1', value: true }] }, 'readings[0].indicatorCode:wrong_reporting_level'],
    [{ criterionCode: 'KHOM-01', readings: [{ indicatorCode: '1.1', numerator: 1, denominator: 2 }] }, 'criterionCode:not_for_this_unit'],
    [{ asOf: '2025-07-03' }, 'asOf:in_future'],
    [{ asOf: '2020-12-31' }, 'asOf:before_programme'],
    [{ reportedAt: '2025-07-03T08:00:00+07:00' }, 'reportedAt:in_future'],
    [{ asOf: '2025-07-02', reportedAt: '2025-07-01T20:00:00+07:00' }, 'asOf:after_report'],
    [{ supersedes: valid.eventId }, 'supersedes:supersedes_itself'],
    [
      {
        readings: [
          { indicatorCode: '4.2', numerator: 1, denominator: 2 },
          { indicatorCode: '4.2', numerator: 1, denominator: 2 },
        ],
      },
      'readings[1].indicatorCode:duplicate',
    ],
  ])('rejects %j with %s', (change, expected) => {
    expect(problems({ ...valid, ...change })).toEqual([expected]);
  });

  it('judges "not in the future" by the calendar in Vietnam', () => {
    // 2025-07-01 20:00 UTC is already 2 July in Vietnam
    const late = new Date('2025-07-01T20:00:00Z');
    expect(checkCriterionUpdate({ ...valid, asOf: '2025-07-02', reportedAt: '2025-07-02T03:00:00+07:00' }, ref, late).ok).toBe(true);
    expect(checkCriterionUpdate({ ...valid, asOf: '2025-07-03', reportedAt: '2025-07-02T03:00:00+07:00' }, ref, late).ok).toBe(false);
  });

  it('turns raw bytes into reasons without throwing: empty, invalid UTF-8, malformed JSON, schema', () => {
    const raw = (b: Uint8Array | null) => {
      const r = checkRawCriterionUpdate(b, ref, now);
      return r.ok ? 'ok' : r.reasons.map((x) => x.problem).join(',');
    };
    expect(raw(null)).toBe('empty');
    expect(raw(new Uint8Array([0xff, 0xfe, 0x7b]))).toBe('invalid_utf8');
    expect(raw(Buffer.from('{"eventId": '))).toBe('malformed_json');
    expect(raw(Buffer.from('[1,2]'))).toContain('wrong_type');
    expect(raw(Buffer.from(JSON.stringify(valid)))).toBe('ok');
  });
});
