import type { EntityManager } from 'typeorm';

/**
 * Inserts one row (column → value; objects other than Dates are written as JSON); on a conflict on `key` updates the
 * other columns when `force`, else leaves the row alone. `keep`: columns an administrator owns once changed (never
 * overwritten, even with force). True when a row was written.
 */
export async function upsert(
  m: EntityManager,
  table: string,
  row: Record<string, unknown>,
  key: string[],
  force: boolean,
  keep: string[] = [],
): Promise<boolean> {
  const cols = Object.keys(row);
  const vals = cols.map((c) => {
    const v = row[c];
    return v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;
  });
  const placeholders = cols.map((_, i) => `$${i + 1}`).join(', ');
  const updates = cols
    .filter((c) => !key.includes(c) && !keep.includes(c))
    .map((c) => `"${c}" = EXCLUDED."${c}"`)
    .join(', ');
  const conflict = force && updates ? `DO UPDATE SET ${updates}` : 'DO NOTHING';
  const res = await m.query<unknown[]>(
    `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${placeholders})
     ON CONFLICT (${key.map((k) => `"${k}"`).join(', ')}) ${conflict} RETURNING 1`,
    vals,
  );
  return res.length > 0;
}
