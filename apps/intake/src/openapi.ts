import type { OpenApiInfo } from '@pledge/platform';

/** The intake's OpenAPI title and description (main.ts; scripts/api-types for the web app's generated types). */
export const INTAKE_OPENAPI: OpenApiInfo = {
  title: 'Thanh Bình pledge pipeline: intake API',
  description:
    'Cell secretaries (bí thư chi bộ) submit criterion updates for their hamlet or ward; commune officers verify or return them; ' +
    'administrators manage accounts. Log in at POST /api/v1/auth/login and send the access token as "Authorization: Bearer <token>". ' +
    'Every error has the same body: { statusCode, error, message (Vietnamese), messageEn, details: [{ field, problem, message, messageEn }] }. ' +
    'Limits: body size BODY_LIMIT (413), requests per minute per account and per address (429 with Retry-After).',
};
