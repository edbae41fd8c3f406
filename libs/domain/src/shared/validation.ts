import type { z, ZodError } from 'zod';
import { normaliseDeepNfc } from '../text/nfc';

/**
 * One problem found while turning input (a seed file, a database row, an event) into domain types.
 * Rendered as `file: path: problem`, e.g. `units.json: units[3].validTo: expected an ISO date (YYYY-MM-DD)`.
 */
export interface ValidationIssue {
  /** Where the input came from: a seed file name, `reading`, a table name, ... */
  readonly file: string;
  /** JSON path inside the input, e.g. `criteria[2].indicators[0].threshold` (empty for the whole input). */
  readonly path: string;
  /** What is wrong, in English. */
  readonly problem: string;
}

/** The result of a parser: the typed value, or every problem found. */
export type ParseOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Renders an issue as one line: `file: path: problem`. */
export function formatIssue(issue: ValidationIssue): string {
  return issue.path ? `${issue.file}: ${issue.path}: ${issue.problem}` : `${issue.file}: ${issue.problem}`;
}

/** Thrown by {@link unwrap}: carries every issue; the message lists them one per line. */
export class DomainValidationError extends Error {
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(`Invalid input (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'DomainValidationError';
  }
}

/** The value of a successful outcome; throws {@link DomainValidationError} otherwise. */
export function unwrap<T>(outcome: ParseOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new DomainValidationError(outcome.issues);
}

/** Renders a path array as `a[0].b`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Converts zod's issues into {@link ValidationIssue}s for `file`. */
export function issuesFromZod(file: string, error: ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ file, path: formatPath(issue.path), problem: issue.message }));
}

/** A successful outcome. */
export function ok<T>(value: T): ParseOutcome<T> {
  return { ok: true, value };
}

/** A failed outcome (`issues` must not be empty). */
export function failed<T>(issues: readonly ValidationIssue[]): ParseOutcome<T> {
  return { ok: false, issues };
}

/**
 * The common parse path: NFC-normalise `input`, validate it with `schema`, then run `check` (rules spanning
 * fields) on the typed value. Problems name `file`.
 */
export function parseWithSchema<T>(
  schema: z.ZodType<T>,
  input: unknown,
  file: string,
  check: (value: T, file: string) => ValidationIssue[] = () => [],
): ParseOutcome<T> {
  const parsed = schema.safeParse(normaliseDeepNfc(input));
  if (!parsed.success) return failed(issuesFromZod(file, parsed.error));
  const issues = check(parsed.data, file);
  return issues.length ? failed(issues) : ok(parsed.data);
}
