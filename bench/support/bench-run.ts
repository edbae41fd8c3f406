/**
 * What a benchmark run needs around the system under test: databases of its own (migrated and seeded), Kafka topics
 * under a prefix of its own, the compiled apps as their own processes, and a clean-up that removes all of it. Used by
 * bench/ingest (the older benchmarks carry their own copies of these helpers).
 */
import { topicSpecs } from '@pledge/contracts';
import { createDataSource, loadSeeds, runMigrationsLocked } from '@pledge/persistence';
import { ensureTopics } from '@pledge/platform';
import { hash } from 'argon2';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

export const REPO = process.cwd();
/** The compiled sources bench/run.sh made for this run. */
export const BUILD = process.env.BENCH_BUILD ?? join(REPO, 'dist');

export const num = (name: string, def: number): number => (process.env[name] ? Number(process.env[name]) : def);
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
export const log = (s: string): void => void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface BenchApp {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export class BenchRun {
  readonly tag = randomBytes(3).toString('hex');
  readonly password = `bench ${this.tag} ${randomBytes(9).toString('base64url')}`;
  readonly jwtSecret = randomBytes(32).toString('base64');
  readonly artifacts: string;
  readonly kafka: Kafka;
  private readonly children = new Set<ChildProcess>();
  private readonly databases: string[] = [];
  private readonly prefixes: string[] = [];

  constructor(
    readonly name: string,
    readonly opts: { adminUrl: string; brokers: string[]; keep: boolean },
  ) {
    this.artifacts = join(REPO, '.var', `bench-${name}`, this.tag);
    mkdirSync(this.artifacts, { recursive: true });
    this.kafka = new Kafka({ clientId: `bench-${name}-${this.tag}`, brokers: opts.brokers, logLevel: logLevel.NOTHING });
  }

  dbUrl(database: string): string {
    const u = new URL(this.opts.adminUrl);
    u.pathname = `/${database}`;
    return u.toString();
  }

  async admin<T>(f: (c: Client) => Promise<T>): Promise<T> {
    const c = new Client({ connectionString: this.opts.adminUrl });
    await c.connect();
    try {
      return await f(c);
    } finally {
      await c.end();
    }
  }

  /** A database of the run's own, migrated and seeded (the seeded accounts' password is `password`). */
  async newDatabase(suffix: string): Promise<string> {
    const name = `pledge_bench_${this.name}_${this.tag}_${suffix}`;
    await this.admin((c) => c.query(`CREATE DATABASE "${name}"`));
    this.databases.push(name);
    const ds = createDataSource({ url: this.dbUrl(name), applicationName: `bench-${this.name}` });
    await ds.initialize();
    try {
      await runMigrationsLocked(ds);
      await loadSeeds(ds, { dir: join(REPO, 'seeds'), hashPassword: (p) => hash(p), password: this.password });
    } finally {
      await ds.destroy();
    }
    return this.dbUrl(name);
  }

  /** The project's topics under `prefix` (removed by cleanUp). */
  async createTopics(prefix: string, partitions: number): Promise<void> {
    this.prefixes.push(prefix);
    const a = this.kafka.admin();
    await a.connect();
    try {
      await ensureTopics(
        a,
        topicSpecs({ updates: partitions, recorded: partitions }).map((t) => ({
          topic: prefix + t.topic,
          numPartitions: t.numPartitions,
          replicationFactor: 1,
        })),
      );
    } finally {
      await a.disconnect();
    }
  }

  /** Runs `script` (a compiled entry point) as a process of its own; resolves once GET /health answers 200. */
  async startScript(script: string, env: Record<string, string>, label: string, nodeArgs: string[] = []): Promise<BenchApp> {
    const port = await freePort();
    const logFile = createWriteStream(join(this.artifacts, `${label}.log`));
    const proc = spawn(process.execPath, [...nodeArgs, script], {
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', JWT_SECRET: this.jwtSecret, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout.pipe(logFile);
    proc.stderr.pipe(logFile);
    this.children.add(proc);
    const exited = new Promise<void>((r) => proc.on('exit', () => r()));
    proc.on('exit', () => this.children.delete(proc));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`${label} exited during start-up; see ${join(this.artifacts, `${label}.log`)}`);
      try {
        if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok) break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error(`${label} not healthy after 120 s`);
      await sleep(250);
    }
    return {
      url,
      proc,
      stop: async () => {
        if (proc.exitCode !== null) return;
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(t);
      },
    };
  }

  /** One of the compiled apps (apps/<name>/src/main.js of this run's build). */
  startApp(name: string, env: Record<string, string>, label = name, nodeArgs: string[] = []): Promise<BenchApp> {
    return this.startScript(join(BUILD, 'apps', name, 'src', 'main.js'), env, label, nodeArgs);
  }

  /** Sum of a consumer group's committed offsets on `topic` (0 for partitions without one). */
  async committed(groupId: string, topic: string): Promise<number> {
    const a = this.kafka.admin();
    await a.connect();
    try {
      const offsets = await a.fetchOffsets({ groupId, topics: [topic] });
      return offsets.flatMap((t) => t.partitions).reduce((s, p) => s + Math.max(0, Number(p.offset)), 0);
    } finally {
      await a.disconnect();
    }
  }

  async cleanUp(): Promise<void> {
    for (const p of this.children) p.kill('SIGKILL');
    if (this.opts.keep) {
      log(`BENCH_KEEP: kept databases ${this.databases.join(', ')} and topic prefixes ${this.prefixes.join(', ')}`);
      return;
    }
    const a = this.kafka.admin();
    await a.connect().catch(() => undefined);
    const topics = (await a.listTopics().catch(() => [] as string[])).filter((t) => this.prefixes.some((p) => t.startsWith(p)));
    if (topics.length) await a.deleteTopics({ topics }).catch((e: Error) => log(`could not delete topics: ${e.message}`));
    const groups = (await a.listGroups().catch(() => ({ groups: [] as { groupId: string }[] }))).groups
      .map((g) => g.groupId)
      .filter((g) => this.prefixes.some((p) => g.startsWith(p)));
    if (groups.length) await a.deleteGroups(groups).catch(() => undefined);
    await a.disconnect().catch(() => undefined);
    for (const name of this.databases)
      await this.admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch((e: Error) => log(`could not drop ${name}: ${e.message}`));
    log(`cleaned up: ${this.databases.length} databases, ${topics.length} topics`);
  }
}

/** Replaces (or appends) the section under `heading` ("## Ingest") of docs/benchmarks.md, leaving every other section as it is. */
export function writeDocSection(file: string, heading: string, section: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(`\n${heading}\n`);
  let next: string;
  if (start < 0) next = `${current.trimEnd()}\n\n${section}`;
  else {
    const after = current.indexOf('\n## ', start + 1);
    next = `${current.slice(0, start + 1)}${section}${after < 0 ? '' : current.slice(after)}`;
  }
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}
