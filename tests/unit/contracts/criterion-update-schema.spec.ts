import { checkCriterionUpdateSchema, criterionUpdateV1Schema } from '@pledge/contracts';

const valid = {
  eventId: '7b0c4f52-5e0e-4c55-9d59-3f0f5b0a1c2d',
  schemaVersion: 1,
  hamletCode: '874-30133-A01',
  criterionCode: 'AP-01',
  readings: [
    { indicatorCode: '1.1', numerator: 12, denominator: 20 },
    { indicatorCode: '1.2', value: true },
  ],
  asOf: '2025-06-30',
  reportedAt: '2025-07-02T08:15:00+07:00',
  reportedBy: 'bithu.874-30133-a01',
  note: 'Đường ấp đã bê tông hóa thêm 2 km',
  evidence: [{ url: 'https://example.org/anh.jpg', title: 'Ảnh' }],
};

const fields = (input: unknown) => {
  const r = checkCriterionUpdateSchema(input);
  return r.ok ? [] : r.reasons.map((x) => `${x.field}:${x.problem}`);
};

describe('CriterionUpdate v1 JSON Schema (topic ntm.criterion-updates)', () => {
  it('accepts a complete, well-formed update', () => {
    expect(checkCriterionUpdateSchema(valid)).toEqual({ ok: true, value: valid });
  });

  it('names the missing field, in Vietnamese and English', () => {
    const { hamletCode: _omit, ...rest } = valid;
    const r = checkCriterionUpdateSchema(rest);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reasons).toContainEqual({
        field: 'hamletCode',
        problem: 'required',
        message: 'Thiếu trường bắt buộc "hamletCode"',
        messageEn: '"hamletCode" is required',
      });
    }
  });

  it.each([
    ['eventId not a UUID', { ...valid, eventId: 'abc' }, 'eventId:invalid_uuid'],
    ['asOf not a date', { ...valid, asOf: '30/06/2025' }, 'asOf:invalid_date'],
    ['wrong schema version', { ...valid, schemaVersion: 2 }, 'schemaVersion:not_allowed_value'],
    ['no readings', { ...valid, readings: [] }, 'readings:too_short'],
    ['numerator negative', { ...valid, readings: [{ indicatorCode: '1.1', numerator: -1, denominator: 5 }] }, 'readings[0].numerator:out_of_range'],
    ['denominator zero', { ...valid, readings: [{ indicatorCode: '1.1', numerator: 0, denominator: 0 }] }, 'readings[0].denominator:out_of_range'],
    [
      'value and fraction together',
      { ...valid, readings: [{ indicatorCode: '1.1', value: 3, numerator: 1, denominator: 2 }] },
      'readings[0]:value_or_fraction',
    ],
    ['numerator without denominator', { ...valid, readings: [{ indicatorCode: '1.1', numerator: 1 }] }, 'readings[0]:value_or_fraction'],
    ['value of the wrong type', { ...valid, readings: [{ indicatorCode: '1.1', value: 'nhiều' }] }, 'readings[0].value:wrong_type'],
    ['unknown field', { ...valid, extra: 1 }, 'extra:unknown_field'],
    ['evidence link not http(s)', { ...valid, evidence: [{ url: 'javascript:alert(1)' }] }, 'evidence[0].url:invalid_format'],
  ])('rejects %s with a reason naming the field', (_label, input, expected) => {
    expect(fields(input)).toContain(expected);
  });

  it('is published as a draft 2020-12 JSON Schema whose required fields match the contract', () => {
    expect(criterionUpdateV1Schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(criterionUpdateV1Schema.required).toEqual(
      expect.arrayContaining(['eventId', 'schemaVersion', 'hamletCode', 'criterionCode', 'readings', 'asOf', 'reportedAt', 'reportedBy']),
    );
  });
});
