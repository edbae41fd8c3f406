/**
 * Recognition decisions: a unit's standard as the authority recognised it (the provincial People's Committee
 * recognises a commune "đạt chuẩn nông thôn mới"; the Prime Minister a district), as dated facts beside the status
 * this system computes from readings. A district condition says which of the two it counts (its `basis`).
 */
import { z } from 'zod';
import type { IsoDate } from '../shared/iso-date';
import { IsoDateSchema } from '../shared/schema-primitives';
import { parseWithSchema, type ParseOutcome } from '../shared/validation';

/** One recognition decision. */
export interface RecognitionDecision {
  readonly id: string;
  readonly unitId: string;
  /** The catalogue tier recognised (e.g. TIER-XA-NTM). */
  readonly tierCode: string;
  /** The decision's number ("QĐ 1234/QĐ-UBND"); null when it is not known. */
  readonly decisionNumber: string | null;
  /** The day the decision was signed; null when it is not known. */
  readonly decidedOn: IsoDate | null;
  /**
   * The first day the recognition is known to hold: the decision's day, or, when only a later report of it is known,
   * that report's day. Views before this day do not count it.
   */
  readonly effectiveFrom: IsoDate;
  /** The year the recognition is "for" ("đạt chuẩn NTM năm 2021"); null when not stated. */
  readonly recognitionYear: number | null;
  /** Who decided: "UBND tỉnh Đồng Tháp". */
  readonly issuer: string;
  /** Where the fact comes from (the decision, or a newspaper report of it). */
  readonly source: string;
  /** The day a later decision withdrew it; null while it holds. */
  readonly revokedOn: IsoDate | null;
  readonly note: string | null;
}

/** Zod schema of a recognition decision (seed file entries and administrators' entries). */
export const RecognitionDecisionSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an id is letters, digits, dot, dash or underscore'),
    unitId: z.string().min(1),
    tierCode: z.string().min(1),
    decisionNumber: z.string().trim().min(1).max(200).nullable().default(null),
    decidedOn: IsoDateSchema.nullable().default(null),
    effectiveFrom: IsoDateSchema,
    recognitionYear: z.number().int().min(1990).max(2100).nullable().default(null),
    issuer: z.string().trim().min(1).max(300),
    source: z.string().trim().min(1).max(2000),
    revokedOn: IsoDateSchema.nullable().default(null),
    note: z.string().max(2000).nullable().default(null),
  })
  .refine((d) => d.decidedOn === null || d.decidedOn <= d.effectiveFrom, { message: 'effectiveFrom must not be before decidedOn', path: ['effectiveFrom'] })
  .refine((d) => d.revokedOn === null || d.revokedOn > d.effectiveFrom, { message: 'revokedOn must be after effectiveFrom', path: ['revokedOn'] });

/** The seed file `seeds/recognitions.json`. */
export interface RecognitionsFile {
  readonly recognitions: readonly RecognitionDecision[];
}

/** Parses `seeds/recognitions.json` (or the same shape from the database). */
export function parseRecognitionsFile(input: unknown, file = 'recognitions'): ParseOutcome<RecognitionsFile> {
  return parseWithSchema<RecognitionsFile>(z.object({ recognitions: z.array(RecognitionDecisionSchema) }), input, file);
}

/** Recognitions by `unitId|tierCode`, for lookups during an assessment. */
export type RecognitionIndex = ReadonlyMap<string, readonly RecognitionDecision[]>;

/** Builds a {@link RecognitionIndex}. */
export function indexRecognitions(decisions: readonly RecognitionDecision[]): RecognitionIndex {
  const index = new Map<string, RecognitionDecision[]>();
  for (const d of decisions) {
    const key = `${d.unitId}|${d.tierCode}`;
    const list = index.get(key) ?? [];
    list.push(d);
    index.set(key, list);
  }
  return index;
}

/** The decision recognising `unitId` at `tierCode` in force on `day` (the earliest one), or null. */
export function recognitionOn(index: RecognitionIndex | undefined, unitId: string, tierCode: string, day: IsoDate): RecognitionDecision | null {
  let found: RecognitionDecision | null = null;
  for (const d of index?.get(`${unitId}|${tierCode}`) ?? []) {
    if (d.effectiveFrom > day || (d.revokedOn !== null && d.revokedOn <= day)) continue;
    if (found === null || d.effectiveFrom < found.effectiveFrom) found = d;
  }
  return found;
}
