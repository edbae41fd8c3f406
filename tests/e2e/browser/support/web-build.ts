import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../support/env';

export const WEB_ROOT = join(REPO_ROOT, 'apps', 'dashboard', 'web');
export const WEB_DIST = join(WEB_ROOT, 'dist');
const INDEX = join(WEB_DIST, 'index.html');

/** Newest modification time of what the web build reads: the web sources and the libs/domain files it imports. */
function newestSource(): number {
  let newest = 0;
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (f === 'node_modules' || p === WEB_DIST) continue;
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else newest = Math.max(newest, s.mtimeMs);
    }
  };
  walk(WEB_ROOT);
  walk(join(REPO_ROOT, 'libs', 'domain', 'src', 'text'));
  walk(join(REPO_ROOT, 'libs', 'domain', 'src', 'shared'));
  return newest;
}

const fresh = () => existsSync(INDEX) && statSync(INDEX).mtimeMs >= newestSource();

/**
 * The browser tests need the built web app (apps/dashboard/web/dist, served by the dashboard). `npm test` builds
 * it (`npm run build` includes `build:web`); a test file run alone, on a fresh clone or after the web sources
 * changed, builds it here: under an exclusive file lock (flock), re-checking inside the lock, so parallel test
 * files build it once.
 */
export function ensureWebBuilt(): string {
  if (fresh()) return WEB_DIST;
  mkdirSync(join(REPO_ROOT, '.var'), { recursive: true });
  const script = `node -e 'process.exit(require("fs").existsSync(${JSON.stringify(INDEX)}) && ${newestSource()} <= require("fs").statSync(${JSON.stringify(INDEX)}).mtimeMs ? 0 : 1)' || npm run --silent build:web`;
  try {
    execFileSync('flock', [join(REPO_ROOT, '.var', 'web-build.lock'), 'bash', '-c', script], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 300_000 });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`Building the web app (npm run build:web) failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}${e.message}`, { cause: err });
  }
  if (!existsSync(INDEX)) throw new Error(`npm run build:web produced no ${INDEX}`);
  return WEB_DIST;
}
