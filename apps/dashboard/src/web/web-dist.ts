import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the built web app is: WEB_DIST_DIR when set, otherwise apps/dashboard/web/dist of the repository this
 * compiled file belongs to (dist/apps/dashboard/src/web/ in `npm start`, a private build directory in the tests:
 * both sit inside the repository, so walking up finds it).
 */
export function resolveWebDist(configured: string | undefined, from = __dirname): string | null {
  if (configured) return resolve(configured);
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'dashboard', 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}
