import { hash } from 'argon2';
import { join } from 'node:path';
import { register } from 'tsconfig-paths';
import { REPO_ROOT, TEST_PASSWORD } from './env';
import { assertServicesUp } from './services-check';
import { prepareTemplateDatabase } from './template-db';
import { buildForTests } from './test-build';

// Jest's moduleNameMapper does not apply to globalSetup: resolve the @pledge/* aliases here.
register({ baseUrl: REPO_ROOT, paths: { '@pledge/*': ['libs/*/src'] } });

export { TEST_PASSWORD };

export default async function globalSetup(_global: unknown, project: { displayName?: { name?: string } | string }): Promise<void> {
  await assertServicesUp();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createDataSource, loadSeeds, runMigrationsLocked } = require('@pledge/persistence') as typeof import('@pledge/persistence');
  await prepareTemplateDatabase(async (url) => {
    const ds = createDataSource({ url, applicationName: 'test-template' });
    await ds.initialize();
    try {
      await runMigrationsLocked(ds);
      await loadSeeds(ds, { dir: join(REPO_ROOT, 'seeds'), hashPassword: (p) => hash(p), password: TEST_PASSWORD });
    } finally {
      await ds.destroy();
    }
  });
  // only the end-to-end tier runs the compiled apps
  const name = typeof project?.displayName === 'string' ? project.displayName : project?.displayName?.name;
  if (name === 'e2e' && !process.env.PLEDGE_TEST_DIST) process.env.PLEDGE_TEST_DIST = buildForTests();
}
