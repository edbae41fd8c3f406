import type { EntityManager } from 'typeorm';
import { upsert } from '../upsert';

/** An indicator of a catalogue document (libs/domain Indicator, or a seed file's before its defaults). */
export interface IndicatorDoc {
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly kind: string;
  readonly unit?: string;
  readonly comparator?: string | null;
  readonly threshold?: number | boolean | null;
  readonly thresholdSource?: string;
  readonly thresholdConfidence?: string;
  readonly rollup?: unknown;
  readonly range?: unknown;
  readonly bounds?: unknown;
  readonly reportedBy?: string;
}

/** A criterion of a catalogue document, with its indicators. */
export interface CriterionDoc {
  readonly code: string;
  readonly appliesTo: string;
  readonly tier?: string;
  readonly group?: string | null;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly placeholder?: boolean;
  readonly source?: string;
  readonly indicators?: readonly IndicatorDoc[];
}

export interface CatalogueEntriesWrite {
  /**
   * true (loading seeds over a database that may hold the version): a threshold an administrator changed is left
   * alone, bounds an administrator changed are kept, bounds are filled where a row has none; rows that exist are
   * updated only with `force`. false (an import that has just deleted the version's criteria and indicators):
   * every row is written as it is.
   */
  readonly keepEdits: boolean;
  readonly force: boolean;
  /** Called before each criterion is written (1-based). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The criterion row of a document's criterion at a position (1-based); the fields beyond the columns go to attributes. */
export function criterionColumns(version: string, cr: CriterionDoc, position: number): Record<string, unknown> {
  const { indicators: _indicators, code, appliesTo, tier, group, nameVi, nameEn, placeholder, source, ...crAttrs } = cr;
  return {
    catalogue_version: version,
    code,
    applies_to: appliesTo,
    tier: tier ?? 'ntm',
    group_code: group ?? null,
    name_vi: nameVi,
    name_en: nameEn,
    placeholder: !!placeholder,
    source: source ?? '',
    position,
    attributes: crAttrs,
  };
}

/** The indicator row of a document's indicator at a position (1-based); the fields beyond the columns go to attributes. */
export function indicatorColumns(version: string, criterionCode: string, ind: IndicatorDoc, position: number): Record<string, unknown> {
  const { code, nameVi, nameEn, kind, unit, comparator, threshold, thresholdSource, thresholdConfidence, rollup, range, bounds, reportedBy, ...indAttrs } = ind;
  return {
    catalogue_version: version,
    criterion_code: criterionCode,
    code,
    name_vi: nameVi,
    name_en: nameEn,
    kind,
    unit: unit ?? '',
    comparator: comparator ?? null,
    threshold: threshold === undefined ? null : threshold,
    threshold_source: thresholdSource ?? '',
    threshold_confidence: thresholdConfidence ?? 'unknown',
    rollup: rollup ?? {},
    range: range ?? null,
    bounds: bounds ?? null,
    reported_by: reportedBy ?? 'cell',
    position,
    attributes: indAttrs,
  };
}

/**
 * Writes a catalogue version's criteria and indicators (positions in document order), the one writer of both the
 * seed loader and the catalogue import. Returns how many rows of each were written.
 */
export async function writeCatalogueEntries(
  m: EntityManager,
  version: string,
  criteria: readonly CriterionDoc[],
  opts: CatalogueEntriesWrite,
): Promise<{ criteria: number; indicators: number }> {
  const written = { criteria: 0, indicators: 0 };
  for (const [ci, cr] of criteria.entries()) {
    opts.onProgress?.(ci + 1, criteria.length);
    if (await upsert(m, 'criterion', criterionColumns(version, cr, ci + 1), ['catalogue_version', 'code'], opts.force)) written.criteria++;
    for (const [ii, ind] of (cr.indicators ?? []).entries()) {
      const row = indicatorColumns(version, cr.code, ind, ii + 1);
      let keep: string[] = [];
      if (opts.keepEdits) {
        const key = [version, cr.code, ind.code];
        // bounds: filled where a database has none yet (one migrated from before them), never over an administrator's edit
        await m.query(
          `UPDATE indicator SET bounds = $4 WHERE catalogue_version = $1 AND criterion_code = $2 AND code = $3 AND bounds_changed_at IS NULL AND (bounds IS NULL OR $5)`,
          [...key, ind.bounds === undefined || ind.bounds === null ? null : JSON.stringify(ind.bounds), opts.force],
        );
        // never overwrite a threshold an administrator changed, even with force
        const changed = await m.query<unknown[]>(
          `SELECT 1 FROM indicator WHERE catalogue_version = $1 AND criterion_code = $2 AND code = $3 AND threshold_changed_at IS NOT NULL`,
          key,
        );
        if (changed.length > 0) continue;
        const boundsEdited = await m.query<unknown[]>(
          `SELECT 1 FROM indicator WHERE catalogue_version = $1 AND criterion_code = $2 AND code = $3 AND bounds_changed_at IS NOT NULL`,
          key,
        );
        if (boundsEdited.length > 0) keep = ['bounds'];
      }
      if (await upsert(m, 'indicator', row, ['catalogue_version', 'criterion_code', 'code'], opts.force, keep)) written.indicators++;
    }
  }
  return written;
}
