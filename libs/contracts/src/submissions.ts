/**
 * The life of a submission, as intake reports it (GET /api/v1/submissions): `accepted` (stored by intake with its
 * outbox row) → `recorded` (validated by ingest into the event store) → `projected` (its readings are in the
 * projector's read models); or `rejected` (ingest dead-lettered it, with the reasons).
 */
export const SUBMISSION_STATUSES = ['accepted', 'recorded', 'projected', 'rejected'] as const;

export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
