/**
 * Benchmark of the dashboard's read API (GET /api/v1/progress and friends) on a realistic volume: the 55 cells
 * reporting every cell-reported indicator monthly from their signing (March 2023) to December 2025.
 *
 * Run (bench/run.sh compiles it into a build of its own; against the local PostgreSQL; creates and drops its own database):
 *   npm run bench:read-api
 * Writes the section "## Read API" of docs/benchmarks.md (other sections are kept).
 */
import 'reflect-metadata';
import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule, TokenService } from '@pledge/auth';
import { parseCatalogueFile, reportableIndicators, unwrap, type Catalogue } from '@pledge/domain';
import { createDataSource, loadSeeds, PersistenceModule, runMigrationsLocked } from '@pledge/persistence';
import { ApiExceptionFilter, AppConfigModule, LoggingModule } from '@pledge/platform';
import { hash } from 'argon2';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AdminModule } from '../apps/dashboard/src/admin/admin.module';
import { dashboardEnvSchema } from '../apps/dashboard/src/config';
import { CriteriaModule } from '../apps/dashboard/src/criteria/criteria.module';
import { EvaluationsModule } from '../apps/dashboard/src/evaluations/evaluations.module';
import { PledgesModule } from '../apps/dashboard/src/pledges/pledges.module';
import { ProgressModule } from '../apps/dashboard/src/progress/progress.module';
import { UnitsModule } from '../apps/dashboard/src/units/units.module';
import { ProgrammeReferenceLoader } from '../apps/dashboard/src/progress/programme/programme-reference';
import { computeProgrammeView } from '../apps/dashboard/src/progress/programme/programme-view';
import { ReadingsSource } from '../apps/dashboard/src/progress/programme/readings-source';

const ROOT = process.env.PLEDGE_ROOT ?? process.cwd();
const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pledge';

function withDb(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x: number): string => `${x.toFixed(1)} ms`;

async function seedReadings(pg: Client, catalogue: Catalogue): Promise<number> {
  const cells: { id: string; kind: string; parent_id: string }[] = (await pg.query(`SELECT id, kind, parent_id FROM admin_unit WHERE kind IN ('hamlet', 'ward') ORDER BY id`)).rows;
  const entries = reportableIndicators(catalogue, 'cell');
  const months: string[] = [];
  for (let y = 2023, m = 3; y < 2026; m === 12 ? ((m = 1), y++) : m++) months.push(`${y}-${String(m).padStart(2, '0')}-28`);
  let rows = 0;
  let seq = 0;
  for (const cell of cells) {
    const scopes = cell.kind === 'hamlet' ? ['hamlet', 'commune'] : ['ward', 'town'];
    const mine = entries.filter((e) => scopes.includes(e.criterion.appliesTo));
    const values: unknown[] = [];
    const tuples: string[] = [];
    months.forEach((asOf, mi) => {
      for (const { criterion, indicator } of mine) {
        const p = 0.5 + (0.5 * mi) / months.length;
        const v =
          indicator.kind === 'boolean'
            ? { b: mi > months.length / 2 }
            : indicator.kind === 'percentage'
              ? { n: Math.round(p * 200), d: 200 }
              : indicator.kind === 'count'
                ? { v: indicator.code === '10.0' ? 800 : Math.max(0, 5 - Math.floor(mi / 6)) }
                : { v: 40 + mi };
        const base = values.length;
        values.push(randomUUID(), indicator.code, cell.id, cell.parent_id, criterion.code, 'v' in v ? v.v : null, 'b' in v ? v.b : null, 'n' in v ? v.n : null, 'd' in v ? v.d : null, asOf, new Date(Date.UTC(2023, 0, 1) + seq++ * 1000), `bithu.${cell.id.toLowerCase()}`);
        tuples.push(`(${Array.from({ length: 12 }, (_, i) => `$${base + i + 1}`).join(', ')})`);
      }
    });
    for (let i = 0; i < tuples.length; i += 400) {
      const chunk = tuples.slice(i, i + 400);
      const params = values.slice(i * 12, (i + chunk.length) * 12);
      const renumbered = chunk.map((_, k) => `(${Array.from({ length: 12 }, (_, j) => `$${k * 12 + j + 1}`).join(', ')})`);
      await pg.query(
        `INSERT INTO rm_reading_history (event_id, indicator_code, hamlet_code, commune_code, criterion_code, value, bool_value, numerator, denominator, as_of, reported_at, reported_by)
         VALUES ${renumbered.join(', ')}`,
        params,
      );
    }
    rows += tuples.length;
  }
  await pg.query(
    `INSERT INTO rm_reading (event_id, indicator_code, hamlet_code, commune_code, criterion_code, value, bool_value, numerator, denominator, as_of, reported_at, reported_by)
     SELECT DISTINCT ON (hamlet_code, criterion_code, indicator_code) event_id, indicator_code, hamlet_code, commune_code, criterion_code, value, bool_value, numerator, denominator, as_of, reported_at, reported_by
       FROM rm_reading_history ORDER BY hamlet_code, criterion_code, indicator_code, as_of DESC, reported_at DESC, event_id DESC`,
  );
  return rows;
}

