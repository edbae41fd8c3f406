import type { RecognitionDecision } from '@pledge/domain';

/** A row of recognition_decision as the queries read it (dates with to_char → 'YYYY-MM-DD'). Written by the dashboard and `cli` (seeds). */
export interface RecognitionDecisionRow {
  id: string;
  unit_id: string;
  tier_code: string;
  decision_number: string | null;
  decided_on: string | null;
  effective_from: string;
  recognition_year: number | null;
  issuer: string;
  source: string;
  revoked_on: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: Date;
}

/** The columns of recognition_decision the reference data reads. */
export type RecognitionDecisionReferenceRow = Omit<RecognitionDecisionRow, 'recorded_by' | 'recorded_at'>;

/** A recognition decision in the domain's shape. */
export function recognitionOfRow(r: RecognitionDecisionReferenceRow): RecognitionDecision {
  return {
    id: r.id,
    unitId: r.unit_id,
    tierCode: r.tier_code,
    decisionNumber: r.decision_number,
    decidedOn: r.decided_on,
    effectiveFrom: r.effective_from,
    recognitionYear: r.recognition_year,
    issuer: r.issuer,
    source: r.source,
    revokedOn: r.revoked_on,
    note: r.note,
  };
}
