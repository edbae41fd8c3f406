import { z } from 'zod';
import { parseWithSchema, type ParseOutcome, type ValidationIssue } from '../shared/validation';
import { ComparatorSchema, IsoDateSchema, LocalisedTextSchema } from '../shared/schema-primitives';
import { UNIT_KINDS } from '../units/unit.types';
import { THRESHOLD_CONFIDENCES, type Catalogue, type Criterion, type Indicator, type IndicatorKind, type RollupMethod } from './catalogue.types';

const ConfidenceSchema = z.enum(THRESHOLD_CONFIDENCES);
const ScopeSchema = z.enum(['commune', 'hamlet', 'ward', 'district', 'town']);
const TierLevelSchema = z.enum(['ntm', 'advanced', 'model', 'condition']);
const ThresholdSchema = z.union([z.number(), z.boolean()]).nullable();
const IndicatorRefSchema = z.object({ criterionCode: z.string().min(1), indicatorCode: z.string().min(1) });

/** Zod schema of a reporting period. */
export const ReportingPeriodSchema = z.object({
  every: z.enum(['month', 'quarter', 'year']),
  dueDay: z.number().int().min(1).max(28),
});

/** Zod schema of an indicator's reporting frequency: a reporting period, or `on_change` (never stale). */
export const IndicatorReportingPeriodSchema = z.union([
  ReportingPeriodSchema,
  z.object({ every: z.literal('on_change'), dueDay: z.number().int().min(1).max(28).optional() }),
]);

const LevelPartSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a part key is lower-case letters, digits and _'),
  nameVi: z.string().min(1),
  nameEn: z.string().min(1),
  indicatorCode: z.string().min(1),
  comparator: ComparatorSchema,
  threshold: z.union([z.number(), z.boolean()]).nullable(),
  thresholdSource: z.string().min(1),
  thresholdConfidence: ConfidenceSchema,
});

/** Zod schema of an indicator's level: a comparison (default) or all of several named parts. */
export const LevelRuleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('compare') }),
  z.object({ type: z.literal('all_of'), parts: z.array(LevelPartSchema).min(2) }),
]);

const RollupSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('ratio') }),
  z.object({ method: z.literal('weighted_mean'), weightBy: IndicatorRefSchema }),
  z.object({ method: z.literal('sum') }),
  z.object({ method: z.literal('min') }),
  z.object({ method: z.literal('max') }),
  z.object({ method: z.literal('all') }),
  z.object({ method: z.literal('any') }),
  z.object({ method: z.literal('share'), atLeast: z.number().min(0).max(1).nullable() }),
  z.object({ method: z.literal('none') }),
]);

const ThresholdRuleSchema = z.object({
  fromYear: z.number().int().nullable().default(null),
  year: z.number().int().min(1900).max(2999).nullable().default(null),
  unitAttributes: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .nullable()
    .default(null),
  threshold: ThresholdSchema,
  thresholdSource: z.string().min(1),
  thresholdConfidence: ConfidenceSchema,
});

/** Zod schema of an indicator's figure bounds (see FigureBounds). */
export const FigureBoundsSchema = z.object({
  integer: z.boolean(),
  max: z.number().positive().max(1e9).nullable(),
  source: z.string().min(1),
  confidence: ConfidenceSchema,
});

