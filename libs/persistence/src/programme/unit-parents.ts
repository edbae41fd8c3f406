/**
 * Fills unit_parent (and unit_parent_pending) from admin_unit and unit_succession with libs/domain's rule
 * (unitParentsFromUnits): the migration runs it over what a database already holds, the seed loader after loading
 * units. A unit that already has dated parents (filled before, or decided by an administrator) is left alone, so an
 * administrator's decision survives a reload.
 */
import { unitParentsFromUnits, type Unit } from '@pledge/domain';
import { queryRows, type RowQueryable } from '../rows/query-rows';
import type { AdminUnitRow } from '../rows/admin-unit.row';
import type { UnitParentPendingRow, UnitParentRow } from '../rows/unit-parent.row';
import { successionOfRow, type UnitSuccessionRow } from '../rows/unit-succession.row';

type Queryable = RowQueryable;

export async function fillUnitParents(db: Queryable, recordedBy: string): Promise<{ parents: number; pending: number }> {
  const units = await queryRows<Pick<AdminUnitRow, 'id' | 'kind' | 'parent_id' | 'valid_from' | 'valid_to'>>(
    db,
    `SELECT id, kind, parent_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to FROM admin_unit ORDER BY id`,
  );
  const successions = await queryRows<UnitSuccessionRow>(
    db,
    `SELECT predecessor_id, successor_id, to_char(effective_on, 'YYYY-MM-DD') AS effective_on, share, note FROM unit_succession ORDER BY predecessor_id, successor_id`,
  );
  const filled = new Set<string>((await queryRows<Pick<UnitParentRow, 'unit_id'>>(db, `SELECT DISTINCT unit_id FROM unit_parent`)).map((r) => r.unit_id));
  const decided = new Set<string>(
    (await queryRows<Pick<UnitParentPendingRow, 'unit_id'>>(db, `SELECT DISTINCT unit_id FROM unit_parent_pending`)).map((r) => r.unit_id),
  );
  const { parents, pending } = unitParentsFromUnits({
    units: units.map((u): Unit => ({
      id: u.id,
      code: u.id,
      codeIsSynthetic: false,
      kind: u.kind,
      name: '',
      parentId: u.parent_id,
      validFrom: u.valid_from ?? '0001-01-01',
      validFromAssumed: false,
      validTo: u.valid_to,
      placeholder: false,
      source: '',
      attributes: {},
    })),
    successions: successions.map(successionOfRow),
  });
  let nParents = 0;
  let nPending = 0;
  for (const p of parents) {
    if (filled.has(p.unitId)) continue;
    await db.query(
      `INSERT INTO unit_parent (unit_id, valid_from, valid_to, parent_id, source, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [p.unitId, p.validFrom, p.validTo, p.parentId, p.source, recordedBy],
    );
    nParents++;
  }
  for (const p of pending) {
    if (decided.has(p.unitId) || filled.has(p.unitId)) continue;
    await db.query(
      `INSERT INTO unit_parent_pending (unit_id, former_parent_id, effective_on, candidates, note) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [p.unitId, p.formerParentId, p.effectiveOn, JSON.stringify(p.candidates), p.note],
    );
    nPending++;
  }
  return { parents: nParents, pending: nPending };
}
