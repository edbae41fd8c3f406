/** A row of event_store as pg returns it (bigint → text, as_of with to_char → 'YYYY-MM-DD'). Written by the ingest (append only). */
export interface EventStoreRow {
  sequence: string;
  event_id: string;
  hamlet_code: string;
  commune_code: string;
  criterion_code: string;
  as_of: string;
  reported_at: Date;
  reported_by: string;
  payload: Record<string, unknown>;
  recorded_at: Date;
  source_topic: string | null;
  source_partition: number | null;
  source_offset: string | null;
}

/** A row of dead_letter as pg returns it (bigint → text). Written by the ingest. */
export interface DeadLetterRow {
  id: string;
  event_id: string | null;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  message_key: string | null;
  payload: string;
  payload_encoding: string;
  reasons: unknown[];
  rejected_at: Date;
}

/** A row of projection_checkpoint as pg returns it (bigint → text). Written by the projector. */
export interface ProjectionCheckpointRow {
  projection: string;
  topic: string;
  partition: number;
  next_offset: string;
  updated_at: Date;
}
