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
