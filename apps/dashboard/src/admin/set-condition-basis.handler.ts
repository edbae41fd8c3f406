import { Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import type { CatalogueVersionRow } from '@pledge/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { notifyReferenceChanged } from '../progress/programme/change-listener.service';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { badParam, notFound } from '../progress/programme/request-context';
import { parseBody } from './request-body';

export const SetConditionBasisSchema = z
  .object({
    basis: z.enum(['computed', 'recognised', 'recognised_or_computed']),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict();

/** A district condition of catalogue_version.district_conditions (jsonb): the fields this handler reads and keeps. */
type StoredCondition = { code?: unknown; rule?: { type?: unknown; basis?: unknown } & Record<string, unknown> } & Record<string, unknown>;

export interface ConditionBasisResult {
  catalogueVersion: string;
  conditionCode: string;
  before: string;
  after: string;
  changedBy: string;
}

/**
 * Which status a district condition counts for its units: computed from readings, recognised by a decision, or
 * either. A catalogue setting (the condition's `rule.basis`), changed by an administrator, recorded in audit_log.
 */
@Injectable()
export class SetConditionBasisHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly views: ProgrammeDaysService,
  ) {}

  async execute(actor: Principal, ref: { version: string; condition: string }, rawBody: unknown): Promise<ConditionBasisResult> {
    const body = parseBody(SetConditionBasisSchema, rawBody);
    const result = await this.ds.transaction(async (m) => {
      const [row] = await m.query<Pick<CatalogueVersionRow, 'district_conditions'>[]>(
        `SELECT district_conditions FROM catalogue_version WHERE id = $1 FOR UPDATE`,
        [ref.version],
      );
      if (!row) throw notFound('version', 'unknown_version', `Không có bộ tiêu chí "${ref.version}"`, `No catalogue version "${ref.version}"`);
      const conditions = (Array.isArray(row.district_conditions) ? row.district_conditions : []) as StoredCondition[];
      const at = conditions.findIndex((c) => c.code === ref.condition);
      if (at < 0) throw notFound('condition', 'unknown_condition', `Không có điều kiện "${ref.condition}"`, `No condition "${ref.condition}"`);
      if (conditions[at].rule?.type !== 'share_at_tier') {
        throw badParam(
          'condition',
          'not_a_share_condition',
          `Điều kiện ${ref.condition} không xét đơn vị đạt chuẩn`,
          `Condition ${ref.condition} does not count units at a tier`,
        );
      }
      const before = String(conditions[at].rule?.basis ?? 'recognised_or_computed');
      conditions[at] = { ...conditions[at], rule: { ...conditions[at].rule, basis: body.basis } };
      await m.query(`UPDATE catalogue_version SET district_conditions = $2::jsonb, updated_at = now() WHERE id = $1`, [
        ref.version,
        JSON.stringify(conditions),
      ]);
      await m.query(
        `INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'district_condition', $2, 'basis_changed', $3::jsonb, $4::jsonb)`,
        [
          actor.username,
          `${ref.version}/${ref.condition}`,
          JSON.stringify({ basis: before }),
          JSON.stringify({ basis: body.basis, reason: body.reason ?? '' }),
        ],
      );
      await notifyReferenceChanged(m, { entity: 'district_condition', id: `${ref.version}/${ref.condition}` });
      return { catalogueVersion: ref.version, conditionCode: ref.condition, before, after: body.basis, changedBy: actor.username };
    });
    this.views.invalidate();
    return result;
  }
}
