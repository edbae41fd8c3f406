import { authEnvSchema, baseEnvSchema, databaseEnvSchema, httpEnvSchema } from '@pledge/platform';
import { z } from 'zod';

export const dashboardEnvSchema = baseEnvSchema
  .extend(databaseEnvSchema.shape)
  .extend(authEnvSchema.shape)
  .extend(httpEnvSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  });

export type DashboardEnv = z.infer<typeof dashboardEnvSchema>;
