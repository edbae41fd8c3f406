import { Clock, FixedClock } from '@pledge/platform';
import { READ_API_MODULES } from './support/modules';
import { startReadApi, ReadApiApp } from './support/read-api-app';

/**
 * The dashboard's "today" comes from the app's Clock (CLOCK_FIXED_AT in tests), not from the machine's date: the
 * default day of a view follows the clock, inside the programme and after its deadline.
 */
describe('the read API on a set clock', () => {
  let api: ReadApiApp;
  let clock: FixedClock;
  const saved = process.env.CLOCK_FIXED_AT;

  beforeAll(async () => {
    process.env.CLOCK_FIXED_AT = '2025-06-20T10:00:00+07:00';
    api = await startReadApi('clock', READ_API_MODULES);
    const provided = api.app.get(Clock);
    if (!(provided instanceof FixedClock)) throw new Error('CLOCK_FIXED_AT did not give the app a fixed clock');
    clock = provided;
    await api.project();
  });

  afterAll(async () => {
    if (saved === undefined) delete process.env.CLOCK_FIXED_AT;
    else process.env.CLOCK_FIXED_AT = saved;
    await api?.close();
  });

  it('assesses the progress on the clock’s day by default', async () => {
    const res = await api.get('/api/v1/progress');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ asOf: '2025-06-20', asOfNote: null });
  });

  it('after the deadline, shows the programme on its last day and says so', async () => {
    clock.set('2026-03-01T10:00:00+07:00');
    const res = await api.get('/api/v1/progress');
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe('2025-12-31');
    expect(res.body.asOfNote.en).toMatch(/deadline .* has passed/);
  });

  it('a day in Vietnam starts at 17:00 UTC', async () => {
    clock.set('2025-08-14T17:00:00Z');
    expect((await api.get('/api/v1/progress')).body.asOf).toBe('2025-08-15');
  });
});
