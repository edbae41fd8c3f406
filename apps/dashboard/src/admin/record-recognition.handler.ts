import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import { RecognitionDecisionSchema, type RecognitionDecision } from '@pledge/domain/standard/recognition';
import { recognitionOfRow, type RecognitionDecisionRow } from '@pledge/persistence';
import { ApiError } from '@pledge/platform';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { notifyReferenceChanged } from '../progress/programme/change-listener.service';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { notFound } from '../progress/programme/request-context';
import { parseBody } from './request-body';

/** What an administrator sends to record a decision (the id is chosen here). */
export const RecordRecognitionSchema = z
  .object({
    unitId: z.string().min(1),
    tierCode: z.string().min(1),
    decisionNumber: z.string().trim().min(1).max(200).nullable().default(null),
    decidedOn: z.string().nullable().default(null),
    effectiveFrom: z.string().optional(),
    recognitionYear: z.number().int().min(1990).max(2100).nullable().default(null),
    issuer: z.string().trim().min(1).max(300),
    source: z.string().trim().min(1).max(2000),
    note: z.string().trim().max(2000).nullable().default(null),
  })
  .strict();

/** Withdrawing a decision (a later decision revoked it). */
export const RevokeRecognitionSchema = z.object({ revokedOn: z.string(), reason: z.string().trim().min(1).max(2000) }).strict();

type Row = RecognitionDecisionRow;

const SELECT = `SELECT id, unit_id, tier_code, decision_number, to_char(decided_on, 'YYYY-MM-DD') AS decided_on,
  to_char(effective_from, 'YYYY-MM-DD') AS effective_from, recognition_year, issuer, source, to_char(revoked_on, 'YYYY-MM-DD') AS revoked_on, note,
  recorded_by, recorded_at FROM recognition_decision`;

export interface RecognitionRecord extends RecognitionDecision {
  readonly recordedBy: string;
  readonly recordedAt: string;
}

function recordOf(r: Row): RecognitionRecord {
  return { ...recognitionOfRow(r), recordedBy: r.recorded_by, recordedAt: new Date(r.recorded_at).toISOString() };
}

/**
 * Recognition decisions as dated facts: an administrator records one (unit, tier, decision number and day when
 * known, issuer, source), lists them, or records that a later decision revoked one. Checked with libs/domain's
 * schema (dates, effectiveFrom not before the decision) and against the units and the catalogues' tiers; recorded in
 * audit_log; announced on `reference_changed` so every reader of the standard sees it at once.
 */
