import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Loads seeds/ (units, catalogue versions, pledges, recognition decisions, development accounts) into PostgreSQL.
 *
 * - Every file is validated against its JSON Schema in seeds/schema/ before anything is written;
 *   a bad file stops the load with the file, the JSON path and the problem.
 * - All strings are normalised to Unicode NFC.
 * - Idempotent: rows that exist are left alone (an administrator's renames, threshold edits and
 *   password changes survive a reload) unless `force` is set; one transaction for the whole load.
 */
export interface SeedOptions {
  dir: string;
  force?: boolean;
  /** Hash for development passwords (argon2 in production code). */
  hashPassword: (plain: string) => Promise<string>;
  /** Password of the development accounts; defaults to the file's defaultPassword. */
  devPassword?: string;
  /**
   * The seeded accounts must change their password at the first login (production: the password is shared by every
   * seeded account and written in the repository). Default false (development and tests).
   */
  mustChangePassword?: boolean;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface SeedSummary {
  units: number;
  successions: number;
  catalogueVersions: number;
  criteria: number;
  indicators: number;
  pledges: number;
  pledgeItems: number;
  accounts: number;
  recognitions: number;
  evaluationSettings: number;
}

export class SeedValidationError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Seed data is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SeedValidationError';
  }
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export function nfcDeep<T>(v: T): T {
  if (typeof v === 'string') return v.normalize('NFC') as T;
  if (Array.isArray(v)) return v.map(nfcDeep) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k.normalize('NFC')] = nfcDeep(x);
    return out as T;
  }
  return v;
}

