import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../support/apps';
import { REPO_ROOT, TEST_PASSWORD, testEnv } from '../support/env';
import { eventually } from '../support/eventually';
import { repositorySecretCandidates } from '../support/repo-secrets';
import { createTestDatabase, TestDatabase } from '../support/template-db';

/**
 * The README's run command (`npm start` = scripts/run.sh), as a user runs it: it brings the whole
 * system up and prints the dashboard's URL, which answers; Ctrl-C stops every process it started
 * (apps and Kafka broker) and a second start finds the data again. It runs on its own database,
 * its own Kafka broker (private port and data directory) and its own ports, so it disturbs nothing.
 */
const APPS = ['ingest', 'projector', 'reminders', 'intake', 'dashboard'] as const;

describe('the run command (scripts/run.sh)', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let runDir: string;
  let kafkaHome: string;
  let ports: Record<string, number>;

  beforeAll(async () => {
    db = await createTestDatabase('runcmd');
    const id = randomUUID().slice(0, 8);
    kafkaHome = join(REPO_ROOT, '.var', `kafka-runcmd-${id}`);
    mkdirSync(kafkaHome, { recursive: true });
    // reuse the jars the shared broker fetched (no second download)
    const version = readFileSync(join(REPO_ROOT, 'tools/kafka/pom.xml'), 'utf8').match(/<kafka.version>(.*)<\/kafka.version>/)![1];
    const libs = join(REPO_ROOT, '.var', 'kafka', `libs-${version}`);
    if (existsSync(libs)) symlinkSync(libs, join(kafkaHome, `libs-${version}`));
    const kafkaPort = await freePort();
    ports = {};
    for (const a of APPS) ports[a] = await freePort();
    runDir = join(REPO_ROOT, '.var', 'run');
    env = {
      ...process.env,
      DATABASE_URL: db.url,
      DATABASE_URL_TEST: testEnv.databaseUrl,
      REDIS_URL: testEnv.redisUrl,
      BULLMQ_PREFIX: `runcmd${id}`,
      KAFKA_PORT: String(kafkaPort),
      KAFKA_CONTROLLER_PORT: String(await freePort()),
      KAFKA_HOME_DIR: kafkaHome,
      KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
      DASHBOARD_PORT: String(ports.dashboard),
      INTAKE_PORT: String(ports.intake),
      INGEST_PORT: String(ports.ingest),
      PROJECTOR_PORT: String(ports.projector),
      REMINDERS_PORT: String(ports.reminders),
      RUN_DIR: join(REPO_ROOT, '.var', `run-${id}`),
      // its own secrets file, made by the run command itself (never one written in the repository)
      PLEDGE_SECRETS_FILE: join(REPO_ROOT, '.var', `secrets-runcmd-${id}.env`),
      JWT_SECRET: '',
      JWT_SECRET_PREVIOUS: '',
    };
    runDir = env.RUN_DIR!;
  });

  afterAll(async () => {
    // belt and braces: never leave a broker behind even if an assertion failed
    execFileSync('bash', [join(REPO_ROOT, 'scripts/run.sh'), 'stop'], { env, stdio: 'ignore' });
    rmSync(env.PLEDGE_SECRETS_FILE!, { force: true });
    await db?.drop();
  });

  /** Start `scripts/run.sh` in the foreground; resolve with the URL it prints once the system is up. */
  function startRun(): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
    const proc = spawn('bash', [join(REPO_ROOT, 'scripts/run.sh')], { env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    return new Promise((resolve, reject) => {
      const onData = (b: Buffer) => {
        out += b.toString();
        const m = out.match(/Dashboard: (http:\/\/\S+)/);
        if (m) resolve({ proc, url: m[1], output: () => out });
      };
      proc.stdout.on('data', onData);
      proc.stderr.on('data', onData);
      proc.on('exit', (code) => reject(new Error(`run.sh exited (${code}) before the system was up:\n${out}`)));
    });
  }

  const pids = (): number[] => {
    const list = APPS.map((a) => join(runDir, `${a}.pid`))
      .filter(existsSync)
      .map((f) => Number(readFileSync(f, 'utf8')));
    const kafkaPid = join(kafkaHome, `broker-${env.KAFKA_PORT}`, 'kafka.pid');
    if (existsSync(kafkaPid)) list.push(Number(readFileSync(kafkaPid, 'utf8')));
    return list;
  };
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  async function stopRun(proc: ChildProcess): Promise<void> {
    const exited = new Promise<number | null>((r) => proc.on('exit', (c) => r(c)));
    proc.kill('SIGINT'); // what Ctrl-C sends
    expect(await exited).toBe(0);
  }

  it('brings the system up, prints a URL that answers, stops without orphans, and keeps the data on restart', async () => {
    const first = await startRun();
    expect(first.url).toBe(`http://127.0.0.1:${ports.dashboard}/`);
    const home = await fetch(first.url);
    expect(home.status).toBe(200);
    expect(await home.text()).toMatch(/Thanh Bình/);

    // its secrets: generated on the first start, private, and said where; no token signed with a written secret works
    const secretsFile = env.PLEDGE_SECRETS_FILE!;
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(secretsFile, 'utf8')).toMatch(/^JWT_SECRET=\S{48,}$/m);
    expect(first.output()).toContain(secretsFile);
    const written = repositorySecretCandidates();
    for (const secret of [...written.secrets, ...written.passwords]) {
      const forged = new JwtService().sign(
        { sub: randomUUID(), username: 'quantri', role: 'administrator', unitId: '874', typ: 'access', crd: 'x' },
        { secret, issuer: 'thanh-binh-pledge', audience: 'thanh-binh-pledge-api' },
      );
      expect((await fetch(`${first.url}api/v1/units`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    }

    const running = pids();
    expect(running).toHaveLength(APPS.length + 1); // five apps and the Kafka broker
    expect(running.every(alive)).toBe(true);

    // some data, through the whole pipeline
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const [cell] = (await pg.query(`SELECT id FROM admin_unit WHERE kind = 'hamlet' ORDER BY id LIMIT 1`)).rows;
    const [ind] = (
      await pg.query(
        `SELECT i.criterion_code, i.code FROM indicator i JOIN criterion c ON c.catalogue_version = i.catalogue_version AND c.code = i.criterion_code
        WHERE c.applies_to = 'hamlet' AND i.kind = 'percentage' AND i.reported_by = 'cell' AND NOT i.attributes ? 'readingOf' ORDER BY 1, 2 LIMIT 1`,
      )
    ).rows;
    const eventId = randomUUID();
    const token = await login(`http://127.0.0.1:${ports.intake}`, `bithu.${cell.id.toLowerCase()}`);
    const res = await fetch(`http://127.0.0.1:${ports.intake}/api/v1/updates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({
        eventId,
        hamletCode: cell.id,
        criterionCode: ind.criterion_code,
        readings: [{ indicatorCode: ind.code, numerator: 3, denominator: 4 }],
        asOf: '2025-05-31',
        reportedBy: `bithu.${cell.id.toLowerCase()}`,
      }),
    });
    expect(res.status).toBe(202);
    await eventually(
      async () => (await pg.query(`SELECT 1 FROM rm_reading WHERE event_id = $1`, [eventId])).rowCount,
      (n) => n === 1,
      { what: 'the update projected' },
    );

    await stopRun(first.proc);
    expect(running.filter(alive)).toEqual([]); // no orphans: every app and the broker are gone

    const second = await startRun();
    try {
      // the data survived: the event store, the read model, and the Kafka topics with their offsets
      expect((await pg.query(`SELECT count(*)::int AS n FROM event_store WHERE event_id = $1`, [eventId])).rows[0].n).toBe(1);
      expect((await pg.query(`SELECT count(*)::int AS n FROM rm_reading WHERE event_id = $1`, [eventId])).rows[0].n).toBe(1);
      const progress = await fetch(`${second.url}api/v1/progress`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      expect(progress.status).toBe(200);
      expect(second.output()).toMatch(/Kafka topics exist/);
    } finally {
      const again = pids();
      await stopRun(second.proc);
      expect(again.filter(alive)).toEqual([]);
      await pg.end();
    }
  }, 300_000);
});

/** Log in if the intake has authentication (it answers 404 while it has not). */
async function login(intake: string, username: string): Promise<string | null> {
  const res = await fetch(`${intake}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  if (res.status === 404) return null;
  const body = (await res.json()) as { accessToken?: string };
  return body.accessToken ?? null;
}
