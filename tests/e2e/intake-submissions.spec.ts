import { JwtService } from '@nestjs/jwt';
import { Headers as KafkaHeaders, Topics } from '@pledge/contracts';
import { keyIdOf } from '@pledge/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { startSystem, TestSystem } from '../support/system';
import { call, countRows, logIn, Session, update } from './intake-support';
import { newTestSecret } from '../support/env';

/**
 * The intake API as secretaries, commune officers and administrators use it, on the real apps
 * (intake → Kafka → ingest → event store → projector) against the real broker, PostgreSQL and Redis.
 */
const JWT_SECRET = newTestSecret();
const RESET_PASSWORD = `mật khẩu tạm ${randomBytes(6).toString('base64url')}`;
const OWN_PASSWORD = `mật khẩu của tôi ${randomBytes(6).toString('base64url')}`;

describe('intake API: authenticated, idempotent submissions with their processing status (real Kafka, PostgreSQL, Redis)', () => {
  let sys: TestSystem;
  let pg: Client;
  let intake: string;
  let secretary: Session; // bithu.874-30133-a01, cell 874-30133-A01, commune 30133
  let officer: Session; // canbo.30133
  let admin: Session;
  const seen: { key: string; eventId: string; submittedBy: string | undefined }[] = [];
  let consumer: ReturnType<TestSystem['kafka']['consumer']>;

  beforeAll(async () => {
    // polling the status (eventually) would exceed the per-account limit; limits have their own test (intake-bad-input)
    sys = await startSystem('intake-api', [], { JWT_SECRET, RATE_LIMIT_PER_ACCOUNT: '100000', RATE_LIMIT_PER_ADDRESS: '100000' });
    // ingest re-reads the catalogue for every message (REFERENCE_CACHE_MS=0); intake keeps its 60 s copy
    await sys.start('ingest', { REFERENCE_CACHE_MS: '0' });
    await sys.start('projector');
    await sys.start('intake');
    intake = sys.url('intake');
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    [secretary, officer, admin] = await Promise.all([logIn(intake, 'bithu.874-30133-a01'), logIn(intake, 'canbo.30133'), logIn(intake, 'quantri')]);
    consumer = sys.kafka.consumer({ groupId: `${sys.prefix}test-watch` });
    await consumer.connect();
    await consumer.subscribe({ topic: sys.topic(Topics.criterionUpdates), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) =>
        void seen.push({
          key: message.key!.toString(),
          eventId: JSON.parse(message.value!.toString()).eventId,
          submittedBy: message.headers?.[KafkaHeaders.submittedBy]?.toString(),
        }),
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await pg?.end();
    await sys?.stop();
  });

  const stored = (eventId: string) => countRows(pg, `SELECT 1 FROM event_store WHERE event_id = $1`, [eventId]);
  const statusOf = async (eventId: string, token = secretary.accessToken) => (await call(`${intake}/api/v1/submissions/${eventId}`, { token })).body;

  it('logs in with the seeded account of the cell and describes the account; a wrong password gets 401', async () => {
    expect(secretary.account).toMatchObject({ username: 'bithu.874-30133-a01', role: 'secretary', unitId: '874-30133-A01', communeId: '30133' });
    expect(secretary.accessToken.split('.')).toHaveLength(3);
    const me = await call(`${intake}/api/v1/auth/me`, { token: secretary.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('bithu.874-30133-a01');
    const wrong = await call(`${intake}/api/v1/auth/login`, { body: { username: 'bithu.874-30133-a01', password: 'not-the-password' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'unauthenticated', details: [{ field: 'password', problem: 'bad_credentials' }] });
  });

  it('stores a retried submission once and answers the retry the same way; other content under that eventId gets 409', async () => {
    const u = update({ note: 'Đã kéo điện thêm 12 hộ' });
    const first = await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: u });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ eventId: u.eventId, status: 'accepted', duplicate: false });
    const retry = await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: u });
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ eventId: u.eventId, duplicate: true });

    await eventually(
      () => stored(u.eventId as string),
      (n) => n === 1,
      { what: 'the update in the event store' },
    );
    const again = await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: u });
    expect(again.body).toMatchObject({ eventId: u.eventId, duplicate: true });
    expect(['recorded', 'projected']).toContain(again.body.status);

    const changed = await call(`${intake}/api/v1/updates`, {
      token: secretary.accessToken,
      body: { ...u, readings: [{ indicatorCode: '4.2', numerator: 400, denominator: 420 }] },
    });
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({
      statusCode: 409,
      error: 'event_id_conflict',
      details: [{ field: 'eventId', problem: 'reused_with_different_content' }],
    });
    expect(changed.body.message).toMatch(/Mã sự kiện/);

    await eventually(
      async () => seen.filter((m) => m.eventId === u.eventId),
      (s) => s.length >= 1,
      { what: 'the event on ntm.criterion-updates' },
    );
    expect(await stored(u.eventId as string)).toBe(1);
    expect(await countRows(pg, `SELECT 1 FROM submission WHERE event_id = $1`, [u.eventId])).toBe(1);
    expect(await countRows(pg, `SELECT 1 FROM outbox WHERE event_id = $1`, [u.eventId])).toBe(1);
    // who submitted it: reportedBy in the stored event and the submitted-by header on the topic, keyed by the cell
    const { rows } = await pg.query(`SELECT reported_by, payload->>'note' AS note FROM event_store WHERE event_id = $1`, [u.eventId]);
    expect(rows[0]).toEqual({ reported_by: 'bithu.874-30133-a01', note: 'Đã kéo điện thêm 12 hộ' });
    expect(seen.find((m) => m.eventId === u.eventId)).toMatchObject({ key: '874-30133-A01', submittedBy: 'bithu.874-30133-a01' });
  });

  it('records the authenticated username as reportedBy, whatever the client claims', async () => {
    const u = update({ reportedBy: 'someone.else' });
    expect((await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: u })).status).toBe(202);
    const s = await eventually(
      () => statusOf(u.eventId as string),
      (b) => b.status === 'projected',
      { what: 'the update to be projected' },
    );
    expect(s.reportedBy).toBe('bithu.874-30133-a01');
  });

  it('answers 403 to a secretary submitting for another cell, and to an officer submitting a cell’s figures; nothing is stored', async () => {
    const other = update({ hamletCode: '874-30133-A02' });
    const res = await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: other });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ statusCode: 403, error: 'forbidden', details: [{ field: 'hamletCode', problem: 'other_cell' }] });
    expect(res.body.details[0].messageEn).toContain('874-30133-A01');
    const byOfficer = await call(`${intake}/api/v1/updates`, { token: officer.accessToken, body: update() });
    expect(byOfficer.status).toBe(403);
    expect(byOfficer.body.details[0]).toMatchObject({ field: 'hamletCode', problem: 'other_unit' });
    expect(await countRows(pg, `SELECT 1 FROM submission WHERE event_id = ANY($1::uuid[])`, [[other.eventId]])).toBe(0);
  });

  it('answers 401 to an expired token, a forged token and no token', async () => {
    const claims = {
      sub: secretary.account.id,
      username: secretary.account.username,
      role: 'secretary',
      unitId: '874-30133-A01',
      communeId: '30133',
      typ: 'access',
    };
    const jwt = new JwtService();
    const expired = jwt.sign(
      { ...claims, exp: Math.floor(Date.now() / 1000) - 30 },
      { secret: JWT_SECRET, issuer: 'thanh-binh-pledge', audience: 'thanh-binh-pledge-api', keyid: keyIdOf(JWT_SECRET) },
    );
    const forged = jwt.sign(claims, {
      secret: newTestSecret(),
      issuer: 'thanh-binh-pledge',
      audience: 'thanh-binh-pledge-api',
      expiresIn: 600,
      keyid: keyIdOf(JWT_SECRET),
    });
    const u = update();
    const a = await call(`${intake}/api/v1/updates`, { token: expired, body: u });
    expect(a.status).toBe(401);
    expect(a.body).toMatchObject({ error: 'unauthenticated', details: [{ field: 'authorization', problem: 'token_expired' }] });
    expect((await call(`${intake}/api/v1/updates`, { token: forged, body: u })).body.details[0].problem).toBe('token_invalid');
    expect((await call(`${intake}/api/v1/updates`, { body: u })).body.details[0].problem).toBe('token_missing');
    expect(await countRows(pg, `SELECT 1 FROM submission WHERE event_id = $1`, [u.eventId])).toBe(0);
  });

  it('refreshes a session with a rotating refresh token; logout ends it', async () => {
    const s = await logIn(intake, 'bithu.874-30133-a02');
    const r1 = await call(`${intake}/api/v1/auth/refresh`, { body: { refreshToken: s.refreshToken } });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(s.refreshToken);
    expect((await call(`${intake}/api/v1/auth/me`, { token: r1.body.accessToken })).status).toBe(200);
    // the phone lost that answer and retries with the old token (within 2 minutes): a new pair again, the lost one is void
    const retry = await call(`${intake}/api/v1/auth/refresh`, { body: { refreshToken: s.refreshToken } });
    expect(retry.status).toBe(200);
    expect((await call(`${intake}/api/v1/auth/refresh`, { body: { refreshToken: r1.body.refreshToken } })).status).toBe(401);
    const r2 = await call(`${intake}/api/v1/auth/refresh`, { body: { refreshToken: retry.body.refreshToken } });
    expect(r2.status).toBe(200);
    expect((await call(`${intake}/api/v1/auth/logout`, { body: { refreshToken: r2.body.refreshToken } })).status).toBe(204);
    const after = await call(`${intake}/api/v1/auth/refresh`, { body: { refreshToken: r2.body.refreshToken } });
    expect(after.status).toBe(401);
    expect(after.body.details[0].problem).toBe('refresh_invalid');
  });

  it('accepts a batch all or nothing: one bad item stores nothing; a good batch stores every item', async () => {
    const good = [
      update({ criterionCode: 'XA-06', readings: [{ indicatorCode: '6.3', value: true }] }),
      update({
        criterionCode: 'XA-09',
        readings: [
          { indicatorCode: '9.1', value: 14 },
          { indicatorCode: '9.2', numerator: 30, denominator: 31 },
        ],
      }),
      update({ criterionCode: 'AP-07', readings: [{ indicatorCode: '7.1', value: false }] }),
    ];
    const bad = await call(`${intake}/api/v1/updates/batch`, {
      token: secretary.accessToken,
      body: { items: [good[0], update({ readings: [{ indicatorCode: '4.2', numerator: 50, denominator: 40 }] }), good[2]] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'items[1].readings[0].numerator', problem: 'exceeds_denominator' })]);
    expect(await countRows(pg, `SELECT 1 FROM submission WHERE event_id = ANY($1::uuid[])`, [good.map((g) => g.eventId)])).toBe(0);

    const ok = await call(`${intake}/api/v1/updates/batch`, { token: secretary.accessToken, body: { items: good } });
    expect(ok.status).toBe(202);
    expect(ok.body.items.map((i: { eventId: string; duplicate: boolean }) => [i.eventId, i.duplicate])).toEqual(good.map((g) => [g.eventId, false]));
    const retry = await call(`${intake}/api/v1/updates/batch`, { token: secretary.accessToken, body: { items: good } });
    expect(retry.body.items.every((i: { duplicate: boolean }) => i.duplicate)).toBe(true);
    await eventually(
      () => countRows(pg, `SELECT 1 FROM event_store WHERE event_id = ANY($1::uuid[])`, [good.map((g) => g.eventId)]),
      (n) => n === 3,
      { what: 'the batch in the event store' },
    );
  });

  it('lists one’s own submissions with their status: accepted → recorded → projected, or rejected with the reasons ingest gave', async () => {
    // an update intake accepts with its cached catalogue, but ingest rejects: an administrator narrowed the range meanwhile
    const warm = update({ criterionCode: 'XA-10', readings: [{ indicatorCode: '10.0', value: 900 }] });
    expect((await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: warm })).status).toBe(202); // intake caches the catalogue
    await pg.query(`UPDATE indicator SET range = '{"min": 0, "max": 1000}' WHERE criterion_code = 'XA-10' AND code = '10.0'`);
    const late = update({ criterionCode: 'XA-10', readings: [{ indicatorCode: '10.0', value: 1200 }] });
    expect((await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: late })).status).toBe(202);

    const rejected = await eventually(
      () => statusOf(late.eventId as string),
      (b) => b.status === 'rejected',
      { what: 'the rejection to reach the API' },
    );
    expect(rejected.rejection.reasons).toEqual([expect.objectContaining({ field: 'readings[0].value', problem: 'out_of_range' })]);
    expect(rejected.rejection.reasons[0].message).toMatch(/ngoài khoảng/);
    expect(await stored(late.eventId as string)).toBe(0);

    const list = await call(`${intake}/api/v1/submissions?limit=200`, { token: secretary.accessToken });
    expect(list.status).toBe(200);
    const byId = new Map(list.body.items.map((i: { eventId: string }) => [i.eventId, i]));
    expect(byId.get(late.eventId)).toMatchObject({ status: 'rejected', hamletCode: '874-30133-A01', criterionCode: 'XA-10' });
    await eventually(
      () => statusOf(warm.eventId as string),
      (b) => b.status === 'projected',
      { what: 'the first update projected' },
    );
    expect(list.body.items.every((i: { hamletCode: string }) => i.hamletCode === '874-30133-A01')).toBe(true);
    const onlyRejected = await call(`${intake}/api/v1/submissions?status=rejected`, { token: secretary.accessToken });
    expect(onlyRejected.body.items.map((i: { eventId: string }) => i.eventId)).toEqual([late.eventId]);
    // another cell's secretary does not see it
    const neighbour = await logIn(intake, 'bithu.874-30133-a03');
    expect((await call(`${intake}/api/v1/submissions/${String(late.eventId)}`, { token: neighbour.accessToken })).status).toBe(404);
  });

  it('corrects an earlier submission with a new event that supersedes it', async () => {
    const original = update({ criterionCode: 'XA-11', readings: [{ indicatorCode: '11', numerator: 10, denominator: 40 }] });
    expect((await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: original })).status).toBe(202);
    const fix = update({ criterionCode: 'XA-11', readings: [{ indicatorCode: '11', numerator: 20, denominator: 40 }] });
    const res = await call(`${intake}/api/v1/submissions/${String(original.eventId)}/corrections`, { token: secretary.accessToken, body: fix });
    expect(res.status).toBe(202);
    const done = await eventually(
      () => statusOf(fix.eventId as string),
      (b) => b.status === 'projected',
      { what: 'the correction projected' },
    );
    expect(done.supersedes).toBe(original.eventId);
    expect((await statusOf(original.eventId as string)).supersededBy).toEqual([fix.eventId]);
    const { rows } = await pg.query(`SELECT payload->>'supersedes' AS s FROM event_store WHERE event_id = $1`, [fix.eventId]);
    expect(rows[0].s).toBe(original.eventId);
    const wrongSubject = await call(`${intake}/api/v1/submissions/${String(original.eventId)}/corrections`, { token: secretary.accessToken, body: update() });
    expect(wrongSubject.status).toBe(400);
    expect(wrongSubject.body.details[0]).toMatchObject({ field: 'supersedes', problem: 'different_subject' });
  });

  it('lets the commune officer list, verify and return the commune’s submissions; the secretary sees the review', async () => {
    const u = update({ criterionCode: 'XA-12', readings: [{ indicatorCode: '12.1', numerator: 5, denominator: 9 }] });
    expect((await call(`${intake}/api/v1/updates`, { token: secretary.accessToken, body: u })).status).toBe(202);
    await eventually(
      () => statusOf(u.eventId as string),
      (b) => b.status === 'projected',
      { what: 'the update projected' },
    );
    const list = await call(`${intake}/api/v1/communes/30133/submissions?hamletCode=874-30133-A01`, { token: officer.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items.some((i: { eventId: string }) => i.eventId === u.eventId)).toBe(true);

    const returned = await call(`${intake}/api/v1/submissions/${String(u.eventId)}/return`, {
      token: officer.accessToken,
      body: { comment: 'Mẫu số chưa khớp số hộ của xã' },
    });
    expect(returned.status).toBe(200);
    expect(returned.body.review).toMatchObject({ status: 'returned', comment: 'Mẫu số chưa khớp số hộ của xã', by: 'canbo.30133' });
    const mine = await call(`${intake}/api/v1/submissions?reviewStatus=returned`, { token: secretary.accessToken });
    expect(mine.body.items.find((i: { eventId: string }) => i.eventId === u.eventId).review.comment).toBe('Mẫu số chưa khớp số hộ của xã');
    const verified = await call(`${intake}/api/v1/submissions/${String(u.eventId)}/verify`, { token: officer.accessToken, body: {} });
    expect(verified.body.review).toMatchObject({ status: 'verified', by: 'canbo.30133' });
    expect(await countRows(pg, `SELECT 1 FROM audit_log WHERE entity = 'submission' AND entity_id = $1`, [u.eventId])).toBe(2);

    const stranger = await logIn(intake, 'canbo.30136');
    // another commune's submissions answer exactly like unknown ones (404): nothing about them leaks (issue 11)
    expect((await call(`${intake}/api/v1/communes/30133/submissions`, { token: stranger.accessToken })).status).toBe(404);
    expect((await call(`${intake}/api/v1/submissions/${String(u.eventId)}/verify`, { token: stranger.accessToken, body: {} })).status).toBe(404);
    expect((await call(`${intake}/api/v1/submissions/${String(u.eventId)}/verify`, { token: secretary.accessToken, body: {} })).status).toBe(403);
    const leader = await logIn(intake, 'lanhdao.1');
    expect((await call(`${intake}/api/v1/communes/30133/submissions`, { token: leader.accessToken })).status).toBe(200);
  });

  it('lets an administrator create, disable and reset accounts; others get 403', async () => {
    const username = `bithu.test-${randomUUID().slice(0, 8)}`;
    const created = await call(`${intake}/api/v1/accounts`, {
      token: admin.accessToken,
      body: { username, displayName: 'Bí thư thử nghiệm', role: 'secretary', unitId: '874-30133-A04' },
    });
    expect(created.status).toBe(201);
    expect(created.body.temporaryPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const s = await logIn(intake, username, created.body.temporaryPassword);
    expect(s.account).toMatchObject({ role: 'secretary', unitId: '874-30133-A04', communeId: '30133' });

    const wrongKind = await call(`${intake}/api/v1/accounts`, {
      token: admin.accessToken,
      body: { username: `${username}x`, displayName: 'x', role: 'secretary', unitId: '30133' },
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.details[0]).toMatchObject({ field: 'unitId', problem: 'wrong_unit_kind' });
    expect((await call(`${intake}/api/v1/accounts`, { token: secretary.accessToken })).status).toBe(403);

    expect((await call(`${intake}/api/v1/accounts/${username}/disable`, { token: admin.accessToken, method: 'POST' })).body.active).toBe(false);
    const refused = await call(`${intake}/api/v1/auth/login`, { body: { username, password: created.body.temporaryPassword } });
    expect(refused.body.details[0].problem).toBe('account_disabled');
    expect((await call(`${intake}/api/v1/auth/refresh`, { body: { refreshToken: s.refreshToken } })).status).toBe(401);

    await call(`${intake}/api/v1/accounts/${username}/enable`, { token: admin.accessToken, method: 'POST' });
    const reset = await call(`${intake}/api/v1/accounts/${username}/password`, { token: admin.accessToken, body: { password: RESET_PASSWORD } });
    expect(reset.status).toBe(200);
    expect(reset.body.account.mustChangePassword).toBe(true);
    const afterReset = await logIn(intake, username, RESET_PASSWORD);
    expect(afterReset.account).toMatchObject({ username, mustChangePassword: true });
    expect(await countRows(pg, `SELECT 1 FROM audit_log WHERE entity = 'account' AND entity_id = $1`, [username])).toBe(4);

    // a password the administrator knows opens nothing but changing it
    const blocked = await call(`${intake}/api/v1/submissions`, { token: afterReset.accessToken });
    expect(blocked.status).toBe(403);
    expect(blocked.body.details[0]).toMatchObject({ field: 'password', problem: 'password_change_required' });
    const own04 = update({ hamletCode: '874-30133-A04' });
    expect((await call(`${intake}/api/v1/updates`, { token: afterReset.accessToken, body: own04 })).status).toBe(403);
    expect(await countRows(pg, `SELECT 1 FROM outbox WHERE event_id = $1`, [own04.eventId])).toBe(0);
    expect((await call(`${intake}/api/v1/auth/me`, { token: afterReset.accessToken })).body.mustChangePassword).toBe(true);
    const changed = await call(`${intake}/api/v1/auth/password`, {
      token: afterReset.accessToken,
      body: { currentPassword: RESET_PASSWORD, newPassword: OWN_PASSWORD },
    });
    expect(changed.status).toBe(204);
    const own = await logIn(intake, username, OWN_PASSWORD);
    expect(own.account.mustChangePassword).toBe(false);
    expect((await call(`${intake}/api/v1/submissions`, { token: own.accessToken })).status).toBe(200);
    expect((await call(`${intake}/api/v1/updates`, { token: own.accessToken, body: own04 })).status).toBe(202);
  });

  it('documents the API with OpenAPI at /api/docs', async () => {
    const doc = await call(`${intake}/api/docs-json`);
    expect(doc.status).toBe(200);
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/updates',
      '/api/v1/updates/batch',
      '/api/v1/submissions',
      '/api/v1/submissions/{eventId}/corrections',
      '/api/v1/communes/{communeId}/submissions',
      '/api/v1/submissions/{eventId}/verify',
      '/api/v1/submissions/{eventId}/return',
      '/api/v1/accounts',
    ])
      expect(Object.keys(doc.body.paths)).toContain(path);
    expect(doc.body.components.schemas.SubmissionViewDto.properties.status.enum).toEqual(['accepted', 'recorded', 'projected', 'rejected']);
  });
});
