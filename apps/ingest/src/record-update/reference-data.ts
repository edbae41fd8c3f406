import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@pledge/platform';
import { DataSource } from 'typeorm';
import type { IngestEnv } from '../config';

export interface CellRef {
  id: string;
  kind: string;
  parentId: string;
  validFrom: string | null;
  validTo: string | null;
}

export interface IndicatorRef {
  criterionCode: string;
  code: string;
  kind: 'percentage' | 'amount' | 'count' | 'boolean' | string;
  range: { min?: number; max?: number } | null;
  reportedBy: string;
  appliesTo: string;
}

export interface CatalogueVersionRef {
  id: string;
  periodFrom: string;
  periodTo: string;
}

export interface ReferenceSnapshot {
  cells: Map<string, CellRef>;
  versions: CatalogueVersionRef[];
  /** key `${version}/${criterionCode}` */
  criteria: Map<string, { appliesTo: string; catalogueVersion: string }>;
  /** key `${version}/${criterionCode}/${indicatorCode}` */
  indicators: Map<string, IndicatorRef>;
  loadedAt: number;
}

/**
 * The catalogue version that governs figures as of `asOf`: the one whose period contains it, else
 * the newest that started before it (a 2026 correction of 2025 figures still uses 2021–2025).
 */
export function versionFor(versions: CatalogueVersionRef[], asOf: string): CatalogueVersionRef | undefined {
  const containing = versions.find((v) => v.periodFrom <= asOf && asOf <= v.periodTo);
  if (containing) return containing;
  return [...versions].filter((v) => v.periodFrom <= asOf).sort((a, b) => b.periodFrom.localeCompare(a.periodFrom))[0];
}

/** Units and catalogue kept in memory for validation; reloaded when older than REFERENCE_CACHE_MS. */
@Injectable()
export class ReferenceData {
  private snapshot?: ReferenceSnapshot;
  private loading?: Promise<ReferenceSnapshot>;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly env: IngestEnv,
  ) {}

  async get(forceReload = false): Promise<ReferenceSnapshot> {
    const fresh = this.snapshot && Date.now() - this.snapshot.loadedAt < this.env.REFERENCE_CACHE_MS;
    if (fresh && !forceReload) return this.snapshot!;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    this.snapshot = await this.loading;
    return this.snapshot;
  }

  private async load(): Promise<ReferenceSnapshot> {
    const cells = new Map<string, CellRef>();
    const unitRows: { id: string; kind: string; parent_id: string; valid_from: string | null; valid_to: string | null }[] = await this.ds.query(
      `SELECT id, kind, parent_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to
         FROM admin_unit WHERE kind IN ('hamlet', 'ward')`,
    );
    for (const u of unitRows) cells.set(u.id, { id: u.id, kind: u.kind, parentId: u.parent_id, validFrom: u.valid_from, validTo: u.valid_to });
    const versions: CatalogueVersionRef[] = await this.ds.query(
      `SELECT id, to_char(period_from, 'YYYY-MM-DD') AS "periodFrom", to_char(period_to, 'YYYY-MM-DD') AS "periodTo" FROM catalogue_version`,
    );
    const criteria = new Map<string, { appliesTo: string; catalogueVersion: string }>();
    const indicators = new Map<string, IndicatorRef>();
    const rows: { criterion_code: string; code: string; kind: string; range: IndicatorRef['range']; reported_by: string; applies_to: string; catalogue_version: string }[] =
      await this.ds.query(
        `SELECT i.criterion_code, i.code, i.kind, i.range, i.reported_by, c.applies_to, c.catalogue_version
           FROM indicator i JOIN criterion c ON c.catalogue_version = i.catalogue_version AND c.code = i.criterion_code
          `,
      );
    for (const r of rows) {
      criteria.set(`${r.catalogue_version}/${r.criterion_code}`, { appliesTo: r.applies_to, catalogueVersion: r.catalogue_version });
      indicators.set(`${r.catalogue_version}/${r.criterion_code}/${r.code}`, {
        criterionCode: r.criterion_code,
        code: r.code,
        kind: r.kind,
        range: r.range,
        reportedBy: r.reported_by,
        appliesTo: r.applies_to,
      });
    }
    return { cells, versions, criteria, indicators, loadedAt: Date.now() };
  }
}
