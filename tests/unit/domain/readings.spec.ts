import fc from 'fast-check';
import {
  applyReading,
  applyReadings,
  compareReadings,
  EMPTY_READINGS_STATE,
  formatIssue,
  historyOf,
  indexCatalogue,
  indexUnits,
  isNewer,
  latestReading,
  parseReading,
  readingsFromCriterionUpdate,
  stateAsOf,
  validateReading,
  type Reading,
  type ReadingsState,
} from '@pledge/domain';
import { power, reading, worldCatalogue, worldUnits } from './support/world';

const A1 = { criterionCode: 'XA-A', indicatorCode: 'A.1' };

/** A state as sorted [key, eventId] pairs, for comparing states. */
function snapshot(state: ReadingsState): Array<[string, string]> {
  return [...state.entries()].map(([k, r]): [string, string] => [k, r.eventId]).sort();
}

const arbReading: fc.Arbitrary<Reading> = fc
  .record({
    hamletId: fc.constantFrom('H1', 'H2', 'H3'),
    indicatorCode: fc.constantFrom('A.1', 'C.1'),
    day: fc.integer({ min: 1, max: 4 }),
    minute: fc.integer({ min: 0, max: 3 }),
    event: fc.integer({ min: 0, max: 60 }),
    numerator: fc.integer({ min: 0, max: 100 }),
  })
  .map((r) => ({
    eventId: `ev-${r.event}`,
    hamletId: r.hamletId,
    criterionCode: 'XA-A',
    indicatorCode: r.indicatorCode,
    value: null,
    numerator: r.numerator,
    denominator: 100,
    asOf: `2024-03-0${r.day}`,
    reportedAt: `2024-03-10T00:0${r.minute}:00.000Z`,
    reportedBy: 'test',
  }));

/** Distinct events (by eventId) and a permutation of them. */
const arbEventsAndPermutation = fc
  .uniqueArray(arbReading, { selector: (r) => r.eventId, maxLength: 40 })
  .chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length })));

describe('isNewer: which reading is current', () => {
  const base = power('H1', 90, 100, { eventId: 'ev-b', asOf: '2024-03-31', reportedAt: '2024-04-02T03:00:00.000Z' });

  it('prefers the reading describing a later day, even when it was submitted earlier', () => {
    const laterDay = { ...base, eventId: 'ev-a', asOf: '2024-04-30', reportedAt: '2024-04-01T00:00:00.000Z' };
    expect(isNewer(laterDay, base)).toBe(true);
    expect(isNewer(base, laterDay)).toBe(false);
  });

  it('for the same day, prefers the later report (a correction)', () => {
    const correction = { ...base, eventId: 'ev-a', reportedAt: '2024-04-03T00:00:00.000Z' };
    expect(isNewer(correction, base)).toBe(true);
    expect(isNewer(base, correction)).toBe(false);
  });

  it('compares reportedAt as instants, not as text (offsets)', () => {
    const sameInstant = { ...base, eventId: 'ev-a', reportedAt: '2024-04-02T10:00:00+07:00' };
    // Same instant: the eventId decides ("ev-a" < "ev-b").
    expect(compareReadings(sameInstant, base)).toBeLessThan(0);
    const slightlyLater = { ...base, eventId: 'ev-a', reportedAt: '2024-04-02T10:00:01+07:00' };
    expect(isNewer(slightlyLater, base)).toBe(true);
  });

  it('breaks a full tie by eventId, and a reading is never newer than itself', () => {
    const twin = { ...base, eventId: 'ev-c' };
    expect(isNewer(twin, base)).toBe(true);
    expect(isNewer(base, twin)).toBe(false);
    expect(isNewer(base, base)).toBe(false);
  });
});

