import { readingsChangeOf } from '../../../apps/dashboard/src/progress/programme/change-listener.service';

/** How the read API reads the projector's progress_changed payloads (which units to re-read). */
describe('progress_changed payloads', () => {
  it('re-reads only the units a readings signal names', () => {
    expect(readingsChangeOf(JSON.stringify({ kind: 'readings', hamlets: ['874-30133-A01', '30133'], applied: 2 }))).toEqual({ units: ['874-30133-A01', '30133'] });
  });

  it('ignores the projector’s status signals (its derived tables, not rm_reading)', () => {
    expect(readingsChangeOf(JSON.stringify({ kind: 'status', hamlets: ['874-30133-A01'], units: ['30133'], applied: 0 }))).toBe('ignore');
  });

  it('re-reads everything after a rebuild, for a list that may have been cut at 100, or for anything it cannot read', () => {
    expect(readingsChangeOf(JSON.stringify({ kind: 'rebuilt', hamlets: [], applied: 0, events: 10 }))).toEqual({ units: null });
    const hundred = Array.from({ length: 100 }, (_, i) => `874-30133-A${i}`);
    expect(readingsChangeOf(JSON.stringify({ kind: 'readings', hamlets: hundred, applied: 500 }))).toEqual({ units: null });
    expect(readingsChangeOf('{}')).toEqual({ units: null });
    expect(readingsChangeOf('not json')).toEqual({ units: null });
    expect(readingsChangeOf(undefined)).toEqual({ units: null });
  });
});
