/** Turning a criterion update event (topic ntm.criterion-updates / ntm.criterion-recorded) into readings. */
import type { CriterionUpdateV1 } from '@pledge/contracts';
import { failed, ok, type ParseOutcome, type ValidationIssue } from '../shared/validation';
import { parseReading } from './reading.schema';
import type { Reading } from './reading.types';

const PER_READING = ['indicatorCode', 'value', 'numerator', 'denominator'];

/** Where a reading field lives in the update: per-reading fields under `readings[i]`, the rest at the top. */
function updatePath(readingPath: string, i: number): string {
  const field = readingPath.split(/[.[]/)[0];
  if (PER_READING.includes(field)) return `readings[${i}].${readingPath}`;
  return field === 'hamletId' ? readingPath.replace('hamletId', 'hamletCode') : readingPath;
}

/**
 * One {@link Reading} per indicator reading of a `CriterionUpdateV1` (they share the event's `eventId`, `asOf`,
 * `reportedAt` and `reportedBy`; `hamletCode` becomes `hamletId`), each parsed and normalised like
 * {@link parseReading}. Issues name the path inside the update, e.g. `readings[1].value`.
 */
export function readingsFromCriterionUpdate(update: CriterionUpdateV1, file = 'criterion-update'): ParseOutcome<Reading[]> {
  const readings: Reading[] = [];
  const issues: ValidationIssue[] = [];
  update.readings.forEach((r, i) => {
    const outcome = parseReading(
      {
        eventId: update.eventId,
        hamletId: update.hamletCode,
        criterionCode: update.criterionCode,
        indicatorCode: r.indicatorCode,
        value: r.value ?? null,
        numerator: r.numerator ?? null,
        denominator: r.denominator ?? null,
        asOf: update.asOf,
        reportedAt: update.reportedAt,
        reportedBy: update.reportedBy,
      },
      file,
    );
    if (outcome.ok) readings.push(outcome.value);
    else issues.push(...outcome.issues.map((issue) => ({ ...issue, path: updatePath(issue.path, i) })));
  });
  const unique = issues.filter((issue, i) => issues.findIndex((o) => o.path === issue.path && o.problem === issue.problem) === i);
  return unique.length ? failed(unique) : ok(readings);
}
