import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import { checkResign, type ResignProblem } from '@pledge/domain/pledges/resign';
import { CELL_KINDS } from '@pledge/domain/units/hierarchy';
import { parentOn } from '@pledge/domain/units/unit-parent';
import type { Pledge } from '@pledge/domain';
import { loadUnitParents, type PledgeRow } from '@pledge/persistence';
import { ApiError } from '@pledge/platform';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { notifyReferenceChanged } from '../progress/programme/change-listener.service';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { programmeNamed } from '../progress/programme/request-context';
import { parseBody } from './request-body';

const ItemSchema = z
  .object({
    criterionCode: z.string().trim().min(1),
    indicatorCode: z.string().trim().min(1),
    target: z.object({ comparator: z.string(), value: z.union([z.number(), z.boolean()]) }).strict(),
    dueDate: z.string(),
    note: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();
const PledgeSchema = z.object({ cellId: z.string().trim().min(1), signedOn: z.string(), items: z.array(ItemSchema).max(200) }).strict();
/** One pledge, or several at once (the JSON import: all stored or none). */
export const ResignPledgesSchema = z.object({ pledges: z.array(PledgeSchema).min(1).max(1000) }).strict();

/**
 * Re-signing cells' pledges for a programme (issue 14): POST /api/v1/admin/programmes/{id}/pledges with one or many
 * pledges (the JSON import). Each is checked by libs/domain checkResign against the programme, its published catalogue
 * and the cell's commune on the signing day (dated parents); every problem of every pledge is listed (pledges[i].…) and
 * nothing is stored unless all are right. The pledges are new rows of the programme (pledge.programme_id); nothing of
 * 2021–2025 is rewritten. Recorded in audit_log and announced on reference_changed.
 */
@Injectable()
export class ResignPledgesHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly views: ProgrammeDaysService,
  ) {}

  async execute(actor: Principal, programmeId: string, rawBody: unknown): Promise<{ programme: string; pledges: Pledge[] }> {
    const body = parseBody(ResignPledgesSchema, rawBody);
    const reference = await this.views.reference();
    const programme = programmeNamed(reference, programmeId);
    const published = reference.publishedVersions.has(programme.catalogueVersion);
    const catalogue = published ? reference.catalogues.get(programme.catalogueVersion) : undefined;
    const { parents } = await loadUnitParents(this.ds);
    const problems: ResignProblem[] = [];
    const pledges: Pledge[] = [];
    const cells = new Set<string>();
    body.pledges.forEach((p, i) => {
      const unit = reference.unitIndex.byId.get(p.cellId);
      const out = checkResign(p, {
        programme,
        catalogue,
        parentOnSigning: parentOn(parents, p.cellId, p.signedOn),
        isCell: !!unit && CELL_KINDS.includes(unit.kind),
      });
      if (cells.has(p.cellId))
        problems.push({
          field: `pledges[${i}].cellId`,
          problem: 'duplicate',
          message: `Ấp/khóm ${p.cellId} có hai giao ước`,
          messageEn: `Cell ${p.cellId} appears twice`,
        });
      cells.add(p.cellId);
      if (!out.ok) problems.push(...out.problems.map((x) => ({ ...x, field: `pledges[${i}].${x.field}` })));
      else pledges.push(out.pledge);
    });
    if (problems.length > 0) throw ApiError.validation(problems);
    await this.ds.transaction(async (m) => {
      const existing = await m.query<Pick<PledgeRow, 'id'>[]>(`SELECT id FROM pledge WHERE id = ANY($1)`, [pledges.map((p) => p.id)]);
      if (existing.length > 0) {
        const ids = existing.map((r) => r.id).join(', ');
        throw new ApiError(
          HttpStatus.CONFLICT,
          'already_signed',
          `Đã có giao ước ${ids} cho chương trình ${programme.id}`,
          `Pledges ${ids} of programme ${programme.id} exist already`,
          [{ field: 'cellId', problem: 'already_signed', message: ids, messageEn: ids }],
        );
      }
      for (const p of pledges) {
        await m.query(`INSERT INTO pledge (id, cell_id, catalogue_version, programme_id, signed_on, attributes) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`, [
          p.id,
          p.cellId,
          p.catalogueVersion,
          programme.id,
          p.signedOn,
          JSON.stringify({ source: p.source, signedBy: actor.username }),
        ]);
        for (const it of p.items)
          await m.query(
            `INSERT INTO pledge_item (id, pledge_id, cell_id, criterion_code, indicator_code, target, due_date, status, attributes) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, 'active', $8::jsonb)`,
            [
              it.id,
              p.id,
              p.cellId,
              it.criterionCode,
              it.indicatorCode,
              JSON.stringify(it.target),
              it.dueDate,
              JSON.stringify(it.note ? { note: it.note } : {}),
            ],
          );
        await m.query(`INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'pledge', $2, 're-signed', NULL, $3::jsonb)`, [
          actor.username,
          p.id,
          JSON.stringify({ programme: programme.id, ...p }),
        ]);
      }
      await notifyReferenceChanged(m, { entity: 'pledge', id: programme.id });
    });
    this.views.invalidate();
    return { programme: programme.id, pledges };
  }
}
