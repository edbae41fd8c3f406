import { HttpStatus, Injectable } from '@nestjs/common';
import { CriterionUpdateV1, Headers, EventTypes, Topics, checkCriterionUpdateSchema } from '@pledge/contracts';
import { OutboxEntity, SubmissionEntity } from '@pledge/persistence';
import { ApiError } from '@pledge/platform';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OutboxSignal } from '../outbox-relay/outbox-signal';

export interface SubmitUpdateCommand {
  /** The update as the client sent it; reportedBy is set from the authenticated account. */
  update: Omit<CriterionUpdateV1, 'reportedBy' | 'schemaVersion' | 'reportedAt'> & Partial<Pick<CriterionUpdateV1, 'reportedAt' | 'schemaVersion'>>;
  submittedBy: { accountId: string | null; username: string };
}

export interface SubmitUpdateResult {
  eventId: string;
  status: string;
  /** true when this eventId had already been accepted with the same content (a safe retry). */
  duplicate: boolean;
}

/** sha256 over a canonical JSON form (sorted keys), independent of key order and of reportedAt's spelling. */
export function payloadHash(u: CriterionUpdateV1): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v;
  const { reportedAt: _ignored, ...content } = u;
  return createHash('sha256').update(JSON.stringify(canonical(content))).digest('hex');
}

/**
 * Use case "submit one criterion update". The accepted update is stored as a submission and as an
 * outbox row in ONE transaction; only then does the caller get 202. The same eventId again with
 * the same content gets the same answer; with different content, 409.
 */
@Injectable()
export class SubmitUpdateHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly signal: OutboxSignal,
  ) {}

  async execute(cmd: SubmitUpdateCommand): Promise<SubmitUpdateResult> {
    const candidate = {
      ...cmd.update,
      schemaVersion: 1,
      reportedAt: cmd.update.reportedAt ?? new Date().toISOString(),
      reportedBy: cmd.submittedBy.username,
    };
    const checked = checkCriterionUpdateSchema(candidate);
    if (!checked.ok) throw ApiError.validation(checked.reasons);
    const update = checked.value;
    const hash = payloadHash(update);

    const result = await this.ds.transaction(async (m) => {
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(SubmissionEntity)
        .values({
          eventId: update.eventId,
          accountId: cmd.submittedBy.accountId,
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
      if (inserted.raw.length === 0) {
        const existing = await m.findOneByOrFail(SubmissionEntity, { eventId: update.eventId });
        if (existing.payloadHash !== hash) {
          throw new ApiError(
            HttpStatus.CONFLICT,
            'event_id_conflict',
            `Mã sự kiện ${update.eventId} đã được dùng cho một báo cáo khác`,
            `eventId ${update.eventId} was already used for a different update`,
            [{ field: 'eventId', problem: 'reused_with_different_content', message: 'Mã sự kiện đã dùng cho nội dung khác', messageEn: 'eventId reused with different content' }],
          );
        }
        return { eventId: existing.eventId, status: existing.status, duplicate: true };
      }
      await m.insert(OutboxEntity, {
        eventId: update.eventId,
        topic: Topics.criterionUpdates,
        messageKey: update.hamletCode,
        payload: update as never,
        headers: {
          [Headers.eventId]: update.eventId,
          [Headers.schemaVersion]: '1',
          [Headers.eventType]: EventTypes.criterionUpdate,
          [Headers.submittedBy]: cmd.submittedBy.username,
        },
      });
      return { eventId: update.eventId, status: 'accepted', duplicate: false };
    });
    if (!result.duplicate) this.signal.wake();
    return result;
  }
}