@Injectable()
export class RecordRecognitionHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly views: ProgrammeDaysService,
  ) {}

  async list(unitId?: string): Promise<RecognitionRecord[]> {
    const rows = unitId
      ? await this.ds.query<Row[]>(`${SELECT} WHERE unit_id = $1 ORDER BY effective_from, id`, [unitId])
      : await this.ds.query<Row[]>(`${SELECT} ORDER BY unit_id, effective_from, id`);
    return rows.map(recordOf);
  }

  async record(actor: Principal, rawBody: unknown): Promise<RecognitionRecord> {
    const body = parseBody(RecordRecognitionSchema, rawBody);
    const decision = {
      ...body,
      id: `REC-${randomUUID()}`,
      effectiveFrom: body.effectiveFrom ?? body.decidedOn ?? '',
      revokedOn: null,
    };
    const checked = RecognitionDecisionSchema.safeParse(decision);
    if (!checked.success) {
      throw ApiError.validation(
        checked.error.issues.map((i) => {
          const field = i.path.join('.') || '(body)';
          const missingDay = field === 'effectiveFrom' && decision.effectiveFrom === '';
          return {
            field,
            problem: missingDay ? 'required' : 'invalid',
            message: missingDay ? 'Cần ngày quyết định (decidedOn) hoặc ngày biết được quyết định (effectiveFrom)' : `Không hợp lệ: ${i.message}`,
            messageEn: missingDay ? 'decidedOn or effectiveFrom (the first day the recognition is known to hold) is required' : i.message,
          };
        }),
      );
    }
    const d = checked.data;
    const reference = await this.views.reference();
    if (!reference.unitIndex.byId.has(d.unitId)) throw notFound('unitId', 'unknown_unit', `Không có đơn vị "${d.unitId}"`, `No unit "${d.unitId}"`);
    const tier = [...reference.catalogues.values()].flatMap((c) => c.catalogue.tiers).find((t) => t.code === d.tierCode);
    if (!tier) throw notFound('tierCode', 'unknown_tier', `Không có mức chuẩn "${d.tierCode}"`, `No tier "${d.tierCode}"`);
    const unit = reference.unitIndex.byId.get(d.unitId)!;
    if (tier.appliesTo !== unit.kind) {
      throw ApiError.validation([
        {
          field: 'tierCode',
          problem: 'not_for_this_unit',
          message: `Mức chuẩn ${tier.code} dành cho ${tier.appliesTo}, không áp dụng cho ${unit.name}`,
          messageEn: `Tier ${tier.code} applies to a ${tier.appliesTo}, not to ${unit.name} (${unit.kind})`,
        },
      ]);
    }
    const row = await this.ds.transaction(async (m) => {
      const [inserted] = await m.query<Pick<Row, 'id'>[]>(
        `INSERT INTO recognition_decision (id, unit_id, tier_code, decision_number, decided_on, effective_from, recognition_year, issuer, source, note, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [d.id, d.unitId, d.tierCode, d.decisionNumber, d.decidedOn, d.effectiveFrom, d.recognitionYear, d.issuer, d.source, d.note, actor.username],
      );
      await m.query(
        `INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'recognition_decision', $2, 'recorded', NULL, $3::jsonb)`,
        [actor.username, d.id, JSON.stringify(d)],
      );
      await notifyReferenceChanged(m, { entity: 'recognition_decision', id: d.id });
      const [r] = await m.query<Row[]>(`${SELECT} WHERE id = $1`, [inserted.id]);
      return r;
    });
    this.views.invalidate();
    return recordOf(row);
  }

  async revoke(actor: Principal, id: string, rawBody: unknown): Promise<RecognitionRecord> {
    const body = parseBody(RevokeRecognitionSchema, rawBody);
    const row = await this.ds.transaction(async (m) => {
      const [before] = await m.query<Row[]>(`${SELECT} WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) throw notFound('id', 'unknown_recognition', `Không có quyết định công nhận "${id}"`, `No recognition decision "${id}"`);
      const checked = RecognitionDecisionSchema.safeParse({ ...recordOf(before), revokedOn: body.revokedOn });
      if (!checked.success) {
        throw new ApiError(
          HttpStatus.BAD_REQUEST,
          'validation_failed',
          'Ngày thu hồi không hợp lệ (phải là ngày YYYY-MM-DD sau ngày có hiệu lực)',
          checked.error.issues.map((i) => i.message).join('; '),
          [
            {
              field: 'revokedOn',
              problem: 'invalid',
              message: 'Ngày thu hồi phải sau ngày có hiệu lực',
              messageEn: checked.error.issues.map((i) => i.message).join('; '),
            },
          ],
        );
      }
      await m.query(`UPDATE recognition_decision SET revoked_on = $2 WHERE id = $1`, [id, body.revokedOn]);
      await m.query(
        `INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'recognition_decision', $2, 'revoked', $3::jsonb, $4::jsonb)`,
        [actor.username, id, JSON.stringify(recordOf(before)), JSON.stringify({ revokedOn: body.revokedOn, reason: body.reason })],
      );
      await notifyReferenceChanged(m, { entity: 'recognition_decision', id });
      const [r] = await m.query<Row[]>(`${SELECT} WHERE id = $1`, [id]);
      return r;
    });
    this.views.invalidate();
    return recordOf(row);
  }
}
