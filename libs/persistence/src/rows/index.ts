/**
 * Typed rows (issue 16): for a table read with raw SQL, the row as pg returns it (`<table>.row.ts`, snake_case
 * columns) and one mapper to the shape the code uses. A query names the columns it reads with Pick<Row, …>.
 */
export * from './rm-cell-report.row';
export * from './rm-reporting-summary.row';
export * from './inbox-message.row';
export * from './account.row';
export * from './notification-preference.row';
export * from './indicator-mapping.row';
export * from './query-rows';
export * from './admin-unit.row';
export * from './unit-succession.row';
export * from './unit-parent.row';
export * from './programme.row';
export * from './catalogue-version.row';
export * from './criterion.row';
export * from './indicator.row';
export * from './pledge.row';
export * from './recognition-decision.row';
export * from './evaluation-config.row';
export * from './submission.row';
export * from './pipeline.row';
export * from './admin-edit.row';
export * from './reminder.row';
export * from './projection.row';