describe('applyReading: the latest-wins readings state', () => {
  it('keeps the first reading of a key', () => {
    const r = power('H1', 95, 100);
    expect(latestReading(applyReading(EMPTY_READINGS_STATE, r), 'H1', A1)).toBe(r);
  });

  it('a later correction (same asOf, newer reportedAt) replaces the earlier reading', () => {
    const first = power('H1', 59, 100, { asOf: '2024-03-31', reportedAt: '2024-04-02T03:00:00.000Z' });
    const fix = power('H1', 95, 100, { asOf: '2024-03-31', reportedAt: '2024-04-03T08:00:00.000Z' });
    const state = applyReading(applyReading(EMPTY_READINGS_STATE, first), fix);
    expect(latestReading(state, 'H1', A1)?.numerator).toBe(95);
  });

  it('an older reading arriving late does not overwrite the newer one', () => {
    const april = power('H1', 97, 100, { asOf: '2024-04-30', reportedAt: '2024-05-02T00:00:00.000Z' });
    const lateMarch = power('H1', 80, 100, { asOf: '2024-03-31', reportedAt: '2024-05-20T00:00:00.000Z' });
    const state = applyReading(applyReading(EMPTY_READINGS_STATE, april), lateMarch);
    expect(latestReading(state, 'H1', A1)?.numerator).toBe(97);
  });

  it('applying the same event twice changes nothing (the very same state object comes back)', () => {
    const r = power('H1', 95, 100);
    const once = applyReading(EMPTY_READINGS_STATE, r);
    expect(applyReading(once, r)).toBe(once);
    expect(applyReading(once, { ...r })).toBe(once);
  });

  it('never mutates the state it is given', () => {
    const once = applyReading(EMPTY_READINGS_STATE, power('H1', 90, 100));
    const before = snapshot(once);
    applyReading(once, power('H1', 99, 100, { asOf: '2024-12-31', reportedAt: '2025-01-02T00:00:00.000Z' }));
    expect(snapshot(once)).toEqual(before);
  });

  it('property: applying a reading twice equals applying it once', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbReading, { selector: (r) => r.eventId, maxLength: 30 }), fc.nat(), (events, pick) => {
        const state = applyReadings(EMPTY_READINGS_STATE, events);
        const again = events.length ? events[pick % events.length] : power('H1', 1, 2);
        const once = applyReading(state, again);
        expect(snapshot(applyReading(once, again))).toEqual(snapshot(once));
      }),
    );
  });

  it('property: any order of the same events gives the same state', () => {
    fc.assert(
      fc.property(arbEventsAndPermutation, ([events, permuted]) => {
        const inOrder = events.reduce(applyReading, EMPTY_READINGS_STATE);
        const shuffled = permuted.reduce(applyReading, EMPTY_READINGS_STATE);
        expect(snapshot(shuffled)).toEqual(snapshot(inOrder));
      }),
    );
  });

  it('property: the current reading of every key is the maximum by (asOf, reportedAt, eventId)', () => {
    fc.assert(
      fc.property(arbEventsAndPermutation, ([events, permuted]) => {
        const state = applyReadings(EMPTY_READINGS_STATE, permuted);
        for (const [key, current] of state) {
          const sameKey = events.filter((r) => `${r.hamletId}|${r.criterionCode}|${r.indicatorCode}` === key);
          expect(sameKey.every((r) => compareReadings(current, r) >= 0)).toBe(true);
        }
        expect(state.size).toBe(new Set(events.map((r) => `${r.hamletId}|${r.indicatorCode}`)).size);
      }),
    );
  });

  it('property: applyReadings (batch) equals folding applyReading one by one', () => {
    fc.assert(
      fc.property(arbEventsAndPermutation, ([events]) => {
        expect(snapshot(applyReadings(EMPTY_READINGS_STATE, events))).toEqual(snapshot(events.reduce(applyReading, EMPTY_READINGS_STATE)));
      }),
    );
  });

  it('stateAsOf shows what was known to describe a past day', () => {
    const march = power('H1', 80, 100, { asOf: '2024-03-31' });
    const april = power('H1', 97, 100, { asOf: '2024-04-30' });
    expect(latestReading(stateAsOf([april, march], '2024-04-15'), 'H1', A1)?.numerator).toBe(80);
  });
});

describe('historyOf', () => {
  it('gives one point per day from the newest report of that day, in date order, as percentages', () => {
    const points = historyOf(
      [
        power('H1', 90, 100, { asOf: '2024-02-29' }),
        power('H1', 50, 100, { asOf: '2024-01-31', reportedAt: '2024-02-01T00:00:00.000Z' }),
        power('H1', 60, 100, { asOf: '2024-01-31', reportedAt: '2024-02-03T00:00:00.000Z' }),
        power('H2', 10, 100, { asOf: '2024-01-31' }),
        power('H1', 0, 0, { asOf: '2024-03-31' }),
      ],
      'H1',
      A1,
    );
    expect(points).toEqual([
      { asOf: '2024-01-31', value: 60 },
      { asOf: '2024-02-29', value: 90 },
    ]);
  });
});

describe('parseReading', () => {
  const payload = {
    eventId: '0b7d8f7e-8c1f-4d0a-9d43-6b1f9f0e2a11',
    hamletId: '874-30133-A01',
    criterionCode: 'XA-04',
    indicatorCode: '4.2',
    numerator: 118,
    denominator: 120,
    asOf: '2024-03-31',
    reportedAt: '2024-04-02T09:15:30.123456+07:00',
    reportedBy: 'bithu.874-30133-a01',
  };

  it('accepts an event payload, fills missing value fields with null and makes reportedAt canonical UTC', () => {
    const outcome = parseReading(payload);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.value).toBeNull();
    expect(outcome.value.reportedAt).toBe('2024-04-02T02:15:30.123Z');
  });

  it('accepts a database row with a Date for reportedAt', () => {
    const outcome = parseReading({ ...payload, reportedAt: new Date('2024-04-02T02:15:30.123Z'), value: null });
    expect(outcome.ok && outcome.value.reportedAt).toBe('2024-04-02T02:15:30.123Z');
  });

  it('rejects a reading with both a value and a fraction, naming file, field and problem', () => {
    const outcome = parseReading({ ...payload, value: 98 }, 'ntm.criterion-updates');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.issues.map(formatIssue)).toEqual(['ntm.criterion-updates: value: give either value or numerator + denominator, not both and not neither']);
  });

  it('rejects a numerator without denominator, an impossible date, a negative count and a non-ASCII event id', () => {
    const outcome = parseReading({ ...payload, denominator: undefined, asOf: '2024-02-30', eventId: 'sự-kiện-1' });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const paths = outcome.issues.map((i) => i.path).sort();
    expect(paths).toEqual(['asOf', 'denominator', 'eventId']);
    const fractionOnly = parseReading({ ...payload, denominator: undefined });
    expect(!fractionOnly.ok && fractionOnly.issues[0].path).toBe('denominator');
    const negative = parseReading({ ...payload, numerator: -1 });
    expect(!negative.ok && negative.issues[0].path).toBe('numerator');
  });
});