function readJson(file: string): Json {
  try {
    return nfcDeep(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    throw new SeedValidationError([`${file}: cannot read JSON (${(err as Error).message})`]);
  }
}

function schemaErrors(file: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${file}${e.instancePath || ''}: ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}

/** Read and validate every seed file; returns the parsed documents. */
export function readSeeds(dir: string): { units: Json; catalogues: Json[]; pledges: Json; accounts: Json; recognitions: Json; evaluationSettings: Json } {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const schemaDir = join(dir, 'schema');
  const validate = (name: string, file: string, doc: Json): string[] => {
    const schemaFile = join(schemaDir, `${name}.schema.json`);
    if (!existsSync(schemaFile)) return [];
    const v = ajv.getSchema(schemaFile) ?? (ajv.addSchema(JSON.parse(readFileSync(schemaFile, 'utf8')), schemaFile), ajv.getSchema(schemaFile)!);
    return v(doc) ? [] : schemaErrors(file, v.errors);
  };
  const problems: string[] = [];
  const unitsFile = join(dir, 'units.json');
  const units = readJson(unitsFile);
  problems.push(...validate('units', unitsFile, units));
  const catDir = join(dir, 'catalogue');
  const catalogues = (existsSync(catDir) ? readdirSync(catDir).filter((f) => f.endsWith('.json')).sort() : []).map((f) => {
    const file = join(catDir, f);
    const doc = readJson(file);
    problems.push(...validate('catalogue', file, doc));
    return doc;
  });
  const pledgesFile = join(dir, 'pledges.json');
  const pledges = readJson(pledgesFile);
  problems.push(...validate('pledges', pledgesFile, pledges));
  const accountsFile = join(dir, 'accounts.json');
  const accounts = readJson(accountsFile);
  problems.push(...validate('accounts', accountsFile, accounts));
  const recognitionsFile = join(dir, 'recognitions.json');
  const recognitions = existsSync(recognitionsFile) ? readJson(recognitionsFile) : { recognitions: [] };
  problems.push(...validate('recognitions', recognitionsFile, recognitions));
  const evaluationFile = join(dir, 'evaluation-settings.json');
  const evaluationSettings = existsSync(evaluationFile) ? readJson(evaluationFile) : { settings: [] };
  problems.push(...validate('evaluation-settings', evaluationFile, evaluationSettings));

  // cross-file references
  const unitIds = new Set<string>((units.units ?? []).map((u: Json) => u.id));
  for (const u of units.units ?? []) if (u.parentId && !unitIds.has(u.parentId)) problems.push(`${unitsFile}: unit ${u.id} has unknown parentId ${u.parentId}`);
  for (const s of units.successions ?? [])
    for (const id of [s.predecessorId, s.successorId]) if (!unitIds.has(id)) problems.push(`${unitsFile}: succession refers to unknown unit ${id}`);
  const versions = new Set<string>(catalogues.map((c) => c.version));
  for (const p of pledges.pledges ?? []) {
    if (!unitIds.has(p.cellId)) problems.push(`${pledgesFile}: pledge ${p.id} refers to unknown cell ${p.cellId}`);
    if (!versions.has(p.catalogueVersion)) problems.push(`${pledgesFile}: pledge ${p.id} refers to unknown catalogue ${p.catalogueVersion}`);
  }
  for (const a of accounts.accounts ?? []) if (!unitIds.has(a.unitId)) problems.push(`${accountsFile}: account ${a.username} refers to unknown unit ${a.unitId}`);
  const tierCodes = new Set<string>(catalogues.flatMap((c) => (c.tiers ?? []).map((t: Json) => t.code)));
  for (const r of recognitions.recognitions ?? []) {
    if (!unitIds.has(r.unitId)) problems.push(`${recognitionsFile}: recognition ${r.id} refers to unknown unit ${r.unitId}`);
    if (!tierCodes.has(r.tierCode)) problems.push(`${recognitionsFile}: recognition ${r.id} refers to unknown tier ${r.tierCode}`);
  }
  if (problems.length) throw new SeedValidationError(problems);
  return { units, catalogues, pledges, accounts, recognitions, evaluationSettings };
}

/** Parents before children, so the parent_id foreign key holds at every insert. */
function parentFirst(units: Json[]): Json[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const depth = (u: Json, seen = new Set<string>()): number => {
    if (!u.parentId || !byId.has(u.parentId) || seen.has(u.id)) return 0;
    seen.add(u.id);
    return 1 + depth(byId.get(u.parentId), seen);
  };
  return [...units].sort((a, b) => depth(a) - depth(b));
}

async function upsert(m: EntityManager, table: string, row: Record<string, unknown>, key: string[], force: boolean, keep: string[] = []): Promise<boolean> {
  const cols = Object.keys(row);
  const vals = cols.map((c) => {
    const v = row[c];
    return v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;
  });
  const placeholders = cols.map((_, i) => `$${i + 1}`).join(', ');
  // `keep`: columns an administrator owns once changed (never overwritten, even with force)
  const updates = cols.filter((c) => !key.includes(c) && !keep.includes(c)).map((c) => `"${c}" = EXCLUDED."${c}"`).join(', ');
  const conflict = force && updates ? `DO UPDATE SET ${updates}` : 'DO NOTHING';
  const res = await m.query(
    `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${placeholders})
     ON CONFLICT (${key.map((k) => `"${k}"`).join(', ')}) ${conflict} RETURNING 1`,
    vals,
  );
  return res.length > 0;
}

export async function loadSeeds(ds: DataSource, opts: SeedOptions): Promise<SeedSummary> {
  const { units, catalogues, pledges, accounts, recognitions, evaluationSettings } = readSeeds(opts.dir);
  const force = !!opts.force;
  const summary: SeedSummary = { units: 0, successions: 0, catalogueVersions: 0, criteria: 0, indicators: 0, pledges: 0, pledgeItems: 0, accounts: 0, recognitions: 0, evaluationSettings: 0 };
  const accountList: Json[] = accounts.accounts ?? [];
  const password = opts.devPassword ?? accounts.defaultPassword;
  // hash outside the transaction (argon2 is deliberately slow); one hash shared by all dev accounts
  const existingUsernames = new Set<string>((await ds.query(`SELECT username FROM account`)).map((r: Json) => r.username));
  const needHash = force || accountList.some((a) => !existingUsernames.has(String(a.username).toLowerCase()));
  const passwordHash = needHash ? await opts.hashPassword(String(password)) : '';

  await ds.transaction(async (m) => {
    const unitRows = parentFirst(units.units ?? []);
    let i = 0;
    // units an administrator renamed keep their name and placeholder flag, even with force
    const renamed = new Set<string>(
      (await m.query(`SELECT DISTINCT unit_id FROM unit_name_revision`).catch(() => [])).map((r: Json) => r.unit_id),
    );
    for (const u of unitRows) {
      opts.onProgress?.('units', ++i, unitRows.length);
      const { id, code, codeIsSynthetic, kind, name, parentId, validFrom, validTo, placeholder, source, attributes, ...extra } = u;
      if (
        await upsert(m, 'admin_unit', {
          id, code, code_is_synthetic: !!codeIsSynthetic, kind, name, parent_id: parentId ?? null,
          valid_from: validFrom ?? null, valid_to: validTo ?? null, placeholder: !!placeholder, source: source ?? '',
          // fields beyond the columns (e.g. validFromAssumed) are kept with the unit's attributes
          attributes: { ...(attributes ?? {}), ...extra },
        }, ['id'], force, renamed.has(id) ? ['name', 'placeholder'] : [])
      ) summary.units++;
    }
    for (const s of units.successions ?? []) {
      if (await upsert(m, 'unit_succession', { predecessor_id: s.predecessorId, successor_id: s.successorId, effective_on: s.effectiveOn, share: s.share, note: s.note ?? '' }, ['predecessor_id', 'successor_id'], force))
        summary.successions++;
    }
    for (const c of catalogues) {
      const { criteria, ...doc } = c;
      if (
        await upsert(m, 'catalogue_version', {
          id: c.version, title_vi: c.titleVi, title_en: c.titleEn, period_from: c.periodFrom, period_to: c.periodTo, deadline: c.deadline,
          reporting_period: c.reportingPeriod ?? {}, legal_basis: c.legalBasis ?? [], tiers: c.tiers ?? [], district_conditions: c.districtConditions ?? [], document: doc,
        }, ['id'], force)
      ) summary.catalogueVersions++;
      let cpos = 0;
      for (const cr of criteria ?? []) {
        opts.onProgress?.(`catalogue ${c.version}`, ++cpos, criteria.length);
        const { indicators, code, appliesTo, tier, group, nameVi, nameEn, placeholder, source, ...crAttrs } = cr;
        if (
          await upsert(m, 'criterion', {
            catalogue_version: c.version, code, applies_to: appliesTo, tier: tier ?? 'ntm', group_code: group ?? null, name_vi: nameVi, name_en: nameEn,
            placeholder: !!placeholder, source: source ?? '', position: cpos, attributes: crAttrs,
          }, ['catalogue_version', 'code'], force)
        ) summary.criteria++;
        let ipos = 0;
        for (const ind of indicators ?? []) {
          ipos++;
          const { code: icode, nameVi: iv, nameEn: ie, kind, unit, comparator, threshold, thresholdSource, thresholdConfidence, rollup, range, reportedBy, ...indAttrs } = ind;
          // never overwrite a threshold an administrator changed, even with force
          const changed = await m.query(
            `SELECT 1 FROM indicator WHERE catalogue_version = $1 AND criterion_code = $2 AND code = $3 AND threshold_changed_at IS NOT NULL`,
            [c.version, code, icode],
          );
          if (changed.length > 0) continue;
          if (
            await upsert(m, 'indicator', {
              catalogue_version: c.version, criterion_code: code, code: icode, name_vi: iv, name_en: ie, kind, unit: unit ?? '', comparator: comparator ?? null,
              threshold: threshold === undefined ? null : threshold, threshold_source: thresholdSource ?? '', threshold_confidence: thresholdConfidence ?? 'unknown',
              rollup: rollup ?? {}, range: range ?? null, reported_by: reportedBy ?? 'cell', position: ipos, attributes: indAttrs,
            }, ['catalogue_version', 'criterion_code', 'code'], force)
          ) summary.indicators++;
        }
      }
    }
    const pledgeList: Json[] = pledges.pledges ?? [];
    let p = 0;
    for (const pl of pledgeList) {
      opts.onProgress?.('pledges', ++p, pledgeList.length);
      const { id, cellId, catalogueVersion, signedOn, items, ...plAttrs } = pl;
      if (await upsert(m, 'pledge', { id, cell_id: cellId, catalogue_version: catalogueVersion, signed_on: signedOn, attributes: plAttrs }, ['id'], force)) summary.pledges++;
      for (const it of items ?? []) {
        const { id: itemId, criterionCode, indicatorCode, target, dueDate, ...itAttrs } = it;
        if (
          await upsert(m, 'pledge_item', {
            id: itemId, pledge_id: id, cell_id: cellId, criterion_code: criterionCode, indicator_code: indicatorCode ?? null, target, due_date: dueDate,
            status: 'active', attributes: itAttrs,
          }, ['id'], force)
        ) summary.pledgeItems++;
      }
    }
    for (const r of recognitions.recognitions ?? []) {
      if (
        await upsert(m, 'recognition_decision', {
          id: r.id, unit_id: r.unitId, tier_code: r.tierCode, decision_number: r.decisionNumber ?? null, decided_on: r.decidedOn ?? null,
          effective_from: r.effectiveFrom, recognition_year: r.recognitionYear ?? null, issuer: r.issuer, source: r.source,
          revoked_on: r.revokedOn ?? null, note: r.note ?? null, recorded_by: 'seed',
        }, ['id'], force)
      ) summary.recognitions++;
    }
    // evaluation settings an administrator changed (updated_by not 'seed') are never overwritten, even with force
    for (const e of evaluationSettings.settings ?? []) {
      const changed = await m.query(`SELECT 1 FROM evaluation_config WHERE scope = $1 AND updated_by <> 'seed'`, [e.scope]);
      if (changed.length > 0) continue;
      if (await upsert(m, 'evaluation_config', { scope: e.scope, options: e.options, reason: e.reason ?? '', updated_by: 'seed' }, ['scope'], force)) summary.evaluationSettings++;
    }
    let a = 0;
    for (const acc of accountList) {
      opts.onProgress?.('accounts', ++a, accountList.length);
      const username = String(acc.username).toLowerCase();
      const exists = await m.query(`SELECT id FROM account WHERE username = $1`, [username]);
      if (exists.length > 0 && !force) continue;
      await m.query(
        `INSERT INTO account (id, username, display_name, password_hash, role, unit_id, email, phone, locale, active, must_change_password)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, true, $10)
         ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, password_hash = EXCLUDED.password_hash,
           role = EXCLUDED.role, unit_id = EXCLUDED.unit_id, email = EXCLUDED.email, phone = EXCLUDED.phone, locale = EXCLUDED.locale,
           must_change_password = EXCLUDED.must_change_password`,
        [exists[0]?.id ?? randomUUID(), username, acc.displayName ?? username, passwordHash, acc.role, acc.unitId, acc.email ?? null, acc.phone ?? null, acc.locale ?? 'vi', !!opts.mustChangePassword],
      );
      summary.accounts++;
    }
  });
  return summary;
}
