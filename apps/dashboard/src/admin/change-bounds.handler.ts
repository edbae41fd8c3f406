import { Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import { FigureBoundsSchema } from '@pledge/domain/catalogue/catalogue.schema';
import type { IndicatorRow } from '@pledge/persistence';
import { ApiError } from '@pledge/platform';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { notifyReferenceChanged } from '../progress/programme/change-listener.service';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { notFound } from '../progress/programme/request-context';
import { parseBody } from './request-body';

export const ChangeBoundsSchema = FigureBoundsSchema.extend({
  source: z.string().trim().min(1).max(2000),
  reason: z.string().trim().max(2000).optional(),
}).strict();

export interface ChangeBoundsResult {
  catalogueVersion: string;
  criterionCode: string;
  indicatorCode: string;
  before: unknown;
  after: z.infer<typeof FigureBoundsSchema>;
  changedBy: string;
}

/**
 * An administrator sets an indicator's plausible figures (libs/domain FigureBounds: whole numbers?, the ceiling of
 * one unit's numerator, denominator or value, its source and confidence), like a threshold: stored with
 * bounds_changed_at/by (the seed loader then leaves it alone), in audit_log, announced on `reference_changed`.
 * Intake and ingest apply it to new submissions within REFERENCE_CACHE_MS; readings already stored stay.
 */
@Injectable()
export class ChangeBoundsHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly views: ProgrammeDaysService,
  ) {}

  async execute(actor: Principal, ref: { version: string; criterion: string; indicator: string }, rawBody: unknown): Promise<ChangeBoundsResult> {
    const body = parseBody(ChangeBoundsSchema, rawBody);
    const result = await this.ds.transaction(async (m) => {
      const [row] = await m.query<Pick<IndicatorRow, 'kind' | 'bounds'>[]>(
        `SELECT kind, bounds FROM indicator WHERE catalogue_version = $1 AND criterion_code = $2 AND code = $3 FOR UPDATE`,
        [ref.version, ref.criterion, ref.indicator],
      );
      if (!row)
        throw notFound(
          'indicator',
          'unknown_indicator',
          `Không có chỉ tiêu ${ref.criterion} ${ref.indicator} trong bộ tiêu chí ${ref.version}`,
          `No indicator ${ref.criterion} ${ref.indicator} in catalogue ${ref.version}`,
        );
      if (row.kind === 'boolean')
        throw ApiError.validation([
          {
            field: '(body)',
            problem: 'does_not_fit_indicator',
            message: 'Chỉ tiêu đạt/không đạt không có giới hạn số liệu',
            messageEn: 'a yes/no indicator has no figure bounds',
          },
        ]);
      if (row.kind === 'count' && !body.integer)
        throw ApiError.validation([
          {
            field: 'integer',
            problem: 'does_not_fit_indicator',
            message: 'Chỉ tiêu đếm (số nguyên) cần integer = true',
            messageEn: 'a count indicator needs integer = true',
          },
        ]);
      const after = { integer: body.integer, max: body.max, source: body.source, confidence: body.confidence };
      await m.query(
        `UPDATE indicator SET bounds = $4::jsonb, bounds_changed_at = now(), bounds_changed_by = $5 WHERE catalogue_version = $1 AND criterion_code = $2 AND code = $3`,
        [ref.version, ref.criterion, ref.indicator, JSON.stringify(after), actor.username],
      );
      const entityId = `${ref.version}/${ref.criterion}/${ref.indicator}`;
      await m.query(
        `INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'indicator', $2, 'bounds_changed', $3::jsonb, $4::jsonb)`,
        [actor.username, entityId, row.bounds === null ? null : JSON.stringify(row.bounds), JSON.stringify({ ...after, reason: body.reason ?? '' })],
      );
      await notifyReferenceChanged(m, { entity: 'indicator', id: entityId });
      return {
        catalogueVersion: ref.version,
        criterionCode: ref.criterion,
        indicatorCode: ref.indicator,
        before: row.bounds,
        after,
        changedBy: actor.username,
      };
    });
    this.views.invalidate();
    return result;
  }
}
