import { z } from 'zod';
import { parseWithSchema, type ParseOutcome, type ValidationIssue } from '../shared/validation';
import { ComparatorSchema, IsoDateSchema } from '../shared/schema-primitives';
import type { PledgesFile } from './pledge.types';

/** Zod schema of one pledge item. */
export const PledgeItemSchema = z
  .object({
    id: z.string().min(1),
    criterionCode: z.string().min(1),
    indicatorCode: z.string().min(1).nullable().default(null),
    target: z.object({ comparator: ComparatorSchema, value: z.union([z.number(), z.boolean()]) }),
    dueDate: IsoDateSchema,
    note: z.string().nullable().default(null),
  })
  .superRefine((item, ctx) => {
    if (item.indicatorCode === null && (item.target.comparator !== '==' || item.target.value !== true)) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'a criterion-level item (no indicatorCode) has the target == true' });
    }
  });

/** Zod schema of one pledge. */
export const PledgeSchema = z
  .object({
    id: z.string().min(1),
    cellId: z.string().min(1),
    catalogueVersion: z.string().min(1),
    signedOn: IsoDateSchema,
    placeholder: z.boolean().default(false),
    source: z.string().nullable().default(null),
    items: z.array(PledgeItemSchema).min(1),
  })
  .superRefine((pledge, ctx) => {
    pledge.items.forEach((item, i) => {
      if (item.dueDate <= pledge.signedOn) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'dueDate'], message: `due ${item.dueDate}, not after signing on ${pledge.signedOn}` });
      }
    });
  });

const PledgesFileSchema = z.object({ pledges: z.array(PledgeSchema) });

/**
 * Parses `pledges.json` (or pledges assembled from database rows): NFC-normalises, checks each field, that each
 * item is due after signing, and that pledge ids, item ids and cells are unique (one pledge per cell and catalogue
 * version). References to cells and indicators are checked by `checkSeedIntegrity`, which also sees the other files.
 */
export function parsePledgesFile(input: unknown, file = 'pledges.json'): ParseOutcome<PledgesFile> {
  return parseWithSchema<PledgesFile>(PledgesFileSchema, input, file, checkPledgesFile);
}

function checkPledgesFile(value: PledgesFile, file: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ids = new Set<string>();
  const cells = new Set<string>();
  value.pledges.forEach((pledge, p) => {
    const cellKey = `${pledge.cellId}|${pledge.catalogueVersion}`;
    if (cells.has(cellKey)) issues.push({ file, path: `pledges[${p}].cellId`, problem: `second pledge of ${pledge.cellId} for ${pledge.catalogueVersion}` });
    cells.add(cellKey);
    const entries: Array<[string, string]> = [
      [`pledges[${p}].id`, pledge.id],
      ...pledge.items.map((item, i): [string, string] => [`pledges[${p}].items[${i}].id`, item.id]),
    ];
    for (const [path, id] of entries) {
      if (ids.has(id)) issues.push({ file, path, problem: `duplicate id ${id}` });
      ids.add(id);
    }
  });
  return issues;
}
