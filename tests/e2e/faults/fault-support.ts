import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AssignerProtocol, type Kafka, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { startApp, testDist, type AppName, type RunningApp } from '../../support/apps';
import { REPO_ROOT } from '../../support/env';
import { eventually } from '../../support/eventually';
import type { TestSystem } from '../../support/system';
import { call, logIn, type Session } from '../intake-support';

/**
 * Helpers of the fault tests (tests/e2e/faults): a stream of submissions through the intake API as phones send
 * them, the processing status the API reports, the rhythm of progress signals, consumer-group membership, and the
 * read models compared with a rebuild. Everything is observed through public surfaces (HTTP APIs, event store rows,
 * NOTIFY channels, Kafka group metadata, the projector's rebuild command), not through projector or ingest internals.
 */

/** Secretaries of `n` hamlets (one per commune where possible, so the updates spread over the partitions). */
export async function hamletSecretaries(pg: Client, n: number): Promise<string[]> {
  const { rows } = await pg.query(
    `SELECT DISTINCT ON (u.parent_id) a.username FROM account a JOIN admin_unit u ON u.id = a.unit_id
      WHERE a.role = 'secretary' AND u.kind = 'hamlet' AND a.active ORDER BY u.parent_id, a.username LIMIT $1`,
    [n],
  );
  if (rows.length < n) throw new Error(`only ${rows.length} hamlet secretaries in the seeds`);
  return rows.map((r) => r.username as string);
}

export interface StreamSummary {
  /** eventIds answered 202 (accepted means stored). */
  accepted: string[];
  /** How many answers of each HTTP status (a network failure counts as status 0). */
  answers: Record<number, number>;
  /** Answers other than 202 and 503: should stay empty. */
  unexpected: { status: number; body: unknown }[];
  /** Bodies and Retry-After of the 503 answers (the first few). */
  unavailable: { body: unknown; retryAfter: string | null }[];
}

/**
 * Secretaries submitting while a fault happens: one update every `everyMs`, round robin over the sessions and over
 * the intake instances. A 503 is handled as the phone's outbox handles it: the same update (same eventId) is sent
 * again later, so every update is eventually accepted once the system is back.
 */
export class SubmissionStream {
  private readonly accepted = new Set<string>();
  private readonly retry: Record<string, unknown>[] = [];
  private readonly answers: Record<number, number> = {};
  private readonly unexpected: StreamSummary['unexpected'] = [];
  private readonly unavailable: StreamSummary['unavailable'] = [];
  private running = false;
  private loop?: Promise<void>;
  private sent = 0;

  private constructor(
    private readonly intakes: () => string[],
    private readonly sessions: Session[],
    private readonly everyMs: number,
  ) {}

  static async start(intakes: () => string[], usernames: string[], everyMs = 50): Promise<SubmissionStream> {
    const sessions: Session[] = [];
    for (const u of usernames) sessions.push(await logIn(intakes()[0], u));
    const s = new SubmissionStream(intakes, sessions, everyMs);
    s.running = true;
    s.loop = s.run();
    return s;
  }

  get acceptedCount(): number {
    return this.accepted.size;
  }

  private async run(): Promise<void> {
    let i = 0;
    while (this.running) {
      const started = Date.now();
      const body = this.retry.length && i % 2 === 0 ? this.retry.shift()! : this.next(this.sessions[i % this.sessions.length], i);
      await this.send(this.intakes()[i % this.intakes().length], this.sessionOf(body), body);
      i++;
      await new Promise((r) => setTimeout(r, Math.max(0, this.everyMs - (Date.now() - started))));
    }
  }

  /** The secretary of the update's cell (a resent update goes out under its own account). */
  private sessionOf(body: Record<string, unknown>): Session {
    return this.sessions.find((s) => s.account.unitId === body.hamletCode)!;
  }

  private next(session: Session, i: number): Record<string, unknown> {
    return {
      eventId: randomUUID(),
      hamletCode: session.account.unitId,
      criterionCode: 'XA-04',
      readings: [{ indicatorCode: '4.2', numerator: 100 + (i % 300), denominator: 420 }],
      asOf: '2025-06-30',
    };
  }