async function main(): Promise<void> {
  const name = `pledge_bench_readapi_${process.pid}`;
  const admin = new Client({ connectionString: withDb(BASE_URL, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = withDb(BASE_URL, name);
  let app: INestApplication | undefined;
  const pg = new Client({ connectionString: url });
  try {
    const ds = createDataSource({ url });
    await ds.initialize();
    await runMigrationsLocked(ds);
    await loadSeeds(ds, { dir: join(ROOT, 'seeds'), hashPassword: (p) => hash(p) });
    await ds.destroy();
    await pg.connect();

    process.env.DATABASE_URL = url;
    process.env.LOG_LEVEL = 'silent';
    process.env.JWT_SECRET ??= randomBytes(32).toString('base64url'); // generated: no secret is written in the repository
    process.env.RATE_LIMIT_STORAGE ??= 'memory';
    process.env.READ_RATE_LIMIT_PER_ACCOUNT ??= '1000000';
    @Module({
      imports: [
        AppConfigModule.forRoot(dashboardEnvSchema),
        LoggingModule.forRoot('bench'),
        PersistenceModule.forRoot('bench'),
        AuthModule.forRoot({ globalGuard: false }),
        ProgressModule,
        UnitsModule,
        CriteriaModule,
        PledgesModule,
        EvaluationsModule,
        AdminModule,
      ],
    })
    class BenchModule {}
    app = await NestFactory.create(BenchModule, { logger: false });
    app.useGlobalFilters(new ApiExceptionFilter());
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const { rows: acc } = await pg.query(`SELECT id, password_hash FROM account WHERE username = 'lanhdao.1'`);
    const token = (
      await app.get(TokenService).issue({ accountId: acc[0].id, username: 'lanhdao.1', role: 'district_leader', unitId: '874', communeId: null }, { passwordHash: acc[0].password_hash })
    ).accessToken;
    const get = async (path: string): Promise<{ t: number; bytes: number }> => {
      const t0 = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 300)}`);
      return { t: performance.now() - t0, bytes: body.length };
    };

    const catalogue = unwrap(parseCatalogueFile(JSON.parse(readFileSync(join(ROOT, 'seeds', 'catalogue', 'NTM-2021-2025.json'), 'utf8'))));
    const t0 = performance.now();
    const history = await seedReadings(pg, catalogue);
    const seedMs = performance.now() - t0;
    const current = (await pg.query(`SELECT count(*)::int AS n FROM rm_reading`)).rows[0].n;
    await pg.query(`SELECT pg_notify('progress_changed', '{}')`);
    await new Promise((r) => setTimeout(r, 300));

    const cold = await get('/api/v1/progress');
    const warm: number[] = [];
    for (let i = 0; i < 200; i++) warm.push((await get('/api/v1/progress')).t);
    const burst = performance.now();
    await Promise.all(Array.from({ length: 50 }, () => get('/api/v1/progress')));
    const burstMs = performance.now() - burst;
    const recompute: number[] = [];
    for (let i = 0; i < 10; i++) {
      // as the projector signals one secretary's update: the readings of one hamlet changed
      await pg.query(`SELECT pg_notify('progress_changed', $1)`, [JSON.stringify({ kind: 'readings', hamlets: ['874-30133-A01'], applied: 1 })]);
      await new Promise((r) => setTimeout(r, 100));
      recompute.push((await get('/api/v1/progress')).t);
    }
    // where the time of a recomputation goes
    const parts = { reference: [] as number[], readings: [] as number[], compute: [] as number[] };
    for (let i = 0; i < 5; i++) {
      let t = performance.now();
      const reference = await app.get(ProgrammeReferenceLoader).load();
      parts.reference.push(performance.now() - t);
      t = performance.now();
      const readings = await app.get(ReadingsSource).load('2025-12-31');
      parts.readings.push(performance.now() - t);
      t = performance.now();
      computeProgrammeView(reference, readings, { version: 'NTM-2021-2025', asOf: '2025-12-31', now: new Date() });
      parts.compute.push(performance.now() - t);
    }
    const other: [string, number, number][] = [];
    for (const path of ['/api/v1/pledges', '/api/v1/rankings', '/api/v1/evaluations/2025', '/api/v1/units', '/api/v1/criteria', '/api/v1/progress/units/30133']) {
      const first = await get(path);
      const again = await get(path);
      other.push([path, first.t, again.t]);
    }

    const section = [
      '## Read API',
      '',
      `Measured by \`npm run bench:read-api\` (bench/read-api.bench.ts) on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores` +
        `${process.env.BENCH_NOTE ? ` (${process.env.BENCH_NOTE})` : ''}. The dashboard’s read modules in-process over HTTP, real PostgreSQL, ` +
        `the seeded units/catalogue/pledges plus ${history.toLocaleString('en')} readings in rm_reading_history (every cell-reported indicator of the 55 cells, monthly ` +
        `03/2023–12/2025; ${current.toLocaleString('en')} in rm_reading; seeding took ${(seedMs / 1000).toFixed(1)} s).`,
      '',
      '| what | time |',
      '|---|---|',
      `| GET /api/v1/progress, first (load reference + readings + history, compute through libs/domain; ${(cold.bytes / 1024).toFixed(0)} KiB) | ${ms(cold.t)} |`,
      `| GET /api/v1/progress after the projector’s NOTIFY for one hamlet (re-read that hamlet, recompute; reference and the other cells’ results reused), median of 10 | ${ms(percentile(recompute, 50))} (max ${ms(Math.max(...recompute))}) |`,
      `| GET /api/v1/progress from the cache, 200 sequential: p50 / p95 | ${ms(percentile(warm, 50))} / ${ms(percentile(warm, 95))} |`,
      `| 50 concurrent GET /api/v1/progress (one burst, cached) | ${ms(burstMs)} in total |`,
      `| from scratch: load the reference data (units, catalogue, pledges) / snapshot of the readings (in memory) / compute everything through libs/domain, medians of 5 | ${ms(percentile(parts.reference, 50))} / ${ms(percentile(parts.readings, 50))} / ${ms(percentile(parts.compute, 50))} |`,
      ...other.map(([path, first, again]) => `| GET ${path}: first / again | ${ms(first)} / ${ms(again)} |`),
      '',
      'The first request after a change pays the computation (district standard, 13 commune and 55 cell standards, 307 pledge-item ' +
        'forecasts from the history); later ones share it until the next NOTIFY (see README “Read API”).',
      '',
    ].join('\n');
    const file = join(ROOT, 'docs', 'benchmarks.md');
    const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n';
    const pattern = /## Read API\n[\s\S]*?(?=\n## |$)/;
    const updated = pattern.test(existing) ? existing.replace(pattern, section.trimEnd() + '\n') : `${existing.trimEnd()}\n\n${section}`;
    writeFileSync(file, updated);
    process.stdout.write(`${section}\n`);
  } finally {
    await app?.close().catch(() => undefined);
    await pg.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`read API benchmark failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