/** Zod schema of one indicator (a catalogue entry or a mapped database row); optional fields get their defaults. */
export const IndicatorSchema = z.object({
  code: z.string().min(1),
  nameVi: z.string().min(1),
  nameEn: z.string().min(1),
  kind: z.enum(['percentage', 'amount', 'count', 'boolean']),
  unit: z.string().min(1),
  unitEn: z.string().min(1).nullable().default(null),
  comparator: ComparatorSchema.nullable(),
  threshold: ThresholdSchema,
  thresholdSource: z.string().min(1),
  thresholdConfidence: ConfidenceSchema,
  thresholdRules: z.array(ThresholdRuleSchema).default([]),
  level: LevelRuleSchema.default({ type: 'compare' }),
  rollup: RollupSchema,
  fraction: z
    .object({
      numeratorVi: z.string().min(1),
      numeratorEn: z.string().min(1),
      denominatorVi: z.string().min(1),
      denominatorEn: z.string().min(1),
      unit: z.string().min(1),
    })
    .nullable()
    .default(null),
  range: z
    .object({ min: z.number(), max: z.number() })
    .refine((r) => r.min <= r.max, { message: 'range.min must not exceed range.max' })
    .nullable()
    .default(null),
  bounds: FigureBoundsSchema.nullable().default(null),
  reportedBy: z.enum(['cell', 'commune', 'district']),
  reportingPeriod: IndicatorReportingPeriodSchema.nullable().default(null),
  reportingPeriodSource: z.string().min(1).nullable().default(null),
  readingOf: IndicatorRefSchema.nullable().default(null),
  assessed: z.boolean().default(true),
  placeholder: z.boolean().default(false),
  source: z.string().nullable().default(null),
  note: z.string().nullable().default(null),
});

/** Zod schema of one criterion. */
export const CriterionSchema = z.object({
  code: z.string().min(1),
  appliesTo: ScopeSchema,
  tier: TierLevelSchema,
  group: z.string().nullable().default(null),
  nameVi: z.string().min(1),
  nameEn: z.string().min(1),
  placeholder: z.boolean().default(false),
  source: z.string().min(1),
  note: z.string().nullable().default(null),
  // a draft may have criteria without indicators yet (publishGaps refuses to publish it)
  indicators: z.array(IndicatorSchema),
});

const SelectorSchema = z.object({ appliesTo: ScopeSchema, tier: TierLevelSchema });

const TierSchema = z.object({
  code: z.string().min(1),
  appliesTo: ScopeSchema,
  base: z.boolean(),
  nameVi: z.string().min(1),
  nameEn: z.string().min(1),
  statusLabels: z.object({ met: LocalisedTextSchema, notMet: LocalisedTextSchema }),
  rule: z.discriminatedUnion('type', [
    z.object({ type: z.literal('criteria'), select: SelectorSchema, requiresTiers: z.array(z.string()).default([]) }),
    z.object({ type: z.literal('district_conditions') }),
  ]),
  placeholder: z.boolean().default(false),
  source: z.string().min(1),
});

const ConditionSchema = z.object({
  code: z.string().min(1),
  nameVi: z.string().min(1),
  nameEn: z.string().min(1),
  rule: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('share_at_tier'),
      unitKinds: z.array(z.enum(UNIT_KINDS)).min(1),
      tier: z.string().min(1),
      comparator: ComparatorSchema,
      threshold: z.number().min(0).max(100).nullable(),
      unit: z.literal('%'),
      thresholdSource: z.string().min(1),
      thresholdConfidence: ConfidenceSchema,
      basis: z.enum(['computed', 'recognised', 'recognised_or_computed']).default('recognised_or_computed'),
    }),
    z.object({ type: z.literal('criteria'), select: SelectorSchema }),
    z.object({ type: z.literal('indicator'), indicator: IndicatorRefSchema }),
  ]),
  source: z.string().min(1),
  confidence: ConfidenceSchema.default('unknown'),
});

/** Zod schema of a whole catalogue version (field checks only; see {@link parseCatalogueFile} for the cross-checks). */
export const CatalogueSchema = z.object({
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a version is letters, digits, dot, dash or underscore'),
  titleVi: z.string().min(1),
  titleEn: z.string().min(1),
  status: z.string().default('draft'),
  region: z.string().nullable().default(null),
  periodFrom: IsoDateSchema,
  periodTo: IsoDateSchema,
  deadline: IsoDateSchema,
  reportingPeriod: ReportingPeriodSchema,
  legalBasis: z
    .array(
      z.object({
        id: z.string().min(1),
        title: z.string().min(1),
        date: z.string().nullable().default(null),
        status: z.string().min(1),
        effective: IsoDateSchema.nullable().default(null),
      }),
    )
    .default([]),
  warnings: z.array(z.string()).default([]),
  criteria: z.array(CriterionSchema).min(1),
  tiers: z.array(TierSchema),
  districtConditions: z.array(ConditionSchema).default([]),
});

