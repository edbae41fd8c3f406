import { z } from 'zod';
import { parseWithSchema, type ParseOutcome } from '../shared/validation';
import { IsoDateSchema } from '../shared/schema-primitives';
import type { Reading } from './reading.types';

/** Event ids are ASCII so that JavaScript and PostgreSQL (`COLLATE "C"`) order them the same way. */
export const EVENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * An instant: a `Date` or an ISO 8601 string with `Z` or an offset. Becomes the canonical UTC form
 * `YYYY-MM-DDTHH:mm:ss.sssZ`; digits beyond milliseconds are dropped. Store this canonical form (not the
 * client's string) so that the database, which keeps microseconds, orders readings exactly as the domain does.
 */
export const InstantSchema = z.union([z.date(), z.string().regex(INSTANT, 'expected an ISO 8601 instant with Z or an offset')]).transform((value, ctx) => {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'not a real instant' });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });

/**
 * Zod schema of a {@link Reading}: from an event payload or a database row. Missing value fields become null;
 * exactly one value form must be present; numerator and denominator are ≥ 0.
 */
export const ReadingSchema = z
  .object({
    eventId: z.string().regex(EVENT_ID_PATTERN, 'expected 1-128 ASCII letters, digits, ".", "_", ":" or "-"'),
    hamletId: z.string().min(1),
    criterionCode: z.string().min(1),
    indicatorCode: z.string().min(1),
    value: z.union([finite, z.boolean()]).nullable().default(null),
    numerator: finite.min(0).nullable().default(null),
    denominator: finite.min(0).nullable().default(null),
    asOf: IsoDateSchema,
    reportedAt: InstantSchema,
    reportedBy: z.string().min(1),
  })
  .superRefine((r, ctx) => {
    const hasValue = r.value !== null;
    const hasNumerator = r.numerator !== null;
    const hasDenominator = r.denominator !== null;
    if (hasNumerator !== hasDenominator) {
      ctx.addIssue({ code: 'custom', path: [hasNumerator ? 'denominator' : 'numerator'], message: 'numerator and denominator come together' });
    } else if (hasValue === hasNumerator) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'give either value or numerator + denominator, not both and not neither' });
    }
  });

/** Parses one reading (event payload or database row), NFC-normalising its text. */
export function parseReading(input: unknown, file = 'reading'): ParseOutcome<Reading> {
  return parseWithSchema<Reading>(ReadingSchema, input, file);
}
