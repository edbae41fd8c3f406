import { HttpStatus } from '@nestjs/common';
import { CatalogueRefused } from '@pledge/persistence';
import { ApiError } from '@pledge/platform';

const STATUS: Record<CatalogueRefused['kind'], [number, string]> = {
  invalid: [HttpStatus.UNPROCESSABLE_ENTITY, 'catalogue_invalid'],
  incomplete: [HttpStatus.UNPROCESSABLE_ENTITY, 'catalogue_incomplete'],
  published: [HttpStatus.CONFLICT, 'catalogue_published'],
  not_found: [HttpStatus.NOT_FOUND, 'unknown_version'],
};

/** A refusal of the catalogue store as the API's error body: every problem in `details`, with sheet, row and column. */
export function asApiError(err: unknown): unknown {
  if (!(err instanceof CatalogueRefused)) return err;
  const [status, code] = STATUS[err.kind];
  // the details carry the sheet, row and column besides the usual field, problem and messages
  return new ApiError(
    status,
    code,
    err.messageVi,
    err.messageEn,
    err.problems.map((p) => ({ ...p })),
  );
}
