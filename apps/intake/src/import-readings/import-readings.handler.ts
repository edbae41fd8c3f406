import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { assertCanImportReadings, canImportReadings, canImportReadingsFor, type Principal } from '@pledge/auth';
import { catalogueVersionOn, vnDateOf } from '@pledge/domain';
import { ReadingImportEntity, ReadingImportProblem, SubmissionReferenceCache } from '@pledge/persistence';
import { APP_CONFIG, ApiError, Clock, SystemClock } from '@pledge/platform';
import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { PinoLogger } from 'nestjs-pino';
import { Counter, register } from 'prom-client';
import { DataSource } from 'typeorm';
import type { IntakeEnv } from '../config';
import { OutboxSignal } from '../outbox-relay/outbox-signal';
import { payloadHash, submissionsCounter, SubmitUpdateHandler } from '../submit-update/submit-update.handler';
import { checkImportRows } from './check-import-rows';
import { buildTemplate, type TemplateIndicator, type TemplateUnit } from './reading-template';
import { readSpreadsheet, UnreadableSpreadsheet } from './read-spreadsheet';

const importedRows =
  (register.getSingleMetric('intake_import_rows_total') as Counter) ??
  new Counter({
    name: 'intake_import_rows_total',
    help: 'Rows of uploaded spreadsheets by outcome (stored, already_stored, invalid)',
    labelNames: ['outcome'],
  });

/** In-process signal: a spreadsheet was uploaded (the import runner takes it up at once). */
@Injectable()
export class ImportSignal extends EventEmitter {}

/** An uploaded file as the HTTP layer hands it over. */
export interface UploadedSpreadsheet {
  originalname: string;
  size: number;
  buffer: Buffer;
}

/** An import job as the API shows it. */
export interface ImportView {
  id: string;
  fileName: string;
  fileSha256: string;
  fileSize: number;
  uploadedBy: string;
  status: string;
  phase: string | null;
  /** 0..1 */
  progress: number;
  rows: { total: number; checked: number; valid: number; invalid: number; stored: number; alreadyStored: number };
  problemCount: number;
  problems?: ReadingImportProblem[];
  failure: { problem: string; message: string; messageEn: string } | null;
  /** Earlier uploads of the same file (same checksum): their rows are stored already. */
  sameFileAs: string[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Rows stored per transaction (and progress reported per chunk). */
const CHUNK = 1000;
/** Problems kept with a job (the count is always complete). */
const MAX_PROBLEMS = 5000;

/**
 * Use case "import readings from a spreadsheet": a commune officer (the commune's cells and its own figures) or an
 * administrator (any unit) uploads an .xlsx made from the template; the file is kept with an import job (answered at
 * once, 202) and processed in the background (ImportRunnerService): read, every row checked with the same rules as a
 * report from a phone, valid rows stored as ordinary submissions + outbox rows (so they travel to Kafka, ingest and
 * the projector like any report), each with an eventId derived from the file's checksum and the row, `reportedBy` the
 * uploader. The job's row holds the progress and every problem by row and column; the same file uploaded again stores
 * nothing new.
 */
@Injectable()
export class ImportReadingsHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly reference: SubmissionReferenceCache,
    private readonly submit: SubmitUpdateHandler,
    private readonly outbox: OutboxSignal,
    private readonly signal: ImportSignal,
    @Inject(APP_CONFIG) private readonly env: IntakeEnv,
    private readonly logger: PinoLogger,
    private readonly clock: Clock = new SystemClock(),
  ) {
    this.logger.setContext(ImportReadingsHandler.name);
  }

