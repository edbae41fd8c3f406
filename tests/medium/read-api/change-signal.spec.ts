import { changeOf } from '../../../apps/dashboard/src/progress/programme/change-listener.service';

/** How the read API reads the projector's progress_changed payloads (libs/contracts ProgressChangedSignal). */
describe('progress_changed payloads', () => {
  it('new readings make only days computed on demand out of date', () => {
    expect(changeOf(JSON.stringify({ kind: 'readings', hamlets: ['874-30133-A01', '30133'], applied: 2, partition: 0 }))).toEqual({ kind: 'readings' });
  });

  it('a status signal makes the stored days it names out of date', () => {
    expect(
      changeOf(JSON.stringify({ kind: 'status', hamlets: ['874-30133-A01'], units: ['30133'], days: ['2025-11-30', '2025-12-31'], applied: 0, full: false })),
    ).toEqual({
      kind: 'derived',
      days: ['2025-11-30', '2025-12-31'],
    });
  });

  it('every stored day when the list may have been cut at 100 or every row changed; everything after a rebuild or for anything unreadable', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => `2025-01-${String(i).padStart(2, '0')}`);
    expect(changeOf(JSON.stringify({ kind: 'status', hamlets: [], units: [], days: hundred, applied: 0, full: false }))).toEqual({
      kind: 'derived',
      days: null,
    });
    expect(changeOf(JSON.stringify({ kind: 'status', hamlets: [], units: [], days: ['2025-12-31'], applied: 0, full: true }))).toEqual({
      kind: 'derived',
      days: null,
    });
    expect(changeOf(JSON.stringify({ kind: 'rebuilt', hamlets: [], applied: 0, events: 10 }))).toEqual({ kind: 'everything' });
    expect(changeOf('{}')).toEqual({ kind: 'everything' });
    expect(changeOf('not json')).toEqual({ kind: 'everything' });
    expect(changeOf(undefined)).toEqual({ kind: 'everything' });
  });
});
