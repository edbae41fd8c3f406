/**
 * What the projector stores, as pure functions the dashboard can share: statuses without "today" (fresh status +
 * the day it turns stale), the status on any day from them, pledge item forecast snapshots,
 * reporting periods and completeness.
 */
export * from './staleness';
export * from './statuses';
export * from './unit-statuses';
export * from './pledge-snapshot';
export * from './reporting';
