import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Which app writes and which reads each table, found in the apps' own code (apps/<app>/src, the web app aside):
 *  - writes: SQL `INSERT INTO t`, `UPDATE t`, `DELETE FROM t`, `COPY t`, `TRUNCATE t`; TypeORM writes naming an
 *    entity (`getRepository(XEntity).save/insert/update/delete/upsert/remove…`, `manager.insert(XEntity, …)`); the
 *    entities of the projector's read-model map (READ_MODEL_ENTITIES), which it writes under computed names; the
 *    seed loader's `upsert(m, 't', …)`;
 *  - reads: SQL `FROM t` / `JOIN t`, and any other use of a table's entity class;
 *  - and what the libs/persistence helpers an app calls (by exported name) read and write.
 * Tables are those the migrations create; entity classes map to them through `@Entity('t')` in libs/persistence.
 */
export interface TableAccess {
  table: string;
  writers: string[];
  readers: string[];
}

const REPO = join(__dirname, '..', '..');

function files(dir: string, skip: (d: string) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!skip(relative(REPO, p))) out.push(...files(p, skip));
    } else if (p.endsWith('.ts') && !p.endsWith('.spec.ts')) out.push(p);
  }
  return out;
}

/** Tables the migrations leave: created, and not dropped by a later migration's up() (file order = time order). */
function knownTables(): Set<string> {
  const out = new Set<string>();
  for (const f of files(join(REPO, 'libs', 'persistence', 'src', 'migrations')).sort()) {
    const text = readFileSync(f, 'utf8');
    const down = text.search(/async down\(/);
    const up = down < 0 ? text : text.slice(0, down);
    for (const m of up.matchAll(/(CREATE|DROP) TABLE (?:IF (?:NOT )?EXISTS )?"?([a-z_][a-z0-9_]*)"?/g)) {
      if (m[1] === 'CREATE') out.add(m[2]);
      else out.delete(m[2]);
    }
  }
  return out;
}

function entityTables(): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files(join(REPO, 'libs', 'persistence', 'src')))
    for (const m of readFileSync(f, 'utf8').matchAll(/@Entity\(\s*(?:\{\s*name:\s*)?'([a-z_0-9]+)'[\s\S]*?export class (\w+)/g)) out.set(m[2], m[1]);
  return out;
}

const WRITE_SQL = /\b(?:INSERT INTO|UPDATE|DELETE FROM|COPY|TRUNCATE(?: TABLE)?)\s+"?([a-z_][a-z0-9_]*)"?/g;
const READ_SQL = /\b(?:FROM|JOIN)\s+"?([a-z_][a-z0-9_]*)"?/g;
const REPO_WRITE = /getRepository\((\w+)\)\s*\.(?:save|insert|update|delete|upsert|remove|softDelete|increment|decrement)\(/g;
const MANAGER_WRITE = /\.(?:save|insert|update|delete|upsert|remove)\(\s*(\w+Entity)\b/g;
/** The seed loader's own `upsert(manager, 'table', …)`. */
const UPSERT_HELPER = /\bupsert\(\s*\w+,\s*'([a-z_][a-z0-9_]*)'/g;

export function tableAccess(): TableAccess[] {
  const tables = knownTables();
  const entities = entityTables();
  const writers = new Map<string, Set<string>>();
  const readers = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, table: string | undefined, app: string) => {
    if (table && tables.has(table)) (m.get(table) ?? m.set(table, new Set()).get(table)!).add(app);
  };
  // libs/persistence helpers that read or write tables: an app that calls one (by its exported name) reads or
  // writes what it does (the seed loader, the reference caches, the stored programme days)
  const helpers: { names: string[]; text: string }[] = files(join(REPO, 'libs', 'persistence', 'src'), (d) => /migrations|entities/.test(d))
    .map((f) => readFileSync(f, 'utf8'))
    .map((text) => ({ text, names: [...text.matchAll(/export (?:async )?(?:function|class|const) (\w+)/g)].map((m) => m[1]) }));
  for (const app of readdirSync(join(REPO, 'apps'))) {
    for (const f of files(join(REPO, 'apps', app, 'src'), (d) => d.startsWith(join('apps', 'dashboard', 'web')))) {
      const s = readFileSync(f, 'utf8');
      for (const m of s.matchAll(WRITE_SQL)) add(writers, m[1], app);
      for (const m of s.matchAll(REPO_WRITE)) add(writers, entities.get(m[1]), app);
      for (const m of s.matchAll(MANAGER_WRITE)) add(writers, entities.get(m[1]), app);
      const map = /READ_MODEL_ENTITIES[^=]*=\s*\{([\s\S]*?)\};/.exec(s);
      if (map) for (const m of map[1].matchAll(/(\w+Entity)\b/g)) add(writers, entities.get(m[1]), app);
      for (const m of s.matchAll(READ_SQL)) add(readers, m[1], app);
      for (const [cls, table] of entities) if (new RegExp(`\\b${cls}\\b`).test(s)) add(readers, table, app);
      for (const h of helpers) {
        if (!h.names.some((n) => new RegExp(`\\b${n}\\b`).test(s))) continue;
        for (const m of h.text.matchAll(WRITE_SQL)) add(writers, m[1], app);
        for (const m of h.text.matchAll(REPO_WRITE)) add(writers, entities.get(m[1]), app);
        for (const m of h.text.matchAll(MANAGER_WRITE)) add(writers, entities.get(m[1]), app);
        for (const m of h.text.matchAll(UPSERT_HELPER)) add(writers, m[1], app);
        for (const m of h.text.matchAll(READ_SQL)) add(readers, m[1], app);
      }
    }
  }
  return [...tables].sort().map((table) => {
    const w = [...(writers.get(table) ?? [])].sort();
    return { table, writers: w, readers: [...(readers.get(table) ?? [])].filter((a) => !w.includes(a)).sort() };
  });
}

/** The rows of the table in docs/architecture.md, as they should read. */
export function tableAccessMarkdown(rows: readonly TableAccess[]): string {
  const cell = (apps: readonly string[]) => (apps.length ? apps.join(', ') : '–');
  return [
    '| Table | Written by | Read by (other apps) |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| \`${r.table}\` | ${cell(r.writers)} | ${cell(r.readers)} |`),
  ].join('\n');
}
