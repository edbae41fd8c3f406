/**
 * Anything that runs a statement and resolves to its rows: a TypeORM DataSource, EntityManager or QueryRunner, a
 * wrapped pg client. The signature of TypeORM's query(), which they must all match.
 */
export interface RowQueryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's query() signature (parameters and answer untyped)
  query(sql: string, params?: any[]): Promise<any>;
}

/** The rows of a SELECT, typed as the caller states them (a table's row type, or a Pick of it: libs/persistence/src/rows). */
export function queryRows<T>(db: RowQueryable, sql: string, params?: unknown[]): Promise<T[]> {
  return db.query(sql, params) as Promise<T[]>;
}
