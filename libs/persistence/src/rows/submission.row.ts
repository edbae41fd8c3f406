/** A row of submission as pg returns it (jsonb → parsed). Written by the intake (the ingest and the projector move its status). */
export interface SubmissionRow {
  event_id: string;
  account_id: string | null;
  hamlet_code: string;
  criterion_code: string;
  payload: Record<string, unknown>;
  payload_hash: string;
  status: 'accepted' | 'recorded' | 'projected' | 'rejected';
  rejection: unknown;
  supersedes: string | null;
  review_status: string | null;
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}