  async upload(file: UploadedSpreadsheet | undefined, principal: Principal): Promise<ImportView> {
    assertCanImportReadings(principal);
    if (!file || !file.buffer?.length)
      throw ApiError.validation([
        {
          field: 'file',
          problem: 'required',
          message: 'Chưa chọn tệp bảng tính (.xlsx) để tải lên',
          messageEn: 'no spreadsheet (.xlsx) was uploaded in field "file"',
        },
      ]);
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const id = randomUUID();
    const fileName = (file.originalname || 'bang-tinh.xlsx').normalize('NFC').slice(0, 255);
    await this.ds.query(
      `INSERT INTO reading_import (id, account_id, uploaded_by, file_name, file_sha256, file_size, file, status) VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued')`,
      [id, principal.accountId, principal.username, fileName, sha256, file.size, file.buffer],
    );
    this.signal.emit('uploaded', id);
    return this.get(id, principal);
  }

  /** One job (uploader or administrator), with its problems once it is finished. */
  async get(id: string, principal: Principal, withProblems = true): Promise<ImportView> {
    const job = await this.ds.getRepository(ReadingImportEntity).findOne({
      where: { id },
      select: [
        'id',
        'accountId',
        'uploadedBy',
        'fileName',
        'fileSha256',
        'fileSize',
        'status',
        'phase',
        'rowsTotal',
        'rowsChecked',
        'rowsValid',
        'rowsInvalid',
        'rowsStored',
        'rowsAlreadyStored',
        'problemCount',
        'failure',
        'createdAt',
        'startedAt',
        'finishedAt',
        ...(withProblems ? (['problems'] as const) : []),
      ],
    });
    if (!job || (job.accountId !== principal.accountId && principal.role !== 'administrator'))
      throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', `Không có lần nhập ${id}`, `there is no import ${id}`, [
        { field: 'id', problem: 'not_found', message: 'Không tìm thấy', messageEn: 'not found' },
      ]);
    const earlier: { id: string }[] = await this.ds.query(
      `SELECT id FROM reading_import WHERE file_sha256 = $1 AND created_at < $2 AND id <> $3 ORDER BY created_at`,
      [job.fileSha256, job.createdAt, id],
    );
    return viewOf(
      job,
      earlier.map((e) => e.id),
      withProblems,
    );
  }

  /** The caller's recent imports (an administrator: everyone's), newest first, without their problems. */
  async list(principal: Principal, limit = 20): Promise<ImportView[]> {
    assertCanImportReadings(principal);
    const rows: { id: string }[] = await this.ds.query(`SELECT id FROM reading_import WHERE $1::boolean OR account_id = $2 ORDER BY created_at DESC LIMIT $3`, [
      principal.role === 'administrator',
      principal.accountId,
      limit,
    ]);
    return Promise.all(rows.map((r) => this.get(r.id, principal, false)));
  }

  /**
   * The template for the caller's units (an officer: the commune and its cells; an administrator: every reporting
   * unit), one row per unit × indicator it reports in the catalogue version governing `asOf` (default: the last day of
   * that programme, not after today), the date filled in when asked for.
   */
  async template(principal: Principal, asOfParam?: string): Promise<{ file: Buffer; name: string }> {
    assertCanImportReadings(principal);
    const now = this.clock.now();
    const today = vnDateOf(now);
    if (asOfParam !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(asOfParam) || Number.isNaN(Date.parse(asOfParam)) || asOfParam > today))
      throw ApiError.validation([
        {
          field: 'asOf',
          problem: 'invalid_date',
          message: 'Ngày số liệu phải có dạng YYYY-MM-DD, không ở tương lai',
          messageEn: 'asOf must be a date YYYY-MM-DD, not in the future',
        },
      ]);
    const ref = await this.reference.get(true);
    const version = catalogueVersionOn(ref.versions, asOfParam ?? today);
    if (!version)
      throw ApiError.validation([
        {
          field: 'asOf',
          problem: 'before_programme',
          message: 'Không có bộ tiêu chí nào cho ngày này',
          messageEn: 'no criteria catalogue applies on that day',
        },
      ]);
    const asOf = asOfParam ?? (version.periodTo < today ? version.periodTo : today);
    const units: (TemplateUnit & { parent_id: string | null })[] = await this.ds.query(
      `SELECT id, name, kind, placeholder, parent_id FROM admin_unit WHERE kind IN ('hamlet', 'ward', 'commune', 'town', 'district') ORDER BY kind IN ('hamlet', 'ward'), id`,
    );
    const inScope = units.filter((u) => {
      const c = ref.cells.get(u.id);
      return c && canImportReadingsFor(principal, { id: c.id, communeId: c.communeId });
    });
    const indicators: TemplateIndicator[] = await this.ds.query(
      `SELECT i.criterion_code AS "criterionCode", i.code, i.name_vi AS "nameVi", i.name_en AS "nameEn", i.kind, i.unit, i.range
         FROM indicator i JOIN criterion c ON c.catalogue_version = i.catalogue_version AND c.code = i.criterion_code
        WHERE i.catalogue_version = $1 ORDER BY c.position, c.code, i.position, i.code`,
      [version.id],
    );
    const file = await buildTemplate({ units: inScope, indicators, ref, asOf, prefillDate: asOfParam !== undefined, now });
    return { file, name: `mau-nhap-so-lieu-${principal.unitId}-${asOf}.xlsx` };
  }

  /**
   * Process a claimed job (ImportRunnerService holds its lease): read the file, check every row, store the valid ones
   * chunk by chunk, then mark it done (the file is dropped). Idempotent: a job taken up again after a crash stores
   * nothing twice (the eventIds come from the file).
   */
  async process(id: string, renewLease: () => Promise<void>): Promise<void> {
    const [job] = await this.ds.getRepository(ReadingImportEntity).find({ where: { id } });
    if (!job || job.status !== 'processing' || !job.file) return;
    const progress = async (fields: Record<string, unknown>) => {
      const keys = Object.keys(fields);
      await this.ds.query(
        `UPDATE reading_import SET ${keys.map((k, i) => `${k} = $${i + 2}`).join(', ')}, lease_until = now() + interval '60 seconds' WHERE id = $1`,
        [id, ...keys.map((k) => (k === 'problems' || k === 'failure' ? JSON.stringify(fields[k]) : fields[k]))],
      );
    };
    const fail = async (detail: ReadingImportProblem) => {
      await progress({
        status: 'failed',
        phase: null,
        problems: [detail],
        problem_count: 1,
        failure: { problem: detail.problem, message: detail.message, messageEn: detail.messageEn },
      });
      await this.finish(id);
    };
    const principal = await this.uploaderOf(job);
    if (!principal)
      return fail({
        row: null,
        column: null,
        cell: null,
        field: '(account)',
        problem: 'uploader_not_allowed',
        message: `Tài khoản ${job.uploadedBy} không còn được nhập số liệu (đã khoá hoặc đổi vai trò)`,
        messageEn: `account ${job.uploadedBy} may no longer import readings (disabled or another role)`,
      });
    let sheet;
    try {
      sheet = await readSpreadsheet(job.file, this.env.IMPORT_MAX_ROWS);
    } catch (err) {
      if (!(err instanceof UnreadableSpreadsheet)) throw err;
      return fail(err.detail);
    }
    await progress({ phase: 'checking', rows_total: sheet.rows.length });
    const now = this.clock.now();
    const checked = await checkImportRows(
      sheet,
      { ref: await this.reference.get(true), principal, sha256: job.fileSha256, reportedAt: job.createdAt.toISOString(), now },
      (n) => progress({ rows_checked: n }),
    );
    await progress({
      phase: 'storing',
      rows_checked: sheet.rows.length,
      rows_valid: checked.valid.length,
      rows_invalid: checked.invalidRows,
      problems: checked.problems.slice(0, MAX_PROBLEMS),
      problem_count: checked.problems.length,
    });
    const problemCount = checked.problems.length;
    let done = 0;
    for (let i = 0; i < checked.valid.length; i += CHUNK) {
      const chunk = checked.valid.slice(i, i + CHUNK).map((r) => ({ update: r.update, hash: payloadHash(r.update) }));
      const stored = await this.ds.transaction((m) => this.submit.storeAll(m, chunk, principal));
      if (stored.size) this.outbox.wake();
      done += chunk.length;
      const counts = await this.countStored(
        job,
        checked.valid.slice(0, done).map((r) => r.update.eventId),
      );
      await progress({ rows_stored: counts.stored, rows_already_stored: counts.already });
      await renewLease();
    }
    const counts = await this.countStored(
      job,
      checked.valid.map((r) => r.update.eventId),
    );
    await progress({ status: 'done', phase: null, rows_stored: counts.stored, rows_already_stored: counts.already });
    await this.finish(id);
    importedRows.inc({ outcome: 'stored' }, counts.stored);
    importedRows.inc({ outcome: 'already_stored' }, counts.already);
    importedRows.inc({ outcome: 'invalid' }, checked.invalidRows);
    submissionsCounter().inc({ outcome: 'accepted' }, counts.stored);
    this.logger.info(
      { id, file: job.fileName, rows: sheet.rows.length, stored: counts.stored, already: counts.already, invalid: checked.invalidRows, problems: problemCount },
      'spreadsheet imported',
    );
  }

  /** Rows of this job stored by it (submissions made since the job was created) and by an earlier upload of the same file. */
  private async countStored(job: ReadingImportEntity, eventIds: string[]): Promise<{ stored: number; already: number }> {
    if (eventIds.length === 0) return { stored: 0, already: 0 };
    const [r] = await this.ds.query<[{ stored: number; already: number }]>(
      `SELECT count(*) FILTER (WHERE created_at >= $2)::int AS stored, count(*) FILTER (WHERE created_at < $2)::int AS already FROM submission WHERE event_id = ANY($1::uuid[])`,
      [eventIds, job.createdAt],
    );
    return r;
  }

  private async finish(id: string): Promise<void> {
    await this.ds.query(`UPDATE reading_import SET file = NULL, finished_at = now(), lease_until = NULL WHERE id = $1`, [id]);
  }

  /** The uploader as the account is now (role and unit): null when it may no longer import (disabled, another role). */
  private async uploaderOf(job: ReadingImportEntity): Promise<Principal | null> {
    const [a]: { role: Principal['role']; unit_id: string; active: boolean }[] = await this.ds.query(
      `SELECT role, unit_id, active FROM account WHERE id = $1`,
      [job.accountId],
    );
    if (!a || !a.active) return null;
    const principal: Principal = {
      accountId: job.accountId,
      username: job.uploadedBy,
      role: a.role,
      unitId: a.unit_id,
      communeId: a.role === 'commune_officer' ? a.unit_id : null,
    };
    return canImportReadings(principal) ? principal : null;
  }
}

