import { HttpStatus, Injectable } from '@nestjs/common';
import { assertCanSubmitFor, Principal } from '@pledge/auth';
import { CriterionUpdateV1, EventTypes, Headers, RejectionReason, Topics } from '@pledge/contracts';
import { canonicalJson, checkCriterionUpdate } from '@pledge/domain';
import { OutboxEntity, SubmissionEntity, SubmissionReferenceCache, type SubmissionRow } from '@pledge/persistence';
import { ApiError, ApiErrorDetail, Clock, SystemClock } from '@pledge/platform';
import { createHash } from 'node:crypto';
import { Counter, register } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxSignal } from '../outbox-relay/outbox-signal';

/** intake_submissions_total{outcome=accepted|duplicate}: updates answered 202 (single, batch items, corrections). */
export const submissionsCounter = (): Counter =>
  (register.getSingleMetric('intake_submissions_total') as Counter) ??
  new Counter({ name: 'intake_submissions_total', help: 'Updates answered 202 by intake, by outcome', labelNames: ['outcome'] });

export interface SubmitUpdateResult {
  eventId: string;
  /** accepted (waiting for Kafka/ingest) | recorded | projected | rejected: the state now. */
  status: string;
  /** true when this eventId had already been accepted with the same content (a safe retry). */
  duplicate: boolean;
}

/** An update that passed every rule, ready to be stored. */
export interface PreparedUpdate {
  update: CriterionUpdateV1;
  hash: string;
}

