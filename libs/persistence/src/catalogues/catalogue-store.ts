/**
 * Catalogue versions an administrator loads, lists and publishes: the one use-case logic the dashboard's HTTP
 * endpoints and the CLI (`catalogue-import`) call. The rules are libs/domain's (catalogue-import, lifecycle); this
 * file reads the upload, and writes in one transaction (nothing half-stored).
 */
import { NotifyChannels, type ReferenceChangedSignal } from '@pledge/contracts';
import {
  catalogueFromJson,
  catalogueFromWorkbook,
  parseCatalogueFile,
  problemsOfIssues,
  publishGaps,
  replaceableByImport,
  type Catalogue,
  type CatalogueProblem,
} from '@pledge/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { catalogueFromRows } from '../reference/programme-reference';
import type { CatalogueVersionDocumentRow, CatalogueVersionRow } from '../rows/catalogue-version.row';
import type { CriterionRow } from '../rows/criterion.row';
import type { IndicatorRow } from '../rows/indicator.row';
import { queryRows, type RowQueryable } from '../rows/query-rows';
import { writeCatalogueEntries } from './catalogue-entries';
import { readCatalogueWorkbook } from './catalogue-workbook';

/** Why a catalogue operation was refused: the HTTP status it stands for, and every problem (bilingual). */
export class CatalogueRefused extends Error {
  constructor(
    readonly kind: 'invalid' | 'published' | 'not_found' | 'incomplete',
    readonly messageVi: string,
    readonly messageEn: string,
    readonly problems: readonly CatalogueProblem[] = [],
  ) {
    super(messageEn);
    this.name = 'CatalogueRefused';
  }
}

/** A version as the list shows it. */
export interface CatalogueVersionSummary {
  id: string;
  titleVi: string;
  titleEn: string;
  periodFrom: string;
  periodTo: string;
  deadline: string;
  status: 'draft' | 'published';
  publishedAt: string | null;
  publishedBy: string | null;
  criteria: number;
  indicators: number;
  updatedAt: string;
}

export type ProgressFn = (step: string, done: number, total: number) => void;

/** An upload: a file (.xlsx or a JSON document, told apart by its first bytes), or an already parsed JSON body. */
export type CatalogueUpload = { file: Buffer } | { json: unknown };

