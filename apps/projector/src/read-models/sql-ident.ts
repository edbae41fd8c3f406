/**
 * Table names and identifier quoting of the read models, without the entity metadata (so that worker threads can
 * use them without loading TypeORM).
 */

/** Roles of the read-model tables (see READ_MODEL_ENTITIES in ./tables). */
export type ReadModelRole = 'reading' | 'history' | 'cellReport' | 'districtDay' | 'unitDay' | 'pledgeItemDay' | 'reportingSummary';

/** Table names by role (live or shadow). */
export type ReadModelTables = Record<ReadModelRole, string> & { dirty: string };

/** Quote an identifier we built ourselves (table names from entity metadata, optionally suffixed). */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected identifier ${name}`);
  return `"${name}"`;
}

/** Anything that runs a statement and resolves to its rows (a TypeORM DataSource or EntityManager, or a wrapped pg client). */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature of TypeORM's query(), which DataSource and EntityManager must match
  query(sql: string, params?: any[]): Promise<any>;
}