/**
 * Parses one catalogue version file (or the same shape assembled from database rows): NFC-normalises, checks
 * every field, then the rules that span fields:
 * - codes are unique (criteria; indicators within a criterion; tiers; conditions);
 * - kind, threshold, rollup and range fit together (e.g. a `ratio` rollup needs a percentage with fraction labels,
 *   yes/no indicators use `==` and a boolean threshold, thresholds lie within the range);
 * - aggregated indicators (rollup other than `none`) are reported by cells; `none` ones by their own level;
 * - `weightBy` and `readingOf` point at existing indicators reported by cells, of a fitting kind;
 * - each unit kind has at most one base tier; tiers and conditions reference tiers and criteria that exist.
 */
export function parseCatalogueFile(input: unknown, file = 'catalogue'): ParseOutcome<Catalogue> {
  return parseWithSchema<Catalogue>(CatalogueSchema, input, file, checkCatalogue);
}

const ROLLUPS_BY_KIND: Readonly<Record<IndicatorKind, readonly RollupMethod[]>> = {
  percentage: ['ratio', 'weighted_mean', 'min', 'max', 'none'],
  amount: ['weighted_mean', 'sum', 'min', 'max', 'none'],
  count: ['sum', 'min', 'max', 'none'],
  boolean: ['all', 'any', 'share', 'none'],
};

