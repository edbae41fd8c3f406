import { Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import type { AdminUnitRow, UnitNameRevisionRow } from '@pledge/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { notifyReferenceChanged } from '../progress/programme/change-listener.service';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { notFound } from '../progress/programme/request-context';
import { parseBody } from './request-body';

// eslint-disable-next-line no-control-regex -- a unit name must not contain control characters
const CONTROL = /[\u0000-\u001f\u007f]/;

export const RenameUnitSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((v) => !CONTROL.test(v), 'must not contain control characters')
      .optional(),
    /** false: the name is now known for certain (the UI stops flagging it). */
    placeholder: z.boolean().optional(),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict()
  .refine((v) => v.name !== undefined || v.placeholder !== undefined, { message: 'give name and/or placeholder', path: ['name'] });

export interface RenameUnitResult {
  id: string;
  name: string;
  placeholder: boolean;
  previous: { name: string; placeholder: boolean };
  changed: boolean;
  revisionId: string | null;
  changedBy: string;
  changedAt: string | null;
}

/**
 * An administrator renames a unit or sets/clears its placeholder flag. The id never changes (readings, pledges
 * and accounts stay attached); the old name stays in unit_name_revision (GET /api/v1/units/{id} nameHistory) and
 * audit_log; `reference_changed` is announced in the same transaction. Names are NFC-normalised.
 */
@Injectable()
export class RenameUnitHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly views: ProgrammeDaysService,
  ) {}

  async execute(actor: Principal, unitId: string, rawBody: unknown): Promise<RenameUnitResult> {
    const body = parseBody(RenameUnitSchema, rawBody);
    const result = await this.ds.transaction(async (m) => {
      const [unit] = await m.query<Pick<AdminUnitRow, 'id' | 'name' | 'placeholder'>[]>(
        `SELECT id, name, placeholder FROM admin_unit WHERE id = $1 FOR UPDATE`,
        [unitId],
      );
      if (!unit) throw notFound('id', 'unknown_unit', `Không có đơn vị "${unitId}"`, `No unit "${unitId}"`);
      const name = body.name ?? unit.name;
      const placeholder = body.placeholder ?? unit.placeholder;
      const previous = { name: unit.name, placeholder: unit.placeholder };
      if (name === previous.name && placeholder === previous.placeholder) {
        return { id: unitId, name, placeholder, previous, changed: false, revisionId: null, changedBy: actor.username, changedAt: null };
      }
      await m.query(`UPDATE admin_unit SET name = $2, placeholder = $3, updated_at = now() WHERE id = $1`, [unitId, name, placeholder]);
      const [revision] = await m.query<Pick<UnitNameRevisionRow, 'id' | 'changed_at'>[]>(
        `INSERT INTO unit_name_revision (unit_id, old_name, old_placeholder, new_name, new_placeholder, reason, changed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, changed_at`,
        [unitId, previous.name, previous.placeholder, name, placeholder, body.reason ?? '', actor.username],
      );
      await m.query(`INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'admin_unit', $2, 'renamed', $3::jsonb, $4::jsonb)`, [
        actor.username,
        unitId,
        JSON.stringify(previous),
        JSON.stringify({ name, placeholder, reason: body.reason ?? '' }),
      ]);
      await notifyReferenceChanged(m, { entity: 'admin_unit', id: unitId });
      return {
        id: unitId,
        name,
        placeholder,
        previous,
        changed: true,
        revisionId: String(revision.id),
        changedBy: actor.username,
        changedAt: new Date(revision.changed_at).toISOString(),
      };
    });
    if (result.changed) this.views.invalidate();
    return result;
  }
}
