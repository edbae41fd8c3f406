import { Topics } from '@pledge/contracts';
import { Partitioners, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Client } from 'pg';
import { checkForm } from '../../../apps/dashboard/web/src/report/validate-form';
import { eventually } from '../../support/eventually';
import { startSystem, TestSystem } from '../../support/system';
import { call, logIn, Session, update } from '../intake-support';

/**
 * Issue 11, point 4 (data integrity): each indicator's figures have a plausible range and integer-ness from the
 * catalogue (households and people are whole numbers, one unit's counts have a ceiling, no figure so large that it
 * loses precision), one validation function for the web form, intake and ingest; control characters and invalid
 * Unicode anywhere (text fields, usernames, notes, comments, query, path, headers) get a clear 400, never a 500.
 */
describe('data integrity (issue 11, point 4)', () => {
  let sys: TestSystem;
  let pg: Client;
  let producer: Producer;
  let intake: string;
  let secretary: Session;

  beforeAll(async () => {
    sys = await startSystem('sec-integrity', ['ingest', 'intake', 'dashboard'], {
      REFERENCE_CACHE_MS: '0',
      RATE_LIMIT_PER_ACCOUNT: '100000',
      RATE_LIMIT_PER_ADDRESS: '100000',
    });
    intake = sys.url('intake');
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    producer = sys.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    secretary = await logIn(intake, 'bithu.874-30133-a01');
  });

  afterAll(async () => {
    await producer?.disconnect();
    await pg?.end();
    await sys?.stop();
  });

  /** Bodies that break the catalogue's bounds (XA-04 4.2: households with power; XA-09 9.1: a count of houses). */
  const implausible: [string, Record<string, unknown>, string, string][] = [
    ['half a household', { readings: [{ indicatorCode: '4.2', numerator: 412.5, denominator: 420 }] }, 'readings[0].numerator', 'integer_required'],
    ['a fractional total', { readings: [{ indicatorCode: '4.2', numerator: 400, denominator: 420.25 }] }, 'readings[0].denominator', 'integer_required'],
    [
      'more households than any cell has',
      { readings: [{ indicatorCode: '4.2', numerator: 50_000, denominator: 50_000 }] },
      'readings[0].denominator',
      'above_ceiling',
    ],
    [
      '2^53 households (loses precision)',
      { readings: [{ indicatorCode: '4.2', numerator: 2 ** 53 + 1, denominator: 2 ** 53 }] },
      'readings[0].denominator',
      'above_ceiling',
    ],
    ['a fractional count of houses', { criterionCode: 'XA-09', readings: [{ indicatorCode: '9.1', value: 2.5 }] }, 'readings[0].value', 'integer_required'],
  ];

  it.each(implausible)('intake refuses %s with 400 naming the field, and stores nothing', async (_what, overrides, field, problem) => {
    const u = update(overrides);
    const res = await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: u });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, problem })]));
    expect((await pg.query(`SELECT 1 FROM submission WHERE event_id = $1`, [u.eventId])).rowCount).toBe(0);
  });

  it('ingest refuses the same figures from any other Kafka producer: dead-lettered with the same reasons, never stored', async () => {
    const sent = implausible.map(([, overrides, field, problem]) => {
      const u: Record<string, unknown> = { schemaVersion: 1, reportedAt: new Date().toISOString(), reportedBy: 'kich-ban-ngoai', ...update(overrides) };
      return { u, field, problem };
    });
    await producer.send({
      topic: sys.topic(Topics.criterionUpdates),
      messages: sent.map(({ u }) => ({ key: String(u.hamletCode), value: JSON.stringify(u) })),
    });
    for (const { u, field, problem } of sent) {
      const [row] = await eventually(
        async () => (await pg.query(`SELECT reasons FROM dead_letter WHERE event_id = $1`, [u.eventId])).rows,
        (rows) => rows.length === 1,
        { what: `the dead letter of ${String(u.eventId)}` },
      );
      expect(row.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ field, problem })]));
      expect((await pg.query(`SELECT 1 FROM event_store WHERE event_id = $1`, [u.eventId])).rowCount).toBe(0);
    }
  });

  it('the bounds are catalogue data: an administrator changes them, the intake applies them at once, others may not', async () => {
    const admin = await logIn(intake, 'quantri');
    const url = `${sys.url('dashboard')}/api/v1/admin/catalogues/NTM-2021-2025/criteria/XA-04/indicators/4.2/bounds`;
    const body = { integer: true, max: 500, source: 'số hộ của ấp lớn nhất xã (kiểm tra 2025)', confidence: 'found' };
    expect((await call(url, { method: 'PATCH', token: secretary.accessToken, body })).status).toBe(403);
    expect((await call(url, { method: 'PATCH', token: admin.accessToken, body: { ...body, integer: 'yes' } })).status).toBe(400);
    const patched = await call(url, { method: 'PATCH', token: admin.accessToken, body });
    expect(patched.status).toBe(200);
    const criteria = await call(`${sys.url('dashboard')}/api/v1/criteria`, { token: admin.accessToken });
    const ind = criteria.body.criteria.find((c: { code: string }) => c.code === 'XA-04').indicators.find((i: { code: string }) => i.code === '4.2');
    expect(ind.bounds).toMatchObject({ integer: true, max: 500 });
    const above = await call(`${intake}/api/v1/updates`, {
      token: secretary.accessToken,
      body: update({ readings: [{ indicatorCode: '4.2', numerator: 480, denominator: 600 }] }),
    });
    expect(above.status).toBe(400);
    expect(above.body.details[0]).toMatchObject({ field: 'readings[0].denominator', problem: 'above_ceiling' });
    expect(
      (
        await call(`${intake}/api/v1/updates`, {
          token: secretary.accessToken,
          body: update({ readings: [{ indicatorCode: '4.2', numerator: 480, denominator: 490 }] }),
        })
      ).status,
    ).toBe(202);
  });

  it('the web form checks with the same function: what the API refuses, the form refuses, on the same field', () => {
    const ind = { code: '4.2', kind: 'percentage' as const, range: { min: 0, max: 100 }, bounds: { integer: true, max: 12_000 } };
    const check = (numerator: string, denominator: string) =>
      checkForm([ind], { asOf: '30/06/2025', indicators: { '4.2': { numerator, denominator } } }, '2025-12-31').errors;
    expect(check('412,5', '420')['4.2.numerator']?.text?.en).toMatch(/whole number/);
    expect(check('50000', '50000')['4.2.denominator']?.text?.en).toMatch(/ceiling/);
    expect(check('500', '420')['4.2.numerator']?.text?.vi).toMatch(/không được lớn hơn mẫu số/);
    expect(check('412', '420')).toEqual({});
  });

  describe('control characters and invalid Unicode: a clear 400 naming the field, never a 500', () => {
    it.each([
      ['a NUL in a note', () => update({ note: 'Đường ấp\u0000 bê tông' }), 'note', 'control_character'],
      ['a lone surrogate in a note', () => update({ note: 'Đường \ud800 ấp' }), 'note', 'invalid_unicode'],
      [
        'a NUL in an evidence title',
        () => update({ evidence: [{ url: 'https://example.org/a.jpg', title: 'ảnh\u0000' }] }),
        'evidence[0].title',
        'control_character',
      ],
      ['a control character in a key', () => ({ ...update(), 'bad\u0001key': 1 }), '(key)', 'control_character'],
    ])('%s', async (_what, body, field, problem) => {
      const res = await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: body() });
      expect(res.status).toBe(400);
      expect(res.body.details[0]).toMatchObject({ field, problem });
    });

    it('in a username, a password, a comment, the query and the path', async () => {
      const officer = await logIn(intake, 'canbo.30133');
      const u = update();
      expect((await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: u })).status).toBe(202);
      const probes: [string, Parameters<typeof call>[1], string][] = [
        [`${intake}/api/v1/auth/login`, { body: { username: 'quan\u0000tri', password: 'x' } }, 'username'],
        [`${intake}/api/v1/auth/login`, { body: { username: 'quantri\ud800', password: 'x' } }, 'username'],
        [`${intake}/api/v1/auth/login`, { body: { username: 'quantri', password: ['mật', 'khẩu'].join('\u0000') } }, 'password'],
        [`${intake}/api/v1/submissions/${String(u.eventId)}/return`, { token: officer.accessToken, body: { comment: 'sửa lại\u0000' } }, 'comment'],
        [`${intake}/api/v1/submissions?criterionCode=XA%0004`, { token: secretary.accessToken }, '(query).criterionCode'],
        [`${sys.url('dashboard')}/api/v1/units/874-30133-A01%00/readings`, { token: officer.accessToken }, '(path)'],
        [`${sys.url('dashboard')}/api/v1/units/%ED%A0%80/readings`, { token: officer.accessToken }, '(path)'],
        [`${sys.url('dashboard')}/api/v1/progress?asOf=2025-01-01%00`, { token: officer.accessToken }, '(query).asOf'],
      ];
      for (const [url, opts, field] of probes) {
        const res = await call(url, opts);
        expect({ url, status: res.status, field: res.body?.details?.[0]?.field }).toEqual({ url, status: 400, field });
      }
    });

    it('in a header: the HTTP server refuses it with 400 before any handler', async () => {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(sys.apps.intake!.port, '127.0.0.1', () => socket.write('GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nX-Note: a\u0001b\r\n\r\n'));
        let text = '';
        socket.on('data', (d) => (text += d.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400/);
    });

    it('from another Kafka producer: dead-lettered as such (not as unstorable), nothing stored', async () => {
      const u: Record<string, unknown> = {
        schemaVersion: 1,
        reportedAt: new Date().toISOString(),
        reportedBy: 'kich-ban\u0000',
        ...update({ eventId: randomUUID(), note: 'x\ud800' }),
      };
      await producer.send({ topic: sys.topic(Topics.criterionUpdates), messages: [{ key: '874-30133-A01', value: JSON.stringify(u) }] });
      const [row] = await eventually(
        async () => (await pg.query(`SELECT reasons FROM dead_letter WHERE event_id = $1`, [u.eventId])).rows,
        (r) => r.length === 1,
      );
      expect(row.reasons.map((r: { problem: string }) => r.problem).sort()).toEqual(['control_character', 'invalid_unicode']);
    });
  });
});
