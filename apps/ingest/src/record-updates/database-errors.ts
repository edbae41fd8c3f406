/** The classification lives in @pledge/platform (intake answers 503 with the same knowledge); kept here for ingest's imports. */
export { isTransientDatabaseError } from '@pledge/platform';
