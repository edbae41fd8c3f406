import { HttpStatus, Injectable } from '@nestjs/common';
import { assertCanReadCell, canReadCommune, Principal } from '@pledge/auth';
import { ApiError } from '@pledge/platform';
import { DataSource, EntityManager } from 'typeorm';
import type { ProcessingStatus, SubmissionView } from './submission-view';

export interface SubmissionFilter {
  status?: ProcessingStatus;
  criterionCode?: string;
  hamletCode?: string;
  reviewStatus?: 'verified' | 'returned' | 'none';
  limit: number;
  cursor?: string;
}

interface Row {
  event_id: string;
  hamlet_code: string;
  commune_id: string | null;
  criterion_code: string;
  payload: Record<string, unknown>;
  created_at: Date;
  created_at_text: string;
  supersedes: string | null;
  superseded_by: string[] | null;
  review_status: 'verified' | 'returned' | null;
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  recorded_at: Date | null;
  projected: boolean;
  reasons: SubmissionView['rejection'] extends infer R ? (R extends { reasons: infer X } ? X : never) : never;
  rejected_at: Date | null;
  status: ProcessingStatus;
}

/**
 * Submissions with their processing status, derived when read (so it is never stale): projected when
 * the projector has folded the event (its readings are in rm_reading_history), recorded when ingest stored it
 * (event_store), rejected when ingest dead-lettered it (dead_letter, with the reasons), else accepted.
 */
const SELECT = `
  SELECT * FROM (
    SELECT s.event_id, s.hamlet_code, CASE WHEN u.kind IN ('hamlet', 'ward') THEN u.parent_id ELSE u.id END AS commune_id, s.criterion_code, s.payload, s.created_at, s.created_at::text AS created_at_text, s.supersedes,
           (SELECT array_agg(n.event_id::text ORDER BY n.created_at) FROM submission n WHERE n.supersedes = s.event_id) AS superseded_by,
           s.review_status, s.review_comment, s.reviewed_by, s.reviewed_at,
           es.recorded_at, pe.projected, dl.reasons, dl.rejected_at,
           CASE WHEN pe.projected THEN 'projected' WHEN es.event_id IS NOT NULL THEN 'recorded'
                WHEN dl.reasons IS NOT NULL THEN 'rejected' ELSE 'accepted' END AS status
      FROM submission s
      LEFT JOIN admin_unit u ON u.id = s.hamlet_code
      LEFT JOIN event_store es ON es.event_id = s.event_id
      LEFT JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM rm_reading_history h WHERE h.event_id = s.event_id) AS projected) pe ON true
      LEFT JOIN LATERAL (SELECT d.reasons, d.rejected_at FROM dead_letter d WHERE d.event_id = s.event_id ORDER BY d.id DESC LIMIT 1) dl ON true
  ) x`;

export function toView(r: Row): SubmissionView {
  const p = r.payload as { asOf: string; reportedAt: string; reportedBy: string };
  return {
    eventId: r.event_id,
    hamletCode: r.hamlet_code,
    communeId: r.commune_id,
    criterionCode: r.criterion_code,
    asOf: p.asOf,
    reportedAt: p.reportedAt,
    reportedBy: p.reportedBy,
    status: r.status,
    rejection: r.status === 'rejected' && r.reasons ? { reasons: r.reasons, rejectedAt: new Date(r.rejected_at!).toISOString() } : null,
    recordedAt: r.recorded_at ? new Date(r.recorded_at).toISOString() : null,
    supersedes: r.supersedes,
    supersededBy: r.superseded_by ?? [],
    review: r.review_status ? { status: r.review_status, comment: r.review_comment, by: r.reviewed_by!, at: new Date(r.reviewed_at!).toISOString() } : null,
    submittedAt: new Date(r.created_at).toISOString(),
    update: r.payload,
  };
}

const badCursor = () =>
  ApiError.validation([{ field: 'cursor', problem: 'invalid_cursor', message: 'Con trỏ trang không hợp lệ', messageEn: 'invalid page cursor' }]);

/** Listing submissions: a secretary's own cell; a commune's cells for its officer (and district roles). */
@Injectable()
export class ListSubmissionsQuery {
  constructor(private readonly ds: DataSource) {}

