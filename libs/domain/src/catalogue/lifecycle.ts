/**
 * A catalogue version's lifecycle: an administrator loads it as a `draft` (which a new import may replace wholesale),
 * then publishes it; only published versions govern figures (see {@link governsFigures}, used by catalogueVersionOn).
 * A published version changes only through recorded revisions (thresholds, bounds: the admin edits), never by
 * re-import.
 */
import type { Catalogue } from './catalogue.types';

/** The states of a catalogue version. */
export const CATALOGUE_STATUSES = ['draft', 'published'] as const;

/** One of {@link CATALOGUE_STATUSES}. */
export type CatalogueStatus = (typeof CATALOGUE_STATUSES)[number];

/** What the rule reads of a version: its status (absent: a version known before statuses existed, i.e. published). */
export interface VersionStatus {
  readonly status?: string | null;
}

/** True when the version may govern figures (progress, validation, reminders): a published version. Drafts never do. */
export function governsFigures(version: VersionStatus): boolean {
  return version.status === undefined || version.status === null || version.status === 'published';
}

/** True when an import may replace the version wholesale: it does not exist yet, or it is still a draft. */
export function replaceableByImport(existing: VersionStatus | undefined): boolean {
  return existing === undefined || !governsFigures(existing);
}

/** Something a version still lacks before it can be published (bilingual). */
export interface PublishGap {
  /** JSON path in the catalogue document, e.g. `criteria[3].indicators`. */
  readonly field: string;
  readonly problem: 'no_criteria' | 'no_indicators' | 'no_standard' | 'no_comparator';
  readonly message: string;
  readonly messageEn: string;
}

/**
 * What a version lacks before it can be published (empty: it can be). A version is complete when:
 * - it has at least one criterion, and every criterion has at least one indicator;
 * - it names at least one standard (tier) the units aim for;
 * - every assessed indicator judged by comparison has a comparator.
 * Unknown thresholds are allowed: they stay visibly "threshold missing" until an administrator records them.
 */
export function publishGaps(catalogue: Pick<Catalogue, 'criteria' | 'tiers'>): PublishGap[] {
  const gaps: PublishGap[] = [];
  if (catalogue.criteria.length === 0) {
    gaps.push({ field: 'criteria', problem: 'no_criteria', message: 'Bộ tiêu chí chưa có tiêu chí nào', messageEn: 'the version has no criterion' });
  }
  catalogue.criteria.forEach((c, ci) => {
    if (c.indicators.length === 0) {
      gaps.push({
        field: `criteria[${ci}].indicators`,
        problem: 'no_indicators',
        message: `Tiêu chí ${c.code} (${c.nameVi}) chưa có chỉ tiêu nào`,
        messageEn: `criterion ${c.code} (${c.nameEn}) has no indicator`,
      });
    }
    c.indicators.forEach((i, ii) => {
      if (i.assessed && i.level.type === 'compare' && i.comparator === null) {
        gaps.push({
          field: `criteria[${ci}].indicators[${ii}].comparator`,
          problem: 'no_comparator',
          message: `Chỉ tiêu ${c.code} ${i.code} chưa có phép so sánh`,
          messageEn: `indicator ${c.code} ${i.code} has no comparator`,
        });
      }
    });
  });
  if (catalogue.tiers.length === 0) {
    gaps.push({
      field: 'tiers',
      problem: 'no_standard',
      message: 'Chưa có chuẩn (danh hiệu) mà các đơn vị hướng tới; hãy điền "Tên chuẩn" ở trang Phiên bản',
      messageEn: 'no standard (tier) the units aim for; fill in "Standard name" on the Version sheet',
    });
  }
  return gaps;
}
