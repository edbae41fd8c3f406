import type { SubmissionIndicatorRef, SubmissionReference } from '@pledge/domain';
import type { DataSource } from 'typeorm';

/**
 * The units and catalogue the submission rules (@pledge/domain checkCriterionUpdate) need, read from
 * PostgreSQL: the reporting units (cells with their commune; communes, the town and the district for their own
 * figures), the catalogue versions, criteria and indicators (with `readingOf`).
 */
export async function loadSubmissionReference(ds: DataSource): Promise<SubmissionReference> {
  const cells: SubmissionReference['cells'] extends ReadonlyMap<string, infer C> ? Map<string, C> : never = new Map();
  // reporting units: cells report for themselves; communes, the town and the district report their own figures
  const unitRows: { id: string; kind: string; parent_id: string }[] = await ds.query(
    `SELECT id, kind, parent_id FROM admin_unit WHERE kind IN ('hamlet', 'ward', 'commune', 'town', 'district')`,
  );
  for (const u of unitRows) cells.set(u.id, { id: u.id, kind: u.kind, communeId: u.kind === 'hamlet' || u.kind === 'ward' ? u.parent_id : u.id });
  const versions: SubmissionReference['versions'][number][] = await ds.query(
    `SELECT id, to_char(period_from, 'YYYY-MM-DD') AS "periodFrom", to_char(period_to, 'YYYY-MM-DD') AS "periodTo", status FROM catalogue_version`,
  );
  const criteria = new Map<string, { appliesTo: string }>();
  for (const c of await ds.query<{ catalogue_version: string; code: string; applies_to: string }[]>(
    `SELECT catalogue_version, code, applies_to FROM criterion`,
  ))
    criteria.set(`${c.catalogue_version}/${c.code}`, { appliesTo: c.applies_to });
  const indicators = new Map<string, SubmissionIndicatorRef>();
  const rows: {
    catalogue_version: string;
    criterion_code: string;
    code: string;
    kind: string;
    range: SubmissionIndicatorRef['range'];
    bounds: SubmissionIndicatorRef['bounds'];
    reported_by: string;
    reading_of: SubmissionIndicatorRef['readingOf'];
  }[] = await ds.query(
    `SELECT catalogue_version, criterion_code, code, kind, range, bounds, reported_by, attributes -> 'readingOf' AS reading_of FROM indicator`,
  );
  for (const r of rows)
    indicators.set(`${r.catalogue_version}/${r.criterion_code}/${r.code}`, {
      kind: r.kind,
      range: r.range,
      bounds: r.bounds ?? null,
      reportedBy: r.reported_by,
      readingOf: r.reading_of ?? null,
    });
  return { cells, versions, criteria, indicators };
}

/**
 * A cached {@link loadSubmissionReference}: trusted for `maxAgeMs`, reloaded on demand (e.g. when a
 * code looks unknown: an administrator may just have added it). Concurrent callers share one load.
 */
export class SubmissionReferenceCache {
  private snapshot?: { value: SubmissionReference; loadedAt: number };
  private loading?: Promise<SubmissionReference>;

  constructor(
    private readonly ds: DataSource,
    private readonly maxAgeMs: number,
  ) {}

  async get(forceReload = false): Promise<SubmissionReference> {
    if (!forceReload && this.snapshot && Date.now() - this.snapshot.loadedAt < this.maxAgeMs) return this.snapshot.value;
    this.loading ??= loadSubmissionReference(this.ds)
      .then((value) => {
        this.snapshot = { value, loadedAt: Date.now() };
        return value;
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }
}