function viewOf(job: ReadingImportEntity, sameFileAs: string[], withProblems: boolean): ImportView {
  const rows = {
    total: job.rowsTotal,
    checked: job.rowsChecked,
    valid: job.rowsValid,
    invalid: job.rowsInvalid,
    stored: job.rowsStored,
    alreadyStored: job.rowsAlreadyStored,
  };
  const progress =
    job.status === 'done' || job.status === 'failed'
      ? 1
      : job.phase === 'checking'
        ? 0.05 + 0.45 * (rows.total ? rows.checked / rows.total : 0)
        : job.phase === 'storing'
          ? 0.5 + 0.5 * (rows.valid ? (rows.stored + rows.alreadyStored) / rows.valid : 1)
          : job.status === 'processing'
            ? 0.02
            : 0;
  return {
    id: job.id,
    fileName: job.fileName,
    fileSha256: job.fileSha256,
    fileSize: job.fileSize,
    uploadedBy: job.uploadedBy,
    status: job.status,
    phase: job.phase,
    // 1 only once it is finished (the last chunk stored is not yet the end of the job)
    progress: job.status === 'done' || job.status === 'failed' ? 1 : Math.min(0.99, Math.round(progress * 1000) / 1000),
    rows,
    problemCount: job.problemCount,
    ...(withProblems ? { problems: job.problems ?? [] } : {}),
    failure: job.failure,
    sameFileAs,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
