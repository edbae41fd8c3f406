import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './env';

/**
 * End-to-end tests run the apps exactly as they are deployed: compiled JavaScript, one process
 * each. Each test run compiles the current sources into a build directory of its own (so a
 * concurrent `npm run build` cannot pull the files from under a running test) and exports its
 * path as PLEDGE_TEST_DIST for the test files.
 */
export function buildForTests(): string {
  const root = join(REPO_ROOT, '.var', 'test-build');
  mkdirSync(root, { recursive: true });
  // keep the five newest builds (other test runs may still use them)
  const old = readdirSync(root)
    .map((d) => ({ d, t: statSync(join(root, d)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
    .slice(5);
  for (const o of old) if (Date.now() - o.t > 3600_000) rmSync(join(root, o.d), { recursive: true, force: true });
  const out = join(root, `${Date.now()}-${process.pid}`);
  const bin = (n: string) => join(REPO_ROOT, 'node_modules', '.bin', n);
  try {
    // --noCheck: emit only (type errors are reported by `npm run build` / `npm run typecheck`, which npm test runs first)
    execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', out, '--noCheck'], { cwd: REPO_ROOT, stdio: 'pipe' });
    execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', out], { cwd: REPO_ROOT, stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`The TypeScript build for the end-to-end tests failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}${e.message}`, {
      cause: err,
    });
  }
  if (!existsSync(join(out, 'apps', 'intake', 'src', 'main.js'))) throw new Error(`build produced no apps in ${out}`);
  return out;
}
