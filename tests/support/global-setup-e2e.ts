import globalSetup from './global-setup';
import { buildForTests } from './test-build';

/** The e2e tier's global setup: the medium tier's, then the apps compiled for the run (only this tier runs them). */
export default async function globalSetupE2e(): Promise<void> {
  await globalSetup();
  if (!process.env.PLEDGE_TEST_DIST) process.env.PLEDGE_TEST_DIST = buildForTests();
}
