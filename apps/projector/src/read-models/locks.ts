import { NotifyChannels } from '@pledge/contracts';

/**
 * PostgreSQL advisory locks of the projector (keys next to MIGRATION_LOCK_KEY 874_2025_01 and the test template's
 * 874_2025_02):
 * - PROJECTION_LOCK: every batch and every status refresh takes it shared (pg_advisory_xact_lock_shared) for its
 *   transaction; a rebuild takes it exclusive only for the short transaction that catches up and swaps the tables,
 *   so live writers pause for that moment and then write to the new tables.
 * - REFRESHER_LEADER_LOCK: held (session) by the one projector instance that runs the status refresher.
 * - REBUILD_LOCK: held (session) by a running rebuild, so two rebuilds never overlap.
 */
export const PROJECTION_LOCK = 874_2025_51;
export const REFRESHER_LEADER_LOCK = 874_2025_52;
export const REBUILD_LOCK = 874_2025_53;

/** PostgreSQL NOTIFY channel of the change signal (payloads: libs/contracts ProgressChangedSignal). */
export const PROGRESS_CHANGED_CHANNEL = NotifyChannels.progressChanged;

/** Row of projection_state for the read models. */
export const PROJECTION_STATE_KEY = 'read-models';