function checkCatalogue(catalogue: Catalogue, file: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: string, problem: string): void => {
    issues.push({ file, path, problem });
  };
  if (catalogue.periodTo < catalogue.periodFrom) add('periodTo', 'periodTo is before periodFrom');
  const indicators = new Map<string, { criterion: Criterion; indicator: Indicator }>();
  const criterionCodes = new Set<string>();
  catalogue.criteria.forEach((criterion, ci) => {
    if (criterionCodes.has(criterion.code)) add(`criteria[${ci}].code`, `duplicate criterion code ${criterion.code}`);
    criterionCodes.add(criterion.code);
    criterion.indicators.forEach((indicator, ii) => {
      const key = `${criterion.code}|${indicator.code}`;
      if (indicators.has(key)) add(`criteria[${ci}].indicators[${ii}].code`, `duplicate indicator ${indicator.code} in ${criterion.code}`);
      indicators.set(key, { criterion, indicator });
    });
  });
  catalogue.criteria.forEach((criterion, ci) =>
    criterion.indicators.forEach((indicator, ii) => {
      const at = `criteria[${ci}].indicators[${ii}]`;
      for (const problem of indicatorProblems(criterion, indicator)) add(at, problem);
      if (indicator.level.type === 'all_of') {
        const keys = new Set<string>();
        indicator.level.parts.forEach((part, pi) => {
          const partAt = `${at}.level.parts[${pi}]`;
          if (keys.has(part.key)) add(`${partAt}.key`, `duplicate part ${part.key}`);
          keys.add(part.key);
          const target = indicators.get(`${criterion.code}|${part.indicatorCode}`);
          if (!target) add(`${partAt}.indicatorCode`, `unknown indicator ${criterion.code} ${part.indicatorCode}`);
          else if (target.indicator.kind !== indicator.kind)
            add(`${partAt}.indicatorCode`, `a part is judged on an indicator of the same kind (${indicator.kind})`);
          else if (target.indicator.level.type === 'all_of' && target.indicator !== indicator)
            add(`${partAt}.indicatorCode`, 'a part cannot be judged on another all-of indicator');
          if (indicator.kind === 'boolean' && (part.comparator !== '==' || (part.threshold !== null && typeof part.threshold !== 'boolean'))) {
            add(partAt, 'a yes/no part uses == and a boolean threshold');
          }
          if (indicator.kind !== 'boolean' && part.threshold !== null && typeof part.threshold !== 'number')
            add(`${partAt}.threshold`, 'a numeric part needs a numeric threshold');
        });
        if (!indicator.level.parts.some((p) => p.indicatorCode === indicator.code))
          add(`${at}.level.parts`, `one part must be judged on ${indicator.code} itself`);
        if (indicator.threshold !== null || indicator.thresholdRules.length > 0)
          add(`${at}.threshold`, 'an all-of level keeps its thresholds in its parts (threshold null, no thresholdRules)');
      }
      const refs: Array<[string, { criterionCode: string; indicatorCode: string }]> = [];
      if (indicator.rollup.method === 'weighted_mean') refs.push(['rollup.weightBy', indicator.rollup.weightBy]);
      if (indicator.readingOf) refs.push(['readingOf', indicator.readingOf]);
      for (const [field, ref] of refs) {
        const target = indicators.get(`${ref.criterionCode}|${ref.indicatorCode}`);
        if (!target) {
          add(`${at}.${field}`, `unknown indicator ${ref.criterionCode} ${ref.indicatorCode}`);
          continue;
        }
        if (target.indicator.reportedBy !== 'cell' || target.indicator.readingOf) {
          add(`${at}.${field}`, `${ref.criterionCode} ${ref.indicatorCode} must be reported by cells and have readings of its own`);
        }
        if (field === 'readingOf' && (target.indicator.kind !== indicator.kind || target.indicator.reportedBy !== indicator.reportedBy)) {
          add(`${at}.${field}`, `kind and reportedBy must match ${ref.criterionCode} ${ref.indicatorCode}`);
        }
        if (field === 'rollup.weightBy' && !['count', 'amount'].includes(target.indicator.kind)) {
          add(`${at}.${field}`, 'a weight must be a count or an amount');
        }
      }
    }),
  );
  const tierCodes = new Set<string>();
  const baseKinds = new Set<string>();
  catalogue.tiers.forEach((tier, ti) => {
    if (tierCodes.has(tier.code)) add(`tiers[${ti}].code`, `duplicate tier code ${tier.code}`);
    tierCodes.add(tier.code);
    if (tier.base) {
      if (baseKinds.has(tier.appliesTo)) add(`tiers[${ti}].base`, `more than one base tier for ${tier.appliesTo}`);
      baseKinds.add(tier.appliesTo);
    }
  });
  const selects = (select: { appliesTo: string; tier: string }): boolean =>
    catalogue.criteria.some((c) => c.appliesTo === select.appliesTo && c.tier === select.tier);
  catalogue.tiers.forEach((tier, ti) => {
    if (tier.rule.type !== 'criteria') return;
    if (!selects(tier.rule.select)) add(`tiers[${ti}].rule.select`, 'selects no criterion');
    tier.rule.requiresTiers.forEach((code, ri) => {
      if (!tierCodes.has(code)) add(`tiers[${ti}].rule.requiresTiers[${ri}]`, `unknown tier ${code}`);
    });
  });
  for (const code of tiersInCycles(catalogue)) add('tiers', `tier ${code} requires itself through requiresTiers`);
  const conditionCodes = new Set<string>();
  catalogue.districtConditions.forEach((condition, di) => {
    if (conditionCodes.has(condition.code)) add(`districtConditions[${di}].code`, `duplicate condition code ${condition.code}`);
    conditionCodes.add(condition.code);
    if (condition.rule.type === 'share_at_tier' && !tierCodes.has(condition.rule.tier)) {
      add(`districtConditions[${di}].rule.tier`, `unknown tier ${condition.rule.tier}`);
    }
    if (condition.rule.type === 'criteria' && !selects(condition.rule.select)) add(`districtConditions[${di}].rule.select`, 'selects no criterion');
    if (condition.rule.type === 'indicator') {
      const ref = condition.rule.indicator;
      const target = indicators.get(`${ref.criterionCode}|${ref.indicatorCode}`);
      if (!target) add(`districtConditions[${di}].rule.indicator`, `unknown indicator ${ref.criterionCode} ${ref.indicatorCode}`);
      else if (target.criterion.appliesTo !== 'district')
        add(`districtConditions[${di}].rule.indicator`, 'a condition measure must be an indicator of a district criterion');
    }
  });
  return issues;
}