describe('readingsFromCriterionUpdate', () => {
  it('turns one update with several indicator readings into readings sharing the event id', () => {
    const outcome = readingsFromCriterionUpdate({
      eventId: '0b7d8f7e-8c1f-4d0a-9d43-6b1f9f0e2a11',
      schemaVersion: 1,
      hamletCode: '874-30133-A01',
      criterionCode: 'XA-09',
      readings: [
        { indicatorCode: '9.1', value: 2 },
        { indicatorCode: '9.2', numerator: 96, denominator: 120 },
      ],
      asOf: '2024-03-31',
      reportedAt: '2024-04-02T09:00:00+07:00',
      reportedBy: 'bithu.874-30133-a01',
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.map((r) => [r.hamletId, r.indicatorCode, r.value, r.numerator, r.eventId.slice(0, 8)])).toEqual([
      ['874-30133-A01', '9.1', 2, null, '0b7d8f7e'],
      ['874-30133-A01', '9.2', null, 96, '0b7d8f7e'],
    ]);
  });

  it('names the reading that is wrong', () => {
    const outcome = readingsFromCriterionUpdate({
      eventId: 'e1',
      schemaVersion: 1,
      hamletCode: 'H1',
      criterionCode: 'XA-09',
      readings: [
        { indicatorCode: '9.1', value: 2 },
        { indicatorCode: '9.2', numerator: 96 },
      ],
      asOf: '2024-03-31',
      reportedAt: '2024-04-02T09:00:00+07:00',
      reportedBy: 'x',
    });
    expect(!outcome.ok && outcome.issues.map((i) => i.path)).toEqual(['readings[1].denominator']);
  });
});

describe('validateReading against the catalogue and the units', () => {
  const catalogue = indexCatalogue(worldCatalogue());
  const units = indexUnits(worldUnits());
  const problems = (r: Reading): string[] => validateReading(r, catalogue, units).map((i) => `${i.path}: ${i.problem}`);

  it('accepts a hamlet reporting households with power as a fraction', () => {
    expect(problems(power('H1', 118, 120))).toEqual([]);
  });

  it('asks cells for numerator + denominator where communes add them up', () => {
    expect(problems(reading({ hamletId: 'H1', ...A1, value: 98 }))).toEqual([
      'value: cells report this percentage as numerator + denominator, so that communes can add them up',
    ]);
  });

  it('rejects readings from the wrong kind of unit, and for indicators without readings of their own', () => {
    expect(problems(power('W1', 1, 2))).toEqual(['hamletId: XA-A A.1 is reported by a hamlet, not by ward W1']);
    expect(problems(reading({ hamletId: 'H1', criterionCode: 'XA-A', indicatorCode: 'A.2', value: true }))[0]).toMatch(
      /reported by a commune or town, not by hamlet H1/,
    );
    expect(problems(reading({ hamletId: 'H1', criterionCode: 'AP-A', indicatorCode: 'AP.1', numerator: 1, denominator: 2 }))).toEqual([
      'indicatorCode: AP-A AP.1 has no readings of its own; report XA-A A.1',
    ]);
  });

  it('rejects values that do not fit the kind or the range, and figures dated after the report', () => {
    expect(problems(reading({ hamletId: 'H1', criterionCode: 'XA-C', indicatorCode: 'C.1', value: 1.5 }))).toEqual(['value: a count is a whole number']);
    expect(problems(reading({ hamletId: 'H1', criterionCode: 'XA-B', indicatorCode: 'B.1', value: 5000 }))).toEqual(['value: 5000 is outside 0..1000']);
    expect(problems(power('H1', 121, 120))).toEqual(['numerator: the numerator exceeds the denominator']);
    expect(problems(power('H1', 1, 2, { asOf: '2024-07-02', reportedAt: '2024-07-01T18:00:00.000Z' }))).toEqual([]);
    expect(problems(power('H1', 1, 2, { asOf: '2024-07-03', reportedAt: '2024-07-01T18:00:00.000Z' }))).toEqual([
      'asOf: asOf 2024-07-03 is after the day it was reported',
    ]);
  });
});
