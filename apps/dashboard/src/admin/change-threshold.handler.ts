import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import { parseCatalogueFile } from '@pledge/domain/catalogue/catalogue.schema';
import { THRESHOLD_CONFIDENCES } from '@pledge/domain/catalogue/catalogue.types';
import { COMMUNE_GROUP_ATTRIBUTE } from '@pledge/domain/catalogue/catalogue-template';
import { formatIssue } from '@pledge/domain/shared/validation';
import type { CatalogueVersionDocumentRow, CriterionRow, IndicatorRow, ThresholdRevisionRow } from '@pledge/persistence';
import { ApiError } from '@pledge/platform';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { notifyReferenceChanged } from '../progress/programme/change-listener.service';
import { catalogueFromRows } from '../progress/programme/programme-reference';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { notFound } from '../progress/programme/request-context';
import { parseBody } from './request-body';

export const ChangeThresholdSchema = z
  .object({
    /** The new level; null clears it (the indicator becomes "threshold missing"). */
    threshold: z.union([z.number().refine(Number.isFinite, 'expected a finite number'), z.boolean(), z.null()]),
    source: z.string().trim().min(1).max(2000),
    confidence: z.enum(THRESHOLD_CONFIDENCES),
    /** Set: the rule for values from this year on (periodic indicators). */
    fromYear: z.number().int().min(1900).max(2999).optional(),
    /** Set: the level of this one year of a yearly indicator (e.g. the income level the province fixes each year). */
    year: z.number().int().min(1900).max(2999).optional(),
    /** Set: the part of an all-of level to change (its key, e.g. "clean"). */
    part: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .optional(),
    /** Set: the level of communes of this group (2026–2030: groups 1–3; libs/domain COMMUNE_GROUP_ATTRIBUTE). */
    communeGroup: z.number().int().min(1).max(9).optional(),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict()
  .refine((b) => [b.fromYear, b.year, b.part, b.communeGroup].filter((x) => x !== undefined).length <= 1, {
    message: 'set at most one of fromYear, year, part and communeGroup',
    path: ['year'],
  });

export type ChangeThresholdBody = z.infer<typeof ChangeThresholdSchema>;

export interface ThresholdValueRecord {
  threshold: number | boolean | null;
  thresholdSource: string;
  thresholdConfidence: string;
}

export interface ChangeThresholdResult {
  catalogueVersion: string;
  criterionCode: string;
  indicatorCode: string;
  fromYear: number | null;
  year: number | null;
  part: string | null;
  communeGroup: number | null;
  before: ThresholdValueRecord | null;
  after: ThresholdValueRecord;
  changedBy: string;
  changedAt: string;
  revisionId: string;
}

/** A level of the indicator as its attributes (jsonb) store it: a threshold rule or a part of an all-of level. */
type StoredLevel = {
  key?: unknown;
  year?: number | null;
  fromYear?: number | null;
  unitAttributes?: Record<string, unknown> | null;
  threshold?: ThresholdValueRecord['threshold'];
  thresholdSource?: string;
  thresholdConfidence?: string;
} & Record<string, unknown>;

/** The indicator row being changed, its attributes copied (never null). */
type UpdatedIndicator = IndicatorRow & { attributes: Record<string, unknown> };

const withoutUnits = (r: StoredLevel): boolean => r.unitAttributes === null || r.unitAttributes === undefined;
const copies = (v: unknown): StoredLevel[] => (Array.isArray(v) ? (v as StoredLevel[]).map((x) => ({ ...x })) : []);
const valueOf = (l: StoredLevel): ThresholdValueRecord => ({
  threshold: l.threshold as ThresholdValueRecord['threshold'],
  thresholdSource: l.thresholdSource as string,
  thresholdConfidence: l.thresholdConfidence as string,
});

/**
 * An administrator changes an indicator's threshold (value, source, confidence), or its rule for values from a year.
 * The change is checked with libs/domain's catalogue parser (kind, range, comparator fit), stored with
 * threshold_changed_at/by (so the seed loader leaves it alone), recorded in threshold_revision and audit_log, and
 * announced on `reference_changed` in the same transaction, so every dashboard recomputes progress.
 */
@Injectable()
export class ChangeThresholdHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly views: ProgrammeDaysService,
  ) {}

  async execute(actor: Principal, ref: { version: string; criterion: string; indicator: string }, rawBody: unknown): Promise<ChangeThresholdResult> {
    const body = parseBody(ChangeThresholdSchema, rawBody);
    const result = await this.ds.transaction(async (m) => {
      const [row] = await m.query<(IndicatorRow | undefined)[]>(
        `SELECT * FROM indicator WHERE catalogue_version = $1 AND criterion_code = $2 AND code = $3 FOR UPDATE`,
        [ref.version, ref.criterion, ref.indicator],
      );
      if (!row) {
        throw notFound(
          'indicator',
          'unknown_indicator',
          `Không có chỉ tiêu ${ref.criterion} ${ref.indicator} trong bộ tiêu chí ${ref.version}`,
          `No indicator ${ref.criterion} ${ref.indicator} in catalogue ${ref.version}`,
        );
      }
      const after: ThresholdValueRecord = { threshold: body.threshold, thresholdSource: body.source, thresholdConfidence: body.confidence };
      let before: ThresholdValueRecord | null;
      const updated: UpdatedIndicator = { ...row, attributes: { ...(row.attributes ?? {}) } };
      if (body.part !== undefined) {
        const level = row.attributes?.level as Record<string, unknown> | undefined;
        const parts: StoredLevel[] = level?.type === 'all_of' ? copies(level.parts) : [];
        const at = parts.findIndex((x) => x.key === body.part);
        if (at < 0) {
          throw notFound(
            'part',
            'unknown_part',
            `Chỉ tiêu ${ref.criterion} ${ref.indicator} không có phần "${body.part}" trong mức yêu cầu`,
            `Indicator ${ref.criterion} ${ref.indicator} has no level part "${body.part}"`,
          );
        }
        before = valueOf(parts[at]);
        parts[at] = { ...parts[at], ...after };
        updated.attributes.level = { ...level, parts };
      } else if (body.communeGroup !== undefined) {
        // the level of one commune group (a threshold rule on the unit attribute, as the catalogue import stores it)
        const group = body.communeGroup;
        const isGroupRule = (r: StoredLevel): boolean =>
          r.year == null &&
          r.fromYear == null &&
          r.unitAttributes != null &&
          Object.keys(r.unitAttributes).length === 1 &&
          r.unitAttributes[COMMUNE_GROUP_ATTRIBUTE] === group;
        const rules = copies(row.attributes?.thresholdRules);
        const at = rules.findIndex(isGroupRule);
        before = at >= 0 ? valueOf(rules[at]) : null;
        const rule: StoredLevel = { fromYear: null, year: null, unitAttributes: { [COMMUNE_GROUP_ATTRIBUTE]: group }, ...after };
        if (at >= 0) rules[at] = { ...rules[at], ...rule };
        else rules.push(rule);
        updated.attributes.thresholdRules = rules;
      } else if (body.fromYear === undefined && body.year === undefined) {
        before = { threshold: row.threshold, thresholdSource: row.threshold_source, thresholdConfidence: row.threshold_confidence };
        updated.threshold = body.threshold;
        updated.threshold_source = body.source;
        updated.threshold_confidence = body.confidence;
      } else {
        const key = body.year !== undefined ? 'year' : 'fromYear';
        const value = body.year ?? body.fromYear!;
        const rules = copies(row.attributes?.thresholdRules);
        const at = rules.findIndex((r) => r[key] === value && withoutUnits(r));
        before = at >= 0 ? valueOf(rules[at]) : null;
        const rule: StoredLevel = { fromYear: null, year: null, [key]: value, unitAttributes: null, ...after };
        if (at >= 0) rules[at] = { ...rules[at], ...rule };
        else rules.push(rule);
        rules.sort((a, b) => (a.year ?? a.fromYear ?? -Infinity) - (b.year ?? b.fromYear ?? -Infinity));
        updated.attributes.thresholdRules = rules;
      }
      await this.checkWithDomain(m, ref, updated);
      await m.query(
        `UPDATE indicator SET threshold = $4::jsonb, threshold_source = $5, threshold_confidence = $6, attributes = $7::jsonb,
                threshold_changed_at = now(), threshold_changed_by = $8
          WHERE catalogue_version = $1 AND criterion_code = $2 AND code = $3`,
        [
          ref.version,
          ref.criterion,
          ref.indicator,
          updated.threshold === null || updated.threshold === undefined ? null : JSON.stringify(updated.threshold),
          updated.threshold_source,
          updated.threshold_confidence,
          JSON.stringify(updated.attributes),
          actor.username,
        ],
      );
      const [revision] = await m.query<Pick<ThresholdRevisionRow, 'id' | 'changed_at'>[]>(
        `INSERT INTO threshold_revision (catalogue_version, criterion_code, indicator_code, from_year, year, part, old_value, new_value, reason, changed_by, unit_attributes)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11::jsonb) RETURNING id, changed_at`,
        [
          ref.version,
          ref.criterion,
          ref.indicator,
          body.fromYear ?? null,
          body.year ?? null,
          body.part ?? null,
          before === null ? null : JSON.stringify(before),
          JSON.stringify(after),
          body.reason ?? '',
          actor.username,
          body.communeGroup === undefined ? null : JSON.stringify({ [COMMUNE_GROUP_ATTRIBUTE]: body.communeGroup }),
        ],
      );
      const suffix =
        body.communeGroup !== undefined
          ? `@group${body.communeGroup}`
          : body.part !== undefined
            ? `#${body.part}`
            : body.year !== undefined
              ? `@year${body.year}`
              : body.fromYear !== undefined
                ? `@${body.fromYear}`
                : '';
      const entityId = `${ref.version}/${ref.criterion}/${ref.indicator}${suffix}`;
      await m.query(
        `INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'indicator', $2, 'threshold_changed', $3::jsonb, $4::jsonb)`,
        [actor.username, entityId, before === null ? null : JSON.stringify(before), JSON.stringify({ ...after, reason: body.reason ?? '' })],
      );
      await notifyReferenceChanged(m, { entity: 'indicator', id: entityId });
      return {
        catalogueVersion: ref.version,
        criterionCode: ref.criterion,
        indicatorCode: ref.indicator,
        fromYear: body.fromYear ?? null,
        year: body.year ?? null,
        part: body.part ?? null,
        communeGroup: body.communeGroup ?? null,
        before,
        after,
        changedBy: actor.username,
        changedAt: new Date(revision.changed_at).toISOString(),
        revisionId: String(revision.id),
      };
    });
    this.views.invalidate();
    return result;
  }

  /** The whole catalogue with the change must still pass libs/domain's parser; problems of this indicator become a 400. */
  private async checkWithDomain(
    m: { query: DataSource['query'] },
    ref: { version: string; criterion: string; indicator: string },
    updated: UpdatedIndicator,
  ): Promise<void> {
    const [version] = await m.query<Omit<CatalogueVersionDocumentRow, 'status'>[]>(
      `SELECT id, title_vi, title_en, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to,
              to_char(deadline, 'YYYY-MM-DD') AS deadline, reporting_period, legal_basis, tiers, district_conditions, document
         FROM catalogue_version WHERE id = $1`,
      [ref.version],
    );
    const criteria = await m.query<CriterionRow[]>(`SELECT * FROM criterion WHERE catalogue_version = $1 ORDER BY position, code`, [ref.version]);
    const indicators = (
      await m.query<IndicatorRow[]>(`SELECT * FROM indicator WHERE catalogue_version = $1 ORDER BY criterion_code, position, code`, [ref.version])
    ).map((i) => (i.criterion_code === ref.criterion && i.code === ref.indicator ? updated : i));
    const outcome = parseCatalogueFile(catalogueFromRows(version, criteria, indicators), `catalogue ${ref.version}`);
    if (outcome.ok) return;
    const ci = criteria.findIndex((c) => c.code === ref.criterion);
    const ii = indicators.filter((i) => i.criterion_code === ref.criterion).findIndex((i) => i.code === ref.indicator);
    const mine = outcome.issues.filter((i) => i.path.startsWith(`criteria[${ci}].indicators[${ii}]`));
    if (mine.length === 0) {
      // the catalogue was already inconsistent before this change: not the caller's fault
      throw new ApiError(
        HttpStatus.CONFLICT,
        'catalogue_inconsistent',
        'Bộ tiêu chí đang có lỗi dữ liệu, không thể sửa ngưỡng',
        `The catalogue is inconsistent: ${outcome.issues.map(formatIssue).join('; ')}`,
      );
    }
    throw ApiError.validation(
      mine.map((i) => ({
        field: i.path.includes('.level.parts')
          ? 'part'
          : /\byear\b|fromYear/.test(i.problem)
            ? 'year'
            : i.problem.includes('threshold')
              ? 'threshold'
              : '(body)',
        problem: 'does_not_fit_indicator',
        message: thresholdProblemVi(i.problem),
        messageEn: i.problem,
      })),
    );
  }
}

/** Vietnamese for libs/domain's threshold problems. */
function thresholdProblemVi(problem: string): string {
  const range = /outside the range (\S+)\.\.(\S+)/.exec(problem);
  if (range) return `Ngưỡng nằm ngoài khoảng giá trị hợp lệ của chỉ tiêu (${range[1]}..${range[2]})`;
  if (problem.includes('needs a boolean threshold')) return 'Chỉ tiêu có/không cần ngưỡng true hoặc false';
  if (problem.includes('needs a numeric threshold')) return 'Chỉ tiêu này cần ngưỡng là một số';
  return `Ngưỡng không phù hợp với chỉ tiêu (${problem})`;
}
