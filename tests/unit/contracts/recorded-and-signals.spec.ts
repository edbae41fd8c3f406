import { checkCriterionRecordedSchema, MAX_IDS_IN_SIGNAL, mayBeTruncated, NotifyChannels, parseProgressSignal, SUBMISSION_STATUSES } from '@pledge/contracts';

/** The contracts between apps beside the topics: the recorded event's JSON Schema, the NOTIFY channels and payloads. */
describe('ntm.criterion-recorded v1', () => {
  const recorded = {
    eventId: '7b0c4f52-5e0e-4c55-9d59-3f0f5b0a1c2d',
    schemaVersion: 1,
    hamletCode: '874-30133-A01',
    criterionCode: 'XA-04',
    readings: [{ indicatorCode: '4.2', numerator: 412, denominator: 420 }],
    asOf: '2025-06-30',
    reportedAt: '2025-07-02T08:15:00+07:00',
    reportedBy: 'bithu.874-30133-a01',
    communeCode: '30133',
    sequence: '1234',
    recordedAt: '2025-07-02T01:15:00.123Z',
  };

  it('is the update’s schema plus what ingest adds (commune, sequence, when recorded)', () => {
    expect(checkCriterionRecordedSchema(recorded)).toEqual({ ok: true, value: recorded });
    const { communeCode: _c, ...noCommune } = recorded;
    const bad = checkCriterionRecordedSchema({
      ...noCommune,
      sequence: 1234,
      extra: true,
      readings: [{ indicatorCode: '4.2', value: 1, numerator: 1, denominator: 2 }],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.reasons.map((r) => `${r.field}:${r.problem}`).sort()).toEqual([
        'communeCode:required',
        'extra:unknown_field',
        'readings[0]:value_or_fraction',
        'sequence:wrong_type',
      ]);
    }
  });
});

describe('NOTIFY progress_changed', () => {
  it('reads the three signals of the projector; anything else is "everything may have changed"', () => {
    expect(NotifyChannels).toEqual({ progressChanged: 'progress_changed', referenceChanged: 'reference_changed' });
    expect(parseProgressSignal(JSON.stringify({ kind: 'readings', hamlets: ['a'], applied: 3, partition: 2 }))).toEqual({
      kind: 'readings',
      hamlets: ['a'],
      applied: 3,
      partition: 2,
    });
    expect(parseProgressSignal(JSON.stringify({ kind: 'status', hamlets: [], units: ['874'], days: ['2025-12-31'], applied: 0, full: false }))).toEqual({
      kind: 'status',
      hamlets: [],
      units: ['874'],
      days: ['2025-12-31'],
      applied: 0,
      full: false,
    });
    expect(parseProgressSignal(JSON.stringify({ kind: 'rebuilt', hamlets: [], applied: 0, events: 9 }))).toEqual({
      kind: 'rebuilt',
      hamlets: [],
      applied: 0,
      events: 9,
    });
    for (const p of ['{}', 'nope', JSON.stringify({ kind: 'readings', hamlets: [1] }), undefined]) expect(parseProgressSignal(p)).toBeNull();
    expect([mayBeTruncated(MAX_IDS_IN_SIGNAL - 1), mayBeTruncated(MAX_IDS_IN_SIGNAL)]).toEqual([false, true]);
  });

  it('names the life of a submission once', () => {
    expect(SUBMISSION_STATUSES).toEqual(['accepted', 'recorded', 'projected', 'rejected']);
  });
});