  private async send(intake: string, session: Session, body: Record<string, unknown>): Promise<void> {
    this.sent++;
    let status = 0;
    try {
      const res = await fetch(`${intake}/api/v1/updates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      status = res.status;
      const text = await res.text();
      if (status === 202) this.accepted.add(body.eventId as string);
      else if (status === 503) {
        if (this.unavailable.length < 5) this.unavailable.push({ body: JSON.parse(text), retryAfter: res.headers.get('retry-after') });
        this.retry.push(body);
      } else this.unexpected.push({ status, body: text.slice(0, 500) });
    } catch (err) {
      this.unexpected.push({ status: 0, body: (err as Error).message });
      this.retry.push(body);
    }
    this.answers[status] = (this.answers[status] ?? 0) + 1;
  }

  /** Stop submitting new updates; the ones refused with 503 are sent again until accepted. */
  async stop(timeoutMs = 60_000): Promise<StreamSummary> {
    this.running = false;
    await this.loop;
    const deadline = Date.now() + timeoutMs;
    let i = 0;
    while (this.retry.length && Date.now() < deadline) {
      const body = this.retry.shift()!;
      await this.send(this.intakes()[i++ % this.intakes().length], this.sessionOf(body), body);
      if (this.retry.includes(body)) await new Promise((r) => setTimeout(r, 250));
    }
    return { accepted: [...this.accepted], answers: { ...this.answers }, unexpected: this.unexpected, unavailable: this.unavailable };
  }

  /** Wait until at least `n` more updates were accepted than now. */
  async acceptMore(n: number, timeoutMs = 60_000): Promise<void> {
    const target = this.accepted.size + n;
    await eventually(
      async () => this.accepted.size,
      (v) => v >= target,
      { what: `${n} more accepted submissions`, timeoutMs },
    );
  }
}

/** Rows of the event store per eventId: [stored, distinct] for the given ids. */
export async function eventStoreCounts(pg: Client, ids: string[]): Promise<{ rows: number; distinct: number }> {
  const { rows } = await pg.query(`SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS distinct FROM event_store WHERE event_id = ANY($1::uuid[])`, [
    ids,
  ]);
  return rows[0];
}

/** The processing status intake reports for each of `ids` (GET /api/v1/submissions of each secretary, all pages). */
export async function submissionStatuses(intake: string, usernames: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const u of usernames) {
    const s = await logIn(intake, u);
    let cursor: string | undefined;
    do {
      const page = await call(`${intake}/api/v1/submissions?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: s.accessToken });
      if (page.status !== 200) throw new Error(`GET /api/v1/submissions answered ${page.status}: ${JSON.stringify(page.body)}`);
      for (const item of page.body.items as { eventId: string; status: string }[]) out.set(item.eventId, item.status);
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
  }
  return out;
}

/** The accepted submissions not in the event store, with their submission status, outbox row and dead letter. */
async function whereMissing(pg: Client, ids: string[]): Promise<unknown[]> {
  const { rows } = await pg.query(
    `SELECT s.event_id, s.status, s.created_at, o.id AS outbox_id, o.topic, o.published_at, o.attempts, o.last_error,
            (SELECT reasons FROM dead_letter d WHERE d.event_id = s.event_id LIMIT 1) AS dead_letter
       FROM submission s LEFT JOIN outbox o ON o.event_id = s.event_id
      WHERE s.event_id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM event_store e WHERE e.event_id = s.event_id)`,
    [ids],
  );
  return rows;
}

/** Until every id is stored once in the event store and intake reports it `projected` (its readings are in the read models). */
export async function waitAllProjected(pg: Client, intake: string, usernames: string[], ids: string[], timeoutMs = 180_000): Promise<void> {
  try {
    await eventually(
      () => eventStoreCounts(pg, ids),
      (c) => c.distinct === ids.length,
      { what: `all ${ids.length} accepted submissions in the event store`, timeoutMs, intervalMs: 500 },
    );
  } catch (err) {
    // where the missing ones stopped: intake's submission and outbox rows, or ingest's dead letters
    throw new Error(`${(err as Error).message}\nthe missing submissions: ${JSON.stringify(await whereMissing(pg, ids))}`, { cause: err });
  }
  await eventually(
    async () => {
      const st = await submissionStatuses(intake, usernames);
      return ids.filter((id) => st.get(id) !== 'projected').length;
    },
    (left) => left === 0,
    { what: 'every accepted submission projected (intake status)', timeoutMs, intervalMs: 1000 },
  );
}

