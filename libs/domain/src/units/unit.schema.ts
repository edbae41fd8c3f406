import { z } from 'zod';
import { parseWithSchema, type ParseOutcome, type ValidationIssue } from '../shared/validation';
import { IsoDateSchema } from '../shared/schema-primitives';
import { UNIT_KINDS, type Unit, type UnitsFile } from './unit.types';

/** Zod schema of one {@link Unit} (a `units.json` entry or a mapped database row). */
export const UnitSchema = z
  .object({
    id: z.string().min(1),
    code: z.string().min(1),
    codeIsSynthetic: z.boolean(),
    kind: z.enum(UNIT_KINDS),
    name: z.string().min(1),
    parentId: z.string().min(1).nullable(),
    validFrom: IsoDateSchema,
    validFromAssumed: z.boolean().default(false),
    validTo: IsoDateSchema.nullable(),
    placeholder: z.boolean(),
    source: z.string().min(1),
    attributes: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((unit, ctx) => {
    if (unit.validTo !== null && unit.validTo < unit.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: `validTo ${unit.validTo} is before validFrom ${unit.validFrom}` });
    }
  });

/** Zod schema of a succession link. */
export const SuccessionSchema = z.object({
  predecessorId: z.string().min(1),
  successorId: z.string().min(1),
  effectiveOn: IsoDateSchema,
  share: z.enum(['whole', 'part', 'remainder']),
  note: z.string().default(''),
});

const UnitsFileSchema = z.object({ units: z.array(UnitSchema), successions: z.array(SuccessionSchema) });

/** Which parent kinds each kind may have. */
const PARENT_KINDS: Readonly<Record<Unit['kind'], readonly Unit['kind'][]>> = {
  province: [],
  district: ['province'],
  town: ['district', 'province'],
  commune: ['district', 'province'],
  hamlet: ['commune'],
  ward: ['town'],
};

/**
 * Parses `units.json` (or the same shape built from database rows): NFC-normalises, checks every field, then
 * checks the file as a whole: unique ids, parents exist and have a fitting kind, a child's validity lies within
 * its parent's, succession links point at known units and take effect the day after the predecessor ends.
 */
export function parseUnitsFile(input: unknown, file = 'units.json'): ParseOutcome<UnitsFile> {
  return parseWithSchema<UnitsFile>(UnitsFileSchema, input, file, checkUnitsFile);
}

function checkUnitsFile(value: UnitsFile, file: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const byId = new Map<string, Unit>();
  value.units.forEach((unit, i) => {
    if (byId.has(unit.id)) issues.push({ file, path: `units[${i}].id`, problem: `duplicate unit id ${unit.id}` });
    byId.set(unit.id, unit);
  });
  value.units.forEach((unit, i) => {
    const at = `units[${i}]`;
    if (unit.parentId === null) {
      if (unit.kind !== 'province') issues.push({ file, path: `${at}.parentId`, problem: `a ${unit.kind} needs a parent` });
      return;
    }
    const parent = byId.get(unit.parentId);
    if (!parent) {
      issues.push({ file, path: `${at}.parentId`, problem: `unknown parent ${unit.parentId}` });
      return;
    }
    if (!PARENT_KINDS[unit.kind].includes(parent.kind)) {
      issues.push({ file, path: `${at}.parentId`, problem: `a ${unit.kind} cannot sit under a ${parent.kind} (${parent.id})` });
    }
    const endsAfterParent = parent.validTo !== null && (unit.validTo === null || unit.validTo > parent.validTo);
    if (unit.validFrom < parent.validFrom || endsAfterParent) {
      issues.push({
        file,
        path: at,
        problem: `validity ${unit.validFrom}..${unit.validTo ?? 'open'} lies outside its parent ${parent.id} (${parent.validFrom}..${parent.validTo ?? 'open'})`,
      });
    }
  });
  value.successions.forEach((link, i) => {
    const at = `successions[${i}]`;
    const from = byId.get(link.predecessorId);
    const to = byId.get(link.successorId);
    if (!from) issues.push({ file, path: `${at}.predecessorId`, problem: `unknown unit ${link.predecessorId}` });
    if (!to) issues.push({ file, path: `${at}.successorId`, problem: `unknown unit ${link.successorId}` });
    if (to && link.effectiveOn !== to.validFrom) {
      issues.push({ file, path: `${at}.effectiveOn`, problem: `successor ${to.id} starts ${to.validFrom}, not ${link.effectiveOn}` });
    }
    if (from && from.validTo !== null && from.validTo >= link.effectiveOn) {
      issues.push({ file, path: `${at}.effectiveOn`, problem: `predecessor ${from.id} is still valid on ${link.effectiveOn}` });
    }
  });
  return issues;
}
