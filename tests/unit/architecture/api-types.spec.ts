import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_APPS, GENERATED_DIR, generatedTypes } from '../../../scripts/api-types/api-types';

/** The web app's API types are the ones the apps' OpenAPI documents give today (run `npm run api:types` when not). */
describe('generated web API types', () => {
  it('apps/dashboard/web/src/api/generated/*.ts equal freshly generated ones', async () => {
    const fresh = await generatedTypes();
    for (const app of API_APPS) {
      const committed = readFileSync(join(GENERATED_DIR, `${app}.ts`), 'utf8');
      expect({ app, upToDate: committed === fresh[app] }).toEqual({ app, upToDate: true });
    }
  }, 120_000);
});