/**
 * Records when the projector announces progress (NOTIFY progress_changed, whatever its payload), to measure the
 * longest pause in progress updates during a fault.
 */
export class ProgressSignals {
  readonly at: number[] = [];
  private constructor(private readonly client: Client) {}

  static async listen(url: string): Promise<ProgressSignals> {
    const client = new Client({ connectionString: url });
    await client.connect();
    const s = new ProgressSignals(client);
    client.on('notification', () => s.at.push(Date.now()));
    await client.query('LISTEN progress_changed');
    return s;
  }

  /** Longest gap between two signals (or between `from` and the first one) inside [from, to]. */
  longestPause(from: number, to: number): { ms: number; startedAt: number } {
    const times = [from, ...this.at.filter((t) => t > from && t < to), to];
    let best = { ms: 0, startedAt: from };
    for (let i = 1; i < times.length; i++) if (times[i] - times[i - 1] > best.ms) best = { ms: times[i] - times[i - 1], startedAt: times[i - 1] };
    return best;
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

/** Members of a consumer group and the partitions each holds (of `topic`). */
export async function groupAssignment(kafka: Kafka, groupId: string, topic: string): Promise<{ memberId: string; clientHost: string; partitions: number[] }[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const g = groups[0];
    if (!g || g.state !== 'Stable') return [];
    return g.members.map((m) => {
      const a = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      return { memberId: m.memberId, clientHost: m.clientHost, partitions: (a?.assignment[topic] ?? []).slice().sort((x, y) => x - y) };
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every read model table (rm_*), rows in a canonical order. Found by name, so the test keeps comparing whatever
 * tables the projector has.
 */
export async function snapshotReadModels(pg: Client): Promise<Record<string, string[]>> {
  const { rows: tables } = await pg.query(
    `SELECT table_name AS t FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name LIKE 'rm\\_%' AND table_name NOT LIKE '%\\_\\_rebuild' ORDER BY 1`,
  );
  const out: Record<string, string[]> = {};
  for (const { t } of tables) out[t] = (await pg.query(`SELECT x::text AS r FROM "${t}" x ORDER BY 1`)).rows.map((r) => r.r as string);
  return out;
}

/** The read models once they stop changing (the projector has caught up, derived rows included). */
export async function settledReadModels(pg: Client, timeoutMs = 120_000): Promise<Record<string, string[]>> {
  let last = '';
  const snap = await eventually(
    async () => {
      const s = await snapshotReadModels(pg);
      const same = JSON.stringify(s) === last;
      last = JSON.stringify(s);
      return { s, same };
    },
    (v) => v.same,
    { what: 'the read models to settle', timeoutMs, intervalMs: 1500 },
  );
  return snap.s;
}

/** `projector:rebuild` (the compiled CLI, as operators run it) against the test's database. */
export async function rebuildReadModels(env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(testDist(), 'apps', 'projector', 'src', 'cli.js'), 'rebuild'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    timeout: 180_000,
  });
  return stdout;
}

/** Raw updates produced straight to ntm.criterion-updates (a provincial platform or script), valid and invalid. */
export interface RawUpdate {
  eventId: string;
  key: string;
  value: string;
  valid: boolean;
}

/**
 * `n` raw updates for the cells of `hamlets`, about `badShare` of them invalid in different ways (broken JSON,
 * an unknown cell, a numerator above its denominator, an unknown indicator), each with its own eventId.
 */
export function rawUpdates(hamlets: string[], n: number, badShare = 0.03): RawUpdate[] {
  const out: RawUpdate[] = [];
  const reportedAt = '2025-07-02T08:15:00+07:00';
  for (let i = 0; i < n; i++) {
    const eventId = randomUUID();
    const hamletCode = hamlets[i % hamlets.length];
    const base = { eventId, schemaVersion: 1, hamletCode, criterionCode: 'XA-04', asOf: '2025-06-30', reportedAt, reportedBy: 'platform.tinh' };
    const bad = Math.floor((i + 1) * badShare) > Math.floor(i * badShare);
    if (!bad) {
      out.push({
        eventId,
        key: hamletCode,
        value: JSON.stringify({ ...base, readings: [{ indicatorCode: '4.2', numerator: i % 420, denominator: 420 }] }),
        valid: true,
      });
      continue;
    }
    const kind = out.filter((u) => !u.valid).length % 4;
    const value =
      kind === 0
        ? `{"eventId":"${eventId}","hamletCode":"${hamletCode}", broken`
        : kind === 1
          ? JSON.stringify({ ...base, hamletCode: '874-99999-Z99', readings: [{ indicatorCode: '4.2', numerator: 1, denominator: 2 }] })
          : kind === 2
            ? JSON.stringify({ ...base, readings: [{ indicatorCode: '4.2', numerator: 500, denominator: 420 }] })
            : JSON.stringify({ ...base, readings: [{ indicatorCode: '9.9', numerator: 1, denominator: 2 }] });
    out.push({ eventId, key: hamletCode, value, valid: false });
  }
  return out;
}

/** Produce `updates` at about `perSecond`, in chunks, so that a fault can land while they stream in. */
export async function produceSteadily(
  producer: Producer,
  topic: string,
  updates: RawUpdate[],
  perSecond: number,
  onChunk?: (sent: number) => Promise<void> | void,
): Promise<void> {
  const chunk = Math.max(1, Math.round(perSecond / 10));
  for (let i = 0; i < updates.length; i += chunk) {
    const started = Date.now();
    await producer.send({ topic, messages: updates.slice(i, i + chunk).map((u) => ({ key: u.key, value: u.value })) });
    await onChunk?.(Math.min(updates.length, i + chunk));
    await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - started))));
  }
}