/** Codes of tiers that reach themselves through `requiresTiers` (their assessment would never finish). */
function tiersInCycles(catalogue: Catalogue): string[] {
  const requires = new Map(catalogue.tiers.map((t) => [t.code, t.rule.type === 'criteria' ? t.rule.requiresTiers : []]));
  const inCycle = (start: string): boolean => {
    const seen = new Set<string>();
    const stack = [...(requires.get(start) ?? [])];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (next === start) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(requires.get(next) ?? []));
    }
    return false;
  };
  return catalogue.tiers.map((t) => t.code).filter(inCycle);
}

/** Problems of one indicator taken alone (kind, threshold, rollup, range, reporter). */
function indicatorProblems(criterion: Criterion, indicator: Indicator): string[] {
  const problems: string[] = [];
  const { kind, rollup, comparator } = indicator;
  if (indicator.assessed && comparator === null && indicator.level.type === 'compare') problems.push('an assessed indicator needs a comparator');
  const yearly = indicator.reportingPeriod?.every === 'year';
  indicator.thresholdRules.forEach((r, ri) => {
    if (r.year !== null && r.fromYear !== null) problems.push(`thresholdRules[${ri}]: set year or fromYear, not both`);
    if (yearly && r.fromYear !== null) problems.push(`thresholdRules[${ri}]: a yearly indicator's levels belong to one year each (use year, not fromYear)`);
    if (!yearly && r.year !== null) problems.push(`thresholdRules[${ri}]: year applies to yearly indicators only (use fromYear)`);
  });
  if (!ROLLUPS_BY_KIND[kind].includes(rollup.method)) problems.push(`rollup ${rollup.method} does not fit a ${kind} indicator`);
  const thresholds = [indicator.threshold, ...indicator.thresholdRules.map((r) => r.threshold)];
  if (kind === 'boolean') {
    if (comparator !== null && comparator !== '==') problems.push('a yes/no indicator uses the comparator ==');
    if (thresholds.some((t) => t !== null && typeof t !== 'boolean')) problems.push('a yes/no indicator needs a boolean threshold');
    if (indicator.range !== null) problems.push('a yes/no indicator has no range');
  } else {
    if (thresholds.some((t) => t !== null && typeof t !== 'number')) problems.push(`a ${kind} indicator needs a numeric threshold`);
    if (indicator.range === null) problems.push(`a ${kind} indicator needs a range`);
    const range = indicator.range;
    if (range && thresholds.some((t) => typeof t === 'number' && (t < range.min || t > range.max))) {
      problems.push(`a threshold lies outside the range ${range.min}..${range.max}`);
    }
  }
  if (rollup.method === 'ratio' && indicator.fraction === null) problems.push('a ratio rollup needs fraction labels (numerator, denominator)');
  const aggregated = rollup.method !== 'none';
  const cellScope = criterion.appliesTo === 'hamlet' || criterion.appliesTo === 'ward';
  if (aggregated && indicator.reportedBy !== 'cell') problems.push('only indicators reported by cells can be rolled up; use rollup none');
  if (!aggregated && indicator.reportedBy === 'cell' && !cellScope) {
    problems.push(`a ${criterion.appliesTo} indicator reported by cells needs a rollup method`);
  }
  if (indicator.reportedBy === 'district' && criterion.appliesTo !== 'district') problems.push('only district criteria are reported by the district');
  return problems;
}