const looksLikeJson = (b: Buffer): boolean =>
  /^\s*[{[]/.test(
    b
      .subarray(0, 64)
      .toString('utf8')
      .replace(/^\uFEFF/, ''),
  );

/** The catalogue an upload describes, or every problem in it (libs/domain's rules). */
export async function parseCatalogueUpload(
  upload: CatalogueUpload,
): Promise<{ ok: true; catalogue: Catalogue } | { ok: false; problems: readonly CatalogueProblem[] }> {
  if ('json' in upload) return catalogueFromJson(upload.json);
  if (looksLikeJson(upload.file)) {
    let doc: unknown;
    try {
      doc = JSON.parse(upload.file.toString('utf8').replace(/^\uFEFF/, ''));
    } catch (err) {
      return {
        ok: false,
        problems: [
          {
            sheet: null,
            row: null,
            column: null,
            field: '(file)',
            problem: 'not_json',
            message: 'Tệp JSON không đọc được',
            messageEn: `the JSON file cannot be read: ${(err as Error).message}`,
          },
        ],
      };
    }
    return catalogueFromJson(doc);
  }
  const read = await readCatalogueWorkbook(upload.file);
  return read.ok ? catalogueFromWorkbook(read.workbook) : read;
}

async function audit(m: EntityManager, actor: string, id: string, action: string, before: unknown, after: unknown): Promise<void> {
  await m.query(`INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'catalogue_version', $2, $3, $4, $5)`, [
    actor,
    id,
    action,
    before === null ? null : JSON.stringify(before),
    after === null ? null : JSON.stringify(after),
  ]);
}

/**
 * Stores an upload as the draft of its version (replacing a draft of the same version wholesale), in one transaction:
 * refused with every problem (kind `invalid`) when the file has any, and (kind `published`) when the version is
 * published already: a published version changes only through recorded revisions. With `publish`, publishes it in
 * the same transaction (refused, storing nothing, when incomplete).
 */
export async function importCatalogue(
  ds: DataSource,
  upload: CatalogueUpload,
  actor: string,
  opts: { publish?: boolean; onProgress?: ProgressFn } = {},
): Promise<CatalogueVersionSummary> {
  opts.onProgress?.('check', 0, 1);
  const parsed = await parseCatalogueUpload(upload);
  opts.onProgress?.('check', 1, 1);
  if (!parsed.ok)
    throw new CatalogueRefused(
      'invalid',
      `Tệp có ${parsed.problems.length} lỗi; không lưu gì`,
      `the file has ${parsed.problems.length} problem(s); nothing was stored`,
      parsed.problems,
    );
  const c = parsed.catalogue;
  await ds.transaction(async (m) => {
    const [existing] = await m.query<Pick<CatalogueVersionRow, 'status'>[]>(`SELECT status FROM catalogue_version WHERE id = $1 FOR UPDATE`, [c.version]);
    if (!replaceableByImport(existing))
      throw new CatalogueRefused(
        'published',
        `Phiên bản ${c.version} đã công bố: không thể thay bằng tệp tải lên; hãy điều chỉnh từng mức đạt (có ghi lại)`,
        `version ${c.version} is published: it cannot be replaced by an upload; change it through recorded revisions (thresholds, bounds)`,
        [
          {
            sheet: null,
            row: null,
            column: null,
            field: 'version',
            problem: 'published',
            message: `Phiên bản ${c.version} đã công bố`,
            messageEn: `version ${c.version} is published`,
          },
        ],
      );
    await m.query(`DELETE FROM indicator WHERE catalogue_version = $1`, [c.version]);
    await m.query(`DELETE FROM criterion WHERE catalogue_version = $1`, [c.version]);
    const { criteria, ...doc } = c;
    await m.query(
      `INSERT INTO catalogue_version (id, title_vi, title_en, period_from, period_to, deadline, reporting_period, legal_basis, tiers, district_conditions, document, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'draft')
       ON CONFLICT (id) DO UPDATE SET title_vi = EXCLUDED.title_vi, title_en = EXCLUDED.title_en, period_from = EXCLUDED.period_from, period_to = EXCLUDED.period_to,
         deadline = EXCLUDED.deadline, reporting_period = EXCLUDED.reporting_period, legal_basis = EXCLUDED.legal_basis, tiers = EXCLUDED.tiers,
         district_conditions = EXCLUDED.district_conditions, document = EXCLUDED.document, status = 'draft', updated_at = now()`,
      [
        c.version,
        c.titleVi,
        c.titleEn,
        c.periodFrom,
        c.periodTo,
        c.deadline,
        JSON.stringify(c.reportingPeriod),
        JSON.stringify(c.legalBasis),
        JSON.stringify(c.tiers),
        JSON.stringify(c.districtConditions),
        JSON.stringify({ ...doc, status: 'draft' }),
      ],
    );
    await writeCatalogueEntries(m, c.version, criteria, {
      keepEdits: false,
      force: true,
      onProgress: (done, total) => opts.onProgress?.('store', done, total),
    });
    const counts = { criteria: criteria.length, indicators: criteria.reduce((n, x) => n + x.indicators.length, 0) };
    await audit(m, actor, c.version, existing ? 'replace_draft' : 'import_draft', existing ? { status: existing.status } : null, {
      status: 'draft',
      ...counts,
    });
    if (opts.publish) await publishIn(m, c.version, actor);
  });
  return (await listCatalogueVersions(ds)).find((v) => v.id === c.version)!;
}

async function publishIn(m: EntityManager, id: string, actor: string): Promise<void> {
  const [v] = await m.query<CatalogueVersionDocumentRow[]>(
    `SELECT id, title_vi, title_en, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to,
            to_char(deadline, 'YYYY-MM-DD') AS deadline, reporting_period, legal_basis, tiers, district_conditions, document, status
       FROM catalogue_version WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (!v) throw new CatalogueRefused('not_found', `Không có phiên bản ${id}`, `no catalogue version ${id}`);
  if (v.status === 'published') throw new CatalogueRefused('published', `Phiên bản ${id} đã công bố`, `version ${id} is published already`);
  const criteria = await m.query<CriterionRow[]>(`SELECT * FROM criterion WHERE catalogue_version = $1 ORDER BY position, code`, [id]);
  const indicators = await m.query<IndicatorRow[]>(`SELECT * FROM indicator WHERE catalogue_version = $1 ORDER BY criterion_code, position, code`, [id]);
  const outcome = parseCatalogueFile(catalogueFromRows(v, criteria, indicators), `catalogue ${id}`);
  if (!outcome.ok) throw new CatalogueRefused('incomplete', `Phiên bản ${id} không hợp lệ`, `version ${id} is not valid`, problemsOfIssues(outcome.issues));
  const gaps = publishGaps(outcome.value);
  if (gaps.length)
    throw new CatalogueRefused(
      'incomplete',
      `Phiên bản ${id} chưa đủ để công bố (${gaps.length} thiếu sót)`,
      `version ${id} is not complete enough to publish (${gaps.length} gap(s))`,
      gaps.map((g) => ({ sheet: null, row: null, column: null, field: g.field, problem: g.problem, message: g.message, messageEn: g.messageEn })),
    );
  await m.query(
    `UPDATE catalogue_version SET status = 'published', published_at = now(), published_by = $2, document = document || '{"status":"published"}'::jsonb, updated_at = now() WHERE id = $1`,
    [id, actor],
  );
  await audit(m, actor, id, 'publish', { status: 'draft' }, { status: 'published' });
  // the projector and the dashboards take the new version into account at once
  const signal: ReferenceChangedSignal = { entity: 'catalogue_version', id };
  await m.query(`SELECT pg_notify($1, $2)`, [NotifyChannels.referenceChanged, JSON.stringify(signal)]);
}

/** Publishes a draft (refused with the list of what is missing when incomplete; 409 when published already). */
export async function publishCatalogue(ds: DataSource, id: string, actor: string): Promise<CatalogueVersionSummary> {
  await ds.transaction((m) => publishIn(m, id, actor));
  return (await listCatalogueVersions(ds)).find((v) => v.id === id)!;
}

/** Every version with its status and size, oldest period first. */
export async function listCatalogueVersions(db: RowQueryable): Promise<CatalogueVersionSummary[]> {
  const rows = await queryRows<
    Pick<CatalogueVersionRow, 'id' | 'title_vi' | 'title_en' | 'period_from' | 'period_to' | 'deadline' | 'published_at' | 'published_by' | 'updated_at'> & {
      status: CatalogueVersionSummary['status'];
      criteria: number;
      indicators: number;
    }
  >(
    db,
    `SELECT v.id, v.title_vi, v.title_en, to_char(v.period_from, 'YYYY-MM-DD') AS period_from, to_char(v.period_to, 'YYYY-MM-DD') AS period_to,
            to_char(v.deadline, 'YYYY-MM-DD') AS deadline, v.status, v.published_at, v.published_by, v.updated_at,
            (SELECT count(*) FROM criterion c WHERE c.catalogue_version = v.id)::int AS criteria,
            (SELECT count(*) FROM indicator i WHERE i.catalogue_version = v.id)::int AS indicators
       FROM catalogue_version v ORDER BY v.period_from, v.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    titleVi: r.title_vi,
    titleEn: r.title_en,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    deadline: r.deadline,
    status: r.status,
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
    publishedBy: r.published_by,
    criteria: r.criteria,
    indicators: r.indicators,
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}