/**
 * Exactly once, through the event store and the dead-letter table: every valid update stored once and not
 * dead-lettered, every invalid one dead-lettered once and not stored.
 */
export async function ingestOutcome(
  pg: Client,
  updates: RawUpdate[],
): Promise<{ storedValid: number; storedRows: number; storedInvalid: number; deadInvalid: number; deadRowsInvalid: number; deadValid: number }> {
  const valid = updates.filter((u) => u.valid).map((u) => u.eventId);
  const invalid = updates.filter((u) => !u.valid).map((u) => u.eventId);
  const one = async (sql: string, ids: string[]) => (await pg.query(sql, [ids])).rows[0].n as number;
  return {
    storedValid: await one(`SELECT count(DISTINCT event_id)::int AS n FROM event_store WHERE event_id = ANY($1::uuid[])`, valid),
    storedRows: await one(`SELECT count(*)::int AS n FROM event_store WHERE event_id = ANY($1::uuid[])`, valid),
    storedInvalid: await one(`SELECT count(*)::int AS n FROM event_store WHERE event_id = ANY($1::uuid[])`, invalid),
    // a broken-JSON message has no readable eventId: counted by its payload, which holds it
    deadInvalid: await one(
      `SELECT count(DISTINCT i)::int AS n FROM dead_letter d, unnest($1::text[]) i WHERE d.event_id::text = i OR d.payload LIKE '%' || i || '%'`,
      invalid,
    ),
    deadRowsInvalid: await one(
      `SELECT count(*)::int AS n FROM dead_letter d WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) i WHERE d.event_id::text = i OR d.payload LIKE '%' || i || '%')`,
      invalid,
    ),
    deadValid: await one(`SELECT count(*)::int AS n FROM dead_letter d WHERE d.event_id = ANY($1::uuid[])`, valid),
  };
}

/** `n` instances of one app of a test system (on free ports, logs beside the system's). */
export async function startInstances(sys: TestSystem, name: AppName, n: number, env: Record<string, string> = {}): Promise<RunningApp[]> {
  const artifactsDir = join(REPO_ROOT, 'tests', '.artifacts', `faults-${sys.prefix.slice(0, -1)}`);
  return Promise.all(Array.from({ length: n }, () => startApp(name, { env: { ...sys.env, ...env }, artifactsDir })));
}
