import { hash } from 'argon2';
import { join } from 'node:path';
import { register } from 'tsconfig-paths';
import { REPO_ROOT, TEST_PASSWORD } from './env';
import { assertServicesUp } from './services-check';
import { prepareTemplateDatabase } from './template-db';

// Jest's moduleNameMapper does not apply to globalSetup: resolve the @pledge/* aliases here.
register({ baseUrl: REPO_ROOT, paths: { '@pledge/*': ['libs/*/src'] } });

export { TEST_PASSWORD };

/**
 * The medium tier's global setup: services up, template database current. Jest runs a global setup module once
 * per run however many projects name it (with the config of whichever project it finds first), so the e2e tier
 * has a module of its own (global-setup-e2e.ts) that also builds the apps.
 */
export default async function globalSetup(): Promise<void> {
  await assertServicesUp();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, only once the services check has passed
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
}
