import { Topics } from '@pledge/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { RunningApp, startApp } from '../support/apps';
import { eventually } from '../support/eventually';
import { startSystem, TestSystem } from '../support/system';
import { call, countRows, logIn, Session, update } from './intake-support';

/**
 * Bad input of every kind gets a clear answer (status, error code, the field and the problem, in
 * Vietnamese and English) and changes nothing: no submission, no outbox row, no event, no dead letter,
 * no message on ntm.criterion-updates. Real intake, ingest, Kafka, PostgreSQL and Redis.
 */
describe('intake: bad input gets a clear error and changes nothing', () => {
  let sys: TestSystem;
  let pg: Client;
  let intake: string;
  let secretary: Session;
  let before: Record<string, number>;
  let acceptedEventId: string;

  const tables = ['submission', 'outbox', 'event_store', 'dead_letter'];
  const snapshot = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = await countRows(pg, `SELECT 1 FROM ${t}`);
    const admin = sys.kafka.admin();
    await admin.connect();
    try {
      for (const topic of [Topics.criterionUpdates, Topics.criterionUpdatesDlq]) {
        const offsets = await admin.fetchTopicOffsets(sys.topic(topic));
        out[topic] = offsets.reduce((n, o) => n + Number(o.high), 0);
      }
    } finally {
      await admin.disconnect();
    }
    return out;
  };

  beforeAll(async () => {
    sys = await startSystem('intake-bad', ['ingest', 'intake'], { BODY_LIMIT: '16kb' });
    intake = sys.url('intake');
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    secretary = await logIn(intake, 'bithu.874-30133-a01');
    // one good submission first, fully processed: corrections below refer to it, and the counts are settled
    const good = update();
    acceptedEventId = good.eventId as string;
    expect((await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: good })).status).toBe(202);
    await eventually(
      () => countRows(pg, `SELECT 1 FROM event_store WHERE event_id = $1`, [good.eventId]),
      (n) => n === 1,
      { what: 'the good update in the event store' },
    );
    before = await snapshot();
  });

  afterAll(async () => {
    await pg?.end();
    await sys?.stop();
  });

  const tomorrow = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const nfd = (s: string) => s.normalize('NFD');

  type Case = [what: string, body: unknown, status: number, field: string, problem: string, opts?: { path?: string; contentType?: string }];
  const cases: Case[] = [
    ['readings is not a list', update({ readings: 'many' }), 400, 'readings', 'wrong_type'],
    [
      'a numerator given as text',
      update({ readings: [{ indicatorCode: '4.2', numerator: '12', denominator: 20 }] }),
      400,
      'readings[0].numerator',
      'wrong_type',
    ],
    ['hamletCode given as a number', update({ hamletCode: 87430133 }), 400, 'hamletCode', 'wrong_type'],
    ['no eventId', update({ eventId: undefined }), 400, 'eventId', 'required'],
    ['an eventId that is not a UUID', update({ eventId: 'abc-123' }), 400, 'eventId', 'invalid_uuid'],
    ['an unknown criterion code', update({ criterionCode: 'XA-99' }), 400, 'criterionCode', 'unknown_code'],
    [
      'an unknown indicator code',
      update({ readings: [{ indicatorCode: '4.9', numerator: 1, denominator: 2 }] }),
      400,
      'readings[0].indicatorCode',
      'unknown_code',
    ],
    ['a negative numerator', update({ readings: [{ indicatorCode: '4.2', numerator: -1, denominator: 20 }] }), 400, 'readings[0].numerator', 'out_of_range'],
    ['a zero denominator', update({ readings: [{ indicatorCode: '4.2', numerator: 0, denominator: 0 }] }), 400, 'readings[0].denominator', 'out_of_range'],
    [
      'a numerator above the denominator',
      update({ readings: [{ indicatorCode: '4.2', numerator: 21, denominator: 20 }] }),
      400,
      'readings[0].numerator',
      'exceeds_denominator',
    ],
    ['a negative count', update({ criterionCode: 'XA-09', readings: [{ indicatorCode: '9.1', value: -3 }] }), 400, 'readings[0].value', 'out_of_range'],
    [
      'an impossible count (above the range)',
      update({ criterionCode: 'XA-09', readings: [{ indicatorCode: '9.1', value: 10_000_000 }] }),
      400,
      'readings[0].value',
      'out_of_range',
    ],
    ['a fractional count', update({ criterionCode: 'XA-09', readings: [{ indicatorCode: '9.1', value: 2.5 }] }), 400, 'readings[0].value', 'integer_required'],
    [
      'a number for a yes/no indicator',
      update({ criterionCode: 'XA-06', readings: [{ indicatorCode: '6.3', value: 1 }] }),
      400,
      'readings[0].value',
      'boolean_required',
    ],
    ['a precomputed percentage', update({ readings: [{ indicatorCode: '4.2', value: 98.1 }] }), 400, 'readings[0]', 'fraction_required'],
    [
      'both a value and a fraction',
      update({ readings: [{ indicatorCode: '4.2', value: 1, numerator: 1, denominator: 2 }] }),
      400,
      'readings[0]',
      'value_or_fraction',
    ],
    ['no readings', update({ readings: [] }), 400, 'readings', 'too_short'],
    [
      'the same indicator twice',
      update({
        readings: [
          { indicatorCode: '4.2', numerator: 1, denominator: 2 },
          { indicatorCode: '4.2', numerator: 1, denominator: 2 },
        ],
      }),
      400,
      'readings[1].indicatorCode',
      'duplicate',
    ],
    [
      'an indicator the commune reports, not the cell',
      update({ criterionCode: 'XA-01', readings: [{ indicatorCode: '1.1', value: true }] }),
      400,
      'readings[0].indicatorCode',
      'wrong_reporting_level',
    ],
    [
      'a ward (khóm) criterion for a hamlet',
      update({ criterionCode: 'KHOM-01', readings: [{ indicatorCode: '1.1', numerator: 1, denominator: 2 }] }),
      400,
      'criterionCode',
      'not_for_this_unit',
    ],
    ['asOf in the future', update({ asOf: tomorrow() }), 400, 'asOf', 'in_future'],
    ['asOf that does not exist (30 February)', update({ asOf: '2025-02-30' }), 400, 'asOf', 'invalid_date'],
    ['asOf written the Vietnamese way (30/06/2025)', update({ asOf: '30/06/2025' }), 400, 'asOf', 'invalid_date'],
    ['asOf before the programme', update({ asOf: '2019-12-31' }), 400, 'asOf', 'before_programme'],
    ['reportedAt in the future', update({ reportedAt: `${tomorrow()}T08:00:00+07:00` }), 400, 'reportedAt', 'in_future'],
    ['decomposed Vietnamese (NFD) in an identifier', update({ criterionCode: nfd('XÃ-04') }), 400, 'criterionCode', 'not_nfc'],
    ['an unknown field', update({ priority: 'high' }), 400, 'priority', 'unknown_field'],
    ['a note longer than 2000 characters', update({ note: 'ấ'.repeat(2001) }), 400, 'note', 'too_long'],
    ['an evidence link that is not http(s)', update({ evidence: [{ url: 'javascript:alert(1)' }] }), 400, 'evidence[0].url', 'invalid_format'],
    ['schemaVersion 2', update({ schemaVersion: 2 }), 400, 'schemaVersion', 'not_allowed_value'],
    [
      'a number too large for JSON doubles (1e400)',
      '{"eventId":"' +
        randomUUID() +
        '","hamletCode":"874-30133-A01","criterionCode":"XA-09","readings":[{"indicatorCode":"9.1","value":1e400}],"asOf":"2025-06-30"}',
      400,
      'readings[0].value',
      'wrong_type',
    ],
    [
      'a correction of a submission that does not exist',
      update(),
      400,
      'supersedes',
      'unknown_submission',
      { path: `/api/v1/submissions/${randomUUID()}/corrections` },
    ],
    [
      'a correction of another criterion',
      update({ criterionCode: 'XA-06', readings: [{ indicatorCode: '6.3', value: true }] }),
      400,
      'supersedes',
      'different_subject',
      { path: 'CORRECT_ACCEPTED' },
    ],
    ['a correction path that is not a UUID', update(), 400, 'eventId', 'invalid_uuid', { path: '/api/v1/submissions/not-a-uuid/corrections' }],
    ['a batch without items', { items: [] }, 400, 'items', 'too_short', { path: '/api/v1/updates/batch' }],
    [
      'a batch with one bad item among good ones',
      { items: [update(), update({ asOf: tomorrow() })] },
      400,
      'items[1].asOf',
      'in_future',
      { path: '/api/v1/updates/batch' },
    ],
    ['broken JSON', '{"eventId": "7b0c4f52-5e0e-4c55-9d59-3f0f5b0a1c2d", "readings": [', 400, '(body)', 'malformed_json'],
    ['a JSON array instead of an object', '[1, 2, 3]', 400, '(body)', 'object_required'],
    [
      'form data instead of JSON',
      'eventId=1&hamletCode=874-30133-A01',
      415,
      '(headers).content-type',
      'not_json',
      { contentType: 'application/x-www-form-urlencoded' },
    ],
    ['plain text instead of JSON', JSON.stringify(update()), 415, '(headers).content-type', 'not_json', { contentType: 'text/plain' }],
    ['a body larger than BODY_LIMIT (16 kB here)', update({ note: 'x'.repeat(20_000) }), 413, '(body)', 'too_large'],
    ['another cell’s hamletCode', update({ hamletCode: '874-30133-A02' }), 403, 'hamletCode', 'other_cell'],
    ['an unknown hamletCode', update({ hamletCode: '874-99999-A01' }), 403, 'hamletCode', 'other_cell'],
  ];

  it(`has at least 25 distinct kinds of bad input (${cases.length})`, () => {
    expect(new Set(cases.map((c) => `${c[3]}:${c[4]}`)).size).toBeGreaterThanOrEqual(25);
  });

  // (a rest parameter: jest would take a sixth declared parameter for a `done` callback on 5-element rows)
  it.each(cases)('%s', async (...c: Case) => {
    const [, body, status, field, problem, opts] = c;
    const path = opts?.path === 'CORRECT_ACCEPTED' ? `/api/v1/submissions/${acceptedEventId}/corrections` : (opts?.path ?? '/api/v1/updates');
    const res = await call(`${intake}${path}`, {
      method: 'POST',
      token: secretary.accessToken,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: opts?.contentType ? { 'content-type': opts.contentType } : {},
    });
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String), messageEn: expect.any(String) });
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, problem })]));
    for (const d of res.body.details) {
      expect(d.message.length).toBeGreaterThan(5);
      expect(d.messageEn.length).toBeGreaterThan(5);
    }
  });

  it('changed nothing: no submission, outbox row, event or dead letter, and no message on the topics', async () => {
    expect(await snapshot()).toEqual(before);
  });

  describe('rate limits (a second intake with low limits, counters in Redis)', () => {
    let limited: RunningApp;

    beforeAll(async () => {
      limited = await startApp('intake', {
        env: { ...sys.env, RATE_LIMIT_PER_ACCOUNT: '3', RATE_LIMIT_LOGIN: '2', BULLMQ_PREFIX: `${sys.env.BULLMQ_PREFIX}-limited` },
      });
    });

    afterAll(async () => {
      await limited?.stop();
    });

    it('answers 429 with Retry-After and the shared body beyond the per-account limit, and the log-in limit per address', async () => {
      const answers: number[] = [];
      for (let i = 0; i < 4; i++) answers.push((await call(`${limited.url}/api/v1/submissions`, { token: secretary.accessToken })).status);
      expect(answers).toEqual([200, 200, 200, 429]);
      const res = await call(`${limited.url}/api/v1/submissions`, { token: secretary.accessToken });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.body).toMatchObject({ statusCode: 429, error: 'too_many_requests', details: [{ field: '(request)', problem: 'rate_limited_account' }] });
      // another account is not affected
      const other = await logIn(limited.url, 'bithu.874-30133-a02');
      expect((await call(`${limited.url}/api/v1/submissions`, { token: other.accessToken })).status).toBe(200);

      // log-ins per address, whatever the usernames (RATE_LIMIT_LOGIN=2): the log-in above was the first
      const attempts: number[] = [];
      for (let i = 0; i < 3; i++)
        attempts.push((await call(`${limited.url}/api/v1/auth/login`, { body: { username: 'canbo.30133', password: 'wrong-guess' } })).status);
      expect(attempts).toEqual([401, 429, 429]);
      expect(await snapshot()).toEqual(before);
    });
  });
});
