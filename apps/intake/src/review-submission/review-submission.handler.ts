import { HttpStatus, Injectable } from '@nestjs/common';
import { assertCanReviewCell, Principal } from '@pledge/auth';
import type { AdminUnitRow, SubmissionRow } from '@pledge/persistence';
import { ApiError } from '@pledge/platform';
import { DataSource } from 'typeorm';
import { ListSubmissionsQuery, notFound } from '../list-submissions/list-submissions.query';
import type { SubmissionView } from '../list-submissions/submission-view';

export type ReviewDecision = 'verified' | 'returned';

/**
 * Use case "review a submission" (commune officer of the cell's commune): verify it, or return it
 * for correction with a comment. The secretary sees the review in the list; a correction is a new
 * submission that supersedes the returned one. Only validated submissions (recorded or projected) can
 * be verified; rejected ones cannot be reviewed (their reasons are already shown). Reviewing again
 * replaces the previous review; every review is in audit_log.
 */
@Injectable()
export class ReviewSubmissionHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly query: ListSubmissionsQuery,
  ) {}

  async execute(principal: Principal, eventId: string, decision: ReviewDecision, comment: string | null): Promise<SubmissionView> {
    return this.ds.transaction(async (m) => {
      const [row] = await m.query<
        (Pick<SubmissionRow, 'hamlet_code' | 'review_status' | 'review_comment'> & { kind: AdminUnitRow['kind'] | null; commune_id: string | null })[]
      >(
        `SELECT s.hamlet_code, u.kind, u.parent_id AS commune_id, s.review_status, s.review_comment FROM submission s LEFT JOIN admin_unit u ON u.id = s.hamlet_code WHERE s.event_id = $1 FOR UPDATE OF s`,
        [eventId],
      );
      if (!row) throw notFound(eventId);
      // outside the caller's scope: answered exactly like an unknown eventId (404), nothing about it is revealed
      const current = await this.query.one(principal, eventId, m);
      if (row.kind !== 'hamlet' && row.kind !== 'ward') {
        // a commune's or the district's own figures: nobody reviews their own reports
        const vi = 'Chỉ báo cáo của chi bộ ấp/khóm mới được cán bộ xã xác nhận hoặc trả lại; số liệu của xã, huyện do chính đơn vị chịu trách nhiệm';
        const en =
          "Only a cell's reports are verified or returned by the commune officer; a commune's or the district's own figures are its own responsibility";
        throw new ApiError(HttpStatus.FORBIDDEN, 'forbidden', vi, en, [{ field: 'eventId', problem: 'not_a_cell_report', message: vi, messageEn: en }]);
      }
      assertCanReviewCell(principal, { id: row.hamlet_code, communeId: row.commune_id ?? '' });
      if (current.status === 'rejected' || (decision === 'verified' && current.status === 'accepted')) {
        const [vi, en] =
          current.status === 'rejected'
            ? ['Báo cáo đã bị hệ thống từ chối, không thể xét', 'the submission was rejected by validation and cannot be reviewed']
            : ['Báo cáo chưa được ghi nhận vào kho sự kiện; hãy thử lại sau ít phút', 'the submission is not recorded yet; try again in a moment'];
        throw new ApiError(HttpStatus.CONFLICT, 'conflict', vi, en, [
          { field: 'eventId', problem: current.status === 'rejected' ? 'rejected' : 'not_recorded_yet', message: vi, messageEn: en },
        ]);
      }
      await m.query(
        `UPDATE submission SET review_status = $2, review_comment = $3, reviewed_by = $4, reviewed_at = now(), updated_at = now() WHERE event_id = $1`,
        [eventId, decision, comment, principal.username],
      );
      await m.query(`INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'submission', $2, $3, $4, $5)`, [
        principal.username,
        eventId,
        decision === 'verified' ? 'verified' : 'returned',
        JSON.stringify({ reviewStatus: row.review_status, comment: row.review_comment }),
        JSON.stringify({ reviewStatus: decision, comment }),
      ]);
      return this.query.one(principal, eventId, m);
    });
  }
}
