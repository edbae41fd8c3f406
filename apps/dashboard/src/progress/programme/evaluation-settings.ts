import { DEFAULT_EVALUATION_OPTIONS, DEFAULT_FULFILMENT_OPTIONS, normaliseDeepNfc, type EvaluationOptions, type FulfilmentOptions } from '@pledge/domain';
import { z } from 'zod';

/**
 * The settings of the year-end evaluation, data an administrator sets (table evaluation_config): libs/domain's
 * EvaluationOptions (bands, the cap on "excellent") and FulfilmentOptions (how pledge items count toward a
 * cell's score). Scope "default" applies to every year; a year scope ("2024") overrides it for that year.
 * Without any row, libs/domain's defaults apply: bands 90/70/50, excellent ≤ 20% of the collectives rated good
 * or better (the "good" pool counts the excellent ones, as the district's 2022 report does), rounded down.
 */
export interface EvaluationSettings {
  readonly evaluation: EvaluationOptions;
  readonly fulfilment: FulfilmentOptions;
}

/** A stored setting and where it comes from. */
export interface StoredEvaluationSettings {
  readonly scope: string;
  readonly settings: EvaluationSettings;
  readonly reason: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

export const BUILT_IN_EVALUATION_SETTINGS: EvaluationSettings = {
  evaluation: DEFAULT_EVALUATION_OPTIONS,
  fulfilment: DEFAULT_FULFILMENT_OPTIONS,
};

const credit = z.number().min(0).max(1);
const score = z.number().min(0).max(100);

/** What an administrator may send (every part optional: it is merged over the settings in force). */
export const EvaluationSettingsPatchSchema = z
  .object({
    bands: z.object({ excellent: score, good: score, completed: score }).strict().optional(),
    cap: z
      .object({
        ratio: z.number().gt(0).max(1).optional(),
        rounding: z.enum(['floor', 'round', 'ceil']).optional(),
        poolIncludesExcellent: z.boolean().optional(),
        scope: z.enum(['district', 'commune']).optional(),
      })
      .strict()
      .optional(),
    ruleSource: z.string().trim().min(1).max(2000).optional(),
    fulfilment: z
      .object({
        lateCredit: credit.optional(),
        overdueProgressCredit: credit.optional(),
        notYetDueCredit: z.object({ on_track: credit, at_risk: credit, off_track: credit, no_data: credit }).strict().optional(),
      })
      .strict()
      .optional(),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.bands && !(v.bands.excellent > v.bands.good && v.bands.good > v.bands.completed)) {
      ctx.addIssue({ code: 'custom', path: ['bands'], message: 'bands must satisfy excellent > good > completed' });
    }
  });

export type EvaluationSettingsPatch = z.infer<typeof EvaluationSettingsPatchSchema>;

/** `patch` merged over `base` (NFC-normalised). */
export function mergeSettings(base: EvaluationSettings, patch: EvaluationSettingsPatch): EvaluationSettings {
  const p = normaliseDeepNfc(patch);
  return {
    evaluation: {
      bands: p.bands ?? base.evaluation.bands,
      cap: { ...base.evaluation.cap, ...(p.cap ?? {}) },
      ruleSource: p.ruleSource ?? base.evaluation.ruleSource,
    },
    fulfilment: {
      lateCredit: p.fulfilment?.lateCredit ?? base.fulfilment.lateCredit,
      overdueProgressCredit: p.fulfilment?.overdueProgressCredit ?? base.fulfilment.overdueProgressCredit,
      notYetDueCredit: p.fulfilment?.notYetDueCredit ?? base.fulfilment.notYetDueCredit,
    },
  };
}

/** The stored jsonb of a row: `{ bands, cap, ruleSource, fulfilment }`. */
export function settingsToJson(s: EvaluationSettings): Record<string, unknown> {
  return { ...s.evaluation, fulfilment: s.fulfilment };
}

/** A stored jsonb back to settings; anything missing or malformed falls back to the built-in value. */
export function settingsFromJson(json: unknown): EvaluationSettings {
  const parsed = EvaluationSettingsPatchSchema.safeParse(json);
  return parsed.success ? mergeSettings(BUILT_IN_EVALUATION_SETTINGS, parsed.data) : BUILT_IN_EVALUATION_SETTINGS;
}

/** The settings in force for `year`: its own row, else the default row, else the built-in defaults. */
export function settingsFor(stored: ReadonlyMap<string, StoredEvaluationSettings>, year: number | null): { settings: EvaluationSettings; scope: string } {
  const own = year === null ? undefined : stored.get(String(year));
  if (own) return { settings: own.settings, scope: own.scope };
  const def = stored.get('default');
  if (def) return { settings: def.settings, scope: 'default' };
  return { settings: BUILT_IN_EVALUATION_SETTINGS, scope: 'built-in' };
}
