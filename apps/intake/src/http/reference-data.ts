import { SubmissionReferenceCache } from '@pledge/persistence';
import { APP_CONFIG } from '@pledge/platform';
import { DataSource } from 'typeorm';
import type { IntakeEnv } from '../config';

/** Units and catalogue for the submission rules, cached for REFERENCE_CACHE_MS. */
export const referenceDataProvider = {
  provide: SubmissionReferenceCache,
  inject: [DataSource, APP_CONFIG],
  useFactory: (ds: DataSource, env: IntakeEnv) => new SubmissionReferenceCache(ds, env.REFERENCE_CACHE_MS),
};
