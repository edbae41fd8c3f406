import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { newTestSecret, REPO_ROOT } from './env';

/** The signing secret of apps started without one (generated per test file; a test system passes its own). */
const FALLBACK_JWT_SECRET = newTestSecret();

export type AppName = 'intake' | 'ingest' | 'projector' | 'reminders' | 'dashboard';

/** A free TCP port on 127.0.0.1 (the OS picks; we release it and the app binds it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export function testDist(): string {
  const d = process.env.PLEDGE_TEST_DIST;
  if (!d) throw new Error('PLEDGE_TEST_DIST is not set: run the e2e tests through jest (its global setup builds the apps)');
  return d;
}

/** A running app process with its URL and log; stop() is a clean SIGTERM, kill() a SIGKILL. */
export class RunningApp {
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  constructor(
    readonly name: AppName,
    readonly port: number,
    readonly proc: ChildProcess,
    readonly logFile: string,
    private readonly log: WriteStream,
  ) {
    // 'close' (not 'exit'): the process has ended AND its stdout/stderr are drained into the log stream
    this.exited = new Promise((resolve) =>
      proc.on('close', (code, signal) => {
        this.exitCode = code ?? (signal ? null : code);
        resolve(code);
      }),
    );
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  async stop(timeoutMs = 20000): Promise<void> {
    if (!this.alive) return;
    this.proc.kill('SIGTERM');
    const t = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(t);
    // the whole log is on disk when stop() returns (tests read it right after)
    await new Promise<void>((resolve) => this.log.end(resolve));
  }

  async kill(): Promise<void> {
    if (!this.alive) return;
    this.proc.kill('SIGKILL');
    await this.exited;
  }
}

export interface StartAppOptions {
  env: Record<string, string>;
  /** Directory for the app's log (defaults to tests/.artifacts). */
  artifactsDir?: string;
  /** Wait until GET /health answers 200 (default true). */
  waitHealthy?: boolean;
  timeoutMs?: number;
  port?: number;
}

/** Start the compiled app as its own process (as `npm start` does) and wait until it is healthy. */
export async function startApp(name: AppName, opts: StartAppOptions): Promise<RunningApp> {
  const port = opts.port ?? (await freePort());
  const dir = opts.artifactsDir ?? join(REPO_ROOT, 'tests', '.artifacts');
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, `${name}-${port}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const proc = spawn(process.execPath, [join(testDist(), 'apps', name, 'src', 'main.js')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
      JWT_SECRET: FALLBACK_JWT_SECRET,
      ...opts.env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.pipe(log, { end: false });
  proc.stderr.pipe(log, { end: false });
  const app = new RunningApp(name, port, proc, logFile, log);
  if (opts.waitHealthy !== false) await waitHealthy(app, opts.timeoutMs ?? 60000);
  return app;
}

export async function waitHealthy(app: RunningApp, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!app.alive) throw new Error(`${app.name} exited during start-up; see ${app.logFile}`);
    try {
      const res = await fetch(`${app.url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${app.name} not healthy after ${timeoutMs} ms (last: ${last}); see ${app.logFile}`);
}
