import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import type { CatalogueIndex, IndicatorRef, Programme } from '@pledge/domain';
import { findIndicator } from '@pledge/domain/catalogue/lookup';
import { checkIndicatorMappings, indicatorMappingStates, type IndicatorMappingState } from '@pledge/domain/catalogue/indicator-mapping';
import { predecessorProgramme } from '@pledge/domain/programme/programme';
import { loadIndicatorMappings, saveIndicatorMappings, type MappingQueryable } from '@pledge/persistence';
import { ApiError } from '@pledge/platform';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { notifyReferenceChanged } from '../progress/programme/change-listener.service';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import type { ProgrammeReference } from '../progress/programme/programme-reference';
import { programmeNamed } from '../progress/programme/request-context';
import { parseBody } from './request-body';

const RefSchema = z.object({ criterionCode: z.string().trim().min(1).max(100), indicatorCode: z.string().trim().min(1).max(100) }).strict();
const DecisionSchema = z
  .object({
    from: RefSchema,
    /** null: "no mapping", stated explicitly. */
    to: RefSchema.nullable(),
    note: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();
/** The decisions about old indicators: all stored or none. */
export const IndicatorMappingsSchema = z.object({ mappings: z.array(DecisionSchema).min(1).max(1000) }).strict();

/** One old indicator of the listing with what was decided about it. */
export interface IndicatorMappingListRow {
  from: IndicatorRef & { nameVi: string; nameEn: string; kind: string; unit: string; reportedBy: string };
  state: IndicatorMappingState;
  to: (IndicatorRef & { nameVi: string | null; nameEn: string | null }) | null;
  note: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
}

/** GET and PUT /api/v1/admin/programmes/{id}/indicator-mappings. */
export interface IndicatorMappingsResult {
  programme: string;
  fromProgramme: string;
  fromVersion: string;
  toVersion: string;
  cataloguePublished: boolean;
  counts: Record<IndicatorMappingState, number>;
  indicators: IndicatorMappingListRow[];
  /** PUT: how many decisions changed (the same decision again changes nothing). */
  changed?: number;
}

/**
 * The explicit mapping of the predecessor programme's indicators to a programme's (issue 14): every old indicator with
 * its state (mapped, none, undecided), and an administrator's decisions, checked by libs/domain checkIndicatorMappings
 * (every problem listed, nothing stored unless all are right), recorded with who and when (indicator_mapping,
 * audit_log) and announced on reference_changed, so that the commune programme's figures read the carried readings.
 */
@Injectable()
export class IndicatorMappingsHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly views: ProgrammeDaysService,
  ) {}

  async list(programmeId: string): Promise<IndicatorMappingsResult> {
    const reference = await this.views.reference();
    const { programme, predecessor, fromCatalogue } = this.programmes(reference, programmeId);
    return this.listing(this.ds, reference, programme, predecessor, fromCatalogue);
  }

  async save(actor: Principal, programmeId: string, rawBody: unknown): Promise<IndicatorMappingsResult> {
    const body = parseBody(IndicatorMappingsSchema, rawBody);
    const reference = await this.views.reference();
    const { programme, predecessor, fromCatalogue } = this.programmes(reference, programmeId);
    const toCatalogue = reference.publishedVersions.has(programme.catalogueVersion) ? reference.catalogues.get(programme.catalogueVersion) : undefined;
    if (!toCatalogue)
      throw new ApiError(
        HttpStatus.CONFLICT,
        'catalogue_not_published',
        `Bộ tiêu chí ${programme.catalogueVersion} của chương trình ${programme.id} chưa được công bố: chưa thể ánh xạ chỉ tiêu`,
        `Catalogue ${programme.catalogueVersion} of programme ${programme.id} is not published: indicators cannot be mapped to it yet`,
        [{ field: 'id', problem: 'catalogue_not_published', message: programme.catalogueVersion, messageEn: programme.catalogueVersion }],
      );
    const versions = { fromVersion: fromCatalogue.catalogue.version, toVersion: toCatalogue.catalogue.version };
    const result = await this.ds.transaction(async (m) => {
      // one writer at a time: "a new indicator has one source" is checked against what is recorded
      await m.query(`LOCK TABLE indicator_mapping IN SHARE ROW EXCLUSIVE MODE`);
      const stored = await loadIndicatorMappings(m, versions);
      const checked = checkIndicatorMappings(
        body.mappings.map((d) => ({ from: d.from, to: d.to, note: d.note ?? '' })),
        { fromCatalogue, toCatalogue, stored },
      );
      if (!checked.ok) throw ApiError.validation(checked.problems);
      const changes = await saveIndicatorMappings(m, checked.mappings, actor.username);
      const changed = changes.filter((c) => c.changed);
      for (const c of changed) {
        const m0 = c.after;
        await m.query(
          `INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'indicator_mapping', $2, 'mapped', $3::jsonb, $4::jsonb)`,
          [
            actor.username,
            `${m0.fromVersion}/${m0.from.criterionCode}/${m0.from.indicatorCode}->${m0.toVersion}`,
            c.before ? JSON.stringify({ to: c.before.to, note: c.before.note }) : null,
            JSON.stringify({ programme: programme.id, to: m0.to, note: m0.note }),
          ],
        );
      }
      if (changed.length > 0) await notifyReferenceChanged(m, { entity: 'indicator_mapping', id: `${versions.fromVersion}->${versions.toVersion}` });
      return { changed: changed.length, listing: await this.listing(m, reference, programme, predecessor, fromCatalogue) };
    });
    this.views.invalidate();
    return { ...result.listing, changed: result.changed };
  }

  /** The programme, its predecessor and the predecessor's catalogue; 404 / 409 naming what is missing. */
  private programmes(reference: ProgrammeReference, programmeId: string): { programme: Programme; predecessor: Programme; fromCatalogue: CatalogueIndex } {
    const programme = programmeNamed(reference, programmeId);
    const predecessor = predecessorProgramme(reference.programmes, programme);
    if (!predecessor)
      throw new ApiError(
        HttpStatus.CONFLICT,
        'no_predecessor',
        `Chương trình ${programme.id} không có chương trình trước nó: không có chỉ tiêu cũ để ánh xạ`,
        `Programme ${programme.id} has no programme before it: there are no old indicators to map`,
        [{ field: 'id', problem: 'no_predecessor', message: programme.id, messageEn: programme.id }],
      );
    const fromCatalogue = reference.catalogues.get(predecessor.catalogueVersion);
    if (!fromCatalogue)
      throw new ApiError(
        HttpStatus.CONFLICT,
        'catalogue_not_loaded',
        `Bộ tiêu chí ${predecessor.catalogueVersion} của chương trình ${predecessor.id} chưa được nạp`,
        `Catalogue ${predecessor.catalogueVersion} of programme ${predecessor.id} is not loaded`,
        [{ field: 'id', problem: 'catalogue_not_loaded', message: predecessor.catalogueVersion, messageEn: predecessor.catalogueVersion }],
      );
    return { programme, predecessor, fromCatalogue };
  }

  private async listing(
    db: MappingQueryable,
    reference: ProgrammeReference,
    programme: Programme,
    predecessor: Programme,
    fromCatalogue: CatalogueIndex,
  ): Promise<IndicatorMappingsResult> {
    const toVersion = programme.catalogueVersion;
    const stored = await loadIndicatorMappings(db, { fromVersion: fromCatalogue.catalogue.version, toVersion });
    const recorded = new Map(stored.map((s) => [`${s.from.criterionCode}|${s.from.indicatorCode}`, s]));
    const toCatalogue = reference.catalogues.get(toVersion);
    const counts: Record<IndicatorMappingState, number> = { mapped: 0, none: 0, undecided: 0 };
    const indicators = indicatorMappingStates(fromCatalogue, toVersion, stored).map((row): IndicatorMappingListRow => {
      counts[row.state]++;
      const old = findIndicator(fromCatalogue, row.from)!.indicator;
      const next = row.to && toCatalogue ? findIndicator(toCatalogue, row.to)?.indicator : undefined;
      const s = recorded.get(`${row.from.criterionCode}|${row.from.indicatorCode}`);
      return {
        from: { ...row.from, nameVi: old.nameVi, nameEn: old.nameEn, kind: old.kind, unit: old.unit, reportedBy: old.reportedBy },
        state: row.state,
        to: row.to ? { ...row.to, nameVi: next?.nameVi ?? null, nameEn: next?.nameEn ?? null } : null,
        note: s?.note ?? null,
        recordedBy: s?.recordedBy ?? null,
        recordedAt: s?.recordedAt ?? null,
      };
    });
    return {
      programme: programme.id,
      fromProgramme: predecessor.id,
      fromVersion: fromCatalogue.catalogue.version,
      toVersion,
      cataloguePublished: reference.publishedVersions.has(toVersion),
      counts,
      indicators,
    };
  }
}
