import { Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import { CELL_KINDS } from '@pledge/domain/units/hierarchy';
import { moveUnit, parentOn, type UnitParent } from '@pledge/domain/units/unit-parent';
import { loadUnitParents, type UnitParentPendingRow } from '@pledge/persistence';
import { ApiError } from '@pledge/platform';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { notifyReferenceChanged } from '../progress/programme/change-listener.service';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { unknownUnit } from '../progress/programme/request-context';
import { communeParentProblems } from './commune-parent-problems';
import { parseBody } from './request-body';

export const ChangeUnitParentSchema = z.object({ parentId: z.string().trim().min(1), from: z.string(), reason: z.string().trim().min(1).max(2000) }).strict();

export interface ChangeUnitParentResult {
  unitId: string;
  parents: { parentId: string; validFrom: string; validTo: string | null; source: string }[];
  decidedPending: boolean;
}

/**
 * A cell moves to another commune from a day (an administrator's decision: a hamlet of the split Tân Thạnh, a merge
 * or split of hamlets' communes): libs/domain moveUnit ends the period in force the day before and starts the new one;
 * earlier periods stay (history kept, same id). A pending decision about the cell on or before that day is marked
 * decided. Recorded in audit_log; announced on reference_changed.
 */
@Injectable()
export class ChangeUnitParentHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly views: ProgrammeDaysService,
  ) {}

  async execute(actor: Principal, unitId: string, rawBody: unknown): Promise<ChangeUnitParentResult> {
    const body = parseBody(ChangeUnitParentSchema, rawBody);
    const reference = await this.views.reference();
    const unit = reference.unitIndex.byId.get(unitId);
    if (!unit) throw unknownUnit(unitId);
    const problems: { field: string; problem: string; message: string; messageEn: string }[] = [];
    if (!CELL_KINDS.includes(unit.kind))
      problems.push({ field: 'id', problem: 'not_a_cell', message: `${unit.name} không phải ấp/khóm`, messageEn: `${unitId} is not a hamlet or ward` });
    problems.push(...communeParentProblems(reference.unitIndex, body.parentId, body.from, 'from'));
    if (problems.length > 0) throw ApiError.validation(problems);

    const result = await this.ds.transaction(async (m) => {
      await m.query(`SELECT id FROM admin_unit WHERE id = $1 FOR UPDATE`, [unitId]);
      const { parents } = await loadUnitParents(m);
      const mine = parents.filter((p) => p.unitId === unitId);
      const before = parentOn(mine, unitId, body.from);
      const next: UnitParent[] = moveUnit(mine, unitId, body.parentId, body.from, `decision: ${body.reason}`);
      // rows kept as they were (recorded_by too), a shortened one updated, the rest replaced
      for (const o of mine) {
        const kept = next.find((p) => p.validFrom === o.validFrom && p.parentId === o.parentId);
        if (!kept) await m.query(`DELETE FROM unit_parent WHERE unit_id = $1 AND valid_from = $2`, [unitId, o.validFrom]);
        else if (kept.validTo !== o.validTo)
          await m.query(`UPDATE unit_parent SET valid_to = $3 WHERE unit_id = $1 AND valid_from = $2`, [unitId, o.validFrom, kept.validTo]);
      }
      for (const p of next)
        if (!mine.some((o) => o.validFrom === p.validFrom && o.parentId === p.parentId))
          await m.query(`INSERT INTO unit_parent (unit_id, valid_from, valid_to, parent_id, source, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
            p.unitId,
            p.validFrom,
            p.validTo,
            p.parentId,
            p.source,
            actor.username,
          ]);
      const decided = await m.query<Pick<UnitParentPendingRow, 'unit_id'>[]>(
        `UPDATE unit_parent_pending SET decided_at = now(), decided_by = $2 WHERE unit_id = $1 AND effective_on <= $3 AND decided_at IS NULL RETURNING unit_id`,
        [unitId, actor.username, body.from],
      );
      await m.query(`INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'unit_parent', $2, 'moved', $3::jsonb, $4::jsonb)`, [
        actor.username,
        unitId,
        JSON.stringify({ parentId: before, from: body.from }),
        JSON.stringify({ parentId: body.parentId, from: body.from, reason: body.reason }),
      ]);
      await notifyReferenceChanged(m, { entity: 'unit_parent', id: unitId });
      return { next, decidedPending: decided.length > 0 };
    });
    this.views.invalidate();
    return {
      unitId,
      parents: result.next
        .sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1))
        .map((p) => ({ parentId: p.parentId, validFrom: p.validFrom, validTo: p.validTo, source: p.source })),
      decidedPending: result.decidedPending,
    };
  }
}
