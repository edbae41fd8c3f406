/**
 * The event contract of topic `ntm.criterion-updates`, version 1 (JSON Schema:
 * schemas/criterion-update.v1.schema.json, the source of truth; this type mirrors it).
 */
export interface IndicatorReadingV1 {
  indicatorCode: string;
  /** Amount, count or yes/no reading. */
  value?: number | boolean;
  /** Percentage readings: numerator and denominator (never a precomputed percentage). */
  numerator?: number;
  denominator?: number;
}

export interface EvidenceLinkV1 {
  url: string;
  title?: string;
}

export interface CriterionUpdateV1 {
  eventId: string;
  schemaVersion: 1;
  hamletCode: string;
  criterionCode: string;
  readings: IndicatorReadingV1[];
  /** YYYY-MM-DD: the date the figures describe. */
  asOf: string;
  /** ISO 8601 date-time: when the report was made. */
  reportedAt: string;
  /** Username of the submitting account. */
  reportedBy: string;
  supersedes?: string;
  note?: string;
  evidence?: EvidenceLinkV1[];
}

/**
 * Topic `ntm.criterion-recorded`: an update that passed validation, normalised (NFC text,
 * canonical dates), as appended to the event store. `sequence` is its position in the store.
 */
export interface CriterionRecordedV1 extends CriterionUpdateV1 {
  recordedAt: string;
  sequence: string;
  /** Commune (or town) the hamlet belonged to on asOf, resolved by ingest. */
  communeCode: string;
}

/** One validation problem, named by field, in Vietnamese and English. */
export interface RejectionReason {
  field: string;
  problem: string;
  message: string;
  messageEn: string;
}

/** Topic `ntm.criterion-updates.dlq`: what was rejected, where it came from, and why. */
export interface CriterionRejectedV1 {
  schemaVersion: 1;
  /** eventId when one could be read from the payload. */
  eventId: string | null;
  originalTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The original payload exactly as received (UTF-8 text; base64 if it was not valid UTF-8). */
  payload: string;
  payloadEncoding: 'utf8' | 'base64';
  /**
   * Set (true) when `payload` holds only the beginning of the original, which was too large for a letter on the topic
   * (more than 256 KiB of text); the whole payload is in ingest's dead_letter table.
   */
  payloadTruncated?: boolean;
  reasons: RejectionReason[];
  rejectedAt: string;
}
