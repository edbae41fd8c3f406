import type { OpenApiInfo } from '@pledge/platform';

/** The dashboard's OpenAPI title and description (main.ts; scripts/api-types for the web app's generated types). */
export const DASHBOARD_OPENAPI: OpenApiInfo = {
  title: 'Thanh Bình pledge pipeline: dashboard API',
  description: 'Read API: units, criteria, pledges, progress toward the district standard, reminders.',
};
