import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import type { AdminUnitRow } from '@pledge/persistence';
import { ApiError } from '@pledge/platform';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { notifyReferenceChanged } from '../progress/programme/change-listener.service';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { communeParentProblems } from './commune-parent-problems';
import { parseBody } from './request-body';

// eslint-disable-next-line no-control-regex -- the point of the pattern: a name with control characters is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

export const AddCellSchema = z
  .object({
    parentId: z.string().trim().min(1),
    kind: z.enum(['hamlet', 'ward']),
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((v) => !CONTROL.test(v), 'must not contain control characters'),
    validFrom: z.string(),
    source: z.string().trim().min(1).max(2000),
    /** Cells it continues, if any (a hamlet formed from others): recorded as successions. */
    predecessors: z.array(z.string().trim().min(1)).max(20).default([]),
  })
  .strict();

/**
 * A new hamlet or ward under a new commune (issue 14: the hamlets of the parts that came from Tam Nông and Hồng Ngự,
 * whose names only the administrator knows): a new id `<commune>-A<nn>` / `-K<nn>` (synthetic code), its dated parent
 * from `validFrom`, and successions from the cells it continues. Recorded in audit_log; announced on reference_changed.
 */
@Injectable()
export class AddCellHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly views: ProgrammeDaysService,
  ) {}

  async execute(actor: Principal, rawBody: unknown): Promise<{ id: string; name: string; parentId: string; validFrom: string }> {
    const body = parseBody(AddCellSchema, rawBody);
    const reference = await this.views.reference();
    const parent = reference.unitIndex.byId.get(body.parentId);
    const problems = communeParentProblems(reference.unitIndex, body.parentId, body.validFrom, 'validFrom');
    body.predecessors.forEach((p, i) => {
      if (!reference.unitIndex.byId.has(p))
        problems.push({ field: `predecessors[${i}]`, problem: 'unknown_unit', message: `Không có đơn vị "${p}"`, messageEn: `No unit "${p}"` });
    });
    if (problems.length > 0) throw ApiError.validation(problems);
    const prefix = `${body.parentId}-${body.kind === 'ward' ? 'K' : 'A'}`;
    const created = await this.ds.transaction(async (m) => {
      await m.query(`SELECT id FROM admin_unit WHERE id = $1 FOR UPDATE`, [body.parentId]);
      const same = await m.query<unknown[]>(`SELECT 1 FROM admin_unit WHERE parent_id = $1 AND name = $2 AND kind = $3`, [body.parentId, body.name, body.kind]);
      if (same.length > 0)
        throw new ApiError(HttpStatus.CONFLICT, 'already_exists', `${parent!.name} đã có "${body.name}"`, `${body.parentId} already has "${body.name}"`, [
          { field: 'name', problem: 'already_exists', message: body.name, messageEn: body.name },
        ]);
      const taken = await m.query<Pick<AdminUnitRow, 'id'>[]>(`SELECT id FROM admin_unit WHERE id LIKE $1`, [`${prefix}%`]);
      let n = 1;
      while (taken.some((t) => t.id === `${prefix}${String(n).padStart(2, '0')}`)) n++;
      const id = `${prefix}${String(n).padStart(2, '0')}`;
      await m.query(
        `INSERT INTO admin_unit (id, code, code_is_synthetic, kind, name, parent_id, valid_from, valid_to, placeholder, source, attributes)
         VALUES ($1, $1, true, $2, $3, $4, $5, NULL, false, $6, $7::jsonb)`,
        [id, body.kind, body.name, body.parentId, body.validFrom, body.source, JSON.stringify({ addedBy: actor.username })],
      );
      await m.query(`INSERT INTO unit_parent (unit_id, valid_from, valid_to, parent_id, source, recorded_by) VALUES ($1, $2, NULL, $3, 'added', $4)`, [
        id,
        body.validFrom,
        body.parentId,
        actor.username,
      ]);
      for (const p of body.predecessors)
        await m.query(`INSERT INTO unit_succession (predecessor_id, successor_id, effective_on, share, note) VALUES ($1, $2, $3, 'part', $4)`, [
          p,
          id,
          body.validFrom,
          body.source,
        ]);
      await m.query(`INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'admin_unit', $2, 'added', NULL, $3::jsonb)`, [
        actor.username,
        id,
        JSON.stringify(body),
      ]);
      await notifyReferenceChanged(m, { entity: 'admin_unit', id });
      return id;
    });
    this.views.invalidate();
    return { id: created, name: body.name, parentId: body.parentId, validFrom: body.validFrom };
  }
}
