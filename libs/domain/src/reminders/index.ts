/**
 * Reminders: pure time and planning rules (what is reminded to whom and when, what a message says when it is sent,
 * quiet hours, rate limit, the reporting calendar, when a pledge item counts as met). No clock, no I/O.
 */
export * from './reminder-time';
export * from './reporting-calendar';
export * from './reminder-planning';
export * from './reminder-content';
export * from './reminder-message';