/** sha256 over a canonical JSON form (sorted keys), independent of key order and of reportedAt's spelling. */
export function payloadHash(u: CriterionUpdateV1): string {
  const { reportedAt: _ignored, ...content } = u;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** The headers of an update's Kafka message (outbox row): its eventId, the contract version and type, who submitted it. */
const outboxHeaders = (update: CriterionUpdateV1, principal: Principal): Record<string, string> => ({
  [Headers.eventId]: update.eventId,
  [Headers.schemaVersion]: '1',
  [Headers.eventType]: EventTypes.criterionUpdate,
  [Headers.submittedBy]: principal.username,
});

const withPrefix = (prefix: string, d: RejectionReason): ApiErrorDetail => ({
  ...d,
  field: prefix ? (d.field === '(body)' ? prefix : `${prefix}.${d.field}`) : d.field,
});

/**
 * Use case "submit one criterion update" (also the building block of batches and corrections).
 * The caller must be the secretary of the cell (403 otherwise); the update must pass every rule of
 * @pledge/domain checkCriterionUpdate (400 with each field and problem otherwise); `reportedBy` is the
 * account's username whatever the client sent. The accepted update is stored as a submission and as
 * an outbox row in ONE transaction; only then does the caller get 202. The same eventId again with the
 * same content gets the same answer; with different content, 409.
 */
@Injectable()
export class SubmitUpdateHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly signal: OutboxSignal,
    private readonly reference: SubmissionReferenceCache,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  async execute(body: unknown, principal: Principal, opts: { supersedes?: string } = {}): Promise<SubmitUpdateResult> {
    const prepared = await this.prepare(body, principal, '', opts);
    const result = await this.ds.transaction((m) => this.store(m, prepared, principal));
    if (!result.duplicate) this.signal.wake();
    submissionsCounter().inc({ outcome: result.duplicate ? 'duplicate' : 'accepted' });
    return result;
  }

  /**
   * Check one update; throws 403 (another cell) or 400 (every problem, fields prefixed with `prefix`).
   * Use {@link collect} to gather the problems of several updates instead.
   */
  async prepare(body: unknown, principal: Principal, prefix = '', opts: { supersedes?: string } = {}): Promise<PreparedUpdate> {
    const r = await this.check(body, principal, prefix, opts);
    if ('reasons' in r) throw ApiError.validation(r.reasons);
    return r;
  }

  /** {@link prepare} without throwing 400: the prepared update, or its problems (403 is still thrown). */
  async check(body: unknown, principal: Principal, prefix = '', opts: { supersedes?: string } = {}): Promise<PreparedUpdate | { reasons: ApiErrorDetail[] }> {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      return {
        reasons: [
          {
            field: prefix || '(body)',
            problem: 'object_required',
            message: 'Báo cáo phải là một đối tượng JSON',
            messageEn: 'an update must be a JSON object',
          },
        ],
      };
    const b = body as Record<string, unknown>;
    if (typeof b.hamletCode === 'string') assertCanSubmitFor(principal, b.hamletCode, prefix ? `${prefix}.hamletCode` : 'hamletCode');
    const { reportedBy: _setByServer, ...rest } = b;
    const now = this.clock.now();
    const candidate: Record<string, unknown> = {
      schemaVersion: 1,
      ...rest,
      ...(opts.supersedes ? { supersedes: opts.supersedes } : {}),
      reportedAt: typeof b.reportedAt === 'string' ? b.reportedAt : now.toISOString(),
      reportedBy: principal.username,
    };
    let checked = checkCriterionUpdate(candidate, await this.reference.get(), now);
    if (!checked.ok && checked.reasons.some((x) => x.problem === 'unknown_code'))
      checked = checkCriterionUpdate(candidate, await this.reference.get(true), now);
    if (!checked.ok) return { reasons: checked.reasons.map((d) => withPrefix(prefix, d)) };
    return { update: checked.update, hash: payloadHash(checked.update) };
  }

  /** Store a prepared update (submission + outbox) inside the caller's transaction; detects retries and 409s. */
  async store(m: EntityManager, { update, hash }: PreparedUpdate, principal: Principal, prefix = ''): Promise<SubmitUpdateResult> {
    const field = (f: string) => (prefix ? `${prefix}.${f}` : f);
    if (update.supersedes) await this.checkSupersedes(m, update, field('supersedes'));
    const inserted = await m
      .createQueryBuilder()
      .insert()
      .into(SubmissionEntity)
      .values({
        eventId: update.eventId,
        accountId: principal.accountId,
        hamletCode: update.hamletCode,
        criterionCode: update.criterionCode,
        payload: update as never,
        payloadHash: hash,
        status: 'accepted',
        supersedes: update.supersedes ?? null,
      })
      .orIgnore()
      .returning(['eventId'])
      .execute();
    if ((inserted.raw as unknown[]).length === 0) {
      const existing = await m.findOneByOrFail(SubmissionEntity, { eventId: update.eventId });
      if (existing.payloadHash !== hash) {
        throw new ApiError(
          HttpStatus.CONFLICT,
          'event_id_conflict',
          `Mã sự kiện ${update.eventId} đã được dùng cho một báo cáo khác`,
          `eventId ${update.eventId} was already used for a different update`,
          [
            {
              field: field('eventId'),
              problem: 'reused_with_different_content',
              message: 'Mã sự kiện đã dùng cho nội dung khác; hãy tạo mã mới',
              messageEn: 'eventId reused with different content; generate a new one',
            },
          ],
        );
      }
      const [now] = await m.query<Pick<SubmissionRow, 'status'>[]>(
        `SELECT CASE WHEN EXISTS (SELECT 1 FROM rm_reading_history WHERE event_id = $1) THEN 'projected'
                     WHEN EXISTS (SELECT 1 FROM event_store WHERE event_id = $1) THEN 'recorded'
                     WHEN EXISTS (SELECT 1 FROM dead_letter WHERE event_id = $1) THEN 'rejected'
                     ELSE 'accepted' END AS status`,
        [update.eventId],
      );
      return { eventId: existing.eventId, status: now.status, duplicate: true };
    }
    await m.insert(OutboxEntity, {
      eventId: update.eventId,
      topic: Topics.criterionUpdates,
      messageKey: update.hamletCode,
      payload: update as never,
      headers: outboxHeaders(update, principal),
    });
    return { eventId: update.eventId, status: 'accepted', duplicate: false };
  }

  /**
   * Store many prepared updates (without corrections) inside the caller's transaction, in two statements: the
   * submissions (ON CONFLICT (event_id) DO NOTHING) and the outbox rows of those that were new. Returns the eventIds
   * stored now; an eventId already stored is left as it is (the caller derives its eventIds from its input, so the same
   * input again stores nothing new).
   */
  async storeAll(m: EntityManager, prepared: readonly PreparedUpdate[], principal: Principal): Promise<Set<string>> {
    if (prepared.length === 0) return new Set();
    const rows = JSON.stringify(
      prepared.map(({ update, hash }) => ({
        e: update.eventId,
        h: update.hamletCode,
        c: update.criterionCode,
        p: update,
        x: hash,
        k: outboxHeaders(update, principal),
      })),
    );
    const stored = await m.query<Pick<SubmissionRow, 'event_id'>[]>(
      `WITH s AS (
         INSERT INTO submission (event_id, account_id, hamlet_code, criterion_code, payload, payload_hash, status)
         SELECT e, $2, h, c, p, x, 'accepted' FROM jsonb_to_recordset($1::jsonb) AS r(e uuid, h text, c text, p jsonb, x text)
         ON CONFLICT (event_id) DO NOTHING
         RETURNING event_id
       )
       INSERT INTO outbox (event_id, topic, message_key, payload, headers)
       SELECT r.e, $3, r.h, r.p, r.k FROM jsonb_to_recordset($1::jsonb) AS r(e uuid, h text, p jsonb, k jsonb) JOIN s ON s.event_id = r.e
       RETURNING event_id::text AS event_id`,
      [rows, principal.accountId, Topics.criterionUpdates],
    );
    return new Set(stored.map((r) => r.event_id));
  }

  /** A correction must name an earlier submission (or recorded event) of the same cell and criterion. */
  private async checkSupersedes(m: EntityManager, u: CriterionUpdateV1, field: string): Promise<void> {
    const [orig] = await m.query<Pick<SubmissionRow, 'hamlet_code' | 'criterion_code'>[]>(
      `SELECT hamlet_code, criterion_code FROM submission WHERE event_id = $1
       UNION ALL SELECT hamlet_code, criterion_code FROM event_store WHERE event_id = $1 LIMIT 1`,
      [u.supersedes],
    );
    // another unit's submission answers exactly like an unknown one: nothing about it is revealed
    if (!orig || orig.hamlet_code !== u.hamletCode)
      throw ApiError.validation([
        {
          field,
          problem: 'unknown_submission',
          message: `Không có báo cáo mã ${u.supersedes} để sửa`,
          messageEn: `there is no submission ${u.supersedes} to correct`,
        },
      ]);
    if (orig.criterion_code !== u.criterionCode)
      throw ApiError.validation([
        {
          field,
          problem: 'different_subject',
          message: `Báo cáo ${u.supersedes} là của tiêu chí ${orig.criterion_code}; bản sửa phải cùng chi bộ và tiêu chí`,
          messageEn: `submission ${u.supersedes} is about criterion ${orig.criterion_code}; a correction must keep the cell and criterion`,
        },
      ]);
  }
}