  /**
   * The submissions of one's own unit: a secretary's cell; a commune officer's commune-level figures; the
   * district's figures for district roles. (A commune's cells: {@link ofCommune}.)
   */
  async mine(principal: Principal, f: SubmissionFilter): Promise<{ items: SubmissionView[]; nextCursor: string | null }> {
    return this.page(['x.hamlet_code = $H'], { H: principal.unitId }, f);
  }

  async ofCommune(principal: Principal, communeId: string, f: SubmissionFilter): Promise<{ items: SubmissionView[]; nextCursor: string | null }> {
    // an unknown commune and one outside the caller's scope get the same 404: nothing tells them apart
    const [commune] = await this.ds.query<unknown[]>(`SELECT 1 FROM admin_unit WHERE id = $1 AND kind IN ('commune', 'town')`, [communeId]);
    if (!commune || !canReadCommune(principal, communeId)) throw unknownCommune(communeId);
    return this.page(['x.commune_id = $C'], { C: communeId }, f);
  }

  async one(principal: Principal, eventId: string, m: EntityManager = this.ds.manager): Promise<SubmissionView> {
    const [row] = await m.query<Row[]>(`${SELECT} WHERE x.event_id = $1`, [eventId]);
    if (!row) throw notFound(eventId);
    try {
      assertCanReadCell(principal, { id: row.hamlet_code, communeId: row.commune_id ?? '' }, 'eventId');
    } catch {
      throw notFound(eventId); // do not reveal other cells' submissions
    }
    return toView(row);
  }

  private async page(where: string[], named: Record<string, string>, f: SubmissionFilter): Promise<{ items: SubmissionView[]; nextCursor: string | null }> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const clauses = where.map((w) => w.replace(/\$([A-Z])/g, (_m, k: string) => p(named[k])));
    if (f.status) clauses.push(`x.status = ${p(f.status)}`);
    if (f.criterionCode) clauses.push(`x.criterion_code = ${p(f.criterionCode)}`);
    if (f.hamletCode) clauses.push(`x.hamlet_code = ${p(f.hamletCode)}`);
    if (f.reviewStatus) clauses.push(f.reviewStatus === 'none' ? `x.review_status IS NULL` : `x.review_status = ${p(f.reviewStatus)}`);
    if (f.cursor) {
      let at: string, id: string;
      try {
        [at, id] = Buffer.from(f.cursor, 'base64url').toString('utf8').split('|');
      } catch {
        throw badCursor();
      }
      if (!at || !id || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?[+-]\d\d(:\d\d)?$/.test(at) || !/^[0-9a-f-]{36}$/.test(id)) throw badCursor();
      clauses.push(`(x.created_at, x.event_id) < (${p(at)}::timestamptz, ${p(id)}::uuid)`);
    }
    const rows = await this.ds.query<Row[]>(
      `${SELECT} WHERE ${clauses.join(' AND ')} ORDER BY x.created_at DESC, x.event_id DESC LIMIT ${p(f.limit + 1)}`,
      params,
    );
    const items = rows.slice(0, f.limit).map(toView);
    const last = rows.length > f.limit ? rows[f.limit - 1] : undefined;
    return { items, nextCursor: last ? Buffer.from(`${last.created_at_text}|${last.event_id}`).toString('base64url') : null };
  }
}

export const notFound = (eventId: string) =>
  new ApiError(HttpStatus.NOT_FOUND, 'not_found', `Không tìm thấy báo cáo ${eventId}`, `No submission ${eventId}`, [
    { field: 'eventId', problem: 'unknown_submission', message: `Không tìm thấy báo cáo ${eventId}`, messageEn: `No submission ${eventId}` },
  ]);

export const unknownCommune = (communeId: string) =>
  new ApiError(HttpStatus.NOT_FOUND, 'not_found', `Không tìm thấy xã ${communeId}`, `No commune ${communeId}`, [
    { field: 'communeId', problem: 'unknown_commune', message: `Không tìm thấy xã ${communeId}`, messageEn: `No commune ${communeId}` },
  ]);
